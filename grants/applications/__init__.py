"""Funds, calls for proposals and applications, and the application wizard.

models.py       Fund, Call, Application, ApplicationStep, BudgetLine, ReferenceSequence
enums.py        the statuses of calls and applications and their groups
lifecycle.py    the only writer of a call's status and review phase
services.py     writes: start, save a step, submit, withdraw, reopen
selectors.py    reads with the annotations their pages need
wizard.py       the steps read back from their saved answers: problems, snapshot (shared by review and submit)
forms.py        the wizard's step forms and staff's reopen form (validation only)
storage.py      the wizard's storage: the application's saved steps, not the session
documents.py    applications as owners of documents (registered in apps.py)
views/          calls, dashboard, wizard, application pages; urls.py
rules.py, admin.py, notifications.py, pdf.py, demo.py (complete answers for the demo and the tests)
"""
