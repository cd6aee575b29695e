"""The staff page that follows every award: filters, totals, the calls' envelopes and what is late."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from grants.applications.models import Fund
from grants.awards import selectors, services
from grants.awards.enums import AwardStatus, TrackingFlag
from grants.kernel.permissions import check
from grants.kernel.timeutils import fiscal_year_label, fiscal_year_of
from grants.kernel.views import url_format
from grants.organizations.models import Region

PAGE_SIZE = 25


@login_required
def award_list(request):
    check(request.user, "grants.track_awards", None)
    filters = _tracking_filters(request)
    today = services.today()
    awards = selectors.awards_for_tracking(today=today, **filters)
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    detail = url_format("grants:award_detail")  # one reverse() for the page, not one per row
    page.object_list = list(page.object_list)
    for award in page.object_list:
        award.detail_url = detail.format(award.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/awards/award_list.html",
        {
            "page": page,
            "today": today,
            "filters": filters,
            "query": query.urlencode(),
            "totals": selectors.tracking_totals(awards=awards, fiscal_year=filters["fiscal_year"]),
            "calls": selectors.calls_for_decisions(fund=filters["fund"], call=filters["call"]),
            "choices": {
                "funds": Fund.objects.order_by("code"),
                "calls": selectors.calls_after_intake(),
                "regions": Region.objects.all(),
                "years": _year_choices(today),
                "statuses": AwardStatus.choices,
                "flags": TrackingFlag.choices,
            },
        },
    )


def _year_choices(today: dt.date) -> list[tuple[int, str]]:
    current = fiscal_year_of(today)
    return [(y, fiscal_year_label(y)) for y in range(current + 4, current - 6, -1)]


def _tracking_filters(request) -> dict:
    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    status, flag = request.GET.get("status", ""), request.GET.get("flag", "")
    return {
        "fund": request.GET.get("fund", "")[:8],
        "call": number("call"),
        "fiscal_year": number("fiscal_year"),
        "region": request.GET.get("region", "")[:40],
        "status": status if status in AwardStatus.values else "",
        "flag": flag if flag in TrackingFlag.values else "",
    }
