"""Back office: program officers set up funds, calls and reference lists here; administrators manage
users and their roles, and reset the authenticator of someone locked out. State changes still go through
services (see the reopen action)."""

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants import services
from grants.models import (
    Application,
    AuditEntry,
    Call,
    DocumentType,
    Fund,
    Invitation,
    Membership,
    Organization,
    OrganizationType,
    Pillar,
    Population,
    Region,
    User,
)


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


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "requires_indigenous_led"]


for model in (Pillar, Population, Region):
    admin.site.register(model, list_display=["code", "name_en", "name_fr", "position"], list_editable=["position"])


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "used_for", "max_files", "position"]
    list_editable = ["position"]
    list_filter = ["used_for"]


class CallAdminForm(forms.ModelForm):
    eligible_organization_types = forms.MultipleChoiceField(
        label=_("Eligible organization types"),
        choices=OrganizationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept every type."),
    )

    class Meta:
        model = Call
        fields = [
            "fund",
            "slug",
            "title_en",
            "title_fr",
            "guidelines_en",
            "guidelines_fr",
            "opens_at",
            "closes_at",
            "envelope",
            "min_request",
            "max_request",
            "max_term_years",
            "eligible_organization_types",
            "pillars",
            "populations",
            "regions",
            "required_document_types",
            "reviewers_per_application",
            "blind_review",
            "allows_multiple_applications",
            "status",
            "review_phase",
        ]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title_en", "fund", "status", "opens_at", "closes_at", "envelope"]
    list_filter = ["fund", "status"]
    search_fields = ["title_en", "title_fr", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["pillars", "populations", "regions", "required_document_types"]
    fieldsets = [
        (None, {"fields": ["fund", "slug", "status", "review_phase"]}),
        (_("Text"), {"fields": ["title_en", "title_fr", "guidelines_en", "guidelines_fr"]}),
        (_("Dates (Toronto time)"), {"fields": ["opens_at", "closes_at"]}),
        (_("Money and term"), {"fields": ["envelope", "min_request", "max_request", "max_term_years"]}),
        (_("Eligibility and priorities"), {"fields": [
            "eligible_organization_types", "pillars", "populations", "regions", "required_document_types",
            "allows_multiple_applications"]}),
        (_("Review"), {"fields": ["reviewers_per_application", "blind_review"]}),
    ]


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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token"]
    list_select_related = ["organization"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "call", "status", "submitted_at", "reopen_link"]
    list_filter = ["status", "call__fund", "call"]
    search_fields = ["reference", "title", "organization__legal_name"]
    list_select_related = ["organization", "call__fund"]
    readonly_fields = [
        "reference", "status", "submitted_at", "submitted_by", "withdrawn_at", "snapshot", "current_step"
    ]
    exclude = ["pillars", "populations", "regions"]
    raw_id_fields = ["organization", "call", "created_by"]

    @admin.display(description=_("actions"))
    def reopen_link(self, obj):
        if obj.status != Application.Status.SUBMITTED:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("grants:application_reopen", args=[obj.pk]),
            _("Reopen for edits"),
        )

    def has_delete_permission(self, request, obj=None):
        return False



@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# allauth's own admin shows and edits each authenticator's data, secrets included: this one replaces it.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which authenticator, for administrators helping someone who lost both phone and recovery
    codes: deleting their authenticator app lets them sign in with the password alone and set up a new one.
    Never the secrets (the data field); no adding or editing."""

    list_display = ["user", "user__email", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    search_help_text = _("Search by e-mail address.")
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    ordering = ["user__email", "type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.authenticator_remove(authenticator=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        removed: set[int] = set()
        # Apps before recovery codes: removing someone's app removes their recovery codes with it.
        for authenticator in queryset.select_related("user").order_by("-type"):
            if authenticator.pk not in removed:
                removed.update(services.authenticator_remove(authenticator=authenticator, by=request.user))


admin.site.empty_value_display = "—"

# Decision reason templates, fiscal-year envelopes and awards (issue 5) register themselves.
import grants.awards.admin  # noqa: E402, F401
