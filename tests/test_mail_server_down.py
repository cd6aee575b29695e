"""With the mail server down, every action that sends e-mail completes with its normal page; once the server is
back, the queue's worker delivers every message exactly once (issue 16's "done when")."""

from __future__ import annotations

import datetime as dt
import email
from collections import Counter
from email import policy

import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from grants.applications import services
from grants.applications.models import Application
from tests.factories import submitted_application
from tests.grants.helpers import fill_all_steps, flash
from tests.tasks import run_worker

PASSWORD = "a-long-enough-passphrase"


def subjects(inbox) -> Counter:
    found = Counter()
    for envelope in inbox.messages:
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        found[(envelope.rcpt_tos[0], str(parsed["Subject"]))] += 1
    return found


def test_with_the_mail_server_down_every_action_answers_normally_and_its_e_mails_go_out_once_it_is_back(
    client, applicant, organization, open_call, program_officer, smtp, settings
):
    settings.TASK_RETRY_DELAYS = [60]
    client.force_login(applicant)

    # Submit from the wizard's review page.
    draft = services.application_start(organization=organization, call=open_call, by=applicant)
    fill_all_steps(client, draft)
    response = client.post(reverse("grants:application_submit", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == reverse("grants:application_submitted", args=[draft.pk])
    first = Application.objects.get(pk=draft.pk)
    assert first.status == Application.Status.SUBMITTED

    # Withdraw it.
    response = client.post(reverse("grants:application_withdraw", args=[first.pk]), {"reason": "Other funding."})
    assert "The application is withdrawn." in flash(response)

    # Invite a colleague.
    response = client.post(reverse("grants:organization_invite", args=[organization.pk]),
                           {"email": "colleague@example.org", "role": "editor"})
    assert "An invitation was sent to colleague@example.org." in flash(response)

    # Staff reopen another submission.
    second = submitted_application(organization=organization, by=applicant)
    client.force_login(program_officer)
    response = client.post(reverse("grants:application_reopen", args=[second.pk]), {"reason": "Add year two."})
    assert f"{second.reference} is open for edits again; its members were told why." in flash(response)
    client.logout()

    # Sign up, and ask for a password reset.
    response = client.post(reverse("account_signup"), {
        "email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "first_name": "Jordan", "last_name": "Tremblay", "language": "en",
    })
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    response = client.post(reverse("account_reset_password"), {"email": applicant.email})
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")

    # The worker tries: the server is down, so each message waits for its next attempt, error kept.
    run_worker()
    waiting = DBTaskResult.objects.filter(task_path="grants.kernel.tasks.send_email")
    assert waiting.count() == 7
    assert all(r.status == "READY" and "ConnectionRefusedError" in r.traceback for r in waiting)
    assert smtp.messages == []

    smtp.start()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        run_worker()
        run_worker()  # nothing left: a second run sends nothing twice

    assert subjects(smtp) == {
        (applicant.email, f"Application {first.reference} received"): 1,
        (applicant.email, f"Application {first.reference} withdrawn"): 1,
        (applicant.email, f"Application {second.reference} received"): 1,
        (applicant.email, f"Application {second.reference} reopened for edits"): 1,
        ("colleague@example.org",
         f"Invitation to join {organization.legal_name} on the Anti-Human Trafficking Grants portal"): 1,
        ("new.person@example.org", "Confirm your e-mail address for the Anti-Human Trafficking Grants portal"): 1,
        (applicant.email, "Reset your password for the Anti-Human Trafficking Grants portal"): 1,
    }
    assert set(waiting.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_person_who_signs_up_reads_the_verification_in_their_language_even_with_the_mail_server_down(
    db, client, smtp
):
    response = client.post(reverse("account_signup"), {
        "email": "nouvelle@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "first_name": "Jordan", "last_name": "Tremblay", "language": "fr",
    })
    assert response.status_code == 302
    run_worker()

    smtp.start()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=12)):
        run_worker()

    [(to, subject)] = subjects(smtp)
    assert to == "nouvelle@example.org"
    assert "courriel" in subject
