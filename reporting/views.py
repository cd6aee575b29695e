"""Thin views for progress reports: check one named permission, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.awards.models import Award, ReportingPeriod
from grants.documents.selectors import document_slots, documents_current
from grants.kernel.audit import audit
from grants.kernel.errors import IncompleteError, ServiceError, StepConflict
from grants.kernel.forms import cleaned_or_none
from grants.kernel.permissions import check
from grants.kernel.timeutils import fiscal_year_label, local
from grants.organizations.models import Organization, Pillar
from reporting import archive, exports, forms, pdf, selectors, services
from reporting import charts as charts_module
from reporting.models import ProgressReport, ReportStep

# Lazy: built once at import, shown in each request's language.
STEP_TITLES = {
    "narrative": gettext_lazy("Activities"),
    "indicators": gettext_lazy("Indicators"),
    "spending": gettext_lazy("Spending"),
    "documents": gettext_lazy("Attachments"),
}
# Posted fields that are not answers.
NOT_ANSWERS = {"csrfmiddlewaretoken", "step_version"}


def _today():
    return local(timezone.now()).date()


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
    return render(request, "reporting/report_list.html", {"page": page})


@login_required
@require_POST
def report_start(request, period_pk: int):
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("award__application__organization"), pk=period_pk
    )
    check(request.user, "reporting.start_report", period)
    try:
        report = services.report_start(period=period, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("reporting:report_list")
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
        data = {key: request.POST.get(key) for key in request.POST if key not in NOT_ANSWERS}
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
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("reporting:report_detail", pk=report.pk)
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
def report_submit(request, pk: int):
    report = _report(pk)
    check(request.user, "reporting.edit_report", report)
    problems = services.report_problems(report=report)
    if request.method == "POST":
        try:
            services.report_submit(report=report, by=request.user)
        except IncompleteError as error:
            problems = error.problems
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("reporting:report_detail", pk=report.pk)
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
def report_detail(request, pk: int):
    report = _report(pk)
    check(request.user, "reporting.view_report", report)
    can_review = request.user.has_perm("reporting.review_report", report)
    form = forms.DecisionForm(request.POST or None) if can_review else None
    if request.method == "POST":
        check(request.user, "reporting.review_report", report)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "accept":
                    _report_obj, released, held = services.report_accept(
                        report=report, by=request.user, comments=form.cleaned_data["comments"]
                    )
                    messages.success(request, _("The report was accepted."))
                    for payment in released:
                        messages.success(request, _("Payment %(n)s was released.") % {"n": payment.number})
                    for reason in held:
                        messages.warning(request, reason)
                else:
                    services.report_return(
                        report=report, by=request.user, comments=form.cleaned_data["comments"]
                    )
                    messages.success(
                        request, _("The report was returned to the organization with your comments.")
                    )
            except ServiceError as error:
                messages.error(request, str(error))
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
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The organization was asked for the report."))
            return redirect("reporting:report_detail", pk=report.pk)
    return render(request, "reporting/report_request.html", {"award": award, "form": form})


@login_required
def review_queue(request):
    check(request.user, "reporting.review_report", None)
    page = Paginator(selectors.reports_for_review(), 25).get_page(request.GET.get("page"))
    return render(request, "reporting/review_queue.html", {"page": page})


def _portfolio_filters(request):
    labels = selectors.portfolio_labels()
    form = forms.PortfolioFilterForm(request.GET or None, **labels)
    return form, form.filters(), labels


@login_required
def portfolio(request):
    check(request.user, "reporting.view_portfolio", None)
    form, filters, labels = _portfolio_filters(request)
    today = _today()
    data = selectors.portfolio(filters=filters, labels=labels)
    overdue = Paginator(selectors.overdue_periods(filters=filters, today=today), 25).get_page(
        request.GET.get("page")
    )
    dimensions = [
        ("fund", _("Fund"), _("Committed and paid by fund")),
        ("fiscal_year", _("Fiscal year"), _("Committed and paid by fiscal year")),
        ("region", _("Region"), _("Committed and paid by region")),
        (
            "pillar",
            _("Pillar"),
            _("Committed and paid by pillar (an award working on several counts in each)"),
        ),
    ]
    charts = [
        {
            "id": key,
            "dimension": dimension,
            "title": title,
            "rows": data["money"][key],
            "chart": charts_module.bar_chart(data["money"][key]),
        }
        for key, dimension, title in dimensions
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/portfolio.html",
        {"form": form, "data": data, "charts": charts, "overdue": overdue, "query": query.urlencode()},
    )


def _filters_text(filters, labels) -> str:
    parts = []
    if filters.fund:
        parts.append(labels["funds"].get(filters.fund, filters.fund))
    if filters.fiscal_year is not None:
        parts.append(fiscal_year_label(filters.fiscal_year))
    if filters.region:
        parts.append(labels["regions"].get(filters.region, filters.region))
    if filters.pillar:
        parts.append(labels["pillars"].get(filters.pillar, filters.pillar))
    return (_("Filtered on: %(filters)s.") % {"filters": ", ".join(parts)}) if parts else _("All awards.")


@login_required
def portfolio_export(request, kind: str, fmt: str):
    """CSV of one kind (streamed), the XLSX workbook of all three, or the PDF report (?lang=en|fr)."""
    check(request.user, "reporting.view_portfolio", None)
    if (fmt, kind in exports.KINDS) not in {("csv", True), ("xlsx", False), ("pdf", False)} or (
        fmt != "csv" and kind != "portfolio"
    ):
        raise Http404
    _form, filters, labels = _portfolio_filters(request)
    stamp = _today().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(exports.rows_of(kind, filters=filters, labels=labels)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="portfolio-{kind}-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(filters=filters, labels=labels),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="portfolio-{stamp}.xlsx"'
        return response
    language = request.GET.get("lang") if request.GET.get("lang") in ("en", "fr") else get_language()
    with translation.override(language):
        today = _today()
        data = selectors.portfolio(filters=filters, labels=selectors.portfolio_labels())
        overdue = selectors.overdue_periods(filters=filters, today=today).count()
        content = pdf.portfolio_pdf(
            data=data, overdue=overdue, filters_text=_filters_text(filters, labels), today=today
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="portfolio-{language}-{stamp}.pdf"'
    return response


@login_required
def organization_archive(request, pk: int):
    """OCAP: the organization's owner downloads everything the portal holds about it, streamed as a ZIP."""
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    audit(actor=request.user, obj=organization, action="organization.archive_downloaded")
    response = StreamingHttpResponse(
        archive.organization_archive(organization=organization), content_type="application/zip"
    )
    name = f"organization-{organization.pk}-{_today().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def organization_archive_page(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    return render(request, "reporting/organization_archive.html", {"organization": organization})
