"""Public money holds: a hypothesis state machine drives the real services in random order (submit, withdraw,
reopen, screen, assign, declare, review, phase changes, decide, release, award, amend, accept the agreement, file,
return and accept reports, release payments, suspend, reinstate and close awards, time passing) and after every
step checks the invariants:

- every award within the request, the call's maximum request, the call's envelope and each fiscal year's limit;
  each year's amount positive while the award is open;
- what is paid never above what is awarded, in total and in each fiscal year;
- every released payment had its condition met: its agreement accepted, the payments before it released, its
  report accepted, its due date come (or a reason for releasing it early in its audit entry);
- no decision staged or released without a released eligible screening and the call's required submitted
  reviews, unless it carries staff's override reason;
- every change of state (application, call status and review phase, review, award, payment, report) wrote
  exactly one audit entry naming the old and the new state;
- a submitted application's snapshot never changes (until staff reopen it and it is submitted again).

The world (a call, its rubric, reviewers, three complete drafts) is built once; each example runs in a savepoint
rolled back at its end. PUBLIC_MONEY_EXAMPLES and PUBLIC_MONEY_STEPS size the run (30 examples of up to 40 steps
by default: `make test` on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from grants.applications import services as applications
from grants.applications.demo import complete_application
from grants.applications.models import Application, Call
from grants.awards import selectors as award_selectors
from grants.awards import services as awards
from grants.awards.enums import AwardStatus, PaymentCondition, PaymentStatus
from grants.awards.models import Award, AwardYear, CallYearEnvelope, Decision, Payment
from grants.awards.services.decisions import shortfall
from grants.kernel.errors import ServiceError
from grants.kernel.models import AuditEntry
from grants.kernel.timeutils import fiscal_years_between, local
from grants.organizations.models import Membership
from reporting import services as reporting
from reporting.models import Indicator, ProgressReport
from scoring import services as scoring
from scoring.models import Assignment, Review, Screening
from tests.factories import CallFactory, MembershipFactory, UserFactory
from tests.scoring.factories import rubric_for

EXAMPLES = int(os.environ.get("PUBLIC_MONEY_EXAMPLES", "30"))
STEPS = int(os.environ.get("PUBLIC_MONEY_STEPS", "40"))

# The states the invariant on audit entries follows: (model, field).
STATEFUL = [
    (Application, "status"),
    (Call, "status"),
    (Call, "review_phase"),
    (Review, "status"),
    (Award, "status"),
    (Payment, "status"),
    (ProgressReport, "status"),
]
STAGES = ["drafts", "submitted", "screened", "decided", "awarded", "reporting"]
# Where examples start, the later stages weighing more: the examples that start there are the ones that reach
# payments and reports, which the run must reach (a uniform draw left some runs of 30 examples with none).
START_STAGES = [*STAGES, "awarded", "reporting", "reporting"]
FACTORS = [Decimal("0.5"), Decimal("0.9"), Decimal("1"), Decimal("1.1"), Decimal("10")]


class World:
    """What every example starts from, built once through the services and factories."""

    def __init__(self):
        self.start = timezone.now()
        self.officer = UserFactory(roles=["program_officer"])
        self.call = CallFactory(
            envelope=Decimal("250000"),
            max_request=Decimal("200000"),
            reviewers_per_application=2,
            opens_at=self.start - dt.timedelta(days=20),
            closes_at=self.start + dt.timedelta(days=5),
        )
        self.criterion = rubric_for(self.call).criteria.get()
        self.reviewers = [UserFactory(roles=["reviewer"]) for _ in range(3)]
        for person in self.reviewers:
            scoring.pool_add_reviewer(call=self.call, reviewer=person, by=self.officer)
        self.owners = {}
        for amount in (Decimal("100000"), Decimal("120000"), Decimal("90000")):
            owner = MembershipFactory(role=Membership.Role.OWNER).user
            application = applications.application_start(
                organization=owner.memberships.get().organization, call=self.call, by=owner
            )
            complete_application(application, by=owner, amount=amount)
            self.owners[application.pk] = owner
        first_year = min(
            fiscal_years_between(*Application.objects.filter(call=self.call).values_list(
                "start_date", "end_date").first())
        )
        CallYearEnvelope.objects.create(call=self.call, fiscal_year=first_year, amount=Decimal("140000"))


class PublicMoney(RuleBasedStateMachine):
    world: World  # set by the test before the run
    reached: dict[str, int]  # how far the examples went, summed over the run

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.now = self.world.start
        self.snapshots: dict[int, dict] = {}
        self.states = self._states()
        self.last_entry = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def teardown(self):
        self.reached["awards"] += Award.objects.count()
        self.reached["payments released"] += Payment.objects.filter(status=PaymentStatus.RELEASED).count()
        self.reached["reports accepted"] += ProgressReport.objects.filter(status="accepted").count()
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    @initialize(stage=st.sampled_from(START_STAGES), factors=st.lists(st.sampled_from(FACTORS), min_size=3, max_size=3))
    def start_at(self, stage, factors):
        """Start some examples further along, through the same services, so that random steps reach awards,
        payments and reports often."""
        stages = STAGES
        reached = stages.index(stage)
        steps = []
        if reached >= 1:
            steps += [lambda i=i: self.submit(index=i) for i in range(3)]
        if reached >= 2:
            steps += [lambda i=i: self.screen(index=i, eligible=True) for i in range(3)]
            steps += [self.release_screening]
        if reached >= 3:
            steps += [lambda: self.time_passes(days=(self.world.call.closes_at - self.now).days + 1)]
            steps += [lambda i=i: self.decide(index=i, approve=True, override=True) for i in range(3)]
            steps += [self.release_decisions]
        if reached >= 4:
            steps += [lambda i=i: self.award(index=i, factor=factors[i]) for i in range(3)]
            steps += [lambda i=i: self.accept_agreement(index=i) for i in range(3)]
        if reached >= 5:
            steps += [self._into_the_term, self.release_due_payments]
            steps += [lambda i=i: self.file_report(index=i, number=1) for i in range(3)]
        for step in steps:
            step()
            self.every_change_of_state_wrote_one_audit_entry_naming_both_states()
        self.reached["examples"] += 1

    # --- helpers -------------------------------------------------------------------------------------

    def _into_the_term(self):
        """Time passes to 100 days into the first award's term: its first reporting period is over."""
        first = Award.objects.order_by("start_date").values_list("start_date", flat=True).first()
        if first:
            later = dt.datetime.combine(first, dt.time(12), tzinfo=self.now.tzinfo) + dt.timedelta(days=100)
            self.now = max(self.now, later)

    def _pick(self, queryset, index: int):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def _attempt(self, action) -> bool:
        """Run a service: a refusal is an expected outcome (ServiceError), anything else fails the test."""
        try:
            action()
        except ServiceError:
            return False
        return True

    def _states(self) -> dict[tuple, str]:
        states = {}
        for model, field in STATEFUL:
            for pk, value in model.objects.values_list("pk", field):
                states[(model, pk, field)] = value
        return states

    def _applications(self):
        return Application.objects.filter(call=self.world.call)

    # --- the applicant's side ------------------------------------------------------------------------

    @rule(index=st.integers(0, 2))
    def submit(self, index):
        application = self._pick(self._applications(), index)
        owner = self.world.owners[application.pk]
        if self._attempt(lambda: applications.application_submit(application=application, by=owner, now=self.now)):
            self.snapshots[application.pk] = Application.objects.get(pk=application.pk).snapshot

    @rule(index=st.integers(0, 2))
    def withdraw(self, index):
        application = self._pick(self._applications(), index)
        self._attempt(lambda: applications.application_withdraw(
            application=application, by=self.world.owners[application.pk]))

    @rule(index=st.integers(0, 2))
    def reopen(self, index):
        application = self._pick(self._applications(), index)
        self._attempt(lambda: applications.application_reopen(
            application=application, by=self.world.officer, reason="Fix the budget."))

    # --- the review ------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 2), eligible=st.booleans())
    def screen(self, index, eligible):
        application = self._pick(self._applications(), index)
        self._attempt(lambda: scoring.screening_decide(
            application=application, decision="eligible" if eligible else "ineligible", reason="Out of scope.",
            by=self.world.officer, now=self.now))

    @rule()
    def release_screening(self):
        self._attempt(lambda: scoring.screening_release(call=self.world.call, by=self.world.officer, now=self.now))

    @rule(index=st.integers(0, 2), who=st.integers(0, 2))
    def assign(self, index, who):
        application = self._pick(self._applications(), index)
        self._attempt(lambda: scoring.assignment_add(
            application=application, reviewer=self.world.reviewers[who], by=self.world.officer, now=self.now))

    @rule(index=st.integers(0, 8), conflict=st.booleans())
    def declare(self, index, conflict):
        assignment = self._pick(Assignment.objects.filter(call=self.world.call), index)
        if assignment:
            self._attempt(lambda: scoring.conflict_declare(
                assignment=assignment, by=assignment.reviewer, has_conflict=conflict, reason="Board member.",
                now=self.now))

    @rule(index=st.integers(0, 8), score=st.integers(0, 5))
    def review(self, index, score):
        assignment = self._pick(Assignment.objects.filter(call=self.world.call), index)
        if assignment:
            self._attempt(lambda: scoring.review_save(
                assignment=assignment, by=assignment.reviewer,
                scores={self.world.criterion.pk: scoring.ScoreInput(value=score, comment="Why.")},
                overall_comment="", recommendation="fund", submit=True, now=self.now))

    @rule(index=st.integers(0, 8))
    def reopen_review(self, index):
        review = self._pick(Review.objects.filter(assignment__call=self.world.call), index)
        if review:
            self._attempt(lambda: scoring.review_reopen(review=review, by=self.world.officer, reason="Say more."))

    @rule(phase=st.sampled_from(["screening", "reviewing", "moderation", "decided"]))
    def change_phase(self, phase):
        self._attempt(lambda: scoring.call_phase_change(
            call=self.world.call, phase=phase, by=self.world.officer, now=self.now))

    # --- decisions ---------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 2), approve=st.booleans(), override=st.booleans())
    def decide(self, index, approve, override):
        application = self._pick(self._applications(), index)
        stage = awards.decision_approve if approve else awards.decision_decline
        if self._attempt(lambda: stage(application=application, by=self.world.officer,
                                       override_reason="The panel agreed." if override else "", now=self.now)):
            decision = Decision.objects.get(application=application)
            call = Call.objects.get(pk=self.world.call.pk)
            assert decision.override_reason or shortfall(application=application, call=call) is None

    @rule()
    def release_decisions(self):
        call = self.world.call
        staged = list(Decision.objects.filter(application__call=call, released_at__isnull=True))
        if self._attempt(lambda: awards.decisions_release(call=call, by=self.world.officer, now=self.now)):
            call = Call.objects.get(pk=call.pk)
            for decision in Decision.objects.filter(pk__in=[d.pk for d in staged], released_at__isnull=False):
                assert decision.override_reason or shortfall(
                    application=decision.application, call=call) is None, decision

    # --- awards ---------------------------------------------------------------------------------------------

    def _terms(self, application, factor: Decimal) -> awards.AwardTerms:
        requested = award_selectors.requested_by_year(application=application)
        return awards.AwardTerms(
            start_date=application.start_date,
            end_date=application.end_date,
            years={y: (a * factor).quantize(Decimal("0.01")) for y, a in requested.items()},
            risk_level="medium",
            signing_name="Alex Martin",
            signing_title="Director",
            signing_email="alex@example.org",
            difference_reason_en="Less travel.",
            difference_reason_fr="Moins de déplacements.",
        )

    @rule(index=st.integers(0, 2), factor=st.sampled_from(FACTORS))
    def award(self, index, factor):
        application = self._pick(self._applications(), index)
        self._attempt(lambda: awards.award_create(
            application=application, by=self.world.officer, terms=self._terms(application, factor), now=self.now))

    @rule(index=st.integers(0, 2), factor=st.sampled_from(FACTORS))
    def amend(self, index, factor):
        award = self._pick(Award.objects.all(), index)
        if award:
            self._attempt(lambda: awards.award_amend(
                award=award, by=self.world.officer, reason="Adjusted.",
                terms=self._terms(award.application, factor), now=self.now))

    @rule(index=st.integers(0, 2))
    def accept_agreement(self, index):
        award = self._pick(Award.objects.all(), index)
        pending = award and award.agreements.filter(accepted_at__isnull=True, superseded_at__isnull=True).first()
        if pending:
            owner = self.world.owners[award.application_id]
            self._attempt(lambda: awards.agreement_accept(
                agreement=pending, by=owner, signer_name="Alex Martin", signer_title="Director", now=self.now))

    @rule(index=st.integers(0, 2), action=st.sampled_from(["suspend", "reinstate", "close"]))
    def award_status(self, index, action):
        award = self._pick(Award.objects.all(), index)
        if award:
            service = {"suspend": awards.award_suspend, "reinstate": awards.award_reinstate,
                       "close": awards.award_close}[action]
            self._attempt(lambda: service(award=award, by=self.world.officer, reason="Because.", now=self.now))

    @rule(index=st.integers(0, 2), which=st.sampled_from([0, 0, 1]), early=st.booleans())
    def release_payment(self, index, which, early):
        """Staff release an award's next scheduled payment (or the one after it, out of turn)."""
        award = self._pick(Award.objects.all(), index)
        payment = award and award.payments.filter(status=PaymentStatus.SCHEDULED).order_by("number")[which:].first()
        if payment:
            self._attempt(lambda: awards.payment_release(
                payment=payment, by=self.world.officer, early_reason="Needed now." if early else "", now=self.now))

    @rule()
    def release_due_payments(self):
        awards.payments_release_due(now=self.now)

    # --- reports --------------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 2), number=st.integers(1, 6))
    def file_report(self, index, number):
        award = self._pick(Award.objects.all(), index)
        period = award and award.reporting_periods.filter(number=number).first()
        if not period:
            return
        owner = self.world.owners[award.application_id]

        def file():
            report = reporting.report_start(period=period, by=owner)
            if report.is_editable:
                reporting.report_save_narrative(report=report, narratives={"awareness": "Workshops."}, by=owner)
                indicators = Indicator.objects.filter(fund=self.world.call.fund)
                reporting.report_save_indicators(report=report, values={i.pk: 3 for i in indicators}, by=owner)
                reporting.report_save_spending(
                    report=report, lines={line.category: (line.budget, "") for line in report.spending_lines.all()},
                    by=owner)
            reporting.report_submit(report=report, by=owner, now=self.now)

        self._attempt(file)

    @rule(index=st.integers(0, 10), accept=st.booleans())
    def decide_report(self, index, accept):
        report = self._pick(ProgressReport.objects.all(), index)
        if report:
            if accept:
                self._attempt(lambda: reporting.report_accept(report=report, by=self.world.officer, now=self.now))
            else:
                self._attempt(lambda: reporting.report_return(
                    report=report, by=self.world.officer, comments="More detail.", now=self.now))

    @rule(days=st.sampled_from([1, 10, 45, 120]))
    def time_passes(self, days: int):
        self.now += dt.timedelta(days=days)

    # --- invariants -----------------------------------------------------------------------------------------

    @invariant()
    def awards_stay_within_the_request_the_call_and_its_envelopes(self):
        call = Call.objects.get(pk=self.world.call.pk)
        for award in Award.objects.select_related("application"):
            years = dict(award.years.values_list("fiscal_year", "amount"))
            total = sum(years.values(), Decimal(0))
            requested = sum(award_selectors.requested_by_year(application=award.application).values(), Decimal(0))
            assert total <= requested and total <= call.max_request, (award, total, requested)
            if award.status != AwardStatus.CLOSED:
                assert all(amount > 0 for amount in years.values()), (award, years)
        committed = AwardYear.objects.filter(award__application__call=call)
        assert (committed.aggregate(total=Sum("amount"))["total"] or 0) <= call.envelope
        for limit in CallYearEnvelope.objects.filter(call=call):
            in_year = committed.filter(fiscal_year=limit.fiscal_year).aggregate(total=Sum("amount"))["total"] or 0
            assert in_year <= limit.amount, (limit, in_year)

    @invariant()
    def paid_never_exceeds_awarded(self):
        for award in Award.objects.all():
            released = award.payments.filter(status=PaymentStatus.RELEASED)
            for year, amount in award.years.values_list("fiscal_year", "amount"):
                paid = released.filter(fiscal_year=year).aggregate(total=Sum("amount"))["total"] or 0
                assert paid <= amount, (award, year, paid, amount)
            paid = released.aggregate(total=Sum("amount"))["total"] or 0
            assert paid <= (award.years.aggregate(total=Sum("amount"))["total"] or 0)

    @invariant()
    def every_released_payment_had_its_condition_met(self):
        payment_type = ContentType.objects.get_for_model(Payment)
        for payment in Payment.objects.filter(status=PaymentStatus.RELEASED).select_related("report_period"):
            award = payment.award
            accepted = award.agreements.filter(accepted_at__isnull=False).order_by("accepted_at").first()
            assert accepted and accepted.accepted_at <= payment.released_at, payment
            earlier = award.payments.filter(number__lt=payment.number).exclude(status=PaymentStatus.CANCELLED)
            assert all(p.status == PaymentStatus.RELEASED and p.released_at <= payment.released_at
                       for p in earlier), payment
            if payment.condition == PaymentCondition.REPORT_ACCEPTED:
                accepted_at = payment.report_period.report_accepted_at
                assert accepted_at and accepted_at <= payment.released_at, payment
            if local(payment.released_at).date() < payment.due_date:
                entry = AuditEntry.objects.get(
                    content_type=payment_type, object_id=str(payment.pk), action="payment.released")
                assert entry.details.get("early_reason"), payment

    @invariant()
    def no_decision_without_screening_and_reviews_unless_overridden(self):
        required = Call.objects.values_list("reviewers_per_application", flat=True).get(pk=self.world.call.pk)
        for decision in Decision.objects.filter(released_at__isnull=False, override_reason=""):
            assert Screening.objects.filter(
                application=decision.application_id, decision="eligible", released_at__isnull=False).exists()
            # The reviews were counted when the decision was staged and released (the rules above check it); they
            # may be reopened since, but they stay on record.
            assert Review.objects.filter(assignment__application=decision.application_id).count() >= required

    @invariant()
    def every_change_of_state_wrote_one_audit_entry_naming_both_states(self):
        states = self._states()
        entries = list(AuditEntry.objects.filter(id__gt=self.last_entry).values_list(
            "content_type_id", "object_id", "from_state", "to_state"))
        for key, new in states.items():
            old = self.states.get(key)
            if old is None or old == new:
                continue
            model, pk, _field = key
            ct = ContentType.objects.get_for_model(model).pk
            matching = [e for e in entries if e == (ct, str(pk), old, new)]
            assert len(matching) == 1, (key, old, new, entries)
        self.states = states
        self.last_entry = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    @invariant()
    def submitted_snapshots_never_change(self):
        for pk, snapshot, status in self._applications().values_list("pk", "snapshot", "status"):
            if status != "draft" and pk in self.snapshots:
                assert snapshot == self.snapshots[pk], pk


@pytest.mark.django_db
def test_public_money_holds_whatever_the_order_of_events(settings_fast_passwords):
    PublicMoney.world = World()
    PublicMoney.reached = Counter()
    run_state_machine_as_test(
        PublicMoney,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            database=None,
        ),
    )
    # The run reached the money, not only refusals.
    reached = PublicMoney.reached
    print(f"public money: {dict(reached)}")  # shown with -s: how far the examples went
    assert reached["awards"] and reached["payments released"], reached


@pytest.fixture
def settings_fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
