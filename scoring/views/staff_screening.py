"""Staff's screening pages: the call's submitted applications with their decisions, one decision, and the
release of the decisions to the applicants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.applications.models import Application
from grants.applications.wizard import snapshot_budget_rows
from grants.kernel.errors import ServiceError
from grants.kernel.views import safe_next, service_errors
from scoring import selectors, services
from scoring.forms import ScreeningForm
from scoring.phases import switchboard
from scoring.views.common import PER_PAGE, staff_call


@login_required
def screening_list(request, slug: str):
    call = staff_call(request, slug)
    page = Paginator(selectors.screening_rows(call=call), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "scoring/staff/screening_list.html",
        {
            "call": call,
            "page": page,
            "counts": selectors.screening_counts(call=call),
            "board": switchboard(call),
        },
    )


@login_required
def screening_decide(request, slug: str, pk: int):
    call = staff_call(request, slug)
    try:
        application = selectors.application_for_staff(call=call, pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    existing = getattr(application, "screening", None)
    form = ScreeningForm(
        request.POST or None,
        initial={"decision": existing.decision, "reason": existing.reason} if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_decide(
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(ref)s is screened %(decision)s. The applicant sees nothing until you release "
                    "the decisions."
                )
                % {"ref": application.reference, "decision": form.cleaned_data["decision"]},
            )
            # Back to the page the form was on (same site only), else to the list.
            return redirect(
                safe_next(request, request.POST.get("next"), reverse("scoring:screening_list", args=[slug]))
            )
    return render(
        request,
        "scoring/staff/screening_decide.html",
        {
            "call": call,
            "application": application,
            "form": form,
            "snapshot": application.snapshot,
            "budget_lines": snapshot_budget_rows(application.snapshot),
            "screening": existing,
        },
    )


@login_required
@require_POST
@service_errors("scoring:screening_list")
def screening_release(request, slug: str):
    call = staff_call(request, slug)
    count = services.screening_release(call=call, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s screening decision was released; the applicant was told by e-mail.",
            "%(count)s screening decisions were released; the applicants were told by e-mail.",
            count,
        )
        % {"count": count},
    )
    return redirect("scoring:screening_list", slug=slug)
