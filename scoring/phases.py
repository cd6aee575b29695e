"""The review switchboard: what each role may do now in a call, decided by its review phase.

Views, templates, services and tests all ask `switchboard(call)`; nothing else looks at
`call.review_phase` to decide what a reviewer or staff may do. Services ask `switchboard_for_update(call_id)`,
which reads the phase from the call's row locked for their transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from grants.applications.enums import ReviewPhase
from grants.applications.models import Call
from scoring.enums import OtherReviews
from scoring.models import ReviewerPool


@dataclass(frozen=True)
class PhaseRules:
    reviewers_may_declare: bool
    reviewers_may_score: bool
    # "never", "after_own", or None for the call's own setting (ReviewerPool.other_reviews_while_reviewing)
    other_reviews: str | None
    staff_may_screen: bool
    staff_may_assign: bool
    staff_may_moderate: bool
    staff_may_change_states: bool
    summary: str


PHASES: dict[str, PhaseRules] = {
    ReviewPhase.SCREENING: PhaseRules(
        reviewers_may_declare=True,
        reviewers_may_score=False,
        other_reviews=OtherReviews.NEVER,
        staff_may_screen=True,
        staff_may_assign=True,
        staff_may_moderate=False,
        staff_may_change_states=True,
        summary=_(
            "Staff screen eligibility and assign reviewers. Reviewers may declare conflicts "
            "but not score yet."
        ),
    ),
    ReviewPhase.REVIEWING: PhaseRules(
        reviewers_may_declare=True,
        reviewers_may_score=True,
        other_reviews=None,
        staff_may_screen=True,
        staff_may_assign=True,
        staff_may_moderate=False,
        staff_may_change_states=True,
        summary=_("Reviewers declare conflicts and score. Staff may still screen and rebalance assignments."),
    ),
    ReviewPhase.MODERATION: PhaseRules(
        reviewers_may_declare=False,
        reviewers_may_score=False,
        other_reviews=OtherReviews.AFTER_OWN,
        staff_may_screen=False,
        staff_may_assign=False,
        staff_may_moderate=True,
        staff_may_change_states=True,
        summary=_(
            "Scoring is closed. The panel may record consensus scores; reviewers who submitted "
            "see the other reviews."
        ),
    ),
    ReviewPhase.DECIDED: PhaseRules(
        reviewers_may_declare=False,
        reviewers_may_score=False,
        other_reviews=OtherReviews.AFTER_OWN,
        staff_may_screen=False,
        staff_may_assign=False,
        staff_may_moderate=False,
        staff_may_change_states=False,
        summary=_("The ranking is final. Nothing in the review can change."),
    ),
}


@dataclass(frozen=True)
class Switchboard:
    call: Call
    phase: str
    rules: PhaseRules
    other_reviews: str

    @property
    def phase_label(self) -> str:
        return ReviewPhase(self.phase).label

    @property
    def blind(self) -> bool:
        return self.call.blind_review

    @property
    def reviewers_may_declare(self) -> bool:
        return self.rules.reviewers_may_declare

    @property
    def reviewers_may_score(self) -> bool:
        return self.rules.reviewers_may_score

    @property
    def reviewers_see_identity(self) -> bool:
        """Blind review hides the applicant from reviewers in every phase; staff always see it."""
        return not self.call.blind_review

    def may_see_other_reviews(self, *, own_submitted: bool) -> bool:
        return self.other_reviews == OtherReviews.AFTER_OWN and own_submitted

    @property
    def staff_may_screen(self) -> bool:
        return self.rules.staff_may_screen

    @property
    def staff_may_assign(self) -> bool:
        return self.rules.staff_may_assign

    @property
    def staff_may_moderate(self) -> bool:
        return self.rules.staff_may_moderate

    @property
    def staff_may_change_states(self) -> bool:
        return self.rules.staff_may_change_states

    @property
    def summary(self) -> str:
        return self.rules.summary


def switchboard(call: Call, pool: ReviewerPool | None = None) -> Switchboard:
    """The rules in force for `call` now. Pass its pool when already loaded to save a query."""
    rules = PHASES[call.review_phase]
    other = rules.other_reviews
    if other is None:
        if pool is None:
            pool = ReviewerPool.objects.filter(call=call).only("other_reviews_while_reviewing").first()
        other = pool.other_reviews_while_reviewing if pool else OtherReviews.NEVER
    return Switchboard(call=call, phase=call.review_phase, rules=rules, other_reviews=other)


def switchboard_for_update(call_id: int) -> Switchboard:
    """The rules in force, read from the call's row locked until the caller's transaction ends.

    A phase change (which locks the same row) then waits for the caller to commit, so what the caller checked
    still holds when it writes. A service that locks the call does it first, before the pool, assignment,
    rubric or review it changes, so that two services never wait for each other; the same lock serializes the
    review's changes within one call. FOR NO KEY UPDATE, not FOR UPDATE: rows that merely point at the call (an
    applicant's new application) need not wait.
    """
    call = Call.objects.select_for_update(no_key=True).get(pk=call_id)
    return switchboard(call)
