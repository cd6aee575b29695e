"""Sign-in without Django's permission tables.

Every permission in this portal is a `rules` predicate (each app's rules.py), so Django's model permissions are
never granted. allauth's backend inherits ModelBackend's permission lookups, which would still read those empty
tables on every page that asks `perms` (two queries per signed-in page); this one only signs people in.
"""

from allauth.account.auth_backends import AuthenticationBackend


class EmailAuthenticationBackend(AuthenticationBackend):
    def get_user_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
