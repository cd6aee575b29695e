"""Call set-up pages for staff: list, create and edit calls, their rubric and fiscal-year envelopes, publish.
Thin: one named permission, a form to validate, a service to write; a refusal is shown on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.applications import services as applications
from grants.applications.models import Call
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.views import service_errors
from grants.setup import selectors, services
from grants.setup.forms import CallForm, CriterionForm, YearEnvelopeForm
from scoring.models import Criterion

PERMISSION = "setup.manage_calls"
PAGE_SIZE = 25


@login_required
def call_list(request):
    check(request.user, PERMISSION)
    page = Paginator(selectors.calls_for_setup(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grants/setup/call_list.html", {"page": page})


@login_required
def call_create(request):
    check(request.user, PERMISSION)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = services.call_create(by=request.user, data=form.values())
        messages.success(request, _("The call is saved as a draft. Publish it once nothing is missing."))
        return redirect("setup:call_detail", pk=call.pk)
    return render(request, "grants/setup/call_form.html", {"form": form})


@login_required
def call_detail(request, pk: int):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call.objects.select_related("fund"), pk=pk)
    return render(
        request,
        "grants/setup/call_detail.html",
        {
            "call": call,
            "problems": selectors.call_problems(call=call) if call.status == Call.Status.DRAFT else [],
            "rubric": selectors.rubric_of(call=call),
            "criteria": selectors.rubric_criteria(call=call),
            "year_envelopes": selectors.year_envelopes(call=call),
            "document_types": call.required_document_types.all(),
            "fixed": services.fixed_fields(call),
        },
    )


@login_required
def call_edit(request, pk: int):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call, pk=pk)
    form = CallForm(request.POST or None, instance=call, fixed=services.fixed_fields(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(call_id=pk, by=request.user, data=form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("setup:call_detail", pk=pk)
    return render(request, "grants/setup/call_form.html", {"form": form, "call": get_object_or_404(Call, pk=pk)})


@login_required
@require_POST
def call_publish(request, pk: int):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call, pk=pk)
    try:
        services.call_publish(call_id=call.pk, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        for problem in error.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("The call is published: applicants can apply from its opening time."))
    return redirect("setup:call_detail", pk=pk)


@login_required
@require_POST
@service_errors("setup:call_detail")
def call_close_intake(request, pk: int):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call, pk=pk)
    applications.call_close_intake(call=call, by=request.user)
    messages.success(request, _("The call no longer takes applications."))
    return redirect("setup:call_detail", pk=pk)


@login_required
def criterion_edit(request, pk: int, criterion: int | None = None):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call, pk=pk)
    instance = get_object_or_404(Criterion, pk=criterion, rubric__call=call) if criterion else None
    form = CriterionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(call_id=pk, by=request.user, data=form.values(), criterion_id=criterion)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("setup:call_detail", pk=pk)
    return render(request, "grants/setup/criterion_form.html", {"form": form, "call": call, "criterion": instance})


@login_required
@require_POST
@service_errors("setup:call_detail")
def criterion_remove(request, pk: int, criterion: int):
    check(request.user, PERMISSION)
    get_object_or_404(Criterion, pk=criterion, rubric__call_id=pk)
    services.criterion_remove(call_id=pk, by=request.user, criterion_id=criterion)
    messages.success(request, _("The criterion is removed from the rubric."))
    return redirect("setup:call_detail", pk=pk)


@login_required
def year_envelope_set(request, pk: int):
    check(request.user, PERMISSION)
    call = get_object_or_404(Call, pk=pk)
    form = YearEnvelopeForm(request.POST or None, initial={"fiscal_year": request.GET.get("year")})
    if request.method == "POST" and form.is_valid():
        try:
            services.year_envelope_set(call_id=pk, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The fiscal-year envelope is saved."))
            return redirect("setup:call_detail", pk=pk)
    return render(request, "grants/setup/envelope_form.html", {"form": form, "call": call})


@login_required
@require_POST
@service_errors("setup:call_detail")
def year_envelope_remove(request, pk: int, year: int):
    check(request.user, PERMISSION)
    get_object_or_404(Call, pk=pk)
    services.year_envelope_remove(call_id=pk, by=request.user, fiscal_year=year)
    messages.success(request, _("The fiscal-year limit is removed: the call's envelope alone applies."))
    return redirect("setup:call_detail", pk=pk)
