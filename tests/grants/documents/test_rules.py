"""Who may reach each document URL: anonymous, another organization, a reviewer not assigned, the
organization's member, program officers and administrators."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.applications import services
from grants.documents import services as documents
from grants.documents.models import Document, DocumentType
from grants.kernel.models import AuditEntry
from tests.grants import document_files as files


@pytest.fixture
def draft(applicant, organization, open_call):
    return services.application_start(organization=organization, call=open_call, by=applicant)


@pytest.fixture
def document(draft, applicant):
    return documents.document_upload(
        owner=draft,
        document_type=DocumentType.objects.get(code="budget-workbook"),
        file=SimpleUploadedFile("budget.xlsx", files.xlsx()),
        by=applicant,
    )


@pytest.fixture
def person(request, applicant, other_applicant, reviewer, program_officer, administrator):
    return {
        "anonymous": None,
        "other organization": other_applicant,
        "unassigned reviewer": reviewer,
        "member": applicant,
        "program officer": program_officer,
        "administrator": administrator,
    }[request.param]


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("anonymous", 302),
        ("other organization", 403),
        ("unassigned reviewer", 403),
        ("member", 200),
        ("program officer", 200),
        ("administrator", 200),
    ],
    indirect=["person"],
)
def test_download(client, person, status, document):
    response = as_(client, person).get(reverse("grants:document_download", args=[document.pk]))

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("account_login"))
    downloaded = AuditEntry.objects.filter(action="document.downloaded", object_id=str(document.pk))
    assert downloaded.count() == (1 if status == 200 else 0)
    if status == 200:
        assert downloaded.get().actor == person


def test_an_upload_not_yet_verified_cannot_be_downloaded(client, applicant, draft):
    pending = Document.objects.create(
        organization=draft.organization,
        owner=draft,
        uploaded_by=applicant,
        document_type=DocumentType.objects.get(code="budget-workbook"),
        original_name="budget.xlsx",
        key="documents/pending.xlsx",
    )

    response = as_(client, applicant).get(reverse("grants:document_download", args=[pending.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("anonymous", 302),
        ("other organization", 403),
        ("unassigned reviewer", 403),
        ("program officer", 403),
        ("administrator", 403),
        ("member", 302),
    ],
    indirect=["person"],
)
def test_upload_through_the_portal(client, person, status, draft):
    response = as_(client, person).post(
        reverse("grants:document_upload", args=[draft.pk]),
        {"document_type": "budget-workbook", "file": SimpleUploadedFile("budget.xlsx", files.xlsx())},
    )

    assert response.status_code == status
    uploaded = Document.objects.filter(application=draft, status=Document.Status.CURRENT).exists()
    assert uploaded == (
        person is not None and person.memberships.filter(organization=draft.organization).exists()
    )


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("anonymous", 302),
        ("other organization", 403),
        ("unassigned reviewer", 403),
        ("program officer", 403),
        ("member", 200),
    ],
    indirect=["person"],
)
def test_presign_and_confirm(client, person, status, draft, s3_documents):
    presign = as_(client, person).post(
        reverse("grants:document_presign", args=[draft.pk]),
        {"document_type": "budget-workbook", "name": "budget.xlsx", "size": "1600"},
    )
    confirm = client.post(
        reverse("grants:document_confirm", args=[draft.pk]),
        {"key": presign.json()["key"] if status == 200 else "documents/none.xlsx"},
    )

    assert presign.status_code == status
    assert confirm.status_code == (400 if status == 200 else status)  # nothing was uploaded to the key


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("anonymous", 302),
        ("other organization", 403),
        ("unassigned reviewer", 403),
        ("program officer", 403),
        ("member", 302),
    ],
    indirect=["person"],
)
def test_remove(client, person, status, document):
    response = as_(client, person).post(reverse("grants:document_remove", args=[document.pk]))

    assert response.status_code == status
    assert Document.objects.filter(pk=document.pk).exists() == (status != 302 or person is None)


@pytest.mark.parametrize("name", ["document_upload", "document_presign", "document_confirm"])
def test_changing_endpoints_take_posts_only(client, applicant, draft, name):
    assert as_(client, applicant).get(reverse(f"grants:{name}", args=[draft.pk])).status_code == 405


def test_a_missing_document_is_a_404_for_everyone(client, program_officer):
    assert (
        as_(client, program_officer).get(reverse("grants:document_download", args=[999999])).status_code
        == 404
    )
    assert client.post(reverse("grants:document_remove", args=[999999])).status_code == 404


def test_the_document_history_is_for_staff(client, applicant, program_officer, document):
    url = reverse("grants:application_detail", args=[document.owner_id])

    assert b"Document history" not in as_(client, applicant).get(url).content
    assert b"Document history" in as_(client, program_officer).get(url).content
