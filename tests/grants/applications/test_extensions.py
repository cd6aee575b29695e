"""One organization's deadline extension: granted by staff with a reason (audited, shown, e-mailed), honoured by
submission to the second in Toronto time, and never past the start of the call's review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application, Call
from grants.kernel.errors import DeadlineError, TransitionError
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory, MembershipFactory, UserFactory
from tests.grants.helpers import page_text

REASON = "A flood closed the office for a week."


@pytest.fixture
def call(db):
    return CallFactory(allows_multiple_applications=True)


@pytest.fixture
def two_complete(call, applicant, organization):
    """Two complete drafts in the same call: one will be extended, the other not."""
    return [
        complete_application(
            services.application_start(organization=organization, call=call, by=applicant), by=applicant
        )
        for _ in range(2)
    ]


def pass_the_deadline(call: Call) -> dt.datetime:
    """The call closed a minute ago (still published: nothing closed it early)."""
    closes_at = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
    call.refresh_from_db()
    return closes_at


def test_an_extended_application_submits_after_the_deadline_and_another_does_not(
    call, two_complete, applicant, program_officer
):
    extended, other = two_complete
    pass_the_deadline(call)
    new_deadline = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    services.deadline_extend(application=extended, deadline=new_deadline, reason=REASON, by=program_officer)

    submitted = services.application_submit(application=extended, by=applicant)
    assert submitted.status == Application.Status.SUBMITTED
    with pytest.raises(DeadlineError, match="The call closed at"):
        services.application_submit(application=other, by=applicant)
    other.refresh_from_db()
    assert other.status == Application.Status.DRAFT


def test_the_extension_is_honoured_to_the_second(call, two_complete, applicant, program_officer):
    on_time, late = two_complete
    pass_the_deadline(call)
    new_deadline = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    for application in two_complete:
        services.deadline_extend(application=application, deadline=new_deadline, reason=REASON, by=program_officer)

    services.application_submit(application=on_time, by=applicant, now=new_deadline)
    with pytest.raises(DeadlineError, match="Your extended deadline passed at"):
        services.application_submit(application=late, by=applicant, now=new_deadline + dt.timedelta(seconds=1))


def test_the_extension_is_audited_shown_and_emailed(
    client, call, two_complete, organization, applicant, program_officer, mailoutbox, worker_after
):
    extended = two_complete[0]
    MembershipFactory(organization=organization, user=UserFactory(language="fr", email="membre@example.org"))
    client.force_login(program_officer)
    url = reverse("grants:application_extend", args=[extended.pk])
    assert "Extend the deadline" in page_text(client.get(reverse("grants:application_detail", args=[extended.pk])))

    with worker_after():
        response = client.post(url, {"deadline": "2099-06-15T17:00:00", "reason": REASON})

    assert response.status_code == 302
    extended.refresh_from_db()
    assert extended.deadline_extended_to == dt.datetime(2099, 6, 15, 21, 0, tzinfo=dt.UTC)  # EDT
    entry = AuditEntry.objects.get(action="application.deadline_extended")
    assert entry.actor == program_officer and entry.details["reason"] == REASON
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {applicant.email, "membre@example.org"}
    assert "June 15, 2099, 5 p.m. EDT" in by_address[applicant.email].body
    assert REASON in by_address[applicant.email].body
    assert "Plus de temps" in by_address["membre@example.org"].subject
    client.force_login(applicant)
    text = page_text(client.get(reverse("grants:application_detail", args=[extended.pk])))
    assert "Extended for this application" in text and REASON in text
    assert "Extend the deadline" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": " "}, "Give a reason"),
        ({"deadline": "call"}, "must be after the call's"),
    ],
)
def test_refusals(call, two_complete, program_officer, change, message):
    deadline = call.closes_at if change.get("deadline") == "call" else timezone.now() + dt.timedelta(days=40)
    with pytest.raises(TransitionError, match=message):
        services.deadline_extend(
            application=two_complete[0], deadline=deadline, reason=change.get("reason", REASON), by=program_officer
        )


def test_no_extension_once_review_has_started(call, two_complete, applicant, program_officer):
    extended, other = two_complete
    pass_the_deadline(call)
    services.deadline_extend(
        application=extended, deadline=timezone.now() + dt.timedelta(days=2), reason=REASON, by=program_officer
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.IN_REVIEW)

    with pytest.raises(TransitionError, match="Review of this call has started"):
        services.deadline_extend(
            application=other, deadline=timezone.now() + dt.timedelta(days=2), reason=REASON, by=program_officer
        )
    with pytest.raises(DeadlineError, match="Review of this call has started"):
        services.application_submit(application=extended, by=applicant)


def test_a_submitted_application_is_reopened_rather_than_extended(call, two_complete, applicant, program_officer):
    submitted = services.application_submit(application=two_complete[0], by=applicant)
    pass_the_deadline(call)

    with pytest.raises(TransitionError, match="Only a draft can be given more time"):
        services.deadline_extend(
            application=submitted, deadline=timezone.now() + dt.timedelta(days=40), reason=REASON,
            by=program_officer,
        )


def test_only_staff_extend(client, two_complete, applicant):
    client.force_login(applicant)

    assert client.get(reverse("grants:application_extend", args=[two_complete[0].pk])).status_code == 403
