"""Back office: administrators manage users and their roles; program officers keep the reference lists and see
organizations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.organizations.models import Invitation, Membership, Organization, Pillar, Population, Region, User

admin.site.empty_value_display = "—"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "roles"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language", "current_organization"]}),
        (_("Roles"), {
            "fields": ["is_active", "is_staff", "is_superuser", "groups"],
            "description": _("Roles are the groups Reviewer, Program officer and Administrator. "
                             "Program officers and administrators also need “staff status” to open this back office."),
        }),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    raw_id_fields = ["current_organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


for model in (Pillar, Population, Region):
    admin.site.register(model, list_display=["code", "name_en", "name_fr", "position"], list_editable=["position"])


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "type", "region", "indigenous_led", "created_at"]
    list_filter = ["type", "region", "indigenous_led"]
    search_fields = ["legal_name", "operating_name", "registration_number"]
    inlines = [MembershipInline]
    list_select_related = ["region"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the profile form: example.org works
    # What is published and the consent to publish are the organization's own choices (OCAP, safety): staff
    # read them here; only the organization's owners change them, through its pages and services.
    readonly_fields = [
        "location_confidential", "public_description_en", "public_description_fr", "public_phone", "public_email",
        "public_website", "public_label", "public_label_en", "public_label_fr", "publication_consent_at",
        "publication_consent_by",
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token"]
    list_select_related = ["organization"]
