"""Reads for progress reporting, querysets with the related rows their pages need, by sub-domain:

- reports.py: what an organization owes and what it filed, a report for its page, staff's review queue;
- portfolio.py: the staff portfolio, its exports' rows and its overdue reports.

Callers use `from reporting import selectors; selectors.portfolio(...)`.
"""

from reporting.selectors.portfolio import (
    MoneyRow,
    PortfolioFilters,
    awards_for_export,
    outcomes_by_region,
    overdue_periods,
    payments_for_export,
    portfolio,
    portfolio_awards,
    portfolio_labels,
    scope,
)
from reporting.selectors.reports import (
    DueReport,
    indicators_for,
    narrative_pillars,
    report_for_page,
    reports_accepted_for,
    reports_due_for,
    reports_for_review,
    reports_of_organization,
)

__all__ = [
    "DueReport",
    "MoneyRow",
    "PortfolioFilters",
    "awards_for_export",
    "indicators_for",
    "narrative_pillars",
    "outcomes_by_region",
    "overdue_periods",
    "payments_for_export",
    "portfolio",
    "portfolio_awards",
    "portfolio_labels",
    "report_for_page",
    "reports_accepted_for",
    "reports_due_for",
    "reports_for_review",
    "reports_of_organization",
    "scope",
]
