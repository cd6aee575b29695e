"""Back office: program officers write a call's rubric here. A locked rubric is read-only; changing it
takes the reopen action on the call's rubric page, which sends submitted reviews back."""

from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from scoring.models import Criterion, Rubric


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        ("position", "weight", "scale_min", "scale_max", "allows_na"),
        ("name_en", "name_fr"),
        ("description_en", "description_fr"),
        ("guidance_en", "guidance_fr"),
    ]

    def _editable(self, obj) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["call", "status", "criteria_count", "copied_from", "review_page"]
    list_filter = ["status", "call__fund"]
    list_select_related = ["call", "copied_from"]
    search_fields = ["call__title_en", "call__title_fr", "call__slug"]
    inlines = [CriterionInline]
    fields = ["call", "status", "copied_from", "locked_at"]
    readonly_fields = ["status", "copied_from", "locked_at"]
    raw_id_fields = ["call"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "call"] if obj else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"call": request.GET.get("call")}

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status == Rubric.Status.DRAFT
            and super().has_delete_permission(request, obj)
        )

    @admin.display(description=_("criteria"))
    def criteria_count(self, obj):
        return obj.criteria_total

    @admin.display(description=_("review"))
    def review_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("scoring:rubric", args=[obj.call.slug]), _("Rubric page")
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_total=Count("criteria"))

    def response_post_save_change(self, request, obj):
        """Back to the call's rubric page, where staff read the rubric as reviewers will."""
        return redirect("scoring:rubric", slug=obj.call.slug)

    response_post_save_add = response_post_save_change
