"""Where people find calls: the home page, the list of calls and each call's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from grants.applications import selectors
from grants.applications.models import Call


def home(request):
    return render(request, "grants/home.html", {"calls": selectors.calls_public()})


def call_list(request):
    groups = selectors.calls_public()
    closed = Paginator(groups["closed"], 20).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/call_list.html",
        {"open": groups["open"], "upcoming": groups["upcoming"], "closed": closed},
    )


def call_detail(request, slug: str):
    try:
        call = selectors.call_public(slug=slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    existing = []
    if request.user.is_authenticated:
        existing = list(selectors.applications_in_call(call=call, user=request.user))
    return render(request, "grants/call_detail.html", {"call": call, "existing": existing, "is_open": call.is_open()})
