"""What the review's pages share: the page size, and the call or application a staff page is about (404 when
it does not exist, 403 without the permission to manage the review)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from grants.applications.models import Application, Call
from grants.kernel.permissions import check
from scoring import selectors

PER_PAGE = 25


def staff_call(request, slug: str) -> Call:
    try:
        call = selectors.call_for_staff(slug=slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    check(request.user, "scoring.manage_review", call)
    return call


def staff_application(request, slug: str, pk: int) -> tuple[Call, Application]:
    call = staff_call(request, slug)
    application = get_object_or_404(
        Application.objects.select_related("call", "organization"), pk=pk, call=call
    )
    return call, application
