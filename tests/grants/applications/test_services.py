"""Submitting, the deadline, reference numbers, the PDF, withdrawing and staff reopening."""

import datetime as dt
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application, ApplicationStep, Call, Fund
from grants.applications.wizard import step_form
from grants.kernel import errors
from grants.kernel.forms import cleaned_or_none
from grants.kernel.models import AuditEntry
from grants.kernel.timeutils import local
from grants.organizations.models import Membership, OrganizationType
from tests.factories import (
    CallFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    submitted_application,
)
from tests.grants.helpers import answers_for, fill_all_steps, flash, page_text, post_step, saved, step_url

TORONTO = ZoneInfo("America/Toronto")


def year_of(application) -> int:
    return local(application.submitted_at).year


# --- Submitting -------------------------------------------------------------------------------------------


def test_submitting_a_complete_application(
    me, applicant, organization, draft, mailoutbox, worker_after
):
    colleague = MembershipFactory(
        organization=organization, role=Membership.Role.EDITOR, user=UserFactory(language="fr")
    ).user
    fill_all_steps(me, draft)

    with worker_after():
        response = me.post(reverse("grants:application_submit", args=[draft.pk]))

    assert response.status_code == 302
    assert response.url == reverse("grants:application_submitted", args=[draft.pk])
    draft.refresh_from_db()
    reference = f"CSF-{year_of(draft)}-0001"
    assert draft.reference == reference
    assert draft.status == Application.Status.SUBMITTED
    assert draft.submitted_by == applicant
    assert draft.snapshot["reference"] == reference
    assert [s["step"] for s in draft.snapshot["sections"]][:4] == [
        "eligibility",
        "organization",
        "project",
        "budget",
    ]
    assert draft.snapshot["requested_total"] == "105000.00"

    confirmation = page_text(me.get(response.url))
    assert "Application submitted" in confirmation
    assert f"Your reference number is {reference}." in confirmation

    assert sorted(m.to[0] for m in mailoutbox) == sorted([applicant.email, colleague.email])
    assert all(reference in m.subject and reference in m.body for m in mailoutbox)
    assert (
        AuditEntry.objects.filter(
            action="application.submitted", object_id=str(draft.pk), from_state="draft", to_state="submitted"
        ).count()
        == 1
    )


def test_references_count_per_fund_and_year(db):
    csf_call = CallFactory()
    ilif_call = CallFactory(fund=Fund.objects.get(code="ILIF"))
    indigenous = OrganizationFactory(
        type=OrganizationType.INDIGENOUS_ORGANIZATION, indigenous_led=True, registration_number=""
    )
    MembershipFactory(organization=indigenous)

    first = submitted_application(call=csf_call)
    ilif = submitted_application(call=ilif_call, organization=indigenous)
    second = submitted_application(call=csf_call)
    other_csf_call = submitted_application(call=CallFactory())

    year = year_of(first)
    assert first.reference == f"CSF-{year}-0001"
    assert ilif.reference == f"ILIF-{year}-0001"
    assert second.reference == f"CSF-{year}-0002"
    assert other_csf_call.reference == f"CSF-{year}-0003", "one sequence per fund, across its calls"


def test_the_reference_year_is_the_year_in_toronto(db, applicant, organization):
    # 03:30 UTC on January 1 is still New Year's Eve in Ontario.
    new_years_eve = dt.datetime(2028, 1, 1, 3, 30, tzinfo=dt.UTC)
    call = CallFactory(
        opens_at=new_years_eve - dt.timedelta(days=30), closes_at=new_years_eve + dt.timedelta(days=5)
    )
    application = services.application_start(
        organization=organization, call=call, by=applicant, now=new_years_eve - dt.timedelta(days=1)
    )
    complete_application(application, by=applicant)

    services.application_submit(application=application, by=applicant, now=new_years_eve)

    application.refresh_from_db()
    assert application.reference == "CSF-2027-0001"


def test_an_incomplete_application_is_not_submitted(me, draft):
    post_step(me, draft, "eligibility", answers_for(draft, "eligibility"))

    response = me.post(reverse("grants:application_submit", args=[draft.pk]))

    assert response.url == step_url(draft, "review")
    assert "The application is not complete yet." in flash(response)
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.snapshot) == (Application.Status.DRAFT, None, None)


# --- The deadline -----------------------------------------------------------------------------------------


