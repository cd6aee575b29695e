"""Who may do what with progress reports and the portfolio, as predicates."""

import rules

from grants.kernel.rules import is_program_officer
from grants.organizations.rules import is_member, is_owner


@rules.predicate
def is_report_member(user, report) -> bool:
    return report is not None and is_member(user, report.award.application.organization)


@rules.predicate
def is_period_member(user, period) -> bool:
    return period is not None and is_member(user, period.award.application.organization)


@rules.predicate
def is_report_editable(user, report) -> bool:
    return report is not None and report.is_editable


rules.add_perm("reporting.view_reports_due", rules.is_authenticated)
rules.add_perm("reporting.start_report", is_period_member)
rules.add_perm("reporting.view_report", is_report_member | is_program_officer)
rules.add_perm("reporting.edit_report", is_report_member & is_report_editable)
rules.add_perm("reporting.review_report", is_program_officer)
rules.add_perm("reporting.request_report", is_program_officer)
rules.add_perm("reporting.view_portfolio", is_program_officer)
rules.add_perm("reporting.download_archive", is_owner)

# Back office: program officers configure each fund's indicators (reporting/admin.py).
rules.add_perm("reporting", is_program_officer)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"reporting.{action}_indicator", is_program_officer)
