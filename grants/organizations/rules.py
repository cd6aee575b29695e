"""Who may do what with organizations, as predicates, and the membership predicate factory every app builds on.
Every view checks one named permission."""

from __future__ import annotations

import operator
from functools import reduce

import rules

from grants.kernel.rules import is_administrator, is_program_officer
from grants.organizations.models import Membership


def membership_role(user, organization_id: int | None) -> str | None:
    """The person's role in the organization (owner, editor) or None; remembered for the request's user."""
    if not user.is_authenticated or organization_id is None:
        return None
    cache = user.__dict__.setdefault("_membership_roles", {})
    if organization_id not in cache:
        cache[organization_id] = (
            Membership.objects.filter(user=user, organization_id=organization_id)
            .values_list("role", flat=True).first()
        )
    return cache[organization_id]


def _organization_id(obj, path: str) -> int | None:
    """The id of the organization `obj` belongs to, following `path` ("application.organization"; "" for an
    organization itself)."""
    if obj is None:
        return None
    if not path:
        return obj.pk
    *hops, last = path.split(".")
    owner = reduce(lambda o, hop: getattr(o, hop) if o is not None else None, hops, obj)
    return getattr(owner, f"{last}_id", None) if owner is not None else None


def member_of_owner(path: str, *, owner: bool = False):
    """A predicate: the person is a member (or, with owner=True, an owner) of the organization the object
    belongs to. `path` leads from the object to its organization, e.g. "application.organization"."""
    wanted = operator.eq if owner else operator.is_not

    @rules.predicate(name=f"{'owner' if owner else 'member'}_of:{path or 'organization'}")
    def predicate(user, obj) -> bool:
        role = membership_role(user, _organization_id(obj, path))
        return wanted(role, Membership.Role.OWNER if owner else None)

    return predicate


is_member = member_of_owner("")
is_owner = member_of_owner("", owner=True)

rules.add_perm("grants.view_organization", is_member | is_program_officer)
rules.add_perm("grants.change_organization", is_owner)
rules.add_perm("grants.manage_members", is_owner)
# What the public directory and open data show about the organization, and the consent to publish (OCAP):
# its owners decide.
rules.add_perm("grants.change_publication", is_owner)

# Back office (Django admin): program officers keep the reference lists; administrators also manage users and
# roles. The app labels are the admin's module permissions.
rules.add_perm("grants", is_program_officer)
rules.add_perm("auth", is_administrator)
for model in ("pillar", "population", "region", "organization", "membership", "invitation"):
    for action in ("view", "add", "change"):
        if not rules.perm_exists(f"grants.{action}_{model}"):  # view/change_organization: declared above
            rules.add_perm(f"grants.{action}_{model}", is_program_officer)
for action in ("view", "add", "change"):
    rules.add_perm(f"grants.{action}_user", is_administrator)
    rules.add_perm(f"auth.{action}_group", is_administrator)
