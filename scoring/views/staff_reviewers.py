"""Staff's pages for a call's reviewers: the pool and its review settings, adding and removing reviewers, and
the assignment page with automatic assignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.kernel.errors import ServiceError
from grants.kernel.views import service_errors
from grants.organizations.models import User
from scoring import selectors, services
from scoring.forms import PoolAddForm, PoolSettingsForm
from scoring.phases import switchboard
from scoring.views.common import PER_PAGE, staff_call


def _pool_page(request, slug: str, **_kwargs) -> str:
    return reverse("scoring:pool", args=[slug])


@login_required
def pool(request, slug: str):
    call = staff_call(request, slug)
    current = selectors.pool_of(call=call)
    settings_form = PoolSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and settings_form.is_valid():
        values = {name: settings_form.cleaned_data[name] for name in settings_form.Meta.fields}
        try:
            services.pool_update_settings(call=call, by=request.user, values=values)
        except ServiceError as error:
            settings_form.add_error(None, error.message)
        else:
            messages.success(request, _("The review settings are saved."))
            return redirect("scoring:pool", slug=slug)
    return render(
        request,
        "scoring/staff/pool.html",
        {
            "call": call,
            "pool": current,
            "settings_form": settings_form,
            "board": switchboard(call, current),
            "members": selectors.pool_members(call=call),
            "add_form": PoolAddForm(reviewers=selectors.reviewers_not_in_pool(call=call)),
        },
    )


@login_required
@require_POST
@service_errors("scoring:pool")
def pool_add(request, slug: str):
    call = staff_call(request, slug)
    form = PoolAddForm(request.POST, reviewers=selectors.reviewers_not_in_pool(call=call))
    if form.is_valid():
        services.pool_add_reviewer(
            call=call,
            reviewer=form.cleaned_data["reviewer"],
            by=request.user,
            indigenous_panel=form.cleaned_data["indigenous_panel"],
        )
        messages.success(request, _("%(person)s is in the pool.") % {"person": form.cleaned_data["reviewer"]})
    else:
        messages.error(request, _("Choose a reviewer to add."))
    return redirect("scoring:pool", slug=slug)


@login_required
@require_POST
@service_errors(_pool_page)
def pool_remove(request, slug: str, user_pk: int):
    call = staff_call(request, slug)
    reviewer = get_object_or_404(User, pk=user_pk)
    count = services.pool_remove_reviewer(call=call, reviewer=reviewer, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(person)s left the pool; %(count)s unfinished review was withdrawn from them.",
            "%(person)s left the pool; %(count)s unfinished reviews were withdrawn from them.",
            count,
        )
        % {"person": reviewer, "count": count},
    )
    return redirect("scoring:pool", slug=slug)


@login_required
def assignments(request, slug: str):
    call = staff_call(request, slug)
    page, figures = selectors.assignment_page(call=call, number=request.GET.get("page"), per_page=PER_PAGE)
    current = selectors.pool_of(call=call)
    return render(
        request,
        "scoring/staff/assignments.html",
        {
            "call": call,
            "page": page,
            "pool": current,
            "board": switchboard(call, current),
            "progress": figures["progress"],
            "short": figures["short"],
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
@service_errors("scoring:assignments")
def assignments_auto(request, slug: str):
    call = staff_call(request, slug)
    result = services.assignments_auto(call=call, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(added)s assignment made; %(moved)s moved to balance the load.",
            "%(added)s assignments made; %(moved)s moved to balance the load.",
            result.added,
        )
        % {"added": result.added, "moved": result.moved},
    )
    if result.short:
        messages.warning(
            request,
            ngettext(
                "%(count)s application could not get %(n)s reviewers: the pool has too few "
                "reviewers without a conflict.",
                "%(count)s applications could not get %(n)s reviewers: the pool has too few "
                "reviewers without a conflict.",
                len(result.short),
            )
            % {"count": len(result.short), "n": call.reviewers_per_application},
        )
    return redirect("scoring:assignments", slug=slug)
