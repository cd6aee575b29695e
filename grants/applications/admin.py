"""Back office: program officers set up funds and calls. State fields are read-only here: a call is published or its
intake closed by the admin actions below, which call the same services as the portal (same checks, same audit);
its review phase changes on the call's review pages; an application is reopened from its page."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.applications import services
from grants.applications.models import Application, Call, Fund
from grants.kernel.errors import ServiceError
from grants.kernel.forms import refuse_implausible
from grants.kernel.timeutils import local
from grants.organizations.models import OrganizationType


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "requires_indigenous_led"]


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
        ]
        help_texts = {
            "blind_review": _(
                "Reviewers then read the application without who applies: the organization's names and their "
                "variants, its addresses and postal code, web domains, e-mail addresses, registration and "
                "telephone numbers, and its members' names are masked, and files are offered under neutral "
                "names. The contents of uploaded files are not rewritten: a letterhead, logo or signature "
                "inside a document still reaches reviewers. Ask applicants to leave them out of their files."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name):
                try:
                    refuse_implausible(local(cleaned[name]).date())
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title_en", "fund", "status", "opens_at", "closes_at", "envelope"]
    list_filter = ["fund", "status"]
    search_fields = ["title_en", "title_fr", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["pillars", "populations", "regions", "required_document_types"]
    readonly_fields = ["status", "review_phase"]
    actions = ["publish", "close_intake"]
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

    def _act(self, request, queryset, service, done) -> None:
        """Run `service` on each selected call; a refusal is reported for that call and the others go on."""
        changed = 0
        for call in queryset:
            try:
                service(call=call, by=request.user)
                changed += 1
            except ServiceError as error:
                self.message_user(request, f"{call}: {error.message}", messages.ERROR)
        if changed:
            self.message_user(request, done % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected calls"), permissions=["change"])
    def publish(self, request, queryset):
        self._act(request, queryset, services.call_publish, _("%(n)s call(s) published."))

    @admin.action(description=_("Close the selected calls' intake now"), permissions=["change"])
    def close_intake(self, request, queryset):
        self._act(request, queryset, services.call_close_intake, _("%(n)s call(s) closed to new applications."))


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "call", "status", "submitted_at", "reopen_link"]
    list_filter = ["status", "call__fund", "call"]
    search_fields = ["reference", "title", "organization__legal_name"]
    list_select_related = ["organization", "call__fund"]
    exclude = ["pillars", "populations", "regions"]

    @admin.display(description=_("actions"))
    def reopen_link(self, obj):
        if obj.status != Application.Status.SUBMITTED:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("grants:application_reopen", args=[obj.pk]),
            _("Reopen for edits"),
        )

    # Read-only: what an application says changes in its wizard, its state through its services and pages.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
