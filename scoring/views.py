"""Thin views of the review: check one named permission, call a selector or a service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.applications.models import Application, Call
from grants.applications.wizard import snapshot_budget_rows
from grants.kernel.errors import IncompleteError, ServiceError
from grants.kernel.permissions import check
from grants.organizations.models import User
from scoring import selectors, services
from scoring.blind import reviewer_snapshot, title_for_reviewer
from scoring.documents import documents_for_reviewer, download_for_reviewer
from scoring.forms import (
    AssignmentAddForm,
    ConflictForm,
    ModerationForm,
    PhaseForm,
    PoolAddForm,
    PoolSettingsForm,
    RankingFilterForm,
    ReasonForm,
    ReviewForm,
    RubricCopyForm,
    ScreeningForm,
)
from scoring.models import Assignment, Review
from scoring.phases import PHASES, Phase, switchboard

PER_PAGE = 25


def _staff_call(request, slug: str) -> Call:
    try:
        call = selectors.call_for_staff(slug=slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    check(request.user, "scoring.manage_review", call)
    return call


def _back(request, default: str):
    """Return to the page the form was on (same site only), else to `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# --- Reviewers ----------------------------------------------------------------------------------


@login_required
def dashboard(request):
    check(request.user, "scoring.review_applications", None)
    page = Paginator(selectors.reviewer_assignments(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [
        {
            "assignment": a,
            "title": title_for_reviewer(a.application, blind=a.call.blind_review),
            "review": getattr(a, "review", None),
            "overdue": a.due_at < now
            and getattr(getattr(a, "review", None), "status", None) != Review.Status.SUBMITTED,
        }
        for a in page.object_list
    ]
    return render(
        request,
        "scoring/dashboard.html",
        {
            "page": page,
            "rows": rows,
            "counts": selectors.reviewer_counts(user=request.user, now=now),
        },
    )


def _assignment(pk: int) -> Assignment:
    try:
        return selectors.assignment_for_reviewer(pk=pk)
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def declare(request, pk: int):
    assignment = _assignment(pk)
    check(request.user, "scoring.declare_conflict", assignment)
    board = switchboard(assignment.call)
    if (
        assignment.status == Assignment.Status.ACCEPTED
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
    rubric = selectors.rubric_of(call)
    criteria = selectors.rubric_criteria(call=call)
    review = getattr(assignment, "review", None)
    submitted = review is not None and review.status == Review.Status.SUBMITTED
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
        },
    )


@login_required
def reviewer_pdf(request, pk: int):
    from scoring.pdf import reviewer_pdf as build

    assignment = _assignment(pk)
    check(request.user, "scoring.score_application", assignment)
    board = switchboard(assignment.call)
    response = HttpResponse(build(assignment=assignment, blind=board.blind), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{assignment.application.reference}.pdf"'
    return response


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


# --- Staff: calls and phases --------------------------------------------------------------------


@login_required
def call_list(request):
    check(request.user, "scoring.manage_review", None)
    page = Paginator(selectors.calls_for_review(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scoring/staff/call_list.html", {"page": page})


@login_required
def call_overview(request, slug: str):
    call = _staff_call(request, slug)
    pool = selectors.pool_of(call)
    return render(
        request,
        "scoring/staff/call_overview.html",
        {
            "call": call,
            "board": switchboard(call, pool),
            "pool": pool,
            "rubric": selectors.rubric_of(call),
            "phases": [(Phase(p), rules) for p, rules in PHASES.items()],
            "phase_form": PhaseForm(initial={"phase": call.review_phase}),
            "screening": selectors.screening_counts(call=call),
            "progress": selectors.call_progress(call=call),
            "short": selectors.short_of_reviewers(call=call),
        },
    )


@login_required
@require_POST
def phase_change(request, slug: str):
    call = _staff_call(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.call_phase_change(call=call, phase=form.cleaned_data["phase"], by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The call is now in the %(phase)s phase.")
                % {"phase": Phase(form.cleaned_data["phase"]).label.lower()},
            )
    else:
        messages.error(request, _("Choose one of the review phases."))
    return redirect("scoring:call_overview", slug=slug)


# --- Staff: rubric ------------------------------------------------------------------------------


@login_required
def rubric(request, slug: str):
    call = _staff_call(request, slug)
    current = selectors.rubric_of(call)
    form = RubricCopyForm(request.POST or None, calls=selectors.earlier_calls_with_rubrics(call=call))
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_copy(call=call, source=form.cleaned_data["source"], by=request.user)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The criteria of %(call)s are copied. Adjust them in the back office if needed.")
                % {"call": form.cleaned_data["source"]},
            )
            return redirect("scoring:rubric", slug=slug)
    admin_url = (
        reverse("admin:scoring_rubric_change", args=[current.pk])
        if current
        else reverse("admin:scoring_rubric_add") + f"?call={call.pk}"
    )
    return render(
        request,
        "scoring/staff/rubric.html",
        {
            "call": call,
            "rubric": current,
            "criteria": selectors.rubric_criteria(call=call),
            "form": form,
            "admin_url": admin_url,
            "board": switchboard(call),
        },
    )


@login_required
def rubric_reopen(request, slug: str):
    call = _staff_call(request, slug)
    current = selectors.rubric_of(call)
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
    submitted = Review.objects.filter(assignment__call=call, status=Review.Status.SUBMITTED).count()
    return render(
        request, "scoring/staff/rubric_reopen.html", {"call": call, "form": form, "submitted": submitted}
    )


@login_required
@require_POST
def rubric_relock(request, slug: str):
    call = _staff_call(request, slug)
    current = selectors.rubric_of(call)
    if current is None:
        raise Http404
    try:
        services.rubric_relock(rubric=current, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The rubric is locked again; reviewers can continue."))
    return redirect("scoring:rubric", slug=slug)


# --- Staff: screening ---------------------------------------------------------------------------


@login_required
def screening_list(request, slug: str):
    call = _staff_call(request, slug)
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
    call = _staff_call(request, slug)
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
            return _back(request, reverse("scoring:screening_list", args=[slug]))
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
def screening_release(request, slug: str):
    call = _staff_call(request, slug)
    try:
        count = services.screening_release(call=call, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s screening decisions were released; the applicants were told by e-mail.")
            % {"count": count},
        )
    return redirect("scoring:screening_list", slug=slug)


# --- Staff: reviewers and assignments -----------------------------------------------------------


@login_required
def pool(request, slug: str):
    call = _staff_call(request, slug)
    current = selectors.pool_of(call)
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
def pool_add(request, slug: str):
    call = _staff_call(request, slug)
    form = PoolAddForm(request.POST, reviewers=selectors.reviewers_not_in_pool(call=call))
    if form.is_valid():
        try:
            services.pool_add_reviewer(
                call=call,
                reviewer=form.cleaned_data["reviewer"],
                by=request.user,
                indigenous_panel=form.cleaned_data["indigenous_panel"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(person)s is in the pool.") % {"person": form.cleaned_data["reviewer"]}
            )
    else:
        messages.error(request, _("Choose a reviewer to add."))
    return redirect("scoring:pool", slug=slug)


@login_required
@require_POST
def pool_remove(request, slug: str, user_pk: int):
    call = _staff_call(request, slug)
    reviewer = get_object_or_404(User, pk=user_pk)
    try:
        count = services.pool_remove_reviewer(call=call, reviewer=reviewer, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s left the pool; %(count)s unfinished reviews were withdrawn from them.")
            % {"person": reviewer, "count": count},
        )
    return redirect("scoring:pool", slug=slug)


@login_required
def assignments(request, slug: str):
    call = _staff_call(request, slug)
    page = Paginator(selectors.assignment_rows(call=call), PER_PAGE).get_page(request.GET.get("page"))
    current = selectors.pool_of(call)
    return render(
        request,
        "scoring/staff/assignments.html",
        {
            "call": call,
            "page": page,
            "pool": current,
            "board": switchboard(call, current),
            "progress": selectors.call_progress(call=call),
            "short": selectors.short_of_reviewers(call=call),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def assignments_auto(request, slug: str):
    call = _staff_call(request, slug)
    try:
        result = services.assignments_auto(call=call, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(added)s assignments made and %(moved)s moved to balance the load.")
            % {"added": result.added, "moved": result.moved},
        )
        if result.short:
            messages.warning(
                request,
                _(
                    "%(count)s applications could not get %(n)s reviewers: the pool has too few "
                    "reviewers without a conflict."
                )
                % {"count": len(result.short), "n": call.reviewers_per_application},
            )
    return redirect("scoring:assignments", slug=slug)


@login_required
def application_reviews(request, slug: str, pk: int):
    """Staff's page for one application: its reviewers and reviews, manual assignment, moderation."""
    call = _staff_call(request, slug)
    try:
        application = selectors.application_for_staff(call=call, pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    pool_members = selectors.pool_members(call=call)
    assigned = selectors.application_reviews(application=application)
    taken = {a.reviewer_id for a in assigned if a.status != Assignment.Status.REMOVED}
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
            "add_form": AssignmentAddForm(
                reviewers=User.objects.filter(
                    pk__in=[m.reviewer_id for m in pool_members if m.reviewer_id not in taken]
                )
            ),
            "moderation": moderation,
            "moderation_form": ModerationForm(
                initial={"consensus_score": moderation.consensus_score, "reason": moderation.reason}
                if moderation
                else None
            ),
        },
    )


def _staff_application(request, slug: str, pk: int) -> tuple[Call, Application]:
    call = _staff_call(request, slug)
    application = get_object_or_404(
        Application.objects.select_related("call", "organization"), pk=pk, call=call
    )
    return call, application


@login_required
@require_POST
def assignment_add(request, slug: str, pk: int):
    call, application = _staff_application(request, slug, pk)
    form = AssignmentAddForm(request.POST, reviewers=User.objects.filter(pool_memberships__pool__call=call))
    if form.is_valid():
        try:
            services.assignment_add(
                application=application,
                reviewer=form.cleaned_data["reviewer"],
                by=request.user,
                due_at=form.cleaned_data["due_at"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(person)s is assigned.") % {"person": form.cleaned_data["reviewer"]}
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("scoring:application_reviews", slug=slug, pk=pk)


@login_required
def assignment_remove(request, slug: str, assignment_pk: int):
    call = _staff_call(request, slug)
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
    call = _staff_call(request, slug)
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


# --- Staff: moderation and ranking --------------------------------------------------------------


@login_required
@require_POST
def moderation_record(request, slug: str, pk: int):
    call, application = _staff_application(request, slug, pk)
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
    call, application = _staff_application(request, slug, pk)
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


def _ranking_arguments(request, call: Call) -> tuple[RankingFilterForm, dict]:
    form = RankingFilterForm(request.GET or None, options=selectors.ranking_filters(call=call))
    return form, form.values()


@login_required
def ranking(request, slug: str):
    call = _staff_call(request, slug)
    form, values = _ranking_arguments(request, call)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.ranking(call=call, page=number, per_page=50, **values)
    current = selectors.pool_of(call)
    return render(
        request,
        "scoring/staff/ranking.html",
        {
            "call": call,
            "page": page,
            "form": form,
            "basis": values["basis"],
            "pool": current,
            "board": switchboard(call, current),
            "filtered": any(values[k] for k in ("pillar", "region", "population")),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """Neutralize spreadsheet formulas in text typed by applicants."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def ranking_csv(request, slug: str):
    call = _staff_call(request, slug)
    _form, values = _ranking_arguments(request, call)
    page = selectors.ranking(call=call, per_page=None, **values)

    def number(value):
        return "" if value is None else f"{value:.2f}"

    def rows():
        writer = csv.writer(_Echo())
        yield "\ufeff"  # so that spreadsheet programs read the accents
        yield writer.writerow(
            [
                _("Final rank"),
                _("Rank by reviews"),
                _("Reference"),
                _("Organization"),
                _("Project title"),
                _("Requested"),
                _("Cumulative requested"),
                _("Above the funding line"),
                _("Reviews"),
                _("Mean"),
                _("Median"),
                _("Standard deviation"),
                _("Normalized"),
                _("Consensus score"),
                _("Consensus reason"),
                _("Reviewers disagree"),
            ]
        )
        for row in page.rows:
            yield writer.writerow(
                [
                    row.final_rank or "",
                    row.review_rank or "",
                    row.reference,
                    _cell(row.organization),
                    _cell(row.title),
                    row.requested,
                    row.cumulative if row.final_score is not None else "",
                    _("yes") if row.above_line else _("no"),
                    row.review_count,
                    number(row.mean),
                    number(row.median),
                    number(row.spread),
                    number(row.normalized),
                    row.consensus if row.consensus is not None else "",
                    _cell(row.consensus_reason or ""),
                    _("yes") if row.disagreement else _("no"),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ranking-{call.slug}.csv"'
    return response
