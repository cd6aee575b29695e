"""OCAP: an organization's owner downloads everything the portal holds about it (reporting/archive.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from grants.kernel.permissions import check
from grants.kernel.responses import private_file
from grants.kernel.timeutils import local
from grants.kernel.views import service_errors
from grants.organizations.models import Organization
from reporting import archive


def _archive_page(request, pk: int, **kwargs) -> str:
    return reverse("reporting:organization_archive_page", args=[pk])


@login_required
@service_errors(_archive_page)  # the documents store does not answer: nothing was sent
def organization_archive(request, pk: int):
    """OCAP: the organization's owner downloads everything the portal holds about it, streamed as a ZIP (audited
    by the stream once it has all been sent)."""
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    stream = archive.organization_archive(organization=organization, by=request.user)
    name = f"organization-{organization.pk}-{local(timezone.now()).date().isoformat()}.zip"
    return private_file(StreamingHttpResponse(stream, content_type="application/zip"), filename=name)


@login_required
def organization_archive_page(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    return render(request, "reporting/organization_archive.html", {"organization": organization})
