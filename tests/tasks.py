"""The task queue in tests: tasks are rows of the real database backend, run by its real worker.

`run_worker()` runs `manage.py db_worker --batch`: every task ready to run, then it returns. Tasks that failed
make it raise, with their errors, unless the test expects failures. `smtp` is a real mail server (aiosmtpd) on a
port where nothing answers until the test starts it.
"""

from __future__ import annotations

import contextlib
import socket
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def run_worker(*, expect_failures: bool = False) -> None:
    with _keep_the_test_transaction():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    if not expect_failures:
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
        assert not failed.exists(), "\n".join(f"{r.task_path}: {r.traceback}" for r in failed)


@contextlib.contextmanager
def _keep_the_test_transaction():
    """The worker closes connections whose autocommit is not the configured one, as after each request. Inside a
    test's transaction that is the test's own connection, so the worker leaves it be, as Django's test client
    does for requests (it disconnects close_old_connections); a transactional test keeps the whole loop."""
    if not connection.in_atomic_block:
        yield
        return
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        yield


@pytest.fixture
def worker_after(mailoutbox):
    """`with worker_after(): ...`: do something, then let the worker run what it queued. What the test's set-up
    queued is run first and its e-mails forgotten, so the outbox holds what the block sent."""

    @contextlib.contextmanager
    def _after(**options):
        run_worker()
        mailoutbox.clear()
        yield
        run_worker(**options)

    return _after


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """A real SMTP server's handler: keeps what it accepted; answers `refuse` (e.g. "550 ...") when set."""

    def __init__(self):
        self.messages: list = []
        self.refuse = ""

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    """The portal talks SMTP to a port where nothing listens (the mail server is down) until `start()`."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    inbox.start = controller.start
    yield inbox
    if getattr(controller, "_thread", None):
        controller.stop()
