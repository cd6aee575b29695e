"""OCAP: an organization's owner downloads everything the portal holds about it (reporting/archive.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from grants.kernel.audit import audit
from grants.kernel.permissions import check
from grants.kernel.timeutils import local
from grants.organizations.models import Organization
from reporting import archive


@login_required
def organization_archive(request, pk: int):
    """OCAP: the organization's owner downloads everything the portal holds about it, streamed as a ZIP."""
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    audit(actor=request.user, obj=organization, action="organization.archive_downloaded")
    response = StreamingHttpResponse(
        archive.organization_archive(organization=organization), content_type="application/zip"
    )
    name = f"organization-{organization.pk}-{local(timezone.now()).date().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def organization_archive_page(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "reporting.download_archive", organization)
    return render(request, "reporting/organization_archive.html", {"organization": organization})
