"""The application wizard through its pages: start, each step, validation that keeps what was typed, resuming
on another device, two members editing the same step, and the review page."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import attach_documents
from grants.applications.models import Application, ApplicationStep, BudgetLine, Call, Fund
from grants.applications.wizard import STEPS
from grants.kernel import errors
from grants.organizations.models import Membership, OrganizationType
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory
from tests.grants.helpers import (
    answers_for,
    field_value,
    fill_all_steps,
    flash,
    page_text,
    post_step,
    saved,
    step_url,
    version_on_page,
)

SAVE_EXIT = {"save_exit": "1"}


@pytest.fixture
def draft(applicant, organization, open_call):
    return services.application_start(organization=organization, call=open_call, by=applicant)


@pytest.fixture
def me(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def colleague(organization):
    """Another member of the same organization."""
    return MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user


@pytest.fixture
def colleague_client(colleague):
    """The colleague, in a browser of their own."""
    other = Client()
    other.force_login(colleague)
    return other


def fill_through(client, application, last_step):
    """Save valid answers for every step up to and including `last_step`."""
    for step in STEPS:
        assert post_step(client, application, step, answers_for(application, step)).status_code == 302
        if step == last_step:
            return


# --- Starting an application ------------------------------------------------------------------------------


def test_start_from_the_call_page_lands_on_the_first_step(me, applicant, organization, open_call):
    response = me.post(
        reverse("grants:application_start", args=[open_call.slug]), {"organization": organization.pk}
    )

    application = Application.objects.get(organization=organization, call=open_call)
    assert response.status_code == 302
    assert response.url == reverse("grants:application_wizard", args=[application.pk])
    first = me.get(response.url)
    assert first.status_code == 302
    assert first.url == step_url(application, "eligibility")
    page = me.get(first.url)
    assert page.status_code == 200
    assert "Eligibility" in page_text(page)
    assert (application.status, application.created_by) == (Application.Status.DRAFT, applicant)


def test_one_application_per_organization_and_call(me, organization, open_call, draft):
    response = me.post(
        reverse("grants:application_start", args=[open_call.slug]), {"organization": organization.pk}
    )

    assert response.url == reverse("grants:call_detail", args=[open_call.slug])
    assert f"{organization.legal_name} already has an application for this call." in flash(response)
    assert Application.objects.filter(organization=organization, call=open_call).count() == 1
    call_page = page_text(me.get(response.url))
    assert f"{organization.legal_name} already has an application for this call:" in call_page


def test_a_call_may_allow_several_applications(me, organization):
    call = CallFactory(allows_multiple_applications=True)
    for _ in range(2):
        me.post(reverse("grants:application_start", args=[call.slug]), {"organization": organization.pk})

    assert Application.objects.filter(organization=organization, call=call).count() == 2


def test_after_withdrawing_the_organization_may_start_again(me, applicant, organization, open_call, draft):
    services.application_withdraw(application=draft, by=applicant)

    me.post(reverse("grants:application_start", args=[open_call.slug]), {"organization": organization.pk})

    assert Application.objects.filter(organization=organization, call=open_call).count() == 2


@pytest.mark.parametrize(
    "call_options",
    [
        {
            "opens_at": timezone.now() - dt.timedelta(days=40),
            "closes_at": timezone.now() - dt.timedelta(seconds=1),
        },
        {
            "opens_at": timezone.now() + dt.timedelta(days=1),
            "closes_at": timezone.now() + dt.timedelta(days=30),
        },
        {"status": Call.Status.CLOSED},
    ],
    ids=["deadline-passed", "not-yet-open", "closed-by-staff"],
)
def test_starting_on_a_call_that_is_not_open_is_refused(me, organization, call_options):
    call = CallFactory(**call_options)

    response = me.post(
        reverse("grants:application_start", args=[call.slug]), {"organization": organization.pk}
    )

    assert response.status_code == 302
    assert "This call is not open for applications." in flash(response)
    assert not Application.objects.exists()


def test_starting_for_an_organization_i_am_not_in_is_refused(me, open_call, other_applicant):
    theirs = other_applicant.memberships.get().organization

    response = me.post(
        reverse("grants:application_start", args=[open_call.slug]), {"organization": theirs.pk}
    )

    assert response.status_code == 403
    assert not Application.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks; SQLite serializes writers"
)
def test_two_members_starting_at_once_make_one_application(transactional_db, django_db_serialized_rollback):
    owner = MembershipFactory()
    editor = MembershipFactory(organization=owner.organization, role=Membership.Role.EDITOR)
    call = CallFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def start(user):
        try:
            barrier.wait(timeout=30)
            services.application_start(organization=owner.organization, call=call, by=user)
            outcomes.append("started")
        except errors.TransitionError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(m.user,)) for m in (owner, editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == sorted(
        ["started", f"{owner.organization.legal_name} already has an application for this call."]
    )
    assert Application.objects.filter(organization=owner.organization, call=call).count() == 1


@pytest.mark.parametrize("value", ["", "abc"])
def test_starting_without_a_valid_organization_is_not_a_server_error(me, open_call, value):
    response = me.post(reverse("grants:application_start", args=[open_call.slug]), {"organization": value})

    assert response.status_code == 404
    assert not Application.objects.exists()


# --- Each step --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_opens(me, draft, step):
    response = me.get(step_url(draft, step))

    assert response.status_code == 200
    assert f"<h1>{STEPS[step].title}</h1>" in response.content.decode()
    assert 'aria-current="step"' in response.content.decode()


def test_each_valid_step_leads_to_the_next_then_to_review(me, applicant, draft):
    attach_documents(draft, by=applicant)
    steps = list(STEPS)
    for step, following in zip(steps, [*steps[1:], "review"], strict=True):
        response = post_step(me, draft, step, answers_for(draft, step))
        assert response.status_code == 302, page_text(response)
        assert response.url == step_url(draft, following)
        assert saved(draft, step).is_valid

    review = me.get(step_url(draft, "review"))
    assert "Every step is complete." in page_text(review)
    assert reverse("grants:application_submit", args=[draft.pk]) in review.content.decode()


def test_save_and_go_back(me, draft):
    fill_through(me, draft, "eligibility")

    response = post_step(
        me,
        draft,
        "organization",
        answers_for(draft, "organization"),
        action={"wizard_goto_step": "eligibility"},
    )

    assert response.url == step_url(draft, "eligibility")
    assert saved(draft, "organization").is_valid


def test_an_unknown_step_goes_back_to_the_first(me, draft):
    response = me.get(step_url(draft, "no-such-step"))

    assert response.status_code == 302
    assert response.url == step_url(draft, "eligibility")


def test_a_post_without_a_step_saves_nothing(me, draft):
    response = me.post(step_url(draft, "project"), {"project-project_title": "Lost?"})

    assert response.status_code == 302
    assert not ApplicationStep.objects.exists()


# --- Eligibility ------------------------------------------------------------------------------------------


def test_an_ineligible_answer_is_explained_and_kept(me, draft):
    response = post_step(me, draft, "eligibility", answers_for(draft, "eligibility", based_in_ontario="no"))

    assert response.status_code == 200
    text = page_text(response)
    assert (
        "This fund supports Ontario organizations delivering projects in Ontario, so the application "
        "cannot go ahead."
    ) in text
    html = response.content.decode()
    assert re.search(r'name="eligibility-based_in_ontario" value="no"[^>]*checked', html)
    assert re.search(r'name="eligibility-not_for_profit_delivery" value="yes"[^>]*checked', html)
    record = saved(draft, "eligibility")
    assert record.data["eligibility-based_in_ontario"] == ["no"]
    assert not record.is_valid
    # Opening the step again shows the same answer and the same explanation.
    again = me.get(step_url(draft, "eligibility"))
    assert re.search(r'name="eligibility-based_in_ontario" value="no"[^>]*checked', again.content.decode())
    assert "so the application cannot go ahead." in page_text(again)


def test_an_organization_type_the_call_does_not_accept_is_explained(me, draft):
    Call.objects.filter(pk=draft.call_id).update(eligible_organization_types=[OrganizationType.CHARITY])
    draft.refresh_from_db()

    response = post_step(me, draft, "eligibility", answers_for(draft, "eligibility"))

    assert response.status_code == 200
    assert "This call is open to: Registered charity." in page_text(response)
    assert "is registered as “Non-profit organization”" in page_text(response)


@pytest.fixture
def ilif_draft(applicant):
    organization = OrganizationFactory(
        type=OrganizationType.INDIGENOUS_ORGANIZATION, registration_number="", indigenous_led=False
    )
    MembershipFactory(organization=organization, user=applicant)
    call = CallFactory(fund=Fund.objects.get(code="ILIF"))
    return services.application_start(organization=organization, call=call, by=applicant)


def test_ilif_requires_the_indigenous_led_attestation(me, ilif_draft):
    page = me.get(step_url(ilif_draft, "eligibility"))
    assert 'name="eligibility-indigenous_led_attestation"' in page.content.decode()

    data = answers_for(ilif_draft, "eligibility")
    data.pop("eligibility-indigenous_led_attestation")
    refused = post_step(me, ilif_draft, "eligibility", data)
    assert refused.status_code == 200
    assert (
        "The Indigenous-led Initiatives Fund is open only to Indigenous-led organizations; "
        "the attestation is required."
    ) in page_text(refused)
    assert not saved(ilif_draft, "eligibility").is_valid

    accepted = post_step(me, ilif_draft, "eligibility", answers_for(ilif_draft, "eligibility"))
    assert accepted.status_code == 302
    assert saved(ilif_draft, "eligibility").is_valid


def test_ilif_attestation_starts_from_the_organization_profile(me, ilif_draft):
    ilif_draft.organization.indigenous_led = True
    ilif_draft.organization.save()

    page = me.get(step_url(ilif_draft, "eligibility")).content.decode()

    assert re.search(r'name="eligibility-indigenous_led_attestation"[^>]*checked', page)


def test_csf_does_not_ask_for_the_attestation(me, draft):
    assert "indigenous_led_attestation" not in me.get(step_url(draft, "eligibility")).content.decode()


# --- Organization -----------------------------------------------------------------------------------------


def test_the_organization_step_starts_from_the_profile(me, applicant, draft, organization):
    response = me.get(step_url(draft, "organization"))

    assert field_value(response, "organization-legal_name") == organization.legal_name
    assert field_value(response, "organization-postal_code") == organization.postal_code
    assert field_value(response, "organization-street_address") == organization.street_address
    assert field_value(response, "organization-mandate") == organization.mandate
    assert field_value(response, "organization-contact_email") == applicant.email
    assert field_value(response, "organization-contact_name") == applicant.get_full_name()
    assert re.search(rf'<option value="{organization.region_id}" selected>', response.content.decode())


def test_the_organization_step_checks_the_postal_code_and_phone(me, draft):
    response = post_step(
        me,
        draft,
        "organization",
        answers_for(draft, "organization", postal_code="T2P 1J9", contact_phone="12"),
    )

    text = page_text(response)
    assert "Enter an Ontario postal code, for example K1A 0B1." in text
    assert "Enter a 10-digit telephone number, for example 416-555-0123." in text
    assert field_value(response, "organization-postal_code") == "T2P 1J9"


# --- Project ----------------------------------------------------------------------------------------------


def test_project_longer_than_the_call_allows_is_refused(me, draft):
    response = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2030-04-01")
    )

    assert response.status_code == 200
    assert "This call funds projects of at most 3 years: end the project before 2030-04-01." in page_text(
        response
    )
    assert field_value(response, "project-end_date") == "2030-04-01"
    draft.refresh_from_db()
    assert draft.end_date is None, "an invalid step writes none of its derived fields"

    ok = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2030-03-31")
    )
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert (draft.start_date, draft.end_date) == (dt.date(2027, 4, 1), dt.date(2030, 3, 31))


def test_project_must_end_after_it_starts(me, draft):
    response = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2027-04-01")
    )

    assert "The end date must be after the start date." in page_text(response)


def test_a_valid_project_step_writes_the_application_fields(me, draft):
    post_step(me, draft, "project", answers_for(draft, "project", project_title="Safe Routes Home"))

    draft.refresh_from_db()
    assert draft.title == "Safe Routes Home"
    assert draft.pillars.count() == 2
    assert draft.regions.count() == 2


def test_a_call_naming_its_pillars_offers_only_those(me, draft):
    from grants.organizations.models import Pillar

    draft.call.pillars.set(Pillar.objects.filter(code="support"))

    page = me.get(step_url(draft, "project")).content.decode()

    assert page.count('name="project-pillars"') == 1
    assert "Support survivors" in page


# --- Budget -----------------------------------------------------------------------------------------------


def budget_columns(response) -> list[str]:
    head = re.search(
        r"<thead>(.*?)</thead>", response.content.decode().split("data-budget-grid")[1], flags=re.S
    )
    return re.findall(r"FY ([^<]+)</th>", head.group(1))


@pytest.mark.parametrize(
    ("start", "end", "columns"),
    [
        ("2027-04-01", "2029-03-31", ["2027–28", "2028–29"]),
        ("2027-03-31", "2027-04-01", ["2026–27", "2027–28"]),
        ("2027-06-15", "2030-03-31", ["2027–28", "2028–29", "2029–30"]),
        ("2027-01-10", "2027-03-31", ["2026–27"]),
    ],
)
def test_budget_columns_are_the_projects_fiscal_years(me, draft, start, end, columns):
    fill_through(me, draft, "organization")
    post_step(me, draft, "project", answers_for(draft, "project", start_date=start, end_date=end))

    response = me.get(step_url(draft, "budget"))

    assert budget_columns(response) == columns


def test_the_budget_asks_for_project_dates_first(me, draft):
    page = page_text(me.get(step_url(draft, "budget")))
    assert "Enter the project's start and end dates first." in page

    response = post_step(me, draft, "budget", {"budget-notes": "Early notes"})
    assert (
        "Enter the project's start and end dates first: the budget has one column per fiscal year."
        in page_text(response)
    )
    assert saved(draft, "budget").data["budget-notes"] == ["Early notes"]


def test_budget_totals_are_derived_and_a_request_outside_the_range_is_refused(me, draft):
    fill_through(me, draft, "project")

    response = post_step(
        me,
        draft,
        "budget",
        {
            "budget-amount_staff_2027": "1500.50",
            "budget-amount_staff_2028": "2000",
            "budget-amount_travel_2027": "499.50",
            "budget-notes": "Two workers",
        },
    )

    assert response.status_code == 200
    assert "The request totals $4,000.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        response
    )
    html = response.content.decode()
    assert re.search(r"data-grand-total>\$4,000.00<", html)
    assert re.findall(r"data-col-total>([^<]+)<", html) == ["$2,000.00", "$2,000.00"]
    assert "$3,500.50" in html, "the staff row's total"
    assert field_value(response, "budget-amount_travel_2027") == "499.50"
    assert not BudgetLine.objects.filter(application=draft).exists()

    too_much = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": "150000", "budget-amount_staff_2028": "60000"}
    )
    assert "The request totals $210,000.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        too_much
    )

    ok = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": "150000", "budget-amount_program_2028": "50000"}
    )
    assert ok.status_code == 302
    lines = {
        (line.category, line.fiscal_year): line.amount
        for line in BudgetLine.objects.filter(application=draft)
    }
    assert lines == {("staff", 2027): Decimal("150000.00"), ("program", 2028): Decimal("50000.00")}


@pytest.mark.parametrize("amount", ["-5", "abc", "NaN", "Infinity", "1e400", "12345678901234", "1.234"])
def test_a_bad_budget_amount_is_explained_not_a_server_error(me, draft, amount):
    fill_through(me, draft, "project")

    response = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": amount, "budget-amount_staff_2028": "20000"}
    )

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert field_value(response, "budget-amount_staff_2027") == amount
    assert saved(draft, "budget").data["budget-amount_staff_2027"] == [amount]


def test_moving_the_project_dates_moves_the_budget_columns_and_its_total(me, draft):
    fill_all_steps(me, draft)
    assert "Total request: $105,000.00" in page_text(me.get(step_url(draft, "review")))

    # One year later: the 2027–28 column leaves the grid, and its amounts leave the request.
    post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2028-04-01", end_date="2030-03-31")
    )

    assert budget_columns(me.get(step_url(draft, "budget"))) == ["2028–29", "2029–30"]
    assert set(BudgetLine.objects.filter(application=draft).values_list("fiscal_year", flat=True)) == {2028}
    assert "Total request: $52,500.00" in page_text(me.get(step_url(draft, "review")))


def test_project_dates_that_leave_the_budget_empty_send_it_back_for_attention(me, draft):
    fill_all_steps(me, draft)

    post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2030-04-01", end_date="2031-03-31")
    )

    assert not BudgetLine.objects.filter(application=draft).exists()
    assert not saved(draft, "budget").is_valid
    review = me.get(step_url(draft, "review"))
    assert "The request totals $0.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        review
    )
    assert 'data-problem="budget"' in review.content.decode()
    assert "Submit the application" not in page_text(review)


# --- Saving, resuming and two members at once -------------------------------------------------------------


def test_save_and_finish_later_keeps_invalid_input(me, draft):
    fill_through(me, draft, "organization")

    response = post_step(
        me,
        draft,
        "project",
        answers_for(draft, "project", project_title="Half-written idea", start_date="not a date", summary=""),
        action=SAVE_EXIT,
    )

    assert response.status_code == 302
    assert response.url == reverse("grants:dashboard")
    assert "Your answers are saved. Any member of the organization can continue later." in flash(response)
    record = saved(draft, "project")
    assert not record.is_valid
    assert record.data["project-project_title"] == ["Half-written idea"]
    assert record.data["project-start_date"] == ["not a date"]
    page = me.get(step_url(draft, "project"))
    assert field_value(page, "project-project_title") == "Half-written idea"
    assert field_value(page, "project-start_date") == "not a date"


def test_correcting_an_invalid_step_saves_without_a_false_conflict(me, draft):
    """Save an invalid step, fix it on the page shown and save again: no one else touched it."""
    first = post_step(me, draft, "eligibility", answers_for(draft, "eligibility", no_duplicate_funding="no"))
    assert first.status_code == 200

    second = post_step(
        me, draft, "eligibility", answers_for(draft, "eligibility"), version=version_on_page(first)
    )

    assert second.status_code == 302, page_text(second)[:500]
    assert saved(draft, "eligibility").is_valid


def test_another_member_resumes_on_another_device_where_it_was_left(me, draft, colleague_client):
    fill_through(me, draft, "organization")
    typed = answers_for(
        draft, "project", project_title="Peer Mentors North", summary="Mentoring by survivors.", end_date=""
    )
    post_step(me, draft, "project", typed, action=SAVE_EXIT)

    landing = colleague_client.get(reverse("grants:application_wizard", args=[draft.pk]))
    assert landing.status_code == 302
    assert landing.url == step_url(draft, "project")

    page = colleague_client.get(landing.url)
    assert field_value(page, "project-project_title") == "Peer Mentors North"
    assert field_value(page, "project-summary") == "Mentoring by survivors."
    assert field_value(page, "project-description") == typed["project-description"][0]
    assert field_value(page, "project-start_date") == typed["project-start_date"][0]
    assert field_value(page, "project-end_date") == ""
    for pk in typed["project-pillars"]:
        assert re.search(rf'name="project-pillars" value="{pk}"[^>]*checked', page.content.decode())
    # And the earlier steps hold what the first member typed.
    organization_page = colleague_client.get(step_url(draft, "organization"))
    assert field_value(organization_page, "organization-contact_name") == "Alex Martin"


def test_a_stale_save_is_refused_and_shows_both_versions(me, draft, colleague, colleague_client):
    fill_through(me, draft, "project")
    version_a = version_on_page(me.get(step_url(draft, "project")))
    version_b = version_on_page(colleague_client.get(step_url(draft, "project")))
    assert version_a == version_b

    a = post_step(
        me,
        draft,
        "project",
        answers_for(draft, "project", summary="A's summary of the work."),
        version=version_a,
    )
    assert a.status_code == 302
    b = post_step(
        colleague_client,
        draft,
        "project",
        answers_for(draft, "project", summary="B's different summary."),
        version=version_b,
    )

    assert b.status_code == 200
    text = page_text(b)
    assert "Someone else changed this page" in text
    assert "after you opened it. Nothing of yours was saved yet" in text
    assert field_value(b, "project-summary") == "B's different summary.", "B's typing is still in the form"
    assert re.search(r'data-theirs="summary">A&#x27;s summary of the work.<', b.content.decode()), (
        "A's beside it"
    )
    assert saved(draft, "project").data["project-summary"] == ["A's summary of the work."]
    assert saved(draft, "project").updated_by != colleague

    # B saves again from the page shown: this time knowingly over A's answers.
    again = post_step(
        colleague_client,
        draft,
        "project",
        answers_for(draft, "project", summary="B's different summary."),
        version=version_on_page(b),
    )
    assert again.status_code == 302
    assert saved(draft, "project").data["project-summary"] == ["B's different summary."]
    assert saved(draft, "project").updated_by == colleague
    draft.refresh_from_db()
    assert draft.summary == "B's different summary."


def test_staff_reading_a_draft_are_sent_to_its_page(client, draft, program_officer):
    client.force_login(program_officer)

    response = client.get(step_url(draft, "project"))

    assert response.url == reverse("grants:application_detail", args=[draft.pk])
    assert flash(response) == ["Only members of the organization can change its application."]


def test_a_withdrawn_draft_cannot_be_edited(me, applicant, draft):
    services.application_withdraw(application=draft, by=applicant)

    response = me.get(step_url(draft, "project"))

    assert response.url == reverse("grants:application_detail", args=[draft.pk])
    assert flash(response) == ["This application was withdrawn; it can no longer be changed."]


def test_the_wizard_is_for_members_only(client, draft, other_applicant):
    client.force_login(other_applicant)

    assert client.get(step_url(draft, "eligibility")).status_code == 403
    response = client.post(
        step_url(draft, "eligibility"),
        {f"application_{draft.pk}-current_step": "eligibility", **answers_for(draft, "eligibility")},
    )
    assert response.status_code == 403
    assert not ApplicationStep.objects.exists()


# --- Review -----------------------------------------------------------------------------------------------


def test_review_lists_every_missing_or_invalid_item_with_a_link_to_its_step(me, draft):
    post_step(me, draft, "eligibility", answers_for(draft, "eligibility", no_duplicate_funding="no"))
    post_step(me, draft, "organization", answers_for(draft, "organization", contact_email="not-an-email"))

    response = me.get(step_url(draft, "review"))

    assert response.status_code == 200
    html = response.content.decode()
    problems = dict(re.findall(r'<li data-problem="(\w+)"><a href="([^"]+)"', html))
    assert set(problems) == {"eligibility", "organization", "project", "budget", "documents", "declarations"}
    assert problems["eligibility"] == step_url(draft, "eligibility") + "#id_eligibility-no_duplicate_funding"
    assert problems["organization"] == step_url(draft, "organization") + "#id_organization-contact_email"
    assert problems["project"] == step_url(draft, "project")
    text = page_text(response)
    assert "Organization – Contact's e-mail address: Enter a valid email address." in text
    assert "Project – Project: This step has not been completed." in text
    assert "Declarations – Declarations: This step has not been completed." in text
    assert "Submit the application" not in text


def test_review_shows_the_answers_and_total_of_complete_steps(me, draft):
    fill_all_steps(me, draft)

    text = page_text(me.get(step_url(draft, "review")))

    assert "Every step is complete." in text
    assert "Safe Futures for Youth" in text
    assert "Total request: $105,000.00" in text


def test_review_after_the_deadline_says_so(me, draft):
    fill_all_steps(me, draft)
    Call.objects.filter(pk=draft.call_id).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    text = page_text(me.get(step_url(draft, "review")))

    assert "The call has closed; this draft can no longer be submitted." in text
    assert "Submit the application" not in text