@pytest.fixture
def deadline_call(db):
    closes = dt.datetime(2027, 1, 29, 17, 0, tzinfo=TORONTO)
    return CallFactory(opens_at=closes - dt.timedelta(days=60), closes_at=closes)


@pytest.fixture
def deadline_draft(deadline_call, applicant, organization):
    application = services.application_start(
        organization=organization,
        call=deadline_call,
        by=applicant,
        now=deadline_call.closes_at - dt.timedelta(days=10),
    )
    return complete_application(application, by=applicant)


def test_submitting_exactly_at_the_deadline_is_accepted(deadline_draft, deadline_call, applicant):
    application = services.application_submit(
        application=deadline_draft, by=applicant, now=deadline_call.closes_at
    )

    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at == deadline_call.closes_at


def test_one_second_after_the_deadline_is_refused_and_the_draft_kept(
    deadline_draft, deadline_call, applicant
):
    steps_before = {
        s.step: (s.data, s.version) for s in ApplicationStep.objects.filter(application=deadline_draft)
    }

    with pytest.raises(errors.DeadlineError) as refused:
        services.application_submit(
            application=deadline_draft, by=applicant, now=deadline_call.closes_at + dt.timedelta(seconds=1)
        )

    assert refused.value.message == (
        "The call closed at Jan. 29, 2027, 5 p.m. EST. "
        "Applications can no longer be submitted; your draft is kept."
    )
    deadline_draft.refresh_from_db()
    assert (deadline_draft.status, deadline_draft.reference) == (Application.Status.DRAFT, None)
    assert {
        s.step: (s.data, s.version) for s in ApplicationStep.objects.filter(application=deadline_draft)
    } == steps_before


def test_submitting_through_the_page_after_the_deadline_is_refused(me, draft):
    fill_all_steps(me, draft)
    closed_at = timezone.now() - dt.timedelta(seconds=1)
    draft.call.closes_at = closed_at
    draft.call.save()

    response = me.post(reverse("grants:application_submit", args=[draft.pk]))

    assert response.url == step_url(draft, "review")
    [message] = flash(response)
    assert message.startswith("The call closed at ")
    assert message.endswith("Applications can no longer be submitted; your draft is kept.")
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    review = page_text(me.get(response.url))
    assert "The call has closed; this draft can no longer be submitted." in review
    assert "Safe Futures for Youth" in review, "the answers are still there"


def test_a_call_closed_early_by_staff_refuses_submission(me, draft, applicant):
    complete_application(draft, by=applicant)
    Call.objects.filter(pk=draft.call_id).update(status=Call.Status.CLOSED)

    with pytest.raises(errors.DeadlineError, match="This call is not open for applications."):
        services.application_submit(application=draft, by=applicant)
    review = page_text(me.get(step_url(draft, "review")))
    assert "The call has closed; this draft can no longer be submitted." in review
    assert "Submit the application" not in review
    assert "The call has closed" in page_text(me.get(reverse("grants:dashboard")))


@pytest.mark.parametrize(
    ("closes_local", "closes_utc", "shown"),
    [
        # The Monday after clocks spring forward (March 14, 2027): 5 p.m. EDT is 21:00 UTC.
        (
            dt.datetime(2027, 3, 15, 17, 0),
            dt.datetime(2027, 3, 15, 21, 0, tzinfo=dt.UTC),
            "March 15, 2027, 5 p.m. EDT",
        ),
        # The Monday after clocks fall back (November 7, 2027): 5 p.m. EST is 22:00 UTC.
        (
            dt.datetime(2027, 11, 8, 17, 0),
            dt.datetime(2027, 11, 8, 22, 0, tzinfo=dt.UTC),
            "Nov. 8, 2027, 5 p.m. EST",
        ),
    ],
)
def test_the_deadline_is_toronto_wall_time_across_a_dst_change(
    applicant, organization, closes_local, closes_utc, shown
):
    # Staff type the deadline as Ontario wall time; the call opened in the other half of the year.
    closes_at = timezone.make_aware(closes_local, TORONTO)
    call = CallFactory(opens_at=closes_at - dt.timedelta(days=60), closes_at=closes_at)
    call.refresh_from_db()
    assert call.closes_at == closes_utc

    late = services.application_start(
        organization=organization, call=call, by=applicant, now=closes_at - dt.timedelta(days=1)
    )
    complete_application(late, by=applicant)
    with pytest.raises(errors.DeadlineError) as refused:
        services.application_submit(application=late, by=applicant, now=closes_utc + dt.timedelta(seconds=1))
    assert shown in refused.value.message

    services.application_submit(application=late, by=applicant, now=closes_utc)
    late.refresh_from_db()
    assert late.status == Application.Status.SUBMITTED


