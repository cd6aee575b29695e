"""Every view checks one named permission (a `rules` predicate declared beside its model)."""

from django.core.exceptions import PermissionDenied


def check(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied
