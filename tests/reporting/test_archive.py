"""OCAP: the organization's owner downloads everything the portal holds about it as a streamed ZIP."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

from django.urls import reverse

from grants.awards import services as award_services
from grants.documents.models import Document
from reporting import services
from tests.factories import MembershipFactory
from tests.grants.awards.award_factories import on_day
from tests.reporting.factories import filled_report, funded_award


def test_owner_downloads_everything_with_a_manifest(login, organization, applicant, program_officer):
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    with on_day(dt.date(2027, 8, 15)):
        award_services.payment_release(payment=award.payments.get(number=1), by=program_officer)
        services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    other = MembershipFactory()
    funded_award(organization=other.organization, officer=program_officer, owner=other.user)

    page = (
        login(applicant).get(reverse("grants:organization_detail", args=[organization.pk])).content.decode()
    )
    assert reverse("reporting:organization_archive_page", args=[organization.pk]) in page
    response = login(applicant).get(reverse("reporting:organization_archive", args=[organization.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {
        "organization.json",
        "members.json",
        "awards.json",
        "payments.json",
        "progress_reports.json",
        "decisions.json",
        "agreements.json",
        "documents.json",
        "manifest.json",
    } <= names
    assert f"agreements/{award.pk}-v1.pdf" in names
    assert archive.read(f"agreements/{award.pk}-v1.pdf").startswith(b"%PDF")

    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["organization"] == organization.legal_name
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    members = json.loads(archive.read("members.json"))
    assert [m["email"] for m in members] == [applicant.email]
    assert "password" not in archive.read("members.json").decode()
    awards = json.loads(archive.read("awards.json"))
    assert [a["id"] for a in awards] == [award.pk]  # nothing of the other organization
    reports = json.loads(archive.read("progress_reports.json"))
    assert reports[0]["status"] == "submitted" and reports[0]["versions"][0]["number"] == 1
    application = json.loads(archive.read(f"applications/{award.application_id}/application.json"))
    assert application["reference"] == award.reference


def test_documents_are_in_the_archive(login, applicant, organization):
    from tests.factories import submitted_application

    application = submitted_application(organization=organization)
    documents = Document.objects.filter(application=application, status=Document.Status.CURRENT)
    response = login(applicant).get(reverse("reporting:organization_archive", args=[organization.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for document in documents:
        content = archive.read(f"documents/{document.pk}-{document.original_name}")
        assert hashlib.sha256(content).hexdigest() == document.sha256
    assert len(json.loads(archive.read("documents.json"))) == documents.count()


def test_only_the_owner_may_download(
    client, login, organization, applicant, other_applicant, program_officer
):
    editor = MembershipFactory(organization=organization, role="editor").user
    for name in ("organization_archive_page", "organization_archive"):
        url = reverse(f"reporting:{name}", args=[organization.pk])
        client.logout()
        assert client.get(url).status_code == 302
        assert login(other_applicant).get(url).status_code == 403
        assert login(editor).get(url).status_code == 403
        assert login(program_officer).get(url).status_code == 403
        assert login(applicant).get(url).status_code == 200
