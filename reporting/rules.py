"""Who may do what with progress reports and the portfolio, as predicates."""

import rules

from grants.kernel.rules import is_program_officer
from grants.organizations.rules import is_owner, member_of_owner

# A member of the organization a report (or a reporting period) belongs to, through its award.
is_member_via_award = member_of_owner("award.application.organization")


@rules.predicate
def is_report_editable(user, report) -> bool:
    return report is not None and report.is_editable


rules.add_perm("reporting.view_reports_due", rules.is_authenticated)
rules.add_perm("reporting.start_report", is_member_via_award)
rules.add_perm("reporting.view_report", is_member_via_award | is_program_officer)
rules.add_perm("reporting.edit_report", is_member_via_award & is_report_editable)
rules.add_perm("reporting.review_report", is_program_officer)
rules.add_perm("reporting.request_report", is_program_officer)
rules.add_perm("reporting.view_portfolio", is_program_officer)
rules.add_perm("reporting.download_archive", is_owner)

# Back office: program officers configure each fund's indicators (reporting/admin.py).
rules.add_perm("reporting", is_program_officer)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"reporting.{action}_indicator", is_program_officer)
