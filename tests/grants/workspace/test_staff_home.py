"""Staff's home: where a program officer lands after signing in, what needs doing (each count a link to the list it
counts), their calls at a glance and recent activity in words; its cost in queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from grants.kernel import versions
from grants.organizations.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.grants.helpers import page_text
from tests.grants.workspace.conftest import waiting_work
from tests.scoring.factories import reviewer

# Session and user (role names come from the session), ten queue counts in eight queries then kept in the cache
# (the version token read, the counts written: five queries with the database cache), the calls, the activity: a
# fixed cost, never one per row.
STAFF_HOME_QUERIES = 19
# From the cache: session, user, the version token, the counts, the calls, the activity.
STAFF_HOME_CACHED_QUERIES = 6

ROW_MARKERS = {"data-application-row", "data-award-row", "data-report-row", "data-overdue-row", "data-thread-row"}


def queues_of(response) -> dict[str, tuple[int, str]]:
    """Each queue on the page: its count and the list its link opens."""
    found = re.findall(
        r'data-queue="([\w-]+)">\s*<a href="([^"]+)"><span class="work-queue__count" data-count>(\d+)</span>',
        response.content.decode(),
    )
    return {key: (int(count), href.replace("&amp;", "&")) for key, href, count in found}


def rows_listed(client, url: str) -> int:
    content = client.get(url).content.decode()
    if "#overdue" in url:  # the portfolio's overdue reports are one section of its page
        content = content[content.index('id="overdue"'):]
    return sum(content.count(marker) for marker in ROW_MARKERS)


def test_every_queue_counts_what_its_link_lists(client, program_officer, work):
    client.force_login(program_officer)

    queues = queues_of(client.get(reverse("grants:dashboard")))

    assert set(queues) == {
        "to_screen", "reviews_overdue", "decisions_staged", "approved_without_award", "agreement", "payment_due",
        "payment_waiting", "reports_to_review", "reports_overdue", "conversations",
    }
    for key, (count, url) in queues.items():
        assert count == 1, key
        assert rows_listed(client, url) == count, key


def test_each_queue_lists_its_own_items_linked_to_their_next_step(client, program_officer, work):
    client.force_login(program_officer)
    queue = lambda key: client.get(reverse("grants:staff_applications"), {"queue": key})  # noqa: E731

    to_screen = queue("to_screen")
    assert work.to_screen.reference in page_text(to_screen)
    assert reverse("scoring:screening_decide", args=[work.to_screen.call.slug, work.to_screen.pk]) in (
        to_screen.content.decode()
    )
    overdue = queue("reviews_overdue").content.decode()
    assert reverse("scoring:application_reviews", args=[work.review_overdue.call.slug, work.review_overdue.pk]) in (
        overdue
    )
    staged = queue("decisions_staged").content.decode()
    assert reverse("grants:call_decisions", args=[work.staged.call.slug]) in staged
    approved = queue("approved_without_award")
    assert "Create the award" in page_text(approved)
    assert reverse("grants:award_create", args=[work.approved.pk]) in approved.content.decode()


def test_create_the_award_is_two_clicks_from_the_home(client, program_officer, work):
    client.force_login(program_officer)
    home = client.get(reverse("grants:dashboard"))
    _count, queue_url = queues_of(home)["approved_without_award"]

    listed = client.get(queue_url).content.decode()
    create = re.search(r'<a href="([^"]+)">Create the award', listed).group(1)

    assert create == reverse("grants:award_create", args=[work.approved.pk])
    assert client.get(create).status_code == 200


def test_an_empty_queue_says_so(client, program_officer):
    client.force_login(program_officer)

    queues = queues_of(client.get(reverse("grants:dashboard")))
    listed = client.get(queues["to_screen"][1])

    assert all(count == 0 for count, _url in queues.values())
    assert "Nothing is waiting here." in page_text(listed)


def test_calls_at_a_glance_and_recent_activity_in_words(client, program_officer, work):
    client.force_login(program_officer)

    response = client.get(reverse("grants:dashboard"))
    text = page_text(response)

    call = work.to_screen.call
    row = next(r for r in re.findall(r"<tr data-call-row>(.*?)</tr>", response.content.decode(), re.S)
               if call.title_en in r)
    assert reverse("scoring:call_overview", args=[call.slug]) in row
    assert "In review" in row and "Phase: Reviewing" in row
    assert "Award created: — → Offered: agreement to accept" in text
    assert "Agreement accepted: Offered: agreement to accept → Active" in text
    assert "award.created" not in text and "offered" not in re.sub("Offered", "", text)
    assert reverse("grants:award_detail", args=[work.offered.pk]) in response.content.decode()


def test_recent_activity_is_in_french_for_a_french_speaker(client, program_officer, work):
    client.force_login(program_officer)

    response = client.get(reverse("grants:dashboard"), HTTP_ACCEPT_LANGUAGE="fr")
    text = page_text(response)

    # A non-breaking space before the colon (page_text would make it a plain one).
    assert "Entente acceptée\u00a0: Proposée" in response.content.decode()
    assert "Agreement accepted" not in text
    assert "Ce qui est à faire" in text


@pytest.mark.parametrize("rounds", [1, 4])
def test_the_staff_home_costs_the_same_whatever_the_work(client, program_officer, rounds,
                                                         django_assert_max_num_queries):
    for _ in range(rounds):
        waiting_work(officer=program_officer)
    client.force_login(program_officer)

    versions.current()  # the token, made once in a site's life
    with django_assert_max_num_queries(STAFF_HOME_QUERIES):
        response = client.get(reverse("grants:dashboard"))
    assert all(count == rounds for count, _url in queues_of(response).values())
    with django_assert_max_num_queries(STAFF_HOME_CACHED_QUERIES):
        response = client.get(reverse("grants:dashboard"))

    assert all(count == rounds for count, _url in queues_of(response).values())
    assert response.content.decode().count("data-activity-row") == 12


# --- Who lands where ------------------------------------------------------------------------------------------


def test_an_applicant_signing_in_lands_on_their_dashboard(client, applicant):
    response = client.post(reverse("account_login"), {"login": applicant.email, "password": "correct-horse-battery"})

    assert response.url == reverse("grants:dashboard")
    home = client.get(response.url)
    assert "My applications" in page_text(home)
    assert "What needs doing" not in page_text(home)


def test_staff_land_on_their_work_not_the_applicants_page(client, program_officer, administrator):
    for person in (program_officer, administrator):
        client.force_login(person)
        text = page_text(client.get(reverse("grants:dashboard")))
        assert "What needs doing" in text
        assert "register your organization" not in text


def test_a_reviewer_lands_on_their_reviews(client, db):
    client.force_login(reviewer())

    response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("scoring:dashboard")


def test_a_reviewer_who_belongs_to_an_organization_keeps_its_dashboard_and_their_reviews(client, db):
    person = reviewer()
    MembershipFactory(user=person, role=Membership.Role.EDITOR)
    client.force_login(person)

    response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 200
    assert "My applications" in page_text(response)
    assert f'href="{reverse("scoring:dashboard")}"' in response.content.decode()


def test_the_menu_shows_each_role_its_own_pages(client, program_officer, applicant):
    client.force_login(program_officer)
    staff = client.get(reverse("grants:dashboard")).content.decode()
    client.force_login(applicant)
    member = client.get(reverse("grants:dashboard")).content.decode()

    def menu(page):
        nav = re.search(r'<nav class="ontario-header__nav".*?</nav>', page, re.S).group(0)
        return re.findall(r">([^<>]+)</a>", nav)

    assert menu(staff) == [
        "Home", "Applications", "Organizations", "Calls", "Review", "Awards", "Portfolio", "Back office"
    ]
    assert menu(member) == ["My applications", "Awards", "Progress reports", "Calls for proposals"]
    assert 'aria-current="page">My applications' in member
    assert 'role="search"' in staff and 'role="search"' not in member


def test_staff_without_a_role_have_no_work_queues(client, db):
    client.force_login(UserFactory(is_staff=True))

    assert "What needs doing" not in page_text(client.get(reverse("grants:dashboard")))


def test_a_queue_counts_a_change_on_the_next_view(client, program_officer):
    client.force_login(program_officer)
    assert all(count == 0 for count, _url in queues_of(client.get(reverse("grants:dashboard"))).values())

    waiting_work(officer=program_officer)  # the services it calls audit their changes: the token moves

    assert all(count == 1 for count, _url in queues_of(client.get(reverse("grants:dashboard"))).values())
