"""Administrators help someone who lost both phone and recovery codes: they see who has which authenticator
(never its secret) and remove one, so that its owner sets up a new one (grants/accounts/admin.py)."""

import rules

from grants.kernel.rules import is_administrator

rules.add_perm("mfa", is_administrator)
rules.add_perm("mfa.view_authenticator", is_administrator)
rules.add_perm("mfa.delete_authenticator", is_administrator)
