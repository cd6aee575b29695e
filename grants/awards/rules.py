"""Who may do what with decisions, awards and payments, as predicates.

Staff decide, award, amend, suspend, close and release payments; an organization's members see their award
(visible only once the approval is released); an owner, as the signing authority, accepts its agreement.
"""

import rules

from grants.applications.enums import ApplicationStatus
from grants.kernel.rules import is_program_officer
from grants.organizations.rules import member_of_owner


@rules.predicate
def is_award_released(user, award) -> bool:
    return award is not None and award.application.status == ApplicationStatus.APPROVED


is_award_member = member_of_owner("application.organization")
is_award_owner = member_of_owner("application.organization", owner=True)

rules.add_perm("grants.decide_application", is_program_officer)
rules.add_perm("grants.release_decisions", is_program_officer)
rules.add_perm("grants.create_award", is_program_officer)
rules.add_perm("grants.view_award", (is_award_member & is_award_released) | is_program_officer)
rules.add_perm("grants.view_own_awards", rules.is_authenticated)  # the list shows the person's organizations' only
rules.add_perm("grants.accept_agreement", is_award_owner & is_award_released)
rules.add_perm("grants.amend_award", is_program_officer)
rules.add_perm("grants.suspend_award", is_program_officer)
rules.add_perm("grants.close_award", is_program_officer)
rules.add_perm("grants.release_payment", is_program_officer)
rules.add_perm("grants.track_awards", is_program_officer)

# Back office: staff edit the reason templates and fiscal-year envelopes; awards change only through services.
rules.add_perm("awards", is_program_officer)
for model in ("decisionreasontemplate", "callyearenvelope"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"awards.{action}_{model}", is_program_officer)
for model in ("award", "decision", "awardyear", "agreement", "reportingperiod", "payment", "amendment"):
    rules.add_perm(f"awards.view_{model}", is_program_officer)
