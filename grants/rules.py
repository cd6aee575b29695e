"""Who may do what, as predicates. Every view checks one named permission."""

import rules

from grants.models import Application, Membership, Role


@rules.predicate
def is_program_officer(user) -> bool:
    return user.is_authenticated and (user.has_role(Role.PROGRAM_OFFICER) or user.has_role(Role.ADMINISTRATOR))


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR)


@rules.predicate
def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.REVIEWER)


def _membership_role(user, organization):
    if not user.is_authenticated or organization is None:
        return None
    cache = user.__dict__.setdefault("_membership_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True).first()
        )
    return cache[organization.pk]


@rules.predicate
def is_member(user, organization) -> bool:
    return _membership_role(user, organization) is not None


@rules.predicate
def is_owner(user, organization) -> bool:
    return _membership_role(user, organization) == Membership.Role.OWNER


@rules.predicate
def is_application_member(user, application) -> bool:
    return application is not None and _membership_role(user, application.organization) is not None


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.status == Application.Status.DRAFT


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.is_withdrawable


rules.add_perm("grants.view_organization", is_member | is_program_officer)
rules.add_perm("grants.change_organization", is_owner)
rules.add_perm("grants.manage_members", is_owner)

rules.add_perm("grants.view_application", is_application_member | is_program_officer)
rules.add_perm("grants.edit_application", is_application_member & is_editable)
rules.add_perm("grants.submit_application", is_application_member & is_editable)
rules.add_perm("grants.withdraw_application", is_application_member & is_withdrawable)
rules.add_perm("grants.reopen_application", is_program_officer)


@rules.predicate
def is_document_member(user, document) -> bool:
    return document is not None and _membership_role(user, document.organization) is not None


# The object is the Document. scoring/rules.py widens this with assigned, non-conflicted reviewers.
rules.add_perm("grants.view_document", is_document_member | is_program_officer)
# Replaced and removed versions of an application's documents.
rules.add_perm("grants.view_document_history", is_program_officer)

# Back office (Django admin): program officers configure funds, calls and reference lists;
# administrators also manage users and roles. The app labels are the admin's module permissions.
rules.add_perm("grants", is_program_officer)
rules.add_perm("auth", is_administrator)
for model in ("fund", "call", "pillar", "population", "region", "documenttype", "organization",
              "membership", "invitation", "application"):
    for action in ("view", "add", "change"):
        if not rules.perm_exists(f"grants.{action}_{model}"):
            rules.add_perm(f"grants.{action}_{model}", is_program_officer)
rules.add_perm("grants.delete_call", is_program_officer)
rules.add_perm("grants.view_auditentry", is_program_officer)
for action in ("view", "add", "change"):
    rules.add_perm(f"grants.{action}_user", is_administrator)
    rules.add_perm(f"auth.{action}_group", is_administrator)
# Administrators help someone who lost both phone and recovery codes: they see who has which authenticator
# (never its secret) and remove one, so that its owner sets up a new one (grants/admin.py).
rules.add_perm("mfa", is_administrator)
rules.add_perm("mfa.view_authenticator", is_administrator)
rules.add_perm("mfa.delete_authenticator", is_administrator)

# Decisions, awards and payments (issue 5). Staff decide, award, amend, suspend, close and release payments;
# an organization's members see their award (it exists only once the approval is released); an owner,
# as the signing authority, accepts its agreement.


@rules.predicate
def is_award_member(user, award) -> bool:
    return award is not None and _membership_role(user, award.application.organization) is not None


@rules.predicate
def is_award_owner(user, award) -> bool:
    return award is not None and _membership_role(user, award.application.organization) == Membership.Role.OWNER


@rules.predicate
def is_award_released(user, award) -> bool:
    return award is not None and award.application.status == Application.Status.APPROVED


rules.add_perm("grants.decide_application", is_program_officer)
rules.add_perm("grants.release_decisions", is_program_officer)
rules.add_perm("grants.create_award", is_program_officer)
rules.add_perm("grants.view_award", (is_award_member & is_award_released) | is_program_officer)
rules.add_perm("grants.accept_agreement", is_award_owner & is_award_released)
rules.add_perm("grants.amend_award", is_program_officer)
rules.add_perm("grants.suspend_award", is_program_officer)
rules.add_perm("grants.close_award", is_program_officer)
rules.add_perm("grants.release_payment", is_program_officer)
rules.add_perm("grants.track_awards", is_program_officer)
# Back office: staff edit the reason templates and fiscal-year envelopes; awards change only through services.
for model in ("decisionreasontemplate", "callyearenvelope"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"grants.{action}_{model}", is_program_officer)
# (grants.view_award above already answers the admin: without an award, only staff.)
for model in ("decision", "awardyear", "agreement", "reportingperiod", "payment", "amendment"):
    rules.add_perm(f"grants.view_{model}", is_program_officer)
