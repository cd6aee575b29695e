"""Journeys 1 and 2 in a real browser: sign up, verify, register, fill the wizard over two visits, submit."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from grants.applications.models import Application
from grants.organizations.models import Organization
from tests.factories import CallFactory
from tests.tasks import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_sign_up_register_and_submit_over_two_visits(live_server, new_page, axe, tmp_path):
    base = live_server.url
    call = CallFactory(title_en="Community Supports 2026", documents=["budget-workbook"])
    violations = []
    page = new_page()

    # Journey 1: sign up, verify the e-mail, register the organization.
    page.goto(f"{base}/accounts/signup/")
    violations += axe(page)
    page.fill("#id_email", "director@safeharbour.example.org")
    page.fill("#id_first_name", "Dana")
    page.fill("#id_last_name", "Lee")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    run_worker()  # the verification e-mail goes out from the queue
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", base).replace("http://127.0.0.1:8000", base))
    violations += axe(page)
    page.click("main button[type=submit]")
    # Let the confirmation's POST finish before going on, or the next page may load before it is signed in.
    page.wait_for_url(lambda url: "/confirm-email/" not in url)

    page.goto(f"{base}/organizations/new/")
    violations += axe(page)
    page.fill("#id_legal_name", "Safe Harbour Youth Services")
    page.check("#id_type_0")  # non-profit
    page.fill("#id_registration_number", "12345")  # wrong format first
    page.fill("#id_street_address", "100 Queen Street West")
    page.fill("#id_city", "Toronto")
    page.fill("#id_postal_code", "m5h2n2")
    page.select_option("#id_region", label="Toronto")
    page.fill("#id_phone", "416-555-0100")
    page.fill("#id_email", "office@safeharbour.example.org")
    page.click("main button[type=submit]")
    page.locator("#error-summary").wait_for()  # the page the refused POST returns, not the one before it
    violations += axe(page)
    assert page.input_value("#id_legal_name") == "Safe Harbour Youth Services"  # nothing typed is lost
    page.fill("#id_registration_number", "1234567")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/organizations/\d+/(?:[?#].*)?$"))
    assert Organization.objects.filter(legal_name="Safe Harbour Youth Services").exists()

    # Journey 2, first visit: find the call, start, fill three steps, leave.
    page.goto(f"{base}/calls/")
    violations += axe(page)
    with page.expect_navigation():
        page.click(f"text={call.title_en}")
    violations += axe(page)
    page.click("text=Start an application for Safe Harbour Youth Services")
    page.wait_for_url(re.compile(r"/edit/eligibility/(?:[?#].*)?$"))
    violations += axe(page)
    page.check("#id_eligibility-based_in_ontario_0")
    page.check("#id_eligibility-not_for_profit_delivery_0")
    page.check("#id_eligibility-no_duplicate_funding_0")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/organization/(?:[?#].*)?$"))
    violations += axe(page)
    assert page.input_value("#id_organization-legal_name") == "Safe Harbour Youth Services"  # prefilled
    page.fill("#id_organization-contact_title", "Executive Director")
    page.fill("#id_organization-contact_phone", "416-555-0123")
    page.fill("#id_organization-mandate", "Prevention and support for young people.")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/project/(?:[?#].*)?$"))
    page.fill("#id_project-project_title", "Safe Futures for Youth")
    page.fill("#id_project-summary", "Workshops and mentoring for youth at risk.")
    page.fill("#id_project-description", "Weekly workshops in schools and a peer mentoring program.")
    page.check("#id_project-pillars_0")
    page.check("#id_project-populations_0")
    page.check("#id_project-regions_0")
    page.fill("#id_project-start_date", "2027-04-01")
    page.fill("#id_project-end_date", "2029-03-31")
    violations += axe(page)
    page.click("text=Save and finish later")
    page.wait_for_url(re.compile(r"/dashboard/(?:[?#].*)?$"))
    page.context.close()

    # Second visit, another browser: the draft resumes on the page that was left, as it was left.
    page = new_page()
    sign_in(page, base, "director@safeharbour.example.org")
    page.goto(f"{base}/dashboard/")
    violations += axe(page)
    page.click("text=Continue (3 of 6 steps complete)")
    page.wait_for_url(re.compile(r"/edit/project/(?:[?#].*)?$"))
    assert page.input_value("#id_project-project_title") == "Safe Futures for Youth"
    assert page.input_value("#id_project-end_date") == "2029-03-31"
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/budget/(?:[?#].*)?$"))
    violations += axe(page)
    page.fill("#id_budget-amount_staff_2027", "40000")
    page.fill("#id_budget-amount_program_2028", "35000.50")
    assert page.text_content("[data-grand-total]").strip() == "$75,000.50"  # live total, never typed
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/documents/(?:[?#].*)?$"))
    violations += axe(page)
    workbook = tmp_path / "Budget 2026.pdf"
    workbook.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    page.set_input_files("#id_documents-doc_budget_workbook", str(workbook))
    page.click("#slot-budget-workbook button[type=submit]")
    page.locator("#slot-budget-workbook tr[data-document]").wait_for()
    assert "Budget 2026.pdf" in page.locator("#slot-budget-workbook").inner_text()
    violations += axe(page)
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/declarations/(?:[?#].*)?$"))
    for name in ("accurate", "authority", "no_personal_information", "reporting", "conflicts"):
        page.check(f"#id_declarations-{name}")
    page.fill("#id_declarations-signatory_name", "Dana Lee")
    page.fill("#id_declarations-signatory_title", "Executive Director")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/review/(?:[?#].*)?$"))
    violations += axe(page)
    assert "Every step is complete." in page.text_content("main")
    assert "$75,000.50" in page.text_content("main")
    page.click("text=Submit the application")
    page.wait_for_url(re.compile(r"/submitted/(?:[?#].*)?$"))
    violations += axe(page)

    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference in page.text_content("main")
    run_worker()
    assert any(application.reference in message.subject for message in mail.outbox)
    with page.expect_download() as download:
        page.click("text=Download what you submitted (PDF)")
    assert download.value.suggested_filename == f"{application.reference}.pdf"
    assert violations == [], violations