# --- After submission -------------------------------------------------------------------------------------


def test_a_submitted_application_cannot_be_edited(me, complete, applicant):
    application = services.application_submit(application=complete, by=applicant)
    before = saved(application, "project")

    opened = me.get(step_url(application, "project"))
    assert opened.status_code == 302
    assert opened.url == reverse("grants:application_detail", args=[application.pk])
    assert "This application has been submitted; here is what was sent." in flash(opened)

    posted = me.post(
        step_url(application, "project"),
        {
            f"application_{application.pk}-current_step": "project",
            "step_version": str(before.version),
            **answers_for(application, "project", project_title="Changed after submission"),
        },
    )
    assert posted.status_code == 302
    after = saved(application, "project")
    assert (after.data, after.version) == (before.data, before.version)
    application.refresh_from_db()
    assert application.title == "Safe Futures for Youth"

    assert me.post(reverse("grants:application_submit", args=[application.pk])).status_code == 403


def test_a_step_saved_with_a_copy_read_before_submission_is_refused(complete, applicant):
    """A member's request read the application as a draft; another member submits before the save."""
    stale = Application.objects.get(pk=complete.pk)
    services.application_submit(application=complete, by=applicant)
    data = answers_for(stale, "project", project_title="Changed")
    record = saved(stale, "project")

    with pytest.raises(errors.TransitionError, match="This application has been submitted"):
        services.application_save_step(
            application=stale,
            step="project",
            data=data,
            by=applicant,
            cleaned=cleaned_or_none(step_form(stale, "project", data)),
            expected_version=record.version,
        )

    assert saved(stale, "project").data == record.data
    complete.refresh_from_db()
    assert complete.title == "Safe Futures for Youth"


def test_the_detail_page_shows_what_was_submitted(me, complete, applicant):
    application = services.application_submit(application=complete, by=applicant)

    text = page_text(me.get(reverse("grants:application_detail", args=[application.pk])))

    assert application.reference in text
    assert "What was submitted" in text
    assert "Safe Futures for Youth" in text
    assert "Continue the application" not in text
    assert "Withdraw the application" in text


# --- Withdrawing ------------------------------------------------------------------------------------------


def test_withdrawing_before_a_decision(
    me, complete, applicant, mailoutbox, worker_after
):
    application = services.application_submit(application=complete, by=applicant)
    url = reverse("grants:application_withdraw", args=[application.pk])
    assert "This cannot be undone." in page_text(me.get(url))

    with worker_after():
        response = me.post(url, {"reason": "We found other funding."})

    assert "The application is withdrawn." in flash(response)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.withdrawn_at is not None
    assert application.reference, "the reference stays with it"
    entry = AuditEntry.objects.get(action="application.withdrawn", object_id=str(application.pk))
    assert (entry.from_state, entry.to_state, entry.details["reason"]) == (
        "submitted",
        "withdrawn",
        "We found other funding.",
    )
    assert [m.to[0] for m in mailoutbox if "withdrawn" in m.subject] == [applicant.email]


