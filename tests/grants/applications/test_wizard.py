"""The application wizard through its pages: start, each step, validation that keeps what was typed, resuming
on another device, two members editing the same step, and the review page."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import attach_documents, step_answers
from grants.applications.models import Application, ApplicationStep, BudgetCategory, Call
from grants.applications.wizard import STEPS, step_form
from grants.kernel import errors
from grants.organizations.models import Membership, Pillar
from tests.factories import (
    CallFactory,
    MembershipFactory,
)
from tests.grants.helpers import (
    answers_for,
    field_value,
    fill_all_steps,
    fill_through,
    flash,
    page_text,
    post_step,
    saved,
    step_url,
    version_on_page,
)

SAVE_EXIT = {"save_exit": "1"}


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


def test_the_steps_say_which_are_complete_which_need_attention_and_which_are_not_started(me, draft):
    fill_through(me, draft, "eligibility")
    post_step(me, draft, "organization", answers_for(draft, "organization", postal_code="90210"), action=SAVE_EXIT)

    page = me.get(step_url(draft, "project")).content.decode()

    steps = re.search(r'<nav aria-label="Application steps">(.*?)</nav>', page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", steps, re.S)
    states = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]
    assert states[:4] == [
        "1. Eligibility Complete", "2. Organization Needs attention", "3. Project Not started", "4. Budget Not started"
    ]


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


# --- Query budgets ----------------------------------------------------------------------------------------

# A step and the review cost a fixed number of queries, whatever the size of the budget or the call's lists.
STEP_QUERIES = 22
REVIEW_QUERIES = 32


def queries(callable_) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    return len(captured), result


@pytest.fixture
def small_and_large(applicant, organization):
    """Two complete drafts: one with a one-year budget of two lines on a call offering the four pillars,
    one with a three-year budget filling every cell on a call offering twenty pillars, all chosen."""
    for n in range(16):
        Pillar.objects.create(
            code=f"extra-{n}", name_en=f"Extra pillar {n}", name_fr=f"Pilier {n}", position=10 + n
        )
    small = services.application_start(organization=organization, call=CallFactory(), by=applicant)
    large_call = CallFactory(max_term_years=3)
    large_call.pillars.set(Pillar.objects.all())
    large_org = MembershipFactory(user=applicant).organization
    large = services.application_start(organization=large_org, call=large_call, by=applicant)
    return small, large


def fill(client, application, *, years, all_cells, all_pillars):
    attach_documents(application, by=client.get(reverse("grants:dashboard")).wsgi_request.user)
    for step in STEPS:
        data = step_answers(application, step, years=years)
        if step == "project" and all_pillars:
            data["project-pillars"] = [
                str(pk) for pk in application.call.pillars.values_list("pk", flat=True)
            ]
        if step == "budget" and all_cells:
            application.refresh_from_db()
            cells = [
                f"budget-{name}"
                for name in step_form(application, "budget").fields
                if name.startswith("amount_")
            ]
            assert len(cells) == len(BudgetCategory.choices) * years
            data = {cell: ["1000"] for cell in cells} | {"budget-notes": ["Everything"]}
        response = post_step(client, application, step, data)
        assert response.status_code == 302, (step, page_text(response)[:800])


def test_wizard_pages_cost_the_same_whatever_the_budget_and_pillars(
    client, applicant, small_and_large, django_assert_max_num_queries
):
    small, large = small_and_large
    client.force_login(applicant)
    fill(client, small, years=1, all_cells=False, all_pillars=False)
    fill(client, large, years=3, all_cells=True, all_pillars=True)
    assert (small.budget_lines.count(), large.budget_lines.count()) == (2, 27)
    assert (small.pillars.count(), large.pillars.count()) == (2, 20)

    for step in [*STEPS, "review"]:
        counts = {}
        for size, application in (("small", small), ("large", large)):
            with django_assert_max_num_queries(REVIEW_QUERIES if step == "review" else STEP_QUERIES):
                counts[size], response = queries(lambda a=application, s=step: client.get(step_url(a, s)))
            assert response.status_code == 200
        assert counts["small"] == counts["large"], step

    for step in ("project", "budget"):
        counts = {}
        for size, application in (("small", small), ("large", large)):
            data = application.steps.get(step=step).data
            counts[size], response = queries(lambda a=application, s=step, d=data: post_step(client, a, s, d))
            assert response.status_code == 302
        assert counts["small"] == counts["large"], step
