"""Report attachments through the document flow of applications: the same upload, verification, storage and
download path (local disk here, S3 over real HTTP below), with the report's own rules: editable while a draft or
returned, kept as submitted in each version, the financial statement required with the final report."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.documents.models import Document
from grants.documents.selectors import documents_current
from grants.kernel.models import AuditEntry
from reporting import services
from reporting.models import ProgressReport
from tests.grants import document_files as files
from tests.grants.awards.award_factories import on_day
from tests.grants.helpers import flash, page_text
from tests.reporting.factories import filled_report
from tests.reporting.factories import given_attachment as given
from tests.s3 import send_to_bucket


def upload(client, report, code, *named_files, replaces=None):
    data = {"document_type": code, "file": [SimpleUploadedFile(name, content) for name, content in named_files]}
    if replaces is not None:
        data["replaces"] = str(replaces.pk)
    return client.post(reverse("reporting:report_document_upload", args=[report.pk]), data)


def current_names(report) -> list[str]:
    return [d.original_name for d in documents_current(owner=report)]


def attachments_url(report) -> str:
    return reverse("reporting:report_step", args=[report.pk, "documents"])


@pytest.fixture
def report(award, applicant):
    return filled_report(award=award, by=applicant)


@pytest.fixture
def final_report(award, applicant):
    period = award.reporting_periods.get(is_final=True)
    return services.report_start(period=period, by=applicant)


def test_a_member_attaches_files_and_staff_download_them(login, report, applicant, program_officer):
    client = login(applicant)
    page = client.get(attachments_url(report))
    assert "Supporting documents" in page_text(page) and "Financial statement" in page_text(page)
    assert f'action="{reverse("reporting:report_document_upload", args=[report.pk])}"' in page.content.decode()

    response = upload(
        client, report, "report-supporting", ("agenda.pdf", files.pdf("Agenda")), ("flyer.png", files.png())
    )

    assert response.url == f"{attachments_url(report)}#slot-report-supporting"
    assert flash(response) == ["“agenda.pdf” is uploaded and verified.", "“flyer.png” is uploaded and verified."]
    assert current_names(report) == ["agenda.pdf", "flyer.png"]
    attached = Document.objects.get(original_name="agenda.pdf")
    assert attached.owner == report
    assert attached.organization_id == report.award.application.organization_id
    assert AuditEntry.objects.filter(action="document.uploaded", object_id=str(attached.pk)).exists()

    staff = login(program_officer)
    detail = staff.get(reverse("reporting:report_detail", args=[report.pk]))
    assert "agenda.pdf" in page_text(detail) and "flyer.png" in page_text(detail)
    download = staff.get(reverse("grants:document_download", args=[attached.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.pdf("Agenda")
    assert 'filename="agenda.pdf"' in download["Content-Disposition"]


def test_refused_files_say_why_and_change_nothing(login, report, applicant):
    client = login(applicant)

    wrong_type = upload(client, report, "budget-workbook", ("budget.xlsx", files.xlsx()))
    assert flash(wrong_type) == ["Progress reports do not take “Budget workbook”."]
    program = upload(client, report, "report-supporting", ("tool.pdf", files.windows_program()))
    assert "“tool.pdf” is a Windows program" in flash(program)[-1]
    given(report, "report-financial-statement", "statement.pdf", files.pdf(), by=applicant)
    second = upload(client, report, "report-financial-statement", ("again.pdf", files.pdf()))
    assert "takes one file, and it already has one" in flash(second)[-1]
    assert second.url == f"{attachments_url(report)}?slot=report-financial-statement#slot-report-financial-statement"

    assert current_names(report) == ["statement.pdf"]
    page = client.get(second.url)
    assert "takes one file, and it already has one" in page_text(page)


def test_a_new_version_replaces_a_file_and_both_are_kept(login, report, applicant):
    old = given(report, "report-financial-statement", "statement-v1.pdf", files.pdf("v1"), by=applicant)
    client = login(applicant)

    upload(client, report, "report-financial-statement", ("statement-v2.pdf", files.pdf("v2")), replaces=old)

    old.refresh_from_db()
    assert old.status == Document.Status.REPLACED
    assert current_names(report) == ["statement-v2.pdf"]


def test_strangers_and_staff_cannot_attach_and_strangers_cannot_download(
    login, report, applicant, other_applicant, program_officer
):
    attached = given(report, "report-supporting", "agenda.pdf", files.pdf(), by=applicant)
    for user in (other_applicant, program_officer):
        client = login(user)
        assert upload(client, report, "report-supporting", ("x.pdf", files.pdf())).status_code == 403
        presign = client.post(
            reverse("reporting:report_document_presign", args=[report.pk]),
            {"document_type": "report-supporting", "name": "x.pdf", "size": "10"},
        )
        assert presign.status_code == 403
        assert client.post(reverse("grants:document_remove", args=[attached.pk])).status_code == 403
        assert client.get(attachments_url(report)).status_code == 403
    assert login(other_applicant).get(reverse("grants:document_download", args=[attached.pk])).status_code == 403
    assert current_names(report) == ["agenda.pdf"]


def test_a_submitted_report_keeps_its_files_until_staff_return_it(login, report, applicant, program_officer):
    kept = given(report, "report-supporting", "agenda.pdf", files.pdf("Agenda"), by=applicant)
    services.report_submit(report=report, by=applicant)
    client = login(applicant)

    refused = upload(client, report, "report-supporting", ("late.pdf", files.pdf()))
    assert refused.url == reverse("reporting:report_detail", args=[report.pk])
    assert "can no longer change" in flash(refused)[0]
    removal = client.post(reverse("grants:document_remove", args=[kept.pk]))
    assert "can no longer change" in flash(removal)[0]
    assert current_names(report) == ["agenda.pdf"]
    version = report.versions.get()
    assert [d["name"] for d in version.snapshot["documents"]] == ["agenda.pdf"]

    services.report_return(report=report, by=program_officer, comments="Attach the evaluation summary instead.")
    removed = client.post(reverse("grants:document_remove", args=[kept.pk]))
    assert removed.url == f"{attachments_url(report)}#slot-report-supporting"
    kept.refresh_from_db()
    # Part of version 1, so the record keeps it (marked removed) and staff can still open it.
    assert kept.status == Document.Status.REMOVED
    staff = login(program_officer)
    assert staff.get(reverse("grants:document_download", args=[kept.pk])).status_code == 200
    detail = page_text(staff.get(reverse("reporting:report_detail", args=[report.pk])))
    assert "No attachments." in detail and "agenda.pdf" in detail  # gone now, listed in version 1


def test_a_draft_file_removed_is_deleted(login, report, applicant, settings):
    draft_file = given(report, "report-supporting", "agenda.pdf", files.pdf(), by=applicant)
    path = settings.MEDIA_ROOT / draft_file.key

    assert path.exists()
    login(applicant).post(reverse("grants:document_remove", args=[draft_file.pk]))

    assert not Document.objects.filter(pk=draft_file.pk).exists() and not path.exists()


def test_the_final_report_needs_the_financial_statement(login, final_report, applicant):
    report = final_report
    services.report_save_narrative(report=report, narratives={"support": "Weekly circles."}, by=applicant)
    services.report_save_indicators(report=report, values={}, by=applicant)
    services.report_save_spending(
        report=report, lines={line.category: (line.budget, "") for line in report.spending_lines.all()}, by=applicant
    )
    with on_day(report.period.end_date + dt.timedelta(days=1)):  # the final period has started
        client = login(applicant)
        submit = reverse("reporting:report_submit", args=[report.pk])

        page = client.get(submit)
        assert "Attachments: Attach the project's financial statement: the final report needs it." in page_text(page)
        assert f'href="{attachments_url(report)}"' in page.content.decode()
        client.post(submit)
        report.refresh_from_db()
        assert report.status == ProgressReport.Status.DRAFT

        upload(client, report, "report-financial-statement", ("statement.pdf", files.pdf()))
        client.post(submit)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.versions.get().snapshot["documents"][0]["type"] == "report-financial-statement"


def test_a_progress_report_submits_without_attachments(report, applicant):
    assert services.report_problems(report=report) == []


def test_calls_offer_only_application_types(admin_client):
    page = admin_client.get(reverse("setup:call_create")).content.decode()
    assert "Budget workbook" in page and "Supporting documents" not in page


def test_the_organization_archive_holds_report_attachments(login, report, applicant):
    attached = given(report, "report-supporting", "agenda.pdf", files.pdf("Agenda"), by=applicant)
    organization = report.award.application.organization
    response = login(applicant).get(reverse("reporting:organization_archive", args=[organization.pk]))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read(f"documents/{attached.pk}-agenda.pdf") == files.pdf("Agenda")
    listed = json.loads(archive.read("documents.json"))
    assert any(row["id"] == attached.pk and row["owner_id"] == report.pk for row in listed)


def test_a_file_goes_straight_to_the_bucket_and_is_verified_there(login, report, applicant, s3_documents):
    client = login(applicant)
    page = client.get(attachments_url(report)).content.decode()
    presign_url = reverse("reporting:report_document_presign", args=[report.pk])
    assert f'data-presign-url="{presign_url}"' in page
    content = files.pdf("Evaluation summary")

    presigned = client.post(
        presign_url, {"document_type": "report-supporting", "name": "evaluation.pdf", "size": str(len(content))}
    ).json()
    assert presigned["confirm_url"] == reverse("reporting:report_document_confirm", args=[report.pk])
    assert send_to_bucket(presigned, "evaluation.pdf", content).status_code in (200, 201, 204)
    confirmed = client.post(presigned["confirm_url"], {"key": presigned["key"]})

    assert confirmed.json()["redirect"] == f"{attachments_url(report)}#slot-report-supporting"
    assert s3_documents.read(presigned["key"]) == content
    assert current_names(report) == ["evaluation.pdf"]
    download = client.get(reverse("grants:document_download", args=[Document.objects.get(key=presigned["key"]).pk]))
    assert download.status_code == 302 and "Signature" in download.url


def test_a_key_of_another_owner_is_refused(login, report, applicant, s3_documents, organization):
    from grants.applications import services as grant_services
    from tests.factories import CallFactory

    application = grant_services.application_start(
        organization=organization, call=CallFactory(documents=["budget-workbook"]), by=applicant
    )
    client = login(applicant)
    presigned = client.post(
        reverse("grants:document_presign", args=[application.pk]),
        {"document_type": "budget-workbook", "name": "budget.xlsx", "size": "100"},
    ).json()

    confirmed = client.post(
        reverse("reporting:report_document_confirm", args=[report.pk]), {"key": presigned["key"]}
    )

    assert confirmed.status_code == 400
    assert confirmed.json()["error"] == (
        "This upload does not belong to this report. Reload the page and upload the file again."
    )
    assert Document.objects.get(key=presigned["key"]).status == Document.Status.PENDING