def test_a_draft_can_be_withdrawn(me, draft):
    me.post(reverse("grants:application_withdraw", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("status", [Application.Status.APPROVED, Application.Status.DECLINED])
def test_withdrawing_after_a_decision_is_refused(me, complete, applicant, status):
    application = services.application_submit(application=complete, by=applicant)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()

    with pytest.raises(errors.TransitionError, match="A decision has been made on this application"):
        services.application_withdraw(application=application, by=applicant)
    assert me.post(reverse("grants:application_withdraw", args=[application.pk])).status_code == 403
    assert "Withdraw the application" not in page_text(
        me.get(reverse("grants:application_detail", args=[application.pk]))
    )
    application.refresh_from_db()
    assert application.status == status


# --- Staff reopen -----------------------------------------------------------------------------------------


def test_staff_reopen_with_a_reason_then_the_applicant_edits_and_resubmits(
    client, me, complete, applicant, program_officer, mailoutbox, worker_after
):
    application = services.application_submit(application=complete, by=applicant)
    reference = application.reference
    mailoutbox.clear()

    client.force_login(program_officer)
    url = reverse("grants:application_reopen", args=[application.pk])
    assert client.get(url).status_code == 200
    with worker_after():
        response = client.post(url, {"reason": "Please attach the budget workbook for year two."})

    assert response.status_code == 302
    assert f"{reference} is open for edits again; its members were told why." in flash(response)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert [m.to[0] for m in mailoutbox] == [applicant.email]
    assert "Please attach the budget workbook for year two." in mailoutbox[0].body
    assert reference in mailoutbox[0].subject

    client.force_login(applicant)
    detail = page_text(client.get(reverse("grants:application_detail", args=[application.pk])))
    assert "The coordination office reopened this application for edits." in detail
    edited = post_step(
        client,
        application,
        "project",
        answers_for(application, "project", project_title="Safe Futures, Revised"),
    )
    assert edited.status_code == 302

    with worker_after():
        resubmitted = client.post(reverse("grants:application_submit", args=[application.pk]))
    assert resubmitted.url == reverse("grants:application_submitted", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference == reference, "the reference is kept"
    assert application.title == "Safe Futures, Revised"
    project = next(s for s in application.snapshot["sections"] if s["step"] == "project")
    assert {"name": "project_title", "value_en": "Safe Futures, Revised"}.items() <= next(
        f for f in project["fields"] if f["name"] == "project_title"
    ).items()


def test_a_reopened_application_may_be_resubmitted_after_the_deadline(complete, applicant, program_officer):
    application = services.application_submit(application=complete, by=applicant)
    services.application_reopen(application=application, by=program_officer, reason="Fix the summary.")

    later = application.call.closes_at + dt.timedelta(days=3)
    resubmitted = services.application_submit(application=application, by=applicant, now=later)

    assert resubmitted.status == Application.Status.SUBMITTED


def test_reopening_needs_a_reason(client, complete, applicant, program_officer):
    application = services.application_submit(application=complete, by=applicant)
    client.force_login(program_officer)

    response = client.post(reverse("grants:application_reopen", args=[application.pk]), {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_only_a_submitted_application_can_be_reopened(client, draft, program_officer):
    client.force_login(program_officer)

    response = client.post(reverse("grants:application_reopen", args=[draft.pk]), {"reason": "Why not"})

    assert response.status_code == 200
    assert (
        "Only a submitted application that is not yet screened can be reopened; this one is draft."
        in page_text(response)
    )


def test_applicants_cannot_reopen(me, complete, applicant):
    application = services.application_submit(application=complete, by=applicant)

    assert me.get(reverse("grants:application_reopen", args=[application.pk])).status_code == 403
    assert (
        me.post(reverse("grants:application_reopen", args=[application.pk]), {"reason": "Let me"}).status_code
        == 403
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


# --- Reference numbers under concurrency ------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serializes every writer, so there is no race to test",
)


# Each submission's transaction stays open this long after its work (a busy database's commit, or a caller's own
# transaction around the service): the counter's row lock must be held until the commit, or another submission
# reads the same last number in the meantime.
COMMIT_TAKES = 0.05


@pytest.mark.postgres
@postgres_only
def test_twenty_simultaneous_submissions_get_twenty_consecutive_references(
    transactional_db, django_db_serialized_rollback
):
    # Twenty calls of one fund: submissions to one call also wait for each other on the call's row, but the
    # reference counter is the fund's, shared by all its calls.
    calls = [CallFactory(fund=Fund.objects.get(code="CSF")) for _ in range(20)]
    drafts = []
    with transaction.atomic():  # one commit for the setup, not one per saved step
        for call in calls:
            owner = MembershipFactory()
            application = services.application_start(
                organization=owner.organization, call=call, by=owner.user
            )
            drafts.append((complete_application(application, by=owner.user), owner.user))

    barrier = threading.Barrier(len(drafts))
    references, errors = [], []

    def submit(application, user):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                references.append(services.application_submit(application=application, by=user).reference)
                time.sleep(COMMIT_TAKES)
        except Exception as error:  # noqa: BLE001 - reported below with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    year = local(timezone.now()).year
    assert sorted(references) == [f"CSF-{year}-{n:04d}" for n in range(1, 21)]
    assert Application.objects.filter(status=Application.Status.SUBMITTED).count() == 20
