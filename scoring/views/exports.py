"""The ranking as a spreadsheet (CSV), with the same filters as its page. The file is written by
grants.kernel.exports, which neutralizes formulas in the text applicants typed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from grants.kernel.exports import csv_response
from scoring import selectors
from scoring.selectors import RankingPage
from scoring.views.common import staff_call
from scoring.views.staff_ranking import ranking_form


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def ranking_rows(page: RankingPage):
    """The header, then a row per application in final order."""
    yield [
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
    for row in page.rows:
        yield [
            row.final_rank or "",
            row.review_rank or "",
            row.reference,
            row.organization,
            row.title,
            row.requested,
            row.cumulative if row.final_score is not None else "",
            _yes_no(row.above_line),
            row.review_count,
            _number(row.mean),
            _number(row.median),
            _number(row.spread),
            _number(row.normalized),
            row.consensus if row.consensus is not None else "",
            row.consensus_reason or "",
            _yes_no(row.disagreement),
        ]


@login_required
def ranking_csv(request, slug: str):
    call = staff_call(request, slug)
    _form, values = ranking_form(request, call)
    page = selectors.ranking(call=call, per_page=None, **values)
    return csv_response(ranking_rows(page), filename=f"ranking-{call.slug}.csv")
