"""The report pages: the organization's reports due, the report's steps and "Check and submit", the report's
page where staff decide on it, staff's review queue and one-off requests. Each view checks one named permission,
calls a selector or a service, and renders; a refusal (ServiceError) becomes the page's message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grants.awards import services as award_services
from grants.awards.models import Award, ReportingPeriod
from grants.documents.selectors import document_slots, documents_current
from grants.kernel.errors import IncompleteError, ServiceError, StepConflict
from grants.kernel.forms import cleaned_or_none
from grants.kernel.permissions import check
from grants.kernel.timeutils import local
from grants.kernel.views import service_errors
from grants.organizations.models import Pillar
from reporting import forms, selectors, services
from reporting.models import ProgressReport, ReportStep

# Lazy: built once at import, shown in each request's language.
STEP_TITLES = {
    "narrative": gettext_lazy("Activities"),
    "indicators": gettext_lazy("Indicators"),
    "spending": gettext_lazy("Spending"),
    "documents": gettext_lazy("Attachments"),
}


def _today():
    return local(timezone.now()).date()


def _to_report_list(request, **kwargs) -> str:
    return reverse("reporting:report_list")


def _to_report(request, *, pk: int, **kwargs) -> str:
    """Where a refused change of a report goes: its page, which says what it is now."""
    return reverse("reporting:report_detail", kwargs={"pk": pk})


def _report(pk: int) -> ProgressReport:
    try:
        return selectors.report_for_page(pk=pk)
    except ProgressReport.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def report_list(request):
    check(request.user, "reporting.view_reports_due", None)
    rows = selectors.reports_due_for(user=request.user, today=_today())
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    accepted = Paginator(selectors.reports_accepted_for(user=request.user), 25).get_page(request.GET.get("accepted"))
    return render(request, "reporting/report_list.html", {"page": page, "accepted": accepted})


@login_required
@require_POST
@service_errors(_to_report_list)
def report_start(request, period_pk: int):
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("award__application__organization"), pk=period_pk
    )
    check(request.user, "reporting.start_report", period)
    report = services.report_start(period=period, by=request.user)
    return redirect("reporting:report_step", pk=report.pk, step="narrative")


def _steps(report) -> list[tuple[str, str, bool]]:
    return [(s, STEP_TITLES[s], s in report.steps_done) for s in services.steps_of(report)]


def _step_form(report, step, data):
    if step == "narrative":
        return forms.NarrativeForm(
            data, pillars=selectors.narrative_pillars(report=report), initial_texts=report.narratives
        )
    if step == "indicators":
        values = {v.indicator_id: v.value for v in report.indicator_values.all()}
        return forms.IndicatorsForm(
            data, indicators=selectors.indicators_for(report=report), initial_values=values
        )
    return forms.SpendingForm(data, lines=report.spending_lines.all())


def _next_url(report, step) -> str:
    steps = services.steps_of(report)
    following = steps.index(step) + 1
    if following < len(steps):
        return reverse("reporting:report_step", kwargs={"pk": report.pk, "step": steps[following]})
    return reverse("reporting:report_submit", kwargs={"pk": report.pk})


@login_required
@service_errors(_to_report)
def report_step(request, pk: int, step: str):
    """One step of the report. Every save keeps what was typed, valid or not (ReportStep), so a member who
    leaves and comes back, on any device, finds it; a save over another member's newer one is caught."""
    report = _report(pk)
    check(request.user, "reporting.edit_report", report)
    if step not in services.steps_of(report):
        raise Http404
    context = {"report": report, "step": step, "steps": _steps(report), "title": STEP_TITLES[step]}
    if step == "documents":
        return _documents_step(request, report, context)
    record = ReportStep.objects.filter(report=report, step=step).select_related("updated_by").first()
    if request.method == "POST":
        # Only the step's own fields are kept: each has its limit, so what is saved is bounded.
        data = {key: request.POST.get(key) for key in _step_form(report, step, None).fields if key in request.POST}
        form = _step_form(report, step, data)
        version = request.POST.get("step_version", "")
        try:
            record = services.report_save_step(
                report=report,
                step=step,
                data=data,
                cleaned=cleaned_or_none(form),
                expected_version=int(version) if version.isdigit() else None,
                by=request.user,
            )
        except StepConflict as conflict:
            theirs = _step_form(report, step, conflict.current.data)
            context["conflict"] = conflict
            context["theirs"] = [
                {"name": name, "label": theirs[name].label, "value": conflict.current.data.get(name, "")}
                for name in theirs.fields
            ]
            context["step_version"] = conflict.current.version
            return render(request, "reporting/report_step.html", {**context, "form": form})
        if record.is_valid:
            messages.success(request, _("Saved."))
            return redirect(_next_url(report, step))
        context["saved_with_errors"] = True
    elif record is not None and not record.is_valid:
        form = _step_form(report, step, record.data)  # what was typed last, with its errors
    else:
        form = _step_form(report, step, None)
    context["step_version"] = record.version if record else 0
    return render(request, "reporting/report_step.html", {**context, "form": form})


