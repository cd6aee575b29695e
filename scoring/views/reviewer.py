"""A reviewer's pages: their dashboard, the declaration of conflicts, the scoring page beside the application
as submitted (masked under blind review), and the application's PDF and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.wizard import snapshot_budget_rows
from grants.kernel.errors import IncompleteError, ServiceError
from grants.kernel.permissions import check
from grants.kernel.responses import private_file
from scoring import selectors, services
from scoring.blind import reviewer_clarifications, reviewer_snapshot, title_for_reviewer
from scoring.documents import documents_for_reviewer, download_for_reviewer
from scoring.enums import AssignmentStatus
from scoring.forms import ConflictForm, ReviewForm
from scoring.models import Assignment
from scoring.phases import switchboard
from scoring.views.common import PER_PAGE


def _assignment(pk: int) -> Assignment:
    try:
        return selectors.assignment_for_reviewer(pk=pk)
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def dashboard(request):
    check(request.user, "scoring.review_applications", None)
    page = Paginator(selectors.reviewer_assignments(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = []
    for assignment in page.object_list:
        review = getattr(assignment, "review", None)
        rows.append(
            {
                "assignment": assignment,
                "title": title_for_reviewer(assignment.application, blind=assignment.call.blind_review),
                "review": review,
                "overdue": assignment.due_at < now and not (review is not None and review.is_submitted),
            }
        )
    return render(
        request,
        "scoring/dashboard.html",
        {
            "page": page,
            "rows": rows,
            "counts": selectors.reviewer_counts(user=request.user, now=now),
        },
    )


@login_required
def declare(request, pk: int):
    assignment = _assignment(pk)
    check(request.user, "scoring.declare_conflict", assignment)
    board = switchboard(assignment.call)
    if (
        assignment.status == AssignmentStatus.ACCEPTED
        and request.method == "GET"
        and "conflict" not in request.GET
    ):
        return redirect("scoring:score", pk=pk)
    form = ConflictForm(
        request.POST or None, initial={"declaration": "conflict"} if "conflict" in request.GET else None
    )
    if request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["declaration"] == "conflict"
        try:
            services.conflict_declare(
                assignment=assignment,
                by=request.user,
                has_conflict=has_conflict,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if has_conflict:
                messages.success(
                    request,
                    _(
                        "Your conflict with %(ref)s is recorded. The application is no longer "
                        "available to you."
                    )
                    % {"ref": assignment.application.reference},
                )
                return redirect("scoring:dashboard")
            messages.success(
                request,
                _("You declared no conflict. You can now read and score %(ref)s.")
                % {"ref": assignment.application.reference},
            )
            return redirect("scoring:score", pk=pk)
    return render(
        request,
        "scoring/declare.html",
        {
            "assignment": assignment,
            "form": form,
            "board": board,
            "title": title_for_reviewer(assignment.application, blind=board.blind),
        },
    )


@login_required
def score(request, pk: int):
    assignment = _assignment(pk)
    if not request.user.has_perm("scoring.score_application", assignment) and request.user.has_perm(
        "scoring.declare_conflict", assignment
    ):
        return redirect("scoring:declare", pk=pk)
    check(request.user, "scoring.score_application", assignment)
    application, call = assignment.application, assignment.call
    board = switchboard(call)
    rubric = selectors.rubric_of(call=call)
    criteria = selectors.rubric_criteria(call=call)
    review = getattr(assignment, "review", None)
    submitted = review is not None and review.is_submitted
    can_edit = board.reviewers_may_score and not submitted and rubric is not None and rubric.accepts_reviews
    form = ReviewForm(
        request.POST or None, criteria=criteria, scores=selectors.scores_of(review=review), review=review
    )
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("This review cannot be changed now."))
            return redirect("scoring:score", pk=pk)
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                services.review_save(
                    assignment=assignment,
                    by=request.user,
                    scores=form.inputs(),
                    overall_comment=form.cleaned_data["overall_comment"].strip(),
                    recommendation=form.cleaned_data["recommendation"],
                    submit=submit,
                )
            except IncompleteError as error:
                for problem in error.problems:
                    form.add_error(problem.field, problem.message)
                messages.warning(request, error.message)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                if submit:
                    messages.success(
                        request,
                        _("Your review of %(ref)s is submitted. Thank you.") % {"ref": application.reference},
                    )
                    return redirect("scoring:dashboard")
                messages.success(
                    request, _("Your review is saved. You can come back to it at any time before submitting.")
                )
                return redirect("scoring:score", pk=pk)
    others = []
    if board.may_see_other_reviews(own_submitted=submitted):
        others = selectors.other_reviews(assignment=assignment)
    snapshot = reviewer_snapshot(application, blind=board.blind)
    return render(
        request,
        "scoring/score.html",
        {
            "assignment": assignment,
            "application": application,
            "call": call,
            "board": board,
            "form": form,
            "review": review,
            "submitted": submitted,
            "can_edit": can_edit,
            "rubric": rubric,
            "others": others,
            "snapshot": snapshot,
            "budget_lines": snapshot_budget_rows(snapshot),
            "title": title_for_reviewer(application, blind=board.blind),
            "documents": documents_for_reviewer(assignment=assignment, blind=board.blind),
            "clarifications": reviewer_clarifications(application, blind=board.blind),
        },
    )


@login_required
def reviewer_pdf(request, pk: int):
    # Imported here, not at the top: reportlab is heavy, and only this view needs it (start-up time).
    from scoring.pdf import reviewer_pdf as build

    assignment = _assignment(pk)
    check(request.user, "scoring.score_application", assignment)
    board = switchboard(assignment.call)
    response = HttpResponse(build(assignment=assignment, blind=board.blind), content_type="application/pdf")
    return private_file(response, filename=f"{assignment.application.reference}.pdf")


@login_required
def reviewer_document(request, pk: int, document_pk: int):
    assignment = _assignment(pk)
    check(request.user, "scoring.score_application", assignment)
    return download_for_reviewer(
        request=request,
        assignment=assignment,
        document_pk=document_pk,
        blind=switchboard(assignment.call).blind,
    )
