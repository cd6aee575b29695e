"""Staff's ranking page: the call's applications in final order with the funding line, filtered by pillar,
region or population and ranked by the mean or the reviewer-normalized score."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from grants.applications.models import Call
from scoring import selectors
from scoring.forms import RankingFilterForm
from scoring.phases import switchboard
from scoring.views.common import staff_call

PER_PAGE = 50


def ranking_form(request, call: Call) -> tuple[RankingFilterForm, dict]:
    """The filter form as the query string fills it, and the ranking's arguments it gives (its defaults when
    invalid). The page and its CSV export read the same."""
    form = RankingFilterForm(request.GET or None, options=selectors.ranking_filters(call=call))
    return form, form.values()


@login_required
def ranking(request, slug: str):
    call = staff_call(request, slug)
    form, values = ranking_form(request, call)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.ranking(call=call, page=number, per_page=PER_PAGE, **values)
    current = selectors.pool_of(call=call)
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
