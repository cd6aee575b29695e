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

# The task queue's results, in the back office: administrators see what failed, with its error, and re-run it.
rules.add_perm("django_tasks_database", is_administrator)
rules.add_perm("django_tasks_database.view_dbtaskresult", is_administrator)
rules.add_perm("kernel.rerun_task", is_administrator)
