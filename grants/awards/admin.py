"""Back office: staff edit the decision reason templates (a reference list) here. Fiscal-year envelopes are set on
the call's set-up page (grants.setup); awards are shown read-only: they change only through the services (and their
pages)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.awards.models import Award, DecisionReasonTemplate
from grants.kernel.admin import LabelledListEditable


@admin.register(DecisionReasonTemplate)
class DecisionReasonTemplateAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name_en", "name_fr", "outcome", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["outcome", "is_active"]
    search_fields = ["name_en", "name_fr", "text_en", "text_fr"]
    fields = ["code", "outcome", "name_en", "name_fr", "text_en", "text_fr", "position", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "risk_level", "start_date", "end_date", "page_link"]
    list_filter = ["status", "risk_level", "application__call__fund"]
    search_fields = ["application__reference", "application__title", "application__organization__legal_name"]
    list_select_related = ["application__organization", "application__call"]

    @admin.display(description=_("organization"))
    def organization(self, obj):
        return obj.application.organization

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("grants:award_detail", args=[obj.pk]), _("Open"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
