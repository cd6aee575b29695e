"""Issue 14's "done when" in a real browser, with axe-core's WCAG 2.0 A and AA checks on every new page: staff ask a
question, the applicant answers with an attachment, both are e-mailed, a reviewer sees the answer but not the
conversation; an application given more time submits after the call's deadline and another does not; a visitor
learns that their organization type cannot apply to ILIF, and the wizard agrees."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.utils import timezone

from grants.applications import services as application_services
from grants.applications.demo import complete_application
from grants.applications.models import Application, Call, Fund
from grants.conversations.models import Clarification
from grants.organizations.models import OrganizationType, Region
from tests.browser_fixtures import sign_in
from tests.factories import CallFactory, MembershipFactory, UserFactory, submitted_application
from tests.scoring.factories import assign, reviewer, rubric_for
from tests.tasks import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"


def test_a_question_answered_with_a_file_reaches_the_reviewer_not_the_conversation(live_server, new_page, axe,
                                                                                   tmp_path):
    officer = UserFactory(roles=["program_officer"], first_name="Olive", last_name="Officer")
    member = MembershipFactory(user__first_name="Maya", user__last_name="Member").user
    call = CallFactory()
    application = submitted_application(organization=member.memberships.get().organization, call=call, by=member)
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1), review_phase=Call.ReviewPhase.REVIEWING,
        status=Call.Status.IN_REVIEW,
    )
    rubric_for(call)
    person = reviewer()
    assignment = assign(application, person)
    run_worker()
    mail.outbox.clear()
    base, violations = live_server.url, []
    page = new_page()

    sign_in(page, base, officer, PASSWORD)
    page.goto(f"{base}/applications/{application.pk}/")
    page.click("text=Messages and questions about this application")
    page.wait_for_url(re.compile(rf"/conversations/application/{application.pk}/$"))
    violations += axe(page)
    page.fill("#id_question-question", "Which schools have agreed to host the workshops?")
    page.fill("#id_question-due_at", (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ask", exact=True).click()
    page.locator("[data-clarification]").wait_for()
    run_worker()
    assert [m.to[0] for m in mail.outbox] == [member.email]
    mail.outbox.clear()

    sign_in(page, base, member, PASSWORD)
    assert f"A question about {application.reference}" in page.text_content("main")
    violations += axe(page)
    with page.expect_navigation():
        page.click(f"text=Read and answer the question about {application.reference}")
    letters = tmp_path / "letters.pdf"
    letters.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    page.set_input_files("#id_documents-doc_message_attachment", str(letters))
    page.click("#slot-message-attachment button[type=submit]")
    page.locator("#slot-message-attachment tr[data-document]").wait_for()
    violations += axe(page)
    page.select_option("#id_message-answers", label="Which schools have agreed to host the workshops?")
    page.fill("#id_message-body", "Three schools in Thunder Bay; their letters are attached.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("[data-answer]").wait_for()
    assert "letters.pdf" in page.locator("[data-message]").inner_text()
    violations += axe(page)
    run_worker()
    assert [m.to[0] for m in mail.outbox] == [officer.email]
    assert "letters.pdf" in mail.outbox[0].body

    sign_in(page, base, person, PASSWORD)
    page.goto(f"{base}/review/assignments/{assignment.pk}/")
    text = page.text_content("main")
    assert "Three schools in Thunder Bay; their letters are attached." in text  # the answer
    assert "Clarifications after submission" in text
    assert "letters.pdf" not in text  # the conversation's files stay with staff and the organization
    response = page.goto(f"{base}/conversations/application/{application.pk}/")
    assert response.status == 403
    assert Clarification.objects.get().is_answered
    assert violations == []


def test_an_extended_application_submits_after_the_deadline_and_another_does_not(live_server, new_page, axe):
    officer = UserFactory(roles=["program_officer"])
    member = MembershipFactory().user
    organization = member.memberships.get().organization
    call = CallFactory(allows_multiple_applications=True)
    extended, other = (
        complete_application(
            application_services.application_start(organization=organization, call=call, by=member), by=member
        )
        for _ in range(2)
    )
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=5))
    base, violations = live_server.url, []
    page = new_page()

    sign_in(page, base, officer, PASSWORD)
    page.goto(f"{base}/applications/{extended.pk}/")
    with page.expect_navigation():
        page.click("text=Extend the deadline")
    violations += axe(page)
    page.fill("#id_deadline", (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S"))
    page.fill("#id_reason", "A flood closed the office for a week.")
    page.get_by_role("button", name="Extend", exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{extended.pk}/$"))
    assert "A flood closed the office for a week." in page.text_content("main")

    sign_in(page, base, member, PASSWORD)
    page.goto(f"{base}/applications/{extended.pk}/edit/review/")
    page.click("text=Submit the application")
    page.wait_for_url(re.compile(r"/submitted/(?:[?#].*)?$"))
    page.goto(f"{base}/applications/{other.pk}/edit/review/")
    assert "this draft can no longer be submitted" in page.text_content("main")
    assert page.locator("text=Submit the application").count() == 0
    assert Application.objects.get(pk=extended.pk).status == Application.Status.SUBMITTED
    assert Application.objects.get(pk=other.pk).status == Application.Status.DRAFT
    assert violations == []


def test_a_visitor_learns_in_a_minute_that_a_non_profit_cannot_apply_to_ilif_and_the_wizard_agrees(
    live_server, new_page, axe
):
    indigenous = [OrganizationType.INDIGENOUS_ORGANIZATION, OrganizationType.FIRST_NATION, OrganizationType.METIS,
                  OrganizationType.INUIT]
    call = CallFactory(fund=Fund.objects.get(code="ILIF"), eligible_organization_types=indigenous)
    call.regions.set(Region.objects.all())
    base, violations = live_server.url, []
    page = new_page()

    started = time.monotonic()
    page.goto(f"{base}/calls/{call.slug}/")
    with page.expect_navigation():
        page.click("text=Check in a minute whether your organization can apply")
    violations += axe(page)
    page.check("input[name=organization_type][value=non_profit]")
    page.check("input[name=indigenous_led][value=no]")
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#eligibility-result").wait_for()
    assert time.monotonic() - started < 60
    result = page.locator("#eligibility-result").inner_text()
    assert "cannot apply" in result
    reason = "This call is open to: Indigenous organization, First Nation, Métis organization, Inuit organization."
    assert reason in result
    violations += axe(page)

    member = MembershipFactory(organization__type=OrganizationType.NON_PROFIT).user
    sign_in(page, base, member, PASSWORD)
    page.goto(f"{base}/calls/{call.slug}/")
    page.click("text=/Start an application for/")
    page.wait_for_url(re.compile(r"/edit/eligibility/(?:[?#].*)?$"))
    page.check("#id_eligibility-based_in_ontario_0")
    page.check("#id_eligibility-not_for_profit_delivery_0")
    page.check("#id_eligibility-no_duplicate_funding_0")
    page.check("#id_eligibility-indigenous_led_attestation")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue", exact=True).click()
    assert reason in page.text_content("main")  # the same rule, the same words
    assert violations == []
