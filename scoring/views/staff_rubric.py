"""Staff's rubric page: the criteria as reviewers will read them, copying an earlier call's, and reopening the
rubric for changes then locking it again. The criteria themselves are written on the call's set-up page
(grants.setup)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.kernel.errors import ServiceError
from grants.kernel.views import service_errors
from scoring import selectors, services
from scoring.forms import ReasonForm, RubricCopyForm
from scoring.phases import switchboard
from scoring.views.common import staff_call


@login_required
def rubric(request, slug: str):
    call = staff_call(request, slug)
    current = selectors.rubric_of(call=call)
    form = RubricCopyForm(request.POST or None, calls=selectors.earlier_calls_with_rubrics(call=call))
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_copy(call=call, source=form.cleaned_data["source"], by=request.user)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The criteria of %(call)s are copied. Adjust them on the call's set-up page if needed.")
                % {"call": form.cleaned_data["source"]},
            )
            return redirect("scoring:rubric", slug=slug)
    return render(
        request,
        "scoring/staff/rubric.html",
        {
            "call": call,
            "rubric": current,
            "criteria": selectors.rubric_criteria(call=call),
            "form": form,
            "board": switchboard(call),
        },
    )


@login_required
def rubric_reopen(request, slug: str):
    call = staff_call(request, slug)
    current = selectors.rubric_of(call=call)
    if current is None:
        raise Http404
    form = ReasonForm(
        request.POST or None,
        label=_("Why must the rubric change?"),
        help_text=_("Reviewers whose submitted reviews reopen receive this reason by e-mail."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_reopen(rubric=current, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The rubric is open for changes; reviewers cannot save until you lock it again.")
            )
            return redirect("scoring:rubric", slug=slug)
    return render(
        request,
        "scoring/staff/rubric_reopen.html",
        {"call": call, "form": form, "submitted": selectors.submitted_review_count(call=call)},
    )


@login_required
@require_POST
@service_errors("scoring:rubric")
def rubric_relock(request, slug: str):
    call = staff_call(request, slug)
    current = selectors.rubric_of(call=call)
    if current is None:
        raise Http404
    services.rubric_relock(rubric=current, by=request.user)
    messages.success(request, _("The rubric is locked again; reviewers can continue."))
    return redirect("scoring:rubric", slug=slug)
