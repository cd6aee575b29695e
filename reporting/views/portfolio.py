"""The staff portfolio: money committed and paid, outcomes and overdue reports, with the filters its exports
(CSV, XLSX, PDF) share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grants.kernel.exports import csv_response, xlsx_response
from grants.kernel.permissions import check
from grants.kernel.responses import private_file
from grants.kernel.timeutils import fiscal_year_label, local
from reporting import charts as charts_module
from reporting import exports, forms, pdf, selectors


def _today():
    return local(timezone.now()).date()


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
        rows = exports.rows_of(kind, filters=filters, labels=labels)
        return csv_response(rows, filename=f"portfolio-{kind}-{stamp}.csv")
    if fmt == "xlsx":
        return xlsx_response(
            exports.workbook_sheets(filters=filters, labels=labels), filename=f"portfolio-{stamp}.xlsx"
        )
    language = request.GET.get("lang") if request.GET.get("lang") in ("en", "fr") else get_language()
    with translation.override(language):
        today = _today()
        data = selectors.portfolio(filters=filters, labels=selectors.portfolio_labels())
        overdue = selectors.overdue_periods(filters=filters, today=today).count()
        content = pdf.portfolio_pdf(
            data=data, overdue=overdue, filters_text=_filters_text(filters, labels), today=today
        )
    return private_file(
        HttpResponse(content, content_type="application/pdf"), filename=f"portfolio-{language}-{stamp}.pdf"
    )
