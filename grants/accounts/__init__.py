"""Signing in: allauth's forms with the portal's fields (forms.py), MFA required of staff and reviewers with
secrets encrypted at rest (mfa.py), the sign-in backend that reads no permission table (backends.py), the
back office's authenticator reset (admin.py, services.py, rules.py) and the demo's shared authenticator
(demo.py, management/commands/demo_totp.py)."""
