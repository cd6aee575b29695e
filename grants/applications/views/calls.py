"""Where people find calls: the home page, the list of calls, each call's page and its eligibility check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from grants.applications import selectors
from grants.applications.eligibility import CallRules
from grants.applications.forms import EligibilityCheckForm
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


def call_eligibility(request, slug: str):
    """Anyone may check, before signing up, whether their organization can apply. The answers come by GET and
    are read, never stored: nothing is written, not even a session."""
    try:
        call = selectors.call_public(slug=slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    if not call.is_open():
        raise Http404
    rules = CallRules.of(call)
    form = EligibilityCheckForm(request.GET if "organization_type" in request.GET else None, rules=rules)
    reasons = form.reasons() if form.is_bound and form.is_valid() else None
    return render(request, "grants/call_eligibility.html", {"call": call, "form": form, "reasons": reasons})
