"""An application's own pages: what was submitted, submitting, withdrawing, the PDF, and staff reopening it or
extending its deadline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.applications import selectors, services
from grants.applications.enums import CallStatus
from grants.applications.forms import ExtensionForm, ReopenForm, WithdrawForm
from grants.applications.models import Application
from grants.applications.pdf import application_pdf as build_pdf
from grants.applications.wizard import DONE_STEP, snapshot_budget_rows
from grants.documents.selectors import document_history
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.responses import private_file
from grants.kernel.timeutils import format_local
from grants.kernel.views import service_errors


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "snapshot": application.snapshot,
            "budget_lines": snapshot_budget_rows(application.snapshot),
            "can_edit": request.user.has_perm("grants.edit_application", application),
            "can_withdraw": request.user.has_perm("grants.withdraw_application", application),
            "can_reopen": request.user.has_perm("grants.reopen_application", application)
            and application.status == Application.Status.SUBMITTED,
            "can_extend": request.user.has_perm("grants.extend_deadline", application) and application.is_editable
            and application.call.status in CallStatus.INTAKE,
            "extension": application.extensions.first() if application.deadline_extended_to else None,
            "requested_total": selectors.requested_total(application=application),
            "document_history": document_history(owner=application)
            if request.user.has_perm("grants.view_document_history", application) else None,
        },
    )


def review_page(request, pk: int) -> str:
    """Where a refused submission goes: the review page, which lists what is missing."""
    return reverse("grants:application_wizard_step", kwargs={"pk": pk, "step": DONE_STEP})


@login_required
@require_POST
@service_errors(review_page)
def application_submit(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund"), pk=pk)
    check(request.user, "grants.view_application", application)
    check(request.user, "grants.submit_application", application)
    services.application_submit(application=application, by=request.user)
    return redirect("grants:application_submitted", pk=pk)


@login_required
def application_submitted(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    if application.is_editable:
        return redirect("grants:application_wizard", pk=pk)
    return render(request, "grants/application_submitted.html", {"application": application})


@login_required
@service_errors("grants:application_detail")
def application_withdraw(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    check(request.user, "grants.withdraw_application", application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.application_withdraw(application=application, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The application is withdrawn."))
        return redirect("grants:application_detail", pk=pk)
    return render(request, "grants/application_withdraw.html", {"application": application, "form": form})


@login_required
def application_pdf(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    if not application.snapshot:
        raise Http404(_("Nothing has been submitted yet."))
    response = HttpResponse(build_pdf(application=application), content_type="application/pdf")
    return private_file(response, filename=f"{application.reference}.pdf")


@login_required
def application_reopen(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.reopen_application", application)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_reopen(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:  # shown above the form, the reason kept as typed
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(ref)s is open for edits again; its members were told why.") % {"ref": application.reference},
            )
            return redirect("grants:application_detail", pk=pk)
    return render(request, "grants/application_reopen.html", {"application": application, "form": form})


@login_required
def application_extend(request, pk: int):
    """Staff give one draft application more time, with a reason its members read."""
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.extend_deadline", application)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension = services.deadline_extend(application=application, by=request.user, **form.cleaned_data)
        except ServiceError as error:  # shown above the form, as typed
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The deadline of this application is now %(time)s; its members were told.")
                             % {"time": format_local(extension.deadline)})
            return redirect("grants:application_detail", pk=pk)
    return render(request, "grants/application_extend.html", {"application": application, "form": form})
