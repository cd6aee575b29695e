"""Blind review: the applicant organization's name, people and contact details appear nowhere a reviewer
can reach (pages, file names, PDFs, e-mails)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from grants.applications.models import Call
from grants.documents.models import Document
from scoring import services
from scoring.models import Screening
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory
from tests.factories import submitted_application as submit
from tests.scoring.factories import pool_with, reviewer, rubric_for

ORG = "Zebra Unique Society"


@pytest.fixture
def blind(db, program_officer, mailoutbox, worker_after):
    organization = OrganizationFactory(
        legal_name=ORG,
        operating_name="Zebra Youth Circle",
        email="hello@zebra-unique.example.org",
        street_address="77 Quokka Lane",
    )
    owner = MembershipFactory(
        organization=organization,
        user__first_name="Quentin",
        user__last_name="Blindtest",
        user__email="quentin@zebra-unique.example.org",
    ).user
    call = CallFactory()
    application = submit(organization=organization, call=call, by=owner, title=f"{ORG} youth outreach")
    # The applicant named a file after the organization.
    document = Document.objects.filter(application=application).first()
    Document.objects.filter(pk=document.pk).update(original_name=f"{ORG} budget.xlsx")
    for entry in application.snapshot["documents"]:
        if entry["id"] == document.pk:
            entry["name"] = f"{ORG} budget.xlsx"
    application.save(update_fields=["snapshot"])
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1),
        blind_review=True,
        review_phase=Call.ReviewPhase.REVIEWING,
        status=Call.Status.IN_REVIEW,
    )
    call.refresh_from_db()
    rubric_for(call)
    Screening.objects.create(application=application, decision=Screening.Decision.ELIGIBLE)
    person = reviewer()
    pool_with(call, [person], by=program_officer)
    with worker_after():
        assignment = services.assignment_add(application=application, reviewer=person, by=program_officer)
    identity = [
        ORG,
        "Zebra Youth Circle",
        "hello@zebra-unique.example.org",
        "77 Quokka Lane",
        "Quentin",
        "Blindtest",
        "quentin@zebra-unique.example.org",
        "Alex Martin",
        "416-555-0123",
    ]
    # The fixture's snapshot really holds them: a test that finds nothing must be finding nothing hidden.
    snapshot_text = str(application.snapshot)
    assert all(
        term in snapshot_text
        for term in (ORG, "hello@zebra-unique.example.org", "Alex Martin", "416-555-0123")
    )
    return {
        "assignment": assignment,
        "application": application,
        "reviewer": person,
        "identity": identity,
        "document": document,
        "mail": mailoutbox,
    }


def leaks(text: str, identity) -> list[str]:
    return [term for term in identity if term.lower() in text.lower()]


def test_pages_pdf_files_and_e_mails_never_name_the_applicant(
    client, blind, worker_after
):
    assignment, identity = blind["assignment"], blind["identity"]
    assert blind["mail"] and not leaks(blind["mail"][0].subject + blind["mail"][0].body, identity)
    client.force_login(blind["reviewer"])
    for name in ("scoring:dashboard", "scoring:declare"):
        response = client.get(reverse(name, args=[] if name == "scoring:dashboard" else [assignment.pk]))
        assert response.status_code == 200 and not leaks(response.content.decode(), identity), name
    client.post(reverse("scoring:declare", args=[assignment.pk]), {"declaration": "none"})
    page = client.get(reverse("scoring:score", args=[assignment.pk])).content.decode()
    assert "youth outreach" in page and "Project" in page  # the proposal itself is there
    assert not leaks(page, identity)

    pdf = client.get(reverse("scoring:pdf", args=[assignment.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(p.extract_text() for p in reader.pages) + str(reader.metadata)
    assert "youth outreach" in text and not leaks(text, identity)
    assert not leaks(pdf["Content-Disposition"], identity)

    download = client.get(reverse("scoring:document", args=[assignment.pk, blind["document"].pk]))
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert blind["application"].reference in disposition and not leaks(disposition, identity)
    # The documents' own download address refuses the reviewer, since it gives the original name.
    assert client.get(reverse("grants:document_download", args=[blind["document"].pk])).status_code == 403

    with worker_after():
        services.reminders_send(now=assignment.due_at + dt.timedelta(days=1))
    reminder = blind["mail"][-1]
    assert "late" in reminder.subject and not leaks(reminder.subject + reminder.body, identity)


def test_without_blind_review_the_reviewer_sees_who_applies(client, blind):
    Call.objects.filter(pk=blind["application"].call_id).update(blind_review=False)
    assignment = blind["assignment"]
    client.force_login(blind["reviewer"])
    assert ORG in client.get(reverse("scoring:declare", args=[assignment.pk])).content.decode()
    client.post(reverse("scoring:declare", args=[assignment.pk]), {"declaration": "none"})
    page = client.get(reverse("scoring:score", args=[assignment.pk])).content.decode()
    assert ORG in page and "Alex Martin" in page
    # Not blind: the documents' own address serves the declared reviewer as well.
    assert client.get(reverse("grants:document_download", args=[blind["document"].pk])).status_code == 200
