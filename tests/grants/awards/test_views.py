"""The award pages: who may open each, what they show, and what they cost in queries."""

import hashlib
import html
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from grants.applications.models import Application
from grants.awards import selectors, services
from grants.awards.models import Award, Payment
from tests.factories import CallFactory, MembershipFactory, submitted_application
from tests.grants.awards.award_factories import approved_quickly, award_for, close_call
from tests.grants.helpers import field_value, flash, page_text

ROLES = ["anonymous", "applicant", "other_applicant", "reviewer", "program_officer", "administrator"]


@pytest.fixture
def as_role(request, client):
    def _as(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return _as


def staff_urls(award):
    application = award.application
    call = application.call
    return [
        reverse("grants:call_decisions", args=[call.slug]),
        reverse("grants:decisions_release", args=[call.slug]),
        reverse("grants:decision_edit", args=[application.pk]),
        reverse("grants:award_list"),
        reverse("grants:award_amend", args=[award.pk]),
        reverse("grants:award_suspend", args=[award.pk]),
        reverse("grants:award_reinstate", args=[award.pk]),
        reverse("grants:award_close", args=[award.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_are_for_staff_only(award, as_role, role):
    client = as_role(role)
    for url in staff_urls(award):
        response = client.get(url)
        expected = {"anonymous": 302, "program_officer": 200, "administrator": 200}.get(role, 403)
        assert response.status_code == expected, (url, role)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_creating_an_award_is_for_staff_only(approved_application, as_role, role):
    response = as_role(role).get(reverse("grants:award_create", args=[approved_application.pk]))
    assert response.status_code == {"anonymous": 302, "program_officer": 200, "administrator": 200}.get(
        role, 403
    )


@pytest.mark.parametrize("role", ROLES)
def test_releasing_a_payment_is_for_staff_only(accepted_award, as_role, role):
    response = as_role(role).post(reverse("grants:payment_release", args=[accepted_award.pk, 1]))
    assert response.status_code == {"anonymous": 302, "program_officer": 302, "administrator": 302}.get(
        role, 403
    )
    released = Payment.objects.get(award=accepted_award, number=1).status == Payment.Status.RELEASED
    assert released == (role in ("program_officer", "administrator"))


@pytest.mark.parametrize("role", ROLES)
def test_the_award_and_its_agreement_are_for_the_organization_and_staff(award, as_role, role):
    client = as_role(role)
    expected = {"anonymous": 302, "applicant": 200, "program_officer": 200, "administrator": 200}.get(
        role, 403
    )
    for url in (
        reverse("grants:award_detail", args=[award.pk]),
        reverse("grants:agreement_pdf", args=[award.pk, 1]),
    ):
        assert client.get(url).status_code == expected, (url, role)


@pytest.mark.parametrize("role", ROLES + ["editor"])
def test_only_an_owner_accepts_the_agreement(award, organization, as_role, client, role):
    if role == "editor":
        client.force_login(MembershipFactory(organization=organization, role="editor").user)
    else:
        client = as_role(role)
    response = client.get(reverse("grants:agreement_accept", args=[award.pk]))
    assert response.status_code == {"anonymous": 302, "applicant": 200}.get(role, 403)


def test_an_unknown_award_or_version_is_not_found(award, program_officer, client):
    client.force_login(program_officer)
    assert client.get(reverse("grants:award_detail", args=[award.pk + 100])).status_code == 404
    assert client.get(reverse("grants:agreement_pdf", args=[award.pk, 7])).status_code == 404
    assert client.post(reverse("grants:payment_release", args=[award.pk, 99])).status_code == 404


def test_the_applicant_reaches_the_award_from_the_application(award, applicant, client):
    client.force_login(applicant)
    response = client.get(reverse("grants:application_detail", args=[award.application.pk]))
    assert reverse("grants:award_detail", args=[award.pk]) in response.content.decode()
    text = page_text(client.get(reverse("grants:award_detail", args=[award.pk])))
    assert "Version 1 of the agreement is waiting for your acceptance" in text
    assert "What is due next" in text and "Next report" in text and "Next payment" in text
    assert "Release payment" not in text and "Staff actions" not in text


# --- The journey in the pages (the "done when") -------------------------------------------


def test_decide_release_award_accept_download_and_pay_through_the_pages(
    db, organization, applicant, program_officer, mailoutbox, worker_after
):
    from django.test import Client

    call = CallFactory(envelope=Decimal("200000"), max_request=Decimal("200000"))
    application = submitted_application(organization=organization, call=call)
    other = submitted_application(call=call)
    close_call(call)
    staff, member = Client(), Client()
    staff.force_login(program_officer)
    member.force_login(applicant)

    # Staff approve from the decisions page (ranking order) and release.
    decisions = reverse("grants:call_decisions", args=[call.slug])
    assert (
        staff.post(
            decisions,
            {
                "applications": [application.pk, other.pk],
                "outcome": "approved",
                "order": f"{application.pk},{other.pk}",
                "override_reason": "The panel met without the portal; its minutes are on file.",
            },
        ).status_code
        == 302
    )
    with worker_after():
        staff.post(reverse("grants:decisions_release", args=[call.slug]))
    assert Application.objects.get(pk=application.pk).status == "approved"

    # The award within the envelope...
    create = reverse("grants:award_create", args=[application.pk])
    form = staff.get(create)
    assert field_value(form, "signing_name") == "Alex Martin"
    years = selectors.requested_by_year(application=application)
    data = {
        "start_date": application.start_date.isoformat(),
        "end_date": application.end_date.isoformat(),
        "risk_level": "medium",
        "signing_name": "Alex Martin",
        "signing_title": "Executive Director",
        "signing_email": "alex@example.org",
        **{f"amount_{y}": str(a) for y, a in years.items()},
    }
    with worker_after():
        response = staff.post(create, data)
    award = Award.objects.get(application=application)
    assert response["Location"] == reverse("grants:award_detail", args=[award.pk])

    # ...and the next one refused beyond it, with the remaining amount shown and nothing typed lost.
    other_years = selectors.requested_by_year(application=other)
    refused = staff.post(
        reverse("grants:award_create", args=[other.pk]),
        {
            **data,
            "start_date": other.start_date.isoformat(),
            "end_date": other.end_date.isoformat(),
            "signing_name": "Sam Lee",
            **{f"amount_{y}": str(a) for y, a in other_years.items()},
        },
    )
    assert refused.status_code == 200
    assert "$95,000.00 of $200,000.00 remains uncommitted" in page_text(refused)
    assert field_value(refused, "signing_name") == "Sam Lee"
    assert not Award.objects.filter(application=other).exists()

    # The applicant accepts and downloads the accepted agreement.
    accept = reverse("grants:agreement_accept", args=[award.pk])
    assert "Download the agreement, version 1" in page_text(member.get(accept))
    incomplete = member.post(
        accept, {"version": 1, "signer_name": "Alex Martin", "signer_title": "Executive Director"}
    )
    assert incomplete.status_code == 200 and "This field is required." in page_text(incomplete)
    assert field_value(incomplete, "signer_title") == "Executive Director"
    with worker_after():
        response = member.post(
            accept,
            {
                "version": 1,
                "signer_name": "Alex Martin",
                "signer_title": "Executive Director",
                "confirm": "on",
            },
        )
    # Accepted before the term starts: the page says when the advance will go out.
    advance = award.payments.get(number=1)
    assert flash(response)[0] == (
        "Thank you. Version 1 of the agreement is accepted; the accepted PDF is kept below. "
        f"Payment 1 (${advance.amount:,.2f}) will be released on its due date, "
        f"{advance.due_date:%B} {advance.due_date.day}, {advance.due_date.year}."
    )
    pdf = member.get(reverse("grants:agreement_pdf", args=[award.pk, 1]))
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == award.agreements.get().sha256

    # Staff release the first payment early, with a reason.
    page = staff.get(reverse("grants:award_detail", args=[award.pk]))
    assert "Release payment 1 early" in page_text(page)
    with worker_after():
        response = staff.post(
            reverse("grants:payment_release", args=[award.pk, 1]), {"reason": "Staff must be hired before April."}
        )
    assert "Payment 1 released" in flash(response)[0]
    text = page_text(member.get(reverse("grants:award_detail", args=[award.pk])))
    advance = award.payments.get(number=1)
    assert "Released on" in text and f"${advance.amount:,.2f}" in text
    assert "Payment 2:" in text  # what is due next
    assert "Payment 1 released" in mailoutbox[-1].subject


def test_a_refused_payment_is_explained_on_the_page(accepted_award, program_officer, client):
    client.force_login(program_officer)
    response = client.post(reverse("grants:payment_release", args=[accepted_award.pk, 2]))
    assert "Release payment 1 first" in flash(response)[0]
    services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)
    text = page_text(client.get(reverse("grants:award_detail", args=[accepted_award.pk])))
    assert "Waits for report 1" in text and "Release payment 2" not in text


def test_accepting_a_version_already_accepted_is_explained_on_the_award_page(accepted_award, applicant, client):
    client.force_login(applicant)
    response = client.post(
        reverse("grants:agreement_accept", args=[accepted_award.pk]),
        {"version": 1, "signer_name": "Alex Martin", "signer_title": "Executive Director", "confirm": "on"},
    )
    assert response["Location"] == reverse("grants:award_detail", args=[accepted_award.pk])
    assert "Version 1 of this agreement was accepted on" in flash(response)[0]


def test_changing_the_term_asks_for_the_new_years_amount_and_keeps_the_rest(
    approved_application, program_officer, client
):
    client.force_login(program_officer)
    years = selectors.requested_by_year(application=approved_application)
    first, last = min(years), max(years)
    response = client.post(
        reverse("grants:award_create", args=[approved_application.pk]),
        {
            "start_date": approved_application.start_date.isoformat(),
            "end_date": approved_application.end_date.replace(
                year=approved_application.end_date.year + 1
            ).isoformat(),
            "risk_level": "low",
            "signing_name": "Alex Martin",
            "signing_title": "Director",
            "signing_email": "alex@example.org",
            f"amount_{first}": "40000",
            f"amount_{last}": "40000",
        },
    )
    assert response.status_code == 200
    assert field_value(response, f"amount_{first}") == "40000"
    assert field_value(response, f"amount_{last + 1}") == ""
    assert "Approved for" in page_text(response) and "This field is required." in page_text(response)
    assert not Award.objects.exists()


def test_amending_through_the_page_shows_the_history(accepted_award, program_officer, client):
    client.force_login(program_officer)
    years = {y.fiscal_year: y.amount for y in accepted_award.years.all()}
    response = client.post(
        reverse("grants:award_amend", args=[accepted_award.pk]),
        {
            "reason": "Longer reporting for a new partner.",
            "start_date": accepted_award.start_date.isoformat(),
            "end_date": accepted_award.end_date.isoformat(),
            "risk_level": "high",
            "signing_name": accepted_award.signing_name,
            "signing_title": accepted_award.signing_title,
            "signing_email": accepted_award.signing_email,
            **{f"amount_{y}": str(a) for y, a in years.items()},
        },
    )
    assert response.status_code == 302
    text = page_text(client.get(reverse("grants:award_detail", args=[accepted_award.pk])))
    assert "Amendment 1" in text and "Longer reporting for a new partner." in text
    assert "Risk level Medium High" in text
    assert "Waiting for the organization's signing authority to accept version 2" in text


def test_suspending_through_the_page_needs_a_reason(accepted_award, program_officer, client):
    client.force_login(program_officer)
    url = reverse("grants:award_suspend", args=[accepted_award.pk])
    assert "This field is required." in page_text(client.post(url, {"reason": ""}))
    assert client.post(url, {"reason": "Audit finding."}).status_code == 302
    assert Award.objects.get(pk=accepted_award.pk).status == "suspended"
    refused = client.post(url, {"reason": "Again."})
    assert "Only an active award can be suspended" in page_text(refused)


def test_the_award_page_offers_what_its_status_allows(accepted_award, program_officer, client):
    client.force_login(program_officer)
    page = lambda: page_text(client.get(reverse("grants:award_detail", args=[accepted_award.pk])))  # noqa: E731
    text = page()
    assert "Suspend" in text and "Reinstate" not in text and "Release payment 1" in text
    assert "Amend the award" in text and "Ask for a one-off report" in text
    services.award_suspend(award=accepted_award, by=program_officer, reason="Audit finding.")
    text = page()
    assert "The award is suspended: no payment is released while it is. Reason: Audit finding." in text
    assert "Reinstate" in text and "Release payment 1" not in text and "Ask for a one-off report" in text
    services.award_close(award=accepted_award, by=program_officer, reason="Ended.")
    text = page()
    assert "The award is closed." in text
    assert "Amend the award" not in text and "Close the award" not in text
    assert "Ask for a one-off report" not in text


def test_the_close_page_explains_what_closing_does(accepted_award, program_officer, client, settings):
    client.force_login(program_officer)
    response = client.get(reverse("grants:award_close", args=[accepted_award.pk]))
    assert "the unpaid balance returns to the call's envelope" in page_text(response)
    assert b"ontario-button--danger" in response.content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("grants:award_close", args=[accepted_award.pk]))
    assert "La clôture met fin à la subvention" in page_text(response)


def test_the_suspend_page_speaks_the_reader_s_language(accepted_award, program_officer, client, settings):
    client.force_login(program_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = page_text(client.get(reverse("grants:award_suspend", args=[accepted_award.pk])))
    assert "Suspendre la subvention" in text and "Suspend the award" not in text


# --- Tracking ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 60])
def test_the_tracking_page_costs_the_same_whatever_its_length(
    rows, program_officer, client, django_assert_max_num_queries
):
    call = close_call(CallFactory(envelope=Decimal("10000000")))
    for application in approved_quickly(call=call, count=rows):
        award_for(application, officer=program_officer)
    client.force_login(program_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("grants:award_list"))
    assert response.content.count(b"data-award-row") == min(rows, 25)
    assert "Agreement v1 to accept" in page_text(response)
    assert client.get(reverse("grants:award_list") + "?page=999&fiscal_year=abc&call=x").status_code == 200


def test_tracking_filters(program_officer, client):
    from grants.organizations.models import Region

    call = close_call(CallFactory())
    toronto, east = approved_quickly(call=call, count=2)
    east.organization.region = Region.objects.get(code="east")
    east.organization.save()
    for application in (toronto, east):
        award_for(application, officer=program_officer)
    client.force_login(program_officer)
    listed = lambda query: page_text(client.get(reverse("grants:award_list") + query))  # noqa: E731
    text = listed("?region=east")
    assert east.reference in text and toronto.reference not in text
    assert "$100,000.00" in text  # the committed total of what is listed
    text = listed(f"?call={call.pk}&fund=CSF&status=offered&fiscal_year={call.closes_at.year + 1}")
    assert east.reference in text and toronto.reference in text
    assert "Committed in" in text
    assert "No award matches these filters." in listed("?fund=ILIF")


def test_the_award_page_costs_the_same_however_many_payments(
    db, program_officer, client, django_assert_max_num_queries
):
    call = close_call(CallFactory())
    low, high = approved_quickly(call=call, count=2, years=3)
    counts = {}
    for application, risk in ((low, "low"), (high, "high")):
        award = award_for(application, officer=program_officer, risk_level=risk)
        counts[risk] = award.payments.count()
        client.force_login(program_officer)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("grants:award_detail", args=[award.pk])).status_code == 200
    assert counts["high"] > counts["low"] + 5



# --- Award rules on the form (issue 17) ----------------------------------------------------------


def _terms_posted(application, **amounts):
    years = selectors.requested_by_year(application=application)
    return {
        "start_date": application.start_date.isoformat(),
        "end_date": application.end_date.isoformat(),
        "risk_level": "medium",
        "signing_name": "Alex Martin",
        "signing_title": "Executive Director",
        "signing_email": "alex@example.org",
        **{f"amount_{y}": str(amounts.get(f"amount_{y}", a)) for y, a in years.items()},
    }


def test_an_award_above_the_request_is_refused_on_the_form_and_nothing_typed_is_lost(
    approved_application, program_officer, client
):
    client.force_login(program_officer)
    years = selectors.requested_by_year(application=approved_application)
    first = min(years)
    data = {**_terms_posted(approved_application, **{f"amount_{first}": "600000"}),
            "difference_reason_en": "A one-line reason."}
    response = client.post(reverse("grants:award_create", args=[approved_application.pk]), data)
    assert response.status_code == 200
    assert "more than the $105,000.00 requested: an award never exceeds the request" in page_text(response)
    assert field_value(response, f"amount_{first}") == "600000"
    assert field_value(response, "difference_reason_en") == "A one-line reason."
    assert not Award.objects.exists()


def test_an_award_below_the_request_asks_for_the_reason_in_french_beside_its_field(
    approved_application, program_officer, client
):
    client.force_login(program_officer)
    years = selectors.requested_by_year(application=approved_application)
    first = min(years)
    data = {**_terms_posted(approved_application, **{f"amount_{first}": "1000"}),
            "difference_reason_en": "Travel cut."}
    response = client.post(reverse("grants:award_create", args=[approved_application.pk]), data)
    content = response.content.decode()
    assert "explain why, in English and in French" in page_text(response)
    # Beside the French field: the error is rendered inside that field's group.
    group = content[content.index('id="id_difference_reason_fr"') - 1500: content.index('id="id_difference_reason_fr"')]
    assert "explain why, in English and in French" in group
    assert field_value(response, "difference_reason_en") == "Travel cut."
    assert not Award.objects.exists()


def test_the_organization_reads_why_its_award_is_below_the_request_in_its_language(
    approved_application, program_officer, applicant, client, settings
):
    years = {y: a - Decimal("5000") for y, a in selectors.requested_by_year(application=approved_application).items()}
    award = award_for(approved_application, officer=program_officer, years=years,
                      difference_reason_en="Travel was reduced.", difference_reason_fr="Les déplacements sont réduits.")
    client.force_login(applicant)
    url = reverse("grants:award_detail", args=[award.pk])
    assert "Why it is below the request Travel was reduced." in page_text(client.get(url))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = page_text(client.get(url))
    assert "Les déplacements sont réduits." in text and "Travel was reduced." not in text
    terms = award.agreements.get().terms
    assert (terms["difference_reason_en"], terms["difference_reason_fr"]) == (
        "Travel was reduced.", "Les déplacements sont réduits.")


# --- The organization's awards -----------------------------------------------------------------------------------


def test_members_see_their_organizations_awards_and_the_agreement_to_accept(client, applicant, award,
                                                                             other_applicant, program_officer):
    other = other_applicant.memberships.get().organization
    theirs = award_for(approved_quickly(call=close_call(CallFactory()), organization=other)[0], officer=program_officer)
    client.force_login(applicant)

    response = client.get(reverse("grants:my_awards"))

    assert response.content.count(b"data-award-row") == 1
    assert award.reference in page_text(response) and theirs.reference not in page_text(response)
    assert f'href="{reverse("grants:agreement_accept", args=[award.pk])}"' in response.content.decode()
    assert "Accept version 1 of the agreement" in page_text(response)
    assert f'href="{reverse("grants:my_awards")}"' in response.content.decode()  # the menu's Awards


@pytest.mark.parametrize("rows", [2, 30])
def test_the_organizations_awards_cost_the_same_however_many(client, applicant, organization, program_officer, rows,
                                                              django_assert_max_num_queries):
    call = close_call(CallFactory(envelope=Decimal("10000000")))
    for application in approved_quickly(call=call, count=rows, organization=organization):
        award_for(application, officer=program_officer)
    client.force_login(applicant)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("grants:my_awards"))

    assert response.content.count(b"data-award-row") == min(rows, 25)
    assert client.get(reverse("grants:my_awards"), {"page": "99"}).status_code == 200


def test_the_tracking_page_lists_the_awards_a_flag_names(program_officer, client):
    call = close_call(CallFactory())
    offered, active = approved_quickly(call=call, count=2)
    award_for(offered, officer=program_officer)
    award = award_for(active, officer=program_officer)
    services.agreement_accept(agreement=award.agreements.get(), by=active.organization.memberships.get().user,
                              signer_name="Alex Martin", signer_title="Executive Director")
    client.force_login(program_officer)

    text = page_text(client.get(reverse("grants:award_list"), {"flag": "agreement"}))

    assert offered.reference in text and active.reference not in text
    assert "Needs attention" in text
    assert client.get(reverse("grants:award_list"), {"flag": "bogus"}).status_code == 200


def test_the_french_award_page_follows_french_typography_and_names_the_zone(accepted_award, applicant, client):
    """A non-breaking space before every colon, in the catalog's strings and between a template's values, and
    times in HNE/HAE: "Subvention CSF-2026-0002 : ..." rather than "Subvention CSF-2026-0002: ..."."""
    applicant.language = "fr"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    content = client.get(reverse("grants:award_detail", args=[accepted_award.pk])).content.decode()
    main = html.unescape(re.sub(r"<[^>]+>", " ", re.search(r"<main\b.*?</main>", content, re.S).group(0)))

    assert f"Subvention {accepted_award.reference}\u00a0: {accepted_award.application.title}" in main
    assert re.findall(r".{0,20}(?<![\u00a0\d/])[:;?!]", main) == []
    assert re.search(r"\d{2}:\d{2} H[NA]E", main) and " EST" not in main and " EDT" not in main
