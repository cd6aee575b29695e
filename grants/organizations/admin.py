"""Back office: administrators manage users and grant their roles (staff status follows the role; only a superuser
grants superuser status); program officers keep the reference lists and see organizations, whose members change
on the organization's own pages (an organization never loses its last owner here)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from grants.accounts import services as accounts
from grants.kernel.admin import LabelledListEditable
from grants.kernel.errors import ServiceError
from grants.kernel.roles import Role
from grants.organizations import services
from grants.organizations.models import Invitation, Membership, Organization, Pillar, Population, Region, User


class UserRolesForm(UserChangeForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(
                self.instance.groups.filter(name__in=Role.values).values_list("name", flat=True)
            )

admin.site.empty_value_display = "—"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserRolesForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "roles"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language", "current_organization"]}),
        (_("Roles"), {
            "fields": ["is_active", "roles", "is_staff", "is_superuser"],
            "description": _("Program officers and administrators open this back office: their staff status "
                             "follows the role. Only a superuser grants superuser status."),
        }),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    raw_id_fields = ["current_organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        # The dates are the account's history, not settings.
        dates = ["last_login", "date_joined"]
        return ["is_staff", *dates] if request.user.is_superuser else ["is_staff", "is_superuser", *dates]

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its password, its e-mail address) is a superuser's to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        wanted = obj.is_superuser
        if change and "is_superuser" in form.changed_data:
            obj.is_superuser = form.initial["is_superuser"]  # the service below writes it, audited
        super().save_model(request, obj, form, change)
        if wanted != obj.is_superuser:
            accounts.superuser_set(user=obj, is_superuser=wanted, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "roles" in form.cleaned_data:
            accounts.roles_grant(user=form.instance, roles=set(form.cleaned_data["roles"]), by=request.user)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


class ReferenceListAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "position"]
    list_editable = ["position"]


for model in (Pillar, Population, Region):
    admin.site.register(model, ReferenceListAdmin)


# Django's own group page edits permission rows (English names) that this portal never reads: what each role may do
# is in each app's rules.py. The roles are shown only; an administrator grants them on a person's account.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["role", "member_count"]
    fields = ["role", "member_count"]
    readonly_fields = fields

    @admin.display(description=_("role"))
    def role(self, group):
        return Role(group.name).label if group.name in Role.values else group.name

    @admin.display(description=_("people with this role"))
    def member_count(self, group):
        return group.member_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("user"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        removed = {form.instance.pk for form in self.deleted_forms}
        owners = Membership.objects.filter(organization=self.instance, role=Membership.Role.OWNER)
        if removed and not owners.exclude(pk__in=removed).exists():
            raise ValidationError(_("An organization needs at least one owner. Make someone else an owner first."))


class MembershipInline(admin.TabularInline):
    """Members are invited and given their role on the organization's pages; here staff may only remove one, through
    the same service (never the last owner)."""

    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ["user", "role"]
    readonly_fields = ["user", "role"]

    def has_add_permission(self, request, obj=None):
        return False


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
        "publication_consent_by", "indigenous_led_attested_at", "indigenous_led_attested_by",
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # lists the members ticked for removal; the service removes them
        for removed in formset.deleted_objects:
            try:
                services.membership_remove(membership=removed, by=request.user)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Shown only: owners invite from the organization's page, people accept by the link (services)."""

    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    exclude = ["token"]
    list_select_related = ["organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
