"""Back office: funds (a reference list) are edited here. Calls and applications are read-only: a call is set up,
published and closed on its set-up page in the portal (grants.setup), its review phase changes on the call's review
pages; an application is reopened from its page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Application, Call, Fund


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "requires_indigenous_led"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Read-only: calls are set up, published and closed on their set-up pages in the portal (grants.setup)."""

    list_display = ["title_en", "fund", "status", "opens_at", "closes_at", "envelope", "setup_link"]
    list_filter = ["fund", "status"]
    search_fields = ["title_en", "title_fr", "slug"]
    exclude = ["pillars", "populations", "regions", "required_document_types"]

    @admin.display(description=_("set-up"))
    def setup_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("setup:call_detail", args=[obj.pk]), _("Set-up page"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
