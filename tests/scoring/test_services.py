"""State changes of the review: each checks its phase and transition, audits, and notifies on commit."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.applications.models import Application, Call
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Assignment, Moderation, Review, Rubric, Score, Screening
from scoring.services import ScoreInput
from tests.factories import MembershipFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    rubric_for,
    submitted_review,
)

# --- Phases -------------------------------------------------------------------------------------


def test_reviewing_needs_a_rubric_and_a_closed_call(db, program_officer):
    call = ClosedCallFactory(review_phase=Call.ReviewPhase.SCREENING, status=Call.Status.CLOSED)
    with pytest.raises(TransitionError, match="rubric"):
        services.call_phase_change(call=call, phase="reviewing", by=program_officer)
    rubric_for(call)
    services.call_phase_change(call=call, phase="reviewing", by=program_officer)
    call.refresh_from_db()
    assert (call.review_phase, call.status) == ("reviewing", Call.Status.IN_REVIEW)
    assert AuditEntry.objects.filter(
        action="review.phase_changed", from_state="screening", to_state="reviewing"
    ).exists()

    open_call = ClosedCallFactory(review_phase="screening", closes_at=timezone.now() + dt.timedelta(days=3))
    rubric_for(open_call)
    with pytest.raises(TransitionError, match="open until"):
        services.call_phase_change(call=open_call, phase="reviewing", by=program_officer)


def test_a_decided_review_stays_decided(review_call, program_officer):
    services.call_phase_change(call=review_call, phase="decided", by=program_officer)
    with pytest.raises(TransitionError, match="decided"):
        services.call_phase_change(call=review_call, phase="moderation", by=program_officer)


# --- Rubric -------------------------------------------------------------------------------------


def _scores(criteria, *values, comment="Because."):
    return {
        c.pk: ScoreInput(value=v, is_na=v is None, comment=comment)
        for c, v in zip(criteria, values, strict=True)
    }


def test_the_first_saved_review_locks_the_rubric_and_reopening_sends_reviews_back(
    review_call, criteria, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    app = SubmittedApplicationFactory(call=review_call)
    first, second = assign(app, reviewer(email="first@example.org")), assign(app, reviewer())
    services.review_save(
        assignment=first,
        by=first.reviewer,
        scores=_scores(criteria, 4, 3),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    rubric = Rubric.objects.get(call=review_call)
    assert rubric.status == Rubric.Status.LOCKED and not rubric.is_editable
    services.review_save(
        assignment=second,
        by=second.reviewer,
        scores=_scores(criteria, 2, None),
        overall_comment="",
        recommendation="",
        submit=False,
    )

    with pytest.raises(ServiceError, match="reason"):
        services.rubric_reopen(rubric=rubric, by=program_officer, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.rubric_reopen(rubric=rubric, by=program_officer, reason="Weights were wrong.")
    rubric.refresh_from_db()
    assert rubric.status == Rubric.Status.REOPENED
    assert Review.objects.get(assignment=first).status == Review.Status.DRAFT
    assert [m.to for m in mailoutbox] == [["first@example.org"]]
    assert "Weights were wrong." in mailoutbox[0].body and app.reference in mailoutbox[0].body

    # While staff change it, reviewers cannot save; what they typed is kept.
    with pytest.raises(TransitionError, match="changing the rubric"):
        services.review_save(
            assignment=first,
            by=first.reviewer,
            scores=_scores(criteria, 5, 5),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )
    assert Score.objects.get(review__assignment=first, criterion=criteria[0]).value == 4
    services.rubric_relock(rubric=rubric, by=program_officer)
    services.review_save(
        assignment=first,
        by=first.reviewer,
        scores=_scores(criteria, 5, 5),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    assert Review.objects.get(assignment=first).status == Review.Status.SUBMITTED


def test_copying_a_rubric_from_an_earlier_call(review_call, program_officer):
    later = ClosedCallFactory(review_phase="screening")
    rubric = services.rubric_copy(call=later, source=review_call, by=program_officer)
    assert [(c.name_en, c.weight, c.allows_na) for c in rubric.criteria.all()] == [
        ("Criterion 1", Decimal("2.00"), False),
        ("Criterion 2", Decimal("1.00"), True),
    ]
    assert rubric.copied_from == review_call
    with pytest.raises(ServiceError, match="no rubric"):
        services.rubric_copy(call=review_call, source=ClosedCallFactory(), by=program_officer)


def test_a_rubric_with_reviews_is_not_replaced_by_a_copy(review_call, criteria, program_officer):
    submitted_review(assign(SubmittedApplicationFactory(call=review_call), reviewer()), [3, 3])
    source = ClosedCallFactory()
    rubric_for(source)
    Rubric.objects.filter(call=review_call).update(status=Rubric.Status.LOCKED)
    with pytest.raises(TransitionError, match="locked"):
        services.rubric_copy(call=review_call, source=source, by=program_officer)
    Rubric.objects.filter(call=review_call).update(status=Rubric.Status.REOPENED)
    with pytest.raises(TransitionError, match="one by one"):
        services.rubric_copy(call=review_call, source=source, by=program_officer)
    assert review_call.rubric.criteria.count() == 2


def test_guidance_needs_one_line_per_score(review_call, criteria):
    from django.core.exceptions import ValidationError

    criterion = criteria[0]
    criterion.guidance_en = "Only one line"
    with pytest.raises(ValidationError, match="Write 6 lines"):
        criterion.full_clean()


# --- Screening ----------------------------------------------------------------------------------


def test_screening_is_kept_from_the_applicant_until_released(
    db, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    call = ClosedCallFactory(review_phase="screening")
    member = MembershipFactory()
    app = SubmittedApplicationFactory(call=call, organization=member.organization, screened="")
    with pytest.raises(ServiceError, match="reason"):
        services.screening_decide(application=app, decision="ineligible", reason="", by=program_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_decide(
            application=app, decision="ineligible", reason="Not based in Ontario.", by=program_officer
        )
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED and not mailoutbox
    assert AuditEntry.objects.filter(action="application.screened", to_state="ineligible").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.screening_release(call=call, by=program_officer) == 1
    app.refresh_from_db()
    assert app.status == Application.Status.INELIGIBLE
    assert mailoutbox[0].to == [member.user.email]
    assert "not eligible" in mailoutbox[0].subject and "Not based in Ontario." in mailoutbox[0].body
    with pytest.raises(TransitionError, match="released"):
        services.screening_decide(application=app, decision="eligible", reason="", by=program_officer)
    assert services.screening_release(call=call, by=program_officer) == 0


# --- Pool and assignment ------------------------------------------------------------------------


def test_automatic_assignment_is_complete_balanced_and_never_uses_a_member_of_the_applicant(
    review_call, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    people = [reviewer() for _ in range(5)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(7)]
    MembershipFactory(
        organization=apps[0].organization, user=people[0]
    )  # a reviewer who belongs to an applicant
    SubmittedApplicationFactory(call=review_call, screened="")  # not screened: not assigned
    pool_with(review_call, people, by=program_officer)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.assignments_auto(call=review_call, by=program_officer)
    assert result.added == 14 and not result.short
    active = list(Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE))
    per_app = Counter(a.application_id for a in active)
    assert set(per_app) == {a.pk for a in apps} and set(per_app.values()) == {2}
    assert not any(a.application_id == apps[0].pk and a.reviewer_id == people[0].pk for a in active)
    loads = Counter(a.reviewer_id for a in active)
    assert max(loads.values()) - min(loads[p.pk] for p in people) <= 1
    # One e-mail per reviewer, naming no applicant.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all(apps[0].organization.legal_name not in m.body for m in mailoutbox)


def test_a_declared_conflict_removes_access_and_hands_the_application_to_another_reviewer(
    review_call, program_officer
):
    people = [reviewer() for _ in range(3)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(3)]
    pool_with(review_call, people, by=program_officer)
    services.assignments_auto(call=review_call, by=program_officer)
    conflicted = Assignment.objects.filter(application=apps[0]).first()
    with pytest.raises(ServiceError, match="Describe the conflict"):
        services.conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=True, reason="")
    services.conflict_declare(
        assignment=conflicted, by=conflicted.reviewer, has_conflict=True, reason="My sister chairs its board."
    )
    conflicted.refresh_from_db()
    assert conflicted.status == Assignment.Status.CONFLICT
    assert not conflicted.reviewer.has_perm("scoring.score_application", conflicted)
    assert not conflicted.reviewer.has_perm("scoring.declare_conflict", conflicted)
    reviewers = set(
        Assignment.objects.filter(application=apps[0], status__in=Assignment.Status.ACTIVE).values_list(
            "reviewer_id", flat=True
        )
    )
    assert len(reviewers) == 2 and conflicted.reviewer_id not in reviewers
    loads = Counter(
        Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE).values_list(
            "reviewer_id", flat=True
        )
    )
    assert sorted(loads.values()) == [2, 2, 2]
    entry = AuditEntry.objects.get(action="assignment.conflict_declared")
    assert (entry.actor, entry.to_state, entry.details["reason"]) == (
        conflicted.reviewer,
        "conflict",
        "My sister chairs its board.",
    )
    # A conflict cannot be taken back.
    with pytest.raises(TransitionError):
        services.conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=False)


def test_declaring_no_conflict_is_audited_and_only_the_reviewer_may_declare(review_call):
    assignment = assign(
        SubmittedApplicationFactory(call=review_call), reviewer(), status=Assignment.Status.ASSIGNED
    )
    with pytest.raises(TransitionError):
        services.conflict_declare(assignment=assignment, by=reviewer(), has_conflict=False)
    services.conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=False)
    assert AuditEntry.objects.filter(
        action="assignment.no_conflict", actor=assignment.reviewer, to_state="accepted"
    ).exists()


def test_removing_a_reviewer_from_the_pool_withdraws_unfinished_work_and_rebalances(
    review_call, program_officer
):
    people = [reviewer() for _ in range(4)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(4)]
    pool_with(review_call, people, by=program_officer)
    services.assignments_auto(call=review_call, by=program_officer)
    leaving = people[0]
    done = Assignment.objects.filter(reviewer=leaving).first()
    Assignment.objects.filter(pk=done.pk).update(
        status=Assignment.Status.ACCEPTED, declared_at=timezone.now()
    )
    submitted_review(done, [3, 3])
    withdrawn = services.pool_remove_reviewer(call=review_call, reviewer=leaving, by=program_officer)
    assert withdrawn == 1
    assert Assignment.objects.get(pk=done.pk).status == Assignment.Status.ACCEPTED  # submitted work stays
    per_app = Counter(
        Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE).values_list(
            "application_id", flat=True
        )
    )
    assert all(per_app[a.pk] == 2 for a in apps)


def test_ilif_pools_use_only_indigenous_review_panel_members(db, program_officer):
    from grants.applications.models import Fund

    call = ClosedCallFactory(fund=Fund.objects.get(code="ILIF"), reviewers_per_application=1)
    rubric_for(call)
    SubmittedApplicationFactory(call=call)
    panel, other = reviewer(), reviewer()
    services.pool_update_settings(
        call=call, by=program_officer, values={"review_due_at": timezone.now() + dt.timedelta(days=5)}
    )
    services.pool_add_reviewer(call=call, reviewer=panel, by=program_officer, indigenous_panel=True)
    services.pool_add_reviewer(call=call, reviewer=other, by=program_officer)
    assert call.reviewer_pool.requires_indigenous_panel
    services.assignments_auto(call=call, by=program_officer)
    assert list(Assignment.objects.values_list("reviewer", flat=True)) == [panel.pk]


def test_manual_assignment_refuses_members_of_the_applicant_and_conflicts(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    insider, outsider = reviewer(), reviewer()
    MembershipFactory(organization=app.organization, user=insider)
    pool_with(review_call, [insider, outsider], by=program_officer)
    with pytest.raises(ServiceError, match="member of the applicant"):
        services.assignment_add(application=app, reviewer=insider, by=program_officer)
    assignment = services.assignment_add(application=app, reviewer=outsider, by=program_officer)
    services.conflict_declare(
        assignment=assignment, by=outsider, has_conflict=True, reason="Former employee."
    )
    with pytest.raises(ServiceError, match="conflict"):
        services.assignment_add(application=app, reviewer=outsider, by=program_officer)


def test_staff_remove_an_assignment_with_a_reason_but_not_a_submitted_review(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    assignment = assign(app, reviewer())
    submitted_review(assignment, [2, 2])
    with pytest.raises(TransitionError, match="submitted"):
        services.assignment_remove(assignment=assignment, by=program_officer, reason="Late.")
    other = assign(app, reviewer(), status=Assignment.Status.ASSIGNED)
    services.assignment_remove(assignment=other, by=program_officer, reason="Unavailable until June.")
    other.refresh_from_db()
    assert other.status == Assignment.Status.REMOVED and other.removal_reason == "Unavailable until June."


# --- Reviews ------------------------------------------------------------------------------------


def test_an_incomplete_submission_is_saved_and_reports_what_is_missing(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    with pytest.raises(IncompleteError) as error:
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores={criteria[0].pk: ScoreInput(value=0)},
            overall_comment="Typed text.",
            recommendation="",
            submit=True,
        )
    fields = {p.field for p in error.value.problems}
    assert fields == {f"comment_{criteria[0].pk}", f"score_{criteria[1].pk}", "recommendation"}
    review = Review.objects.get(assignment=assignment)
    assert review.status == Review.Status.DRAFT and review.overall_comment == "Typed text."
    assert Score.objects.get(review=review, criterion=criteria[0]).value == 0


def test_not_applicable_only_where_allowed_and_never_everywhere(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    with pytest.raises(ServiceError, match="must be scored"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=_scores(criteria, None, 3),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    with pytest.raises(ServiceError, match="between 0 and 5"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=_scores(criteria, 6, 3),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    review = services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=_scores(criteria, 3, None),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    assert review.status == Review.Status.SUBMITTED
    assert Score.objects.get(review=review, criterion=criteria[1]).is_na


def test_a_submitted_review_is_locked_until_staff_reopen_it(
    review_call, criteria, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    review = services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=_scores(criteria, 3, 3),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    with pytest.raises(TransitionError, match="submitted"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=_scores(criteria, 1, 1),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.review_reopen(review=review, by=program_officer, reason="Score 2 contradicts your comment.")
    assert Review.objects.get(pk=review.pk).status == Review.Status.DRAFT
    assert mailoutbox[0].to == [assignment.reviewer.email]
    assert "Score 2 contradicts your comment." in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="review.reopened", actor=program_officer).exists()


def test_scoring_is_only_open_in_the_reviewing_phase(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    assignment.call.refresh_from_db()
    with pytest.raises(TransitionError, match="Scoring is closed"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=_scores(criteria, 3, 3),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )


# --- Moderation ---------------------------------------------------------------------------------


def test_consensus_is_recorded_with_a_reason_in_the_moderation_phase(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    with pytest.raises(TransitionError, match="moderation phase"):
        services.moderation_record(application=app, score=Decimal("80"), reason="Agreed.", by=program_officer)
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    app.call.refresh_from_db()
    with pytest.raises(ServiceError, match="reason"):
        services.moderation_record(application=app, score=Decimal("80"), reason="", by=program_officer)
    services.moderation_record(
        application=app, score=Decimal("80"), reason="Strong local need.", by=program_officer
    )
    services.moderation_record(
        application=app, score=Decimal("75.5"), reason="Budget risk.", by=program_officer
    )
    assert Moderation.objects.get(application=app).consensus_score == Decimal("75.5")
    entry = AuditEntry.objects.filter(action="application.consensus_recorded").order_by("-id").first()
    assert (entry.from_state, entry.to_state, entry.details["reason"]) == ("80.00", "75.50", "Budget risk.")
    services.moderation_clear(
        application=app, by=program_officer, reason="Recorded on the wrong application."
    )
    assert not Moderation.objects.filter(application=app).exists()


# --- Reminders ----------------------------------------------------------------------------------


def test_late_reviewers_are_reminded_once_per_interval(
    review_call, mailoutbox, django_capture_on_commit_callbacks
):
    late = reviewer(email="late@example.org")
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(2)]
    for app in apps:
        assign(app, late, due_in_days=-1)
    submitted_review(
        assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=-1), [3, 3]
    )
    assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=10)  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
    assert all(app.reference in mailoutbox[0].body for app in apps)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
        assert (
            services.reminders_send(now=timezone.now() + services.REMINDER_INTERVAL + dt.timedelta(minutes=1))
            == 1
        )
    assert len(mailoutbox) == 2


def test_the_reminder_command_runs(review_call, mailoutbox):
    from django.core.management import call_command

    assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=-2)
    call_command("send_review_reminders", stdout=__import__("io").StringIO())
    assert Assignment.objects.filter(last_reminded_at__isnull=False).count() == 1


def test_screening_an_application_ineligible_withdraws_its_assignments(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    assignment = assign(app, reviewer(), status=Assignment.Status.ASSIGNED)
    services.screening_decide(
        application=app,
        decision=Screening.Decision.INELIGIBLE,
        reason="Duplicate funding.",
        by=program_officer,
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REMOVED
