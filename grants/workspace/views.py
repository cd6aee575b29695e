"""The workspace's pages: each person's home by role, and staff's search, application list (the work queues' target)
and organization directory. Thin: one named permission, the selectors, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from grants.applications import selectors as applications
from grants.applications.wizard import STEPS
from grants.conversations import selectors as conversations
from grants.conversations.subjects import titled
from grants.kernel.permissions import check
from grants.kernel.timeutils import local
from grants.organizations.models import Organization
from grants.workspace import selectors
from grants.workspace.forms import ApplicationFilters, OrganizationFilters, SearchForm
from grants.workspace.queues import APPLICATION_QUEUES, work_queues

PAGE_SIZE = 25
SEARCH_RESULTS = 10
HOME_CONVERSATIONS = 5


@login_required
def home(request):
    """Where everyone lands after signing in (grants:dashboard): staff's work queues; a reviewer's assignments
    (their own page, unless they also belong to an organization); an applicant's applications, awards, reports
    and decisions."""
    check(request.user, "workspace.view_home")
    if request.user.has_perm("workspace.view_work_queues"):
        return _staff_home(request)
    if request.user.has_perm("scoring.review_applications") and not request.user.memberships.exists():
        return redirect("scoring:dashboard")
    return _applicant_home(request)


def _staff_home(request):
    now = timezone.now()
    return render(
        request,
        "grants/workspace/staff_home.html",
        {
            "queues": work_queues(now=now, today=local(now).date()),
            "calls": selectors.calls_at_a_glance(),
            "activity": selectors.recent_activity(),
        },
    )


def _applicant_home(request):
    now = timezone.now()
    unread = conversations.threads_unread_by_members(user=request.user)
    page = Paginator(applications.applications_for_dashboard(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grants/workspace/applicant_home.html",
        {
            "page": page,
            "step_count": len(STEPS),
            "open_calls": applications.calls_public(now=now)["open"],
            "now": now,
            "home": selectors.applicant_home(user=request.user, now=now, today=local(now).date()),
            # Conversations: a count and the few most recent, in two queries whatever their number.
            "unread_count": unread.count(),
            "unread": titled(unread[:HOME_CONVERSATIONS]),
            "questions": conversations.open_clarifications_for_members(user=request.user)[:HOME_CONVERSATIONS],
        },
    )


@login_required
def search(request):
    """One search over applications and organizations: the first results of each, and links to all of them."""
    check(request.user, "workspace.search")
    form = SearchForm(request.GET)
    text = form.values()["q"]
    results = {}
    if text:
        found_applications = applications.applications_for_staff(text=text)
        found_organizations = selectors.organizations_for_directory(text=text)
        results = {
            "applications": list(found_applications[:SEARCH_RESULTS]),
            "application_count": found_applications.count(),
            "organizations": list(found_organizations[:SEARCH_RESULTS]),
            "organization_count": found_organizations.count(),
        }
    return render(request, "grants/workspace/search.html", {"form": form, "text": text, **results})


@login_required
def application_list(request):
    """Every application, searched and filtered; a work queue (?queue=) lists what its count on the home counts,
    each row linked to the step it waits for."""
    check(request.user, "workspace.search")
    form = ApplicationFilters(request.GET)
    filters = form.values()
    queue = APPLICATION_QUEUES.get(filters["queue"])
    found = applications.applications_for_staff(
        queryset=queue.applications(timezone.now()) if queue else None,
        text=filters["q"] or "",
        status=filters["status"] or "",
        call=filters["call"].pk if filters["call"] else None,
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    if queue:
        for application in page.object_list:
            application.next_url = queue.next_url(application)
    return render(request, "grants/workspace/application_list.html", {"form": form, "page": page, "queue": queue})


@login_required
def organization_list(request):
    check(request.user, "workspace.view_organization_directory")
    form = OrganizationFilters(request.GET)
    filters = form.values()
    found = selectors.organizations_for_directory(
        text=filters["q"] or "",
        region=filters["region"].code if filters["region"] else "",
        type=filters["type"] or "",
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grants/workspace/organization_list.html", {"form": form, "page": page})


@login_required
def organization_detail(request, pk: int):
    """One organization as staff see it: profile, members, applications, awards, payments, reports, audit trail."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    check(request.user, "workspace.view_organization_directory", organization)
    file = selectors.organization_file(organization=organization, today=local(timezone.now()).date())
    audit = Paginator(file.audit, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grants/workspace/organization_detail.html", {"file": file, "audit": audit})
