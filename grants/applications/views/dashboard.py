"""The applicant's dashboard: the applications of every organization they belong to, and the open calls."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from grants.applications import selectors
from grants.applications.wizard import STEPS


@login_required
def dashboard(request):
    applications = selectors.applications_for_dashboard(user=request.user)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/dashboard.html",
        {"page": page, "step_count": len(STEPS), "open_calls": selectors.calls_public()["open"], "now": timezone.now()},
    )
