"""Staff's list of calls under review, a call's overview (what each phase allows, progress at a glance) and
the change of its review phase."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.applications.enums import ReviewPhase
from grants.kernel.permissions import check
from grants.kernel.views import service_errors
from scoring import selectors, services
from scoring.enums import OtherReviews
from scoring.forms import PhaseForm
from scoring.phases import PHASES, switchboard
from scoring.views.common import PER_PAGE, staff_call


@login_required
def call_list(request):
    check(request.user, "scoring.manage_review", None)
    page = Paginator(selectors.calls_for_review(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scoring/staff/call_list.html", {"page": page})


@login_required
def call_overview(request, slug: str):
    call = staff_call(request, slug)
    pool = selectors.pool_of(call=call)
    return render(
        request,
        "scoring/staff/call_overview.html",
        {
            "call": call,
            "board": switchboard(call, pool),
            "pool": pool,
            "rubric": selectors.rubric_of(call=call),
            "phases": [(ReviewPhase(p), rules) for p, rules in PHASES.items()],
            "OtherReviews": OtherReviews,
            "phase_form": PhaseForm(initial={"phase": call.review_phase}),
            **selectors.call_figures(call=call),
        },
    )


@login_required
@require_POST
@service_errors("scoring:call_overview")
def phase_change(request, slug: str):
    call = staff_call(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid():
        phase = form.cleaned_data["phase"]
        services.call_phase_change(call=call, phase=phase, by=request.user)
        messages.success(
            request, _("The call is now in the %(phase)s phase.") % {"phase": ReviewPhase(phase).label.lower()}
        )
    else:
        messages.error(request, _("Choose one of the review phases."))
    return redirect("scoring:call_overview", slug=slug)
