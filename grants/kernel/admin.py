"""Back office: the audit log, read-only; the task queue's results, with a re-run for those that failed."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from grants.kernel import tasks
from grants.kernel.auditlog import action_labels, describe
from grants.kernel.models import AuditEntry


class LabelledListEditable:
    """For a list with editable cells (list_editable): each input is named by its column and its row, which Django
    leaves to the table's layout alone (WCAG: every form field has a label)."""

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label} – {self.instance}"

        return Labelled


class ActionFilter(admin.SimpleListFilter):
    """The actions by their names in words (each app's AUDIT_ACTIONS), not their codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(((code, str(label)) for code, label in action_labels().items()), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log in words, in the reader's language (grants.kernel.auditlog), never as codes or raw JSON."""

    list_display = ["created_at", "actor", "what", "object_repr"]
    list_filter = [ActionFilter, "content_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    list_select_related = ["actor", "content_type"]
    fields = ["created_at", "actor", "what", "object_repr", "particulars"]
    readonly_fields = fields

    @admin.display(description=_("action"))
    def what(self, entry):
        return describe(entry)

    @admin.display(description=_("details"))
    def particulars(self, entry):
        lines = [(key, ", ".join(map(str, value)) if isinstance(value, list) else value)
                 for key, value in entry.details.items()]
        return format_html_join(mark_safe("<br>"), "{}: {}", lines) if lines else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-tasks-db's own page lists every result alike: this one puts what needs attention first and re-runs.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


# The backend's own labels have no French.
STATES = {
    TaskResultStatus.READY: _("Waiting to run"),
    TaskResultStatus.RUNNING: _("Running"),
    TaskResultStatus.FAILED: _("Failed"),
    TaskResultStatus.SUCCESSFUL: _("Done"),
}


class AttentionFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed: waiting for a re-run")),
            ("stuck", _("Left running by a stopped worker")),
            ("retrying", _("Failed once or more: will be tried again")),
            ("waiting", _("Waiting to run")),
            ("done", _("Done")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "failed":
            return queryset.filter(status=TaskResultStatus.FAILED)
        if value == "stuck":
            return queryset.filter(pk__in=tasks.rerunnable().filter(status=TaskResultStatus.RUNNING).values("pk"))
        if value == "retrying":
            return queryset.filter(status=TaskResultStatus.READY).exclude(traceback="")
        if value == "waiting":
            return queryset.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        if value == "done":
            return queryset.filter(status=TaskResultStatus.SUCCESSFUL)
        return queryset


@admin.register(DBTaskResult)
class TaskResultAdmin(admin.ModelAdmin):
    """Background tasks (e-mails, decision letters, reminders): administrators find those that failed, read the
    error, and re-run them once its cause is fixed (e.g. the mail server's password)."""

    list_display = ["what", "error", "attempts", "run_after_display", "enqueued_at", "state"]
    list_filter = [AttentionFilter]
    search_fields = ["task_path", "args_kwargs"]
    search_help_text = _("Search by task or recipient's address.")
    ordering = ["-enqueued_at"]
    actions = ["rerun"]
    fields = ["what", "state", "attempts", "enqueued_at", "started_at", "finished_at", "run_after_display",
              "task_path", "traceback_display"]
    readonly_fields = fields
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_rerun_permission(self, request):
        return request.user.has_perm("kernel.rerun_task")

    @admin.display(description=_("task"))
    def what(self, obj):
        message = obj.args_kwargs.get("kwargs", {}).get("message")
        if message:
            return _("E-mail “%(subject)s” to %(to)s") % {"subject": message["subject"], "to": message["to"]}
        return obj.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("state"))
    def state(self, obj):
        return STATES.get(obj.status, obj.status)

    @admin.display(description=_("attempts"))
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description=_("next attempt"))
    def run_after_display(self, obj):
        if obj.status != TaskResultStatus.READY or obj.run_after == get_date_max():
            return "—"
        return obj.run_after

    @admin.display(description=_("last error"))
    def error(self, obj):
        lines = obj.traceback.strip().splitlines()
        return lines[-1] if lines else "—"

    @admin.display(description=_("error in full"))
    def traceback_display(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"

    @admin.action(description=_("Re-run the selected failed or stuck tasks"), permissions=["rerun"])
    def rerun(self, request, queryset):
        done = 0
        for result in queryset.filter(pk__in=tasks.rerunnable().values("pk")):
            tasks.task_rerun(result_id=result.pk, by=request.user)
            done += 1
        skipped = queryset.count() - done
        if done:
            self.message_user(request, ngettext(
                "%(count)s task is queued again.", "%(count)s tasks are queued again.", done) % {"count": done})
        if skipped:
            self.message_user(request, ngettext(
                "%(count)s task was not re-run: only failed tasks, and those a stopped worker left running, can be.",
                "%(count)s tasks were not re-run: only failed tasks, and those a stopped worker left running, can be.",
                skipped) % {"count": skipped},
                messages.WARNING)
