"""The document store down: the normal page with "Documents are temporarily unavailable", never an error page.
The agreement's accepted PDF and its acceptance (nothing accepted, what was typed kept), a document's download,
and the organization's archive: refused before its first byte, or finished with a manifest that names what it
could not copy if the store stops mid-way; audited only once delivered."""

from __future__ import annotations

import io
import json
import zipfile

import boto3
import pytest
from django.urls import reverse

from grants.awards.models import Agreement
from grants.documents.models import Document
from grants.kernel.models import AuditEntry
from tests.factories import submitted_application
from tests.grants.helpers import field_value, flash, page_text
from tests.s3 import KEYS, REGION, documents_storage

UNAVAILABLE = "Documents are temporarily unavailable"


@pytest.fixture
def disk_down(settings, tmp_path):
    """Local documents whose disk cannot be read or written (the folder is not a folder any more)."""
    broken = tmp_path / "unmounted"
    broken.write_text("")
    settings.MEDIA_ROOT = broken


def test_the_accepted_agreement_pdf_says_documents_are_unavailable(client, accepted_award, applicant, disk_down):
    client.force_login(applicant)

    response = client.get(reverse("grants:agreement_pdf", args=[accepted_award.pk, 1]))

    assert response.status_code == 302 and response.url == reverse("grants:award_detail", args=[accepted_award.pk])
    assert any(UNAVAILABLE in message for message in flash(response))


def test_accepting_while_documents_are_unavailable_accepts_nothing_and_keeps_what_was_typed(
    client, award, applicant, disk_down
):
    client.force_login(applicant)

    response = client.post(
        reverse("grants:agreement_accept", args=[award.pk]),
        {"version": "1", "signer_name": "Dana Fox", "signer_title": "Executive Director", "confirm": "on"},
    )

    assert response.status_code == 200
    assert "the accepted agreement cannot be stored: it is not accepted yet" in page_text(response)
    assert field_value(response, "signer_title") == "Executive Director"
    assert not Agreement.objects.get(award=award, version=1).accepted_at


def test_a_download_while_the_bucket_is_unreachable_says_so(client, applicant, organization, settings, s3_unreachable):
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    application = submitted_application(organization=organization)  # its documents on local disk...
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(s3_unreachable)}  # ...then S3, down
    document = Document.objects.filter(application=application).first()
    client.force_login(applicant)

    response = client.get(reverse("grants:document_download", args=[document.pk]))

    assert response.status_code == 302
    assert any(UNAVAILABLE in message for message in flash(response))
    assert not AuditEntry.objects.filter(action="document.downloaded").exists()


def test_the_archive_is_refused_before_its_first_byte_and_not_audited(
    client, applicant, organization, settings, s3_unreachable
):
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    submitted_application(organization=organization)  # its documents on local disk...
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(s3_unreachable)}  # ...then S3, down
    client.force_login(applicant)

    response = client.get(reverse("reporting:organization_archive", args=[organization.pk]))

    assert response.status_code == 302 and not getattr(response, "streaming", False)
    page = client.get(response.url)
    assert UNAVAILABLE in page_text(page)
    assert not AuditEntry.objects.filter(action="organization.archive_downloaded").exists()


def test_a_store_that_stops_mid_way_still_gives_a_whole_zip_whose_manifest_says_what_is_missing(
    client, applicant, organization, settings
):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # moto keeps its buckets in the process: this test's has its own name, apart from the session's server's.
    storage = documents_storage(endpoint)
    storage["OPTIONS"] = {**storage["OPTIONS"], "bucket_name": "archive-outage-test"}
    boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS).create_bucket(
        Bucket="archive-outage-test", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    settings.STORAGES = {**settings.STORAGES, "documents": storage}
    application = submitted_application(organization=organization)
    client.force_login(applicant)
    try:
        response = client.get(reverse("reporting:organization_archive", args=[organization.pk]))
        chunks = iter(response.streaming_content)
        received = [next(chunks)]
    finally:
        server.stop()  # the store goes down after the first piece was sent
    received += list(chunks)

    archive = zipfile.ZipFile(io.BytesIO(b"".join(received)))
    manifest = json.loads(archive.read("manifest.json"))
    documents = Document.objects.filter(application=application, status=Document.Status.CURRENT)
    unavailable = [entry["path"] for entry in manifest["files"] if entry.get("unavailable")]
    assert manifest["complete"] is False and len(unavailable) == documents.count() > 0
    assert "organization.json" in archive.namelist()
    entry = AuditEntry.objects.get(action="organization.archive_downloaded")
    assert entry.details["unavailable"] == unavailable
