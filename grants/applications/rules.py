"""Who may do what with calls and applications, as predicates."""

import rules

from grants.kernel.rules import is_program_officer
from grants.organizations.rules import member_of_owner


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.is_editable


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.is_withdrawable


is_application_member = member_of_owner("organization")

rules.add_perm("grants.view_application", is_application_member | is_program_officer)
rules.add_perm("grants.edit_application", is_application_member & is_editable)
rules.add_perm("grants.submit_application", is_application_member & is_editable)
rules.add_perm("grants.withdraw_application", is_application_member & is_withdrawable)
rules.add_perm("grants.reopen_application", is_program_officer)
rules.add_perm("grants.extend_deadline", is_program_officer)

# Back office: program officers configure funds and calls.
rules.add_perm("applications", is_program_officer)
for model in ("fund", "call", "application"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"applications.{action}_{model}", is_program_officer)
rules.add_perm("applications.delete_call", is_program_officer)
