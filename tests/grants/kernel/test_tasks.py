"""E-mails as tasks (grants/kernel/notifications.py, grants/kernel/tasks.py): enqueued in the change's own
transaction, rendered in each recipient's language with a header-safe subject, retried with back-off while the
mail server is away, failures in the back office with a re-run. Tasks run through the database backend and its
real worker; a real SMTP server (aiosmtpd) answers when a test needs one."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from grants.applications import services
from grants.kernel import tasks
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from grants.kernel.notifications import render, send
from grants.organizations.models import Membership
from grants.organizations.services import invitation_create
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, submitted_application
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db

SEND_EMAIL = "grants.kernel.tasks.send_email"


def queued(template: str | None = None) -> list[DBTaskResult]:
    results = DBTaskResult.objects.filter(task_path=SEND_EMAIL).order_by("enqueued_at")
    return [r for r in results if template is None or r.args_kwargs["kwargs"]["message"]["template"] == template]


def test_the_e_mail_is_queued_in_the_changes_transaction_and_none_for_a_change_that_rolled_back(applicant):
    application = submitted_application(organization=applicant.memberships.get().organization, by=applicant)
    assert len(queued("application_submitted")) == 1

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        services.application_withdraw(application=application, by=applicant)
        raise Abandoned
    assert queued("application_withdrawn") == []


def test_each_member_reads_it_in_their_language(mailoutbox, worker_after):
    organization = OrganizationFactory()
    owner = MembershipFactory(organization=organization, user=UserFactory(language="en")).user
    MembershipFactory(organization=organization, role=Membership.Role.EDITOR,
                      user=UserFactory(email="membre@example.org", language="fr"))

    with worker_after():
        application = submitted_application(organization=organization, by=owner)

    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {owner.email, "membre@example.org"}
    assert by_address[owner.email].subject == f"Application {application.reference} received"
    assert by_address["membre@example.org"].subject == f"Demande {application.reference} reçue"
    # The time it was received, with the zone in each reader's language.
    assert re.search(r" (EST|EDT)\b", by_address[owner.email].body)
    french = by_address["membre@example.org"].body
    assert re.search(r" (HNE|HAE)\b", french) and not re.search(r" (EST|EDT)\b", french)


def test_a_line_break_typed_in_a_name_never_reaches_a_header(applicant, mailoutbox, worker_after):
    organization = applicant.memberships.get().organization
    organization.legal_name = "Safe Harbour\r\nBcc: everyone@example.org\rYouth"
    organization.save(update_fields=["legal_name"])

    with worker_after():
        invitation_create(organization=organization, email="colleague@example.org", role="editor", by=applicant)

    [message] = mailoutbox
    assert message.subject == (
        "Invitation to join Safe Harbour Bcc: everyone@example.org Youth on the Anti-Human Trafficking Grants portal"
    )
    assert message.recipients() == ["colleague@example.org"]
    assert [name for name, _value in message.message().items()] == [
        "Content-Type", "MIME-Version", "Content-Transfer-Encoding", "Subject", "From", "To", "Date", "Message-ID",
    ]


def test_the_subject_ends_where_the_template_says_whatever_the_name_holds():
    invitation = SimpleNamespace(
        organization=SimpleNamespace(legal_name="Safe\nHarbour\r"), invited_by="Ann", email="x@example.org",
        get_role_display="editor", expires_at=timezone.now(),
    )

    message = render(template="invitation", to="x@example.org", language="en",
                     context={"invitation": invitation, "accept_url": "https://example.org/a"})

    assert message["subject"] == "Invitation to join Safe Harbour on the Anti-Human Trafficking Grants portal"
    assert message["body"].startswith("Ann invited you to join Safe\nHarbour")


def test_while_the_mail_server_is_down_the_task_waits_with_its_error_then_goes_out_once(
    applicant, settings, smtp
):
    settings.TASK_RETRY_DELAYS = [60, 300]
    submitted_application(organization=applicant.memberships.get().organization, by=applicant)

    before = timezone.now()
    run_worker()
    [waiting] = queued("application_submitted")
    assert waiting.status == "READY"  # not failed: it will be tried again
    assert "ConnectionRefusedError" in waiting.traceback
    assert len(waiting.worker_ids) == 1
    assert before + dt.timedelta(seconds=59) < waiting.run_after < timezone.now() + dt.timedelta(seconds=61)

    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())  # a minute later
    run_worker()
    waiting.refresh_from_db()
    assert waiting.status == "READY" and len(waiting.worker_ids) == 2
    assert waiting.run_after > timezone.now() + dt.timedelta(seconds=290)  # the next wait is longer

    smtp.start()
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_worker()
    waiting.refresh_from_db()
    assert waiting.status == "SUCCESSFUL" and waiting.traceback == ""
    assert [m.rcpt_tos for m in smtp.messages] == [[applicant.email]]
    key = waiting.args_kwargs["kwargs"]["message"]["key"]
    assert f"Message-ID: <{key}@".encode() in smtp.messages[0].content


def test_after_the_last_retry_the_task_stays_failed_and_an_administrator_re_runs_it(
    applicant, administrator, settings, smtp, client
):
    settings.TASK_RETRY_DELAYS = [0]
    submitted_application(organization=applicant.memberships.get().organization, by=applicant)
    run_worker(expect_failures=True)  # the first attempt, then the one retry, at once
    [failed] = queued("application_submitted")
    assert failed.status == "FAILED" and len(failed.worker_ids) == 2

    client.force_login(administrator)
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?state=failed")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "ConnectionRefusedError" in text and applicant.email in text

    smtp.start()
    response = client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "rerun", "_selected_action": [str(failed.pk)]},
        follow=True,
    )
    assert "1 task is queued again." in response.content.decode()
    entry = AuditEntry.objects.get(action="task.rerun")
    assert entry.actor == administrator and "ConnectionRefusedError" in entry.details["error"]

    run_worker()
    failed.refresh_from_db()
    assert failed.status == "SUCCESSFUL"
    assert len(smtp.messages) == 1


def test_a_refusal_is_not_retried(applicant, settings, smtp):
    settings.TASK_RETRY_DELAYS = [60]
    smtp.start()
    smtp.refuse = "550 5.1.1 No such mailbox"
    submitted_application(organization=applicant.memberships.get().organization, by=applicant)

    run_worker(expect_failures=True)

    [failed] = queued("application_submitted")
    assert failed.status == "FAILED" and "No such mailbox" in failed.traceback
    assert len(failed.worker_ids) == 1


def test_only_a_failed_task_can_be_re_run(applicant, administrator):
    submitted_application(organization=applicant.memberships.get().organization, by=applicant)
    [waiting] = queued("application_submitted")

    with pytest.raises(TransitionError, match="Only a failed task, or one its stopped worker left running"):
        tasks.task_rerun(result_id=waiting.pk, by=administrator)


@pytest.mark.parametrize("role", ["program_officer", "reviewer", None])
def test_only_administrators_see_the_tasks(client, role):
    client.force_login(UserFactory(roles=[role] if role else [], is_staff=bool(role)))
    response = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("count", [3, 60])
def test_the_task_list_queries_do_not_grow(client, administrator, count, django_assert_max_num_queries):
    with transaction.atomic():
        send(template="application_withdrawn", to=[(f"p{i}@example.org", "en") for i in range(count)],
             context={"application": "CSF-2026-0001"})
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert response.status_code == 200
    assert response.content.decode().count('name="_selected_action"') == min(count, 50)  # 50 a page


def test_an_administrator_finds_a_task_by_its_recipient(client, administrator):
    with transaction.atomic():
        send(template="application_withdrawn", to=[("wanted@example.org", "en"), ("other@example.org", "fr")],
             context={"application": "CSF-2026-0001"})
    client.force_login(administrator)

    response = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?q=wanted@example")

    text = response.content.decode()
    assert response.status_code == 200
    assert "wanted@example.org" in text and "other@example.org" not in text


def test_a_task_its_stopped_worker_left_running_can_be_re_run_once_it_is_taken_for_stuck(
    applicant, administrator, settings, mailoutbox
):
    settings.TASK_STUCK_AFTER = 3600
    submitted_application(organization=applicant.memberships.get().organization, by=applicant)
    [task] = queued("application_submitted")
    DBTaskResult.objects.filter(pk=task.pk).update(  # a worker took it, then was killed outright
        status="RUNNING", started_at=timezone.now() - dt.timedelta(minutes=30), worker_ids=["gone"])

    with pytest.raises(TransitionError):
        tasks.task_rerun(result_id=task.pk, by=administrator)

    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    tasks.task_rerun(result_id=task.pk, by=administrator)
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and [m.to for m in mailoutbox] == [[applicant.email]]
