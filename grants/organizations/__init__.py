"""People and organizations (app label `grants`): the user model, organizations, memberships, invitations and
the reference lists (pillars, populations, regions).

models.py (fields, constraints, validators), services.py (writes), selectors.py (reads), rules.py (permissions,
and member_of_owner(): the one "member of the organization that owns this object" predicate factory),
forms.py (validation only), views.py and urls.py, notifications.py (invitations), admin.py (back office),
context_processors.py (the organization in use, for the header).
"""
