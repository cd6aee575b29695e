"""The review's "done when" in a real browser, with axe-core's WCAG 2.0 A and AA checks on every page:
staff auto-assign, a reviewer declares no conflict and scores, another declares a conflict and the
application is reassigned, and staff see the ranking with its funding line and normalized column."""

from __future__ import annotations

import re

import pytest

from scoring.models import Assignment, Review
from tests.browser_fixtures import sign_in as browser_sign_in
from tests.factories import UserFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    pool_with,
    reviewer,
    rubric_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"


def sign_in(page, base, user):
    browser_sign_in(page, base, user, PASSWORD)


def test_assign_declare_score_conflict_and_rank(live_server, new_page, axe):  # noqa: F811
    base = live_server.url
    officer = UserFactory(roles=["program_officer"])
    call = ClosedCallFactory(envelope=150000, max_request=100000)
    rubric_for(call, (2, 0, 5, False), (1, 0, 5, True))
    people = [reviewer(first_name=name, last_name="Reviewer") for name in ("Ana", "Ben", "Cy")]
    apps = [SubmittedApplicationFactory(call=call, budget=amount) for amount in (100000, 80000)]
    pool_with(call, people, by=officer)
    violations = []
    page = new_page()

    sign_in(page, base, officer)
    page.goto(f"{base}/review/calls/{call.slug}/reviewers/")
    violations += axe(page)
    page.click("text=Assign reviewers automatically")
    page.wait_for_url(re.compile(r"/assignments/$"))
    assert "4 assignments made" in page.inner_text("main")
    violations += axe(page)

    first = Assignment.objects.filter(application=apps[0]).order_by("reviewer__first_name").first()
    sign_in(page, base, first.reviewer)
    page.goto(f"{base}/review/")
    violations += axe(page)
    with page.expect_navigation():
        page.click(f"text=Declare conflicts for {apps[0].reference}")
    violations += axe(page)
    page.check("text=No: I have no conflict of interest")
    page.click("text=Record my declaration")
    page.wait_for_url(re.compile(rf"/assignments/{first.pk}/$"))
    violations += axe(page)
    criteria = list(call.rubric.criteria.order_by("position"))
    page.check(f"#id_score_{criteria[0].pk}_4")
    # The second criterion and the recommendation are missing.
    page.click("text=Submit the review")
    page.locator("#error-summary").wait_for()  # on the page the refused POST returns
    violations += axe(page)
    assert page.is_checked(f"#id_score_{criteria[0].pk}_4")  # nothing chosen is lost
    page.check(f"#id_score_{criteria[1].pk}_6")  # not applicable
    page.check("text=Fund with conditions")
    page.click("text=Submit the review")
    page.wait_for_url(re.compile(r"/review/$"))
    assert Review.objects.get(assignment=first).status == Review.Status.SUBMITTED

    second = Assignment.objects.filter(application=apps[0]).exclude(pk=first.pk).get()
    sign_in(page, base, second.reviewer)
    page.goto(f"{base}/review/assignments/{second.pk}/declare/")
    page.check("text=Yes: I have a conflict of interest")
    page.fill("#id_reason", "I chair its board.")
    page.click("text=Record my declaration")
    page.wait_for_url(re.compile(r"/review/$"))
    third = ({p.pk for p in people} - {first.reviewer_id, second.reviewer_id}).pop()
    assert Assignment.objects.filter(application=apps[0], reviewer_id=third, status="assigned").exists()

    sign_in(page, base, officer)
    page.goto(f"{base}/review/calls/{call.slug}/ranking/")
    violations += axe(page)
    table = page.inner_text("table")
    assert "Normalized" in table and "Funding line" in table and apps[0].reference in table
    assert violations == []
