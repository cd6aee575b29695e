"""The review switchboard: what each role may do now in a call, decided by its review phase.

Views, templates, services and tests all ask `switchboard(call)`; nothing else looks at
`call.review_phase` to decide what a reviewer or staff may do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from grants.applications.models import Call
from scoring.models import OtherReviews, ReviewerPool

Phase = Call.ReviewPhase


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
    Phase.SCREENING: PhaseRules(
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
    Phase.REVIEWING: PhaseRules(
        reviewers_may_declare=True,
        reviewers_may_score=True,
        other_reviews=None,
        staff_may_screen=True,
        staff_may_assign=True,
        staff_may_moderate=False,
        staff_may_change_states=True,
        summary=_("Reviewers declare conflicts and score. Staff may still screen and rebalance assignments."),
    ),
    Phase.MODERATION: PhaseRules(
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
    Phase.DECIDED: PhaseRules(
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
        return Phase(self.phase).label

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
