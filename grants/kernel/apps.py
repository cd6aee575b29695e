from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class KernelConfig(AppConfig):
    """What every stage shares: the audit log, service errors and transitions, notifications, money, time and
    language helpers. It imports no other app of the portal."""

    default = True  # this module also holds TaskQueueConfig, named in INSTALLED_APPS on its own
    name = "grants.kernel"
    label = "kernel"
    verbose_name = _("Audit log")

    def ready(self):
        from grants.kernel import tasks  # noqa: F401  (connects the retry of tasks that failed for a passing reason)


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db under the name its back-office section shows, in the reader's language."""

    verbose_name = _("Background tasks")
