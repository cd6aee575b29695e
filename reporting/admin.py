"""Back office: program officers configure each fund's outcome indicators here. An indicator already reported on
is retired (unticked "asked in new reports") rather than deleted, so past reports keep their counts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from grants.kernel.admin import LabelledListEditable
from reporting.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name_en", "fund", "pillar", "population", "unit", "position", "is_active", "values_reported"]
    list_editable = ["position", "is_active"]
    list_filter = ["fund", "pillar", "is_active"]
    list_select_related = ["fund", "pillar", "population"]
    search_fields = ["code", "name_en", "name_fr"]
    fields = ["fund", "code", ("name_en", "name_fr"), ("pillar", "population"), "unit", "position", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(values_count=Count("values"))

    @admin.display(description=_("counts reported"), ordering="values_count")
    def values_reported(self, obj) -> int:
        return obj.values_count

    def get_readonly_fields(self, request, obj=None):
        # Reports already hold counts under this code and fund: they must keep meaning the same thing.
        return ["fund", "code"] if obj is not None and obj.values.exists() else []

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.values.exists() and super().has_delete_permission(request, obj)
