"""Thin views: check one named permission, call a selector or a service, render. Refusals of POST actions go
through grants.kernel.views.service_errors; a form page that refuses re-renders with the input kept.

calls.py         the home page, the list of calls, a call's page and its anonymous eligibility check
wizard.py        starting an application, its steps and its review page
applications.py  an application's page, submit, withdraw, the PDF, staff reopening and extending
"""

from grants.applications.views.applications import (
    application_detail,
    application_extend,
    application_pdf,
    application_reopen,
    application_submit,
    application_submitted,
    application_withdraw,
)
from grants.applications.views.calls import call_detail, call_eligibility, call_list, home
from grants.applications.views.wizard import ApplicationWizard, application_start

__all__ = [
    "ApplicationWizard",
    "application_detail",
    "application_extend",
    "application_pdf",
    "application_reopen",
    "application_start",
    "application_submit",
    "application_submitted",
    "application_withdraw",
    "call_detail",
    "call_eligibility",
    "call_list",
    "home",
]
