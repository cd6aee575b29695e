"""Staff's page for one application under review: its reviewers and their reviews, adding or removing a
reviewer by hand, sending a review back to its reviewer, and the panel's consensus score."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.applications.models import Application
from grants.kernel.errors import ServiceError
from grants.kernel.views import service_errors
from scoring import selectors, services
from scoring.forms import AssignmentAddForm, ModerationForm, ReasonForm
from scoring.models import Assignment, Review
from scoring.phases import switchboard
from scoring.views.common import staff_application, staff_call


@login_required
def application_reviews(request, slug: str, pk: int):
    call = staff_call(request, slug)
    try:
        application = selectors.application_for_staff(call=call, pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    assigned = selectors.application_reviews(application=application)
    moderation = getattr(application, "moderation", None)
    return render(
        request,
        "scoring/staff/application_reviews.html",
        {
            "call": call,
            "application": application,
            "assignments": assigned,
            "board": switchboard(call),
            "criteria": selectors.rubric_criteria(call=call),
            "add_form": AssignmentAddForm(reviewers=selectors.reviewers_to_add(call=call, assignments=assigned)),
            "moderation": moderation,
            "moderation_form": ModerationForm(
                initial={"consensus_score": moderation.consensus_score, "reason": moderation.reason}
                if moderation
                else None
            ),
        },
    )


@login_required
@require_POST
@service_errors("scoring:application_reviews")
def assignment_add(request, slug: str, pk: int):
    call, application = staff_application(request, slug, pk)
    form = AssignmentAddForm(request.POST, reviewers=selectors.pool_reviewers(call=call))
    if form.is_valid():
        services.assignment_add(
            application=application,
            reviewer=form.cleaned_data["reviewer"],
            by=request.user,
            due_at=form.cleaned_data["due_at"],
        )
        messages.success(request, _("%(person)s is assigned.") % {"person": form.cleaned_data["reviewer"]})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("scoring:application_reviews", slug=slug, pk=pk)


@login_required
def assignment_remove(request, slug: str, assignment_pk: int):
    call = staff_call(request, slug)
    assignment = get_object_or_404(
        Assignment.objects.select_related("reviewer", "application", "call"), pk=assignment_pk, call=call
    )
    form = ReasonForm(request.POST or None, label=_("Why is the reviewer removed?"))
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_remove(
                assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(person)s is no longer assigned to %(ref)s.")
                % {"person": assignment.reviewer, "ref": assignment.application.reference},
            )
            return redirect("scoring:application_reviews", slug=slug, pk=assignment.application_id)
    return render(
        request,
        "scoring/staff/assignment_remove.html",
        {"call": call, "assignment": assignment, "form": form},
    )


@login_required
def review_reopen(request, slug: str, review_pk: int):
    call = staff_call(request, slug)
    review = get_object_or_404(
        Review.objects.select_related("assignment__reviewer", "assignment__application", "assignment__call"),
        pk=review_pk,
        assignment__call=call,
    )
    form = ReasonForm(
        request.POST or None,
        label=_("Why is the review reopened?"),
        help_text=_("The reviewer receives this reason by e-mail."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_reopen(review=review, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The review is back with %(person)s.") % {"person": review.assignment.reviewer}
            )
            return redirect("scoring:application_reviews", slug=slug, pk=review.assignment.application_id)
    return render(request, "scoring/staff/review_reopen.html", {"call": call, "review": review, "form": form})


@login_required
@require_POST
def moderation_record(request, slug: str, pk: int):
    call, application = staff_application(request, slug, pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.moderation_record(
                application=application,
                score=form.cleaned_data["consensus_score"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The consensus score of %(ref)s is recorded.") % {"ref": application.reference}
            )
            return redirect("scoring:application_reviews", slug=slug, pk=pk)
    # The application's page again, with the panel's form as typed and its errors.
    application = selectors.application_for_staff(call=call, pk=pk)
    return render(
        request,
        "scoring/staff/application_reviews.html",
        {
            "call": call,
            "application": application,
            "assignments": selectors.application_reviews(application=application),
            "board": switchboard(call),
            "criteria": selectors.rubric_criteria(call=call),
            "moderation": getattr(application, "moderation", None),
            "moderation_form": form,
        },
    )


@login_required
def moderation_clear(request, slug: str, pk: int):
    call, application = staff_application(request, slug, pk)
    form = ReasonForm(request.POST or None, label=_("Why is the consensus score withdrawn?"))
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_clear(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The consensus score is withdrawn; the reviewers' score ranks %(ref)s again.")
                % {"ref": application.reference},
            )
            return redirect("scoring:application_reviews", slug=slug, pk=pk)
    return render(
        request,
        "scoring/staff/moderation_clear.html",
        {"call": call, "application": application, "form": form},
    )
