"""Every review URL tried by every role: anonymous, applicant, reviewers (unassigned, conflicted, assigned)
and staff."""

import pytest
from django.urls import reverse

from scoring.models import Assignment
from tests.factories import MembershipFactory, UserFactory
from tests.scoring.factories import SubmittedApplicationFactory, assign, reviewer, submitted_review

ROLES = ["anonymous", "applicant", "unassigned", "conflicted", "assigned", "officer", "administrator"]


@pytest.fixture
def world(review_call):
    member = MembershipFactory()
    app = SubmittedApplicationFactory(call=review_call, organization=member.organization)
    assigned = assign(app, reviewer())
    review = submitted_review(assign(app, reviewer()), [3, 3])
    conflicted = assign(app, reviewer(), status=Assignment.Status.CONFLICT)
    people = {
        "anonymous": None,
        "applicant": member.user,
        "unassigned": reviewer(),
        "conflicted": conflicted.reviewer,
        "assigned": assigned.reviewer,
        "officer": UserFactory(roles=["program_officer"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    return {
        "call": review_call,
        "app": app,
        "assigned": assigned,
        "conflicted": conflicted,
        "review": review,
        "people": people,
    }


REVIEWER_URLS = {
    # name: (arguments, what the assigned reviewer gets)
    "score": (lambda w, a: [a.pk], 200),
    "declare": (lambda w, a: [a.pk], 302),  # already declared: on to the scoring page
    "pdf": (lambda w, a: [a.pk], 200),
    "document": (lambda w, a: [a.pk, 999999], 404),  # not one of the submitted files
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(REVIEWER_URLS))
def test_reviewer_pages(client, world, role, name):
    arguments, assigned_status = REVIEWER_URLS[name]
    # The conflicted reviewer tries their own (conflicted) assignment; everyone else the assigned one.
    assignment = world["conflicted"] if role == "conflicted" else world["assigned"]
    person = world["people"][role]
    if person:
        client.force_login(person)
    response = client.get(reverse(f"scoring:{name}", args=arguments(world, assignment)))
    expected = {"anonymous": 302, "assigned": assigned_status}.get(role, 403)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_reviewer_dashboard(client, world, role):
    person = world["people"][role]
    if person:
        client.force_login(person)
    response = client.get(reverse("scoring:dashboard"))
    expected = {
        "anonymous": 302,
        "unassigned": 200,
        "conflicted": 200,
        "assigned": 200,
        "administrator": 403,
        "officer": 403,
        "applicant": 403,
    }[role]
    assert response.status_code == expected


STAFF_PAGES = {
    "call_list": lambda w: [],
    "call_overview": lambda w: [w["call"].slug],
    "rubric": lambda w: [w["call"].slug],
    "rubric_reopen": lambda w: [w["call"].slug],
    "screening_list": lambda w: [w["call"].slug],
    "screening_decide": lambda w: [w["call"].slug, w["app"].pk],
    "pool": lambda w: [w["call"].slug],
    "assignments": lambda w: [w["call"].slug],
    "application_reviews": lambda w: [w["call"].slug, w["app"].pk],
    "assignment_remove": lambda w: [w["call"].slug, w["assigned"].pk],
    "review_reopen": lambda w: [w["call"].slug, w["review"].pk],
    "moderation_clear": lambda w: [w["call"].slug, w["app"].pk],
    "ranking": lambda w: [w["call"].slug],
    "ranking_csv": lambda w: [w["call"].slug],
}
STAFF_ACTIONS = {
    "phase_change": lambda w: [w["call"].slug],
    "rubric_relock": lambda w: [w["call"].slug],
    "screening_release": lambda w: [w["call"].slug],
    "pool_add": lambda w: [w["call"].slug],
    "pool_remove": lambda w: [w["call"].slug, w["people"]["assigned"].pk],
    "assignments_auto": lambda w: [w["call"].slug],
    "assignment_add": lambda w: [w["call"].slug, w["app"].pk],
    "moderation_record": lambda w: [w["call"].slug, w["app"].pk],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_staff_pages(client, world, role, name):
    person = world["people"][role]
    if person:
        client.force_login(person)
    response = client.get(reverse(f"scoring:{name}", args=STAFF_PAGES[name](world)))
    expected = {"anonymous": 302, "officer": 200, "administrator": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_ACTIONS))
def test_staff_actions(client, world, role, name):
    person = world["people"][role]
    if person:
        client.force_login(person)
    url = reverse(f"scoring:{name}", args=STAFF_ACTIONS[name](world))
    response = client.post(url, {})
    if role in ("officer", "administrator"):
        assert response.status_code in (200, 302)
        assert client.get(url).status_code == 405
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_a_call_of_another_slug_or_an_application_of_another_call_is_not_found(
    client, world, program_officer
):
    other = SubmittedApplicationFactory()
    client.force_login(program_officer)
    assert client.get(reverse("scoring:call_overview", args=["no-such-call"])).status_code == 404
    assert (
        client.get(reverse("scoring:application_reviews", args=[world["call"].slug, other.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("scoring:screening_decide", args=[world["call"].slug, other.pk])).status_code
        == 404
    )


def test_reviewers_do_not_reach_the_applicants_pages(client, world):
    client.force_login(world["people"]["assigned"])
    app = world["app"]
    assert client.get(reverse("grants:application_detail", args=[app.pk])).status_code == 403
    assert client.get(reverse("grants:application_pdf", args=[app.pk])).status_code == 403


def test_navigation_shows_each_role_its_review_pages(client, world):
    client.force_login(world["people"]["assigned"])
    page = client.get(reverse("grants:dashboard"), follow=True).content.decode()  # a reviewer's home
    assert reverse("scoring:dashboard") in page and reverse("scoring:call_list") not in page
    client.force_login(world["people"]["officer"])
    page = client.get(reverse("grants:dashboard")).content.decode()
    assert reverse("scoring:call_list") in page
    client.force_login(world["people"]["applicant"])
    page = client.get(reverse("grants:dashboard")).content.decode()
    assert "/review/" not in page
