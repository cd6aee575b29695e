"""The role predicates every app's permissions build on; the audit log is read by program officers."""

import rules

from grants.kernel.roles import Role


@rules.predicate
def is_program_officer(user) -> bool:
    return user.is_authenticated and (user.has_role(Role.PROGRAM_OFFICER) or user.has_role(Role.ADMINISTRATOR))


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR)


@rules.predicate
def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.REVIEWER)


rules.add_perm("kernel", is_program_officer)
rules.add_perm("kernel.view_auditentry", is_program_officer)