def _documents_step(request, report, context):
    """The attachments: each file is uploaded by grants' document views, which come back here."""
    intro = _("Attach what supports this report, if anything: see what each kind of document is for.")
    return render(
        request,
        "reporting/report_documents.html",
        {**context, "slots": document_slots(owner=report), "intro": intro, "next_url": _next_url(report, "documents")},
    )


def _report_content(report) -> dict:
    """What the report says, for _report_content.html on its page and on "Check and submit"."""
    pillars = {p.code: p.name for p in Pillar.objects.all()}
    return {
        "narratives": [(pillars.get(code, code), text) for code, text in report.narratives.items() if text],
        "spending_lines": [
            (line, services.needs_explanation(budget=line.budget, spent=line.spent))
            for line in report.spending_lines.all()
        ],
        "attachments": documents_current(owner=report),
    }


@login_required
@service_errors(_to_report)
def report_submit(request, pk: int):
    report = _report(pk)
    check(request.user, "reporting.edit_report", report)
    problems = services.report_problems(report=report)
    if request.method == "POST":
        try:
            services.report_submit(report=report, by=request.user)
        except IncompleteError as error:
            problems = error.problems
        else:
            messages.success(request, _("Your report was submitted. The coordination office will review it."))
            return redirect("reporting:report_detail", pk=report.pk)
    return render(
        request,
        "reporting/report_submit.html",
        {
            "report": report,
            "problems": [
                (reverse("reporting:report_step", kwargs={"pk": report.pk, "step": p.step}), STEP_TITLES[p.step], p)
                for p in problems
            ],
            "steps": _steps(report),
            **_report_content(report),
        },
    )


@login_required
@service_errors("reporting:report_detail")
def report_detail(request, pk: int):
    report = _report(pk)
    check(request.user, "reporting.view_report", report)
    can_review = request.user.has_perm("reporting.review_report", report)
    form = forms.DecisionForm(request.POST or None) if can_review else None
    if request.method == "POST":
        check(request.user, "reporting.review_report", report)
        if form.is_valid():
            # A refusal (e.g. another officer decided first) goes back to the page, which then offers no form.
            if form.cleaned_data["decision"] == "accept":
                _accepted, released = services.report_accept(
                    report=report, by=request.user, comments=form.cleaned_data["comments"]
                )
                messages.success(
                    request, " ".join([_("The report was accepted."), award_services.describe(released)]).strip()
                )
            else:
                services.report_return(report=report, by=request.user, comments=form.cleaned_data["comments"])
                messages.success(request, _("The report was returned to the organization with your comments."))
            return redirect("reporting:report_detail", pk=report.pk)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "form": form,
            "can_edit": request.user.has_perm("reporting.edit_report", report),
            "can_review": can_review,
            "versions": report.versions.all(),
            **_report_content(report),
        },
    )


@login_required
def report_request(request, award_pk: int):
    award = get_object_or_404(Award.objects.select_related("application__organization"), pk=award_pk)
    check(request.user, "reporting.request_report", award)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(award=award, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)  # the form page again, with what was typed
        else:
            messages.success(request, _("The organization was asked for the report."))
            return redirect("reporting:report_detail", pk=report.pk)
    return render(request, "reporting/report_request.html", {"award": award, "form": form})


@login_required
def review_queue(request):
    check(request.user, "reporting.review_report", None)
    page = Paginator(selectors.reports_for_review(), 25).get_page(request.GET.get("page"))
    return render(request, "reporting/review_queue.html", {"page": page})
