"""The task queue's shared parts: the e-mail task, retries with back-off, and re-running a failed task.

Tasks take JSON arguments. An e-mail task takes the rendered message (grants.kernel.notifications.render): it is
rendered in the request, in the recipient's language and in the state the change committed, so the worker needs
no application code to send it and a re-run sends exactly what the person would have received. Work that is
slow to render (a whole call's decision letters) is a task of its own that takes ids and enqueues these.

Retries: a task raises TransientError for a failure that may pass (the mail server down or busy). With the
database backend, the worker records the failure and `retry_transient_failure` puts the same task back in the
queue after the next of settings.TASK_RETRY_DELAYS, keeping the error for the back office to show meanwhile.
When the delays are used up, or the failure is of another kind, the task stays failed until an administrator
re-runs it (`task_rerun`, the back office's "Re-run" action). So does a task left running by a worker that was
killed outright, once it has run longer than settings.TASK_STUCK_AFTER.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from grants.kernel.audit import transition

logger = logging.getLogger(__name__)


class TransientError(Exception):
    """A failure worth trying again later; its cause (`raise ... from`) is the original error."""


TRANSIENT_ERROR_PATH = f"{TransientError.__module__}.{TransientError.__qualname__}"


def is_transient(error: BaseException) -> bool:
    """A mail server that cannot be reached, hangs up or answers "try again later" (4xx); not a refusal (5xx)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    return isinstance(error, OSError)  # refused or dropped connections, time-outs, SMTPServerDisconnected


def deliver(message: dict) -> None:
    """Hand one rendered message to the mail server now; TransientError when it may work later."""
    email = EmailMessage(
        subject=message["subject"],
        body=message["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message["to"]],
        # The same Message-ID on every attempt, so a mail system that got it twice can tell.
        headers={"Message-ID": f"<{message['key']}@{DNS_NAME}>"},
    )
    try:
        email.send()
    except Exception as error:
        if is_transient(error):
            raise TransientError(f"{type(error).__name__}: {error}") from error
        raise


@task()
def send_email(*, message: dict) -> str:
    deliver(message)
    return message["key"]


@receiver(task_finished)
def retry_transient_failure(sender, task_result, **kwargs) -> None:
    """Put a task that failed with TransientError back in the queue, after the next delay."""
    db_result = getattr(task_result, "db_result", None)  # only the database backend's results have one
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    if db_result.exception_class_path != TRANSIENT_ERROR_PATH:
        return
    attempts = len(db_result.worker_ids)
    if attempts > len(settings.TASK_RETRY_DELAYS):
        logger.warning("Task %s (%s) failed %s times; it waits for a re-run", db_result.pk, db_result.task_path,
                       attempts)
        return
    delay = dt.timedelta(seconds=settings.TASK_RETRY_DELAYS[attempts - 1])
    DBTaskResult.objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + delay, finished_at=None
    )
    logger.info("Task %s (%s) will be tried again in %s", db_result.pk, db_result.task_path, delay)


def rerunnable() -> QuerySet[DBTaskResult]:
    """Failed tasks, and those left running by a worker that stopped (running longer than TASK_STUCK_AFTER)."""
    stuck_since = timezone.now() - dt.timedelta(seconds=settings.TASK_STUCK_AFTER)
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.FAILED) | Q(status=TaskResultStatus.RUNNING, started_at__lt=stuck_since)
    )


def task_rerun(*, result_id, by) -> DBTaskResult:
    """Queue a failed (or stuck) task again, as new: its attempts count from zero. The audit entry keeps its last
    error."""
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().get(pk=result_id)
        stuck = rerunnable().filter(pk=result.pk, status=TaskResultStatus.RUNNING).exists()
        result.run_after, result.worker_ids, result.finished_at = timezone.now(), [], None
        transition(
            result,
            to=TaskResultStatus.READY,
            allowed=[TaskResultStatus.FAILED, *([TaskResultStatus.RUNNING] if stuck else [])],
            by=by,
            action="task.rerun",
            refusal=_("Only a failed task, or one its stopped worker left running, can be re-run."),
            update_fields=["run_after", "worker_ids", "finished_at"],
            task=result.task_path,
            error=result.traceback.strip().splitlines()[-1] if result.traceback.strip() else "",
        )
    return result
