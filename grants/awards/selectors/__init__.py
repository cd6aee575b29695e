"""Reads for decisions, awards and payments: querysets annotated so that a page costs a fixed number of
queries, and the plain values the services and pages start from. One module per sub-domain; callers import from
here."""

from grants.awards.selectors.awards import (  # noqa: F401
    AwardPosition,
    Envelope,
    YearPosition,
    award_defaults,
    award_for_page,
    award_history,
    award_position,
    calls_after_intake,
    envelope_of,
)
from grants.awards.selectors.base import (  # noqa: F401
    AMOUNT,
    MAX_ORDER,
    ZERO,
    _count,
    award_total,
    requested_by_year,
)
from grants.awards.selectors.decisions import (  # noqa: F401
    DecisionCounts,
    applications_approved_without_award,
    applications_with_staged_decisions,
    calls_for_decisions,
    decidable_applications,
    decision_counts,
    decisions_released_to_member,
    parse_order,
    reason_templates_for_script,
)
from grants.awards.selectors.tracking import (  # noqa: F401
    FLAG_CONDITIONS,
    _next_payment,
    _next_report,
    _tracked,
    awards_for_tracking,
    awards_of_member,
    awards_of_organization,
    payments_of_organization,
    tracking_flag_counts,
    tracking_totals,
)
