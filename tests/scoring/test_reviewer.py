"""A reviewer's pages: the whole journey from assignment to ranking, the dashboard's cost, and the other reviews
shown only when the phase allows."""

import csv
import io
import re

import pytest
from django.urls import reverse

from grants.applications import services as grant_services
from grants.applications.models import Application, Call
from grants.awards import services as award_services
from scoring import selectors, services
from scoring.models import Assignment, Review, Rubric, Score
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    submitted_review,
)


@pytest.fixture
def staffed(review_call, program_officer):
    people = [reviewer(email=f"r{i}@example.org") for i in range(3)]
    apps = [
        SubmittedApplicationFactory(call=review_call, budget=amount) for amount in (600000, 300000, 200000)
    ]
    pool_with(review_call, people, by=program_officer)
    return review_call, people, apps


def score_data(criteria, *values, **extra):
    data = {}
    for criterion, value in zip(criteria, values, strict=True):
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = "Explained." if value == 0 else ""
    data.update(extra)
    return data


def test_the_review_journey(
    client, staffed, criteria, program_officer, mailoutbox, worker_after
):
    call, people, apps = staffed
    client.force_login(program_officer)
    with worker_after():
        response = client.post(reverse("scoring:assignments_auto", args=[call.slug]), follow=True)
    assert "6 assignments made" in response.content.decode()
    assert len(mailoutbox) == 3

    # A reviewer declares no conflict, saves partway, then submits.
    first = Assignment.objects.filter(application=apps[0]).order_by("reviewer__email").first()
    client.force_login(first.reviewer)
    response = client.get(reverse("scoring:score", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("scoring:declare", args=[first.pk])
    response = client.post(reverse("scoring:declare", args=[first.pk]), {"declaration": "none"})
    assert response["Location"] == reverse("scoring:score", args=[first.pk])
    response = client.get(reverse("scoring:score", args=[first.pk]))
    assert "Level 3 guidance" in response.content.decode()  # guidance beside the scores
    client.post(reverse("scoring:score", args=[first.pk]), {f"score_{criteria[0].pk}": "4", "save": ""})
    assert Review.objects.get(assignment=first).status == Review.Status.DRAFT
    assert Rubric.objects.get(call=call).status == Rubric.Status.LOCKED
    response = client.post(
        reverse("scoring:score", args=[first.pk]),
        score_data(criteria, 0, "na", overall_comment="Solid plan.", submit=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your review is saved, but it cannot be submitted yet." in page
    assert "Choose a recommendation." in page and "Solid plan." in page  # what was typed is still there
    response = client.post(
        reverse("scoring:score", args=[first.pk]),
        score_data(criteria, 0, "na", overall_comment="Solid plan.", recommendation="fund", submit=""),
    )
    assert response["Location"] == reverse("scoring:dashboard")
    review = Review.objects.get(assignment=first)
    assert review.status == Review.Status.SUBMITTED and review.overall_comment == "Solid plan."
    dashboard = client.get(reverse("scoring:dashboard")).content.decode()
    assert "See your review of" in dashboard

    # Another declares a conflict: the application goes to the third reviewer.
    second = Assignment.objects.filter(application=apps[0]).exclude(pk=first.pk).get()
    client.force_login(second.reviewer)
    response = client.post(
        reverse("scoring:declare", args=[second.pk]), {"declaration": "conflict", "reason": ""}
    )
    assert "Describe the conflict" in response.content.decode()
    client.post(
        reverse("scoring:declare", args=[second.pk]),
        {"declaration": "conflict", "reason": "I sit on its board."},
    )
    assert client.get(reverse("scoring:score", args=[second.pk])).status_code == 403
    active = set(
        Assignment.objects.filter(application=apps[0], status__in=Assignment.Status.ACTIVE).values_list(
            "reviewer_id", flat=True
        )
    )
    third = ({p.pk for p in people} - {first.reviewer_id, second.reviewer_id}).pop()
    assert active == {first.reviewer_id, third}

    # Staff see the ranking with its funding line and the normalized column, and export it.
    client.force_login(program_officer)
    ranking = client.get(reverse("scoring:ranking", args=[call.slug])).content.decode()
    assert "data-funding-line" in ranking and "Normalized" in ranking and apps[0].reference in ranking
    export = client.get(reverse("scoring:ranking_csv", args=[call.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Final rank", "Rank by reviews", "Reference"]
    assert rows[1][2] == apps[0].reference and rows[1][0] == "1"


def test_after_submitting_a_reviewer_sees_the_other_reviews_only_when_the_phase_allows(client, review_call):
    app = SubmittedApplicationFactory(call=review_call)
    mine, theirs = assign(app, reviewer()), assign(app, reviewer())
    submitted_review(mine, [3, 3])
    other = submitted_review(theirs, [1, 2])
    Review.objects.filter(pk=other.pk).update(overall_comment="A distinctive remark.")
    client.force_login(mine.reviewer)
    assert (
        "A distinctive remark." not in client.get(reverse("scoring:score", args=[mine.pk])).content.decode()
    )
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    assert "A distinctive remark." in client.get(reverse("scoring:score", args=[mine.pk])).content.decode()


@pytest.mark.parametrize("rows", [3, 60])
def test_reviewer_dashboard(client, review_call, rows, django_assert_max_num_queries):
    person = reviewer()
    for i in range(rows):
        assignment = assign(
            SubmittedApplicationFactory(call=review_call),
            person,
            status=Assignment.Status.ASSIGNED if i % 3 else Assignment.Status.ACCEPTED,
            due_in_days=-1 if i % 5 == 0 else 7,
        )
        if i % 3 == 0 and i % 2 == 0:
            submitted_review(assignment, [3, 3])
    client.force_login(person)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("scoring:dashboard"))
    assert response.content.count(b"data-assignment-row") == min(rows, 25)


def test_withdrawn_decided_and_ineligible_applications_leave_the_to_do_list_and_the_reminders_at_once(
    client, review_call, program_officer, mailoutbox, worker_after
):
    # The hole: reviewers still saw decided applications as "Awaiting your declaration".
    person = reviewer()
    kept, withdrawn, decided, screened_out = (SubmittedApplicationFactory(call=review_call) for _ in range(4))
    for application in (kept, withdrawn, decided, screened_out):
        assign(application, person, status=Assignment.Status.ASSIGNED, due_in_days=-1)
    grant_services.application_withdraw(application=withdrawn, by=program_officer)
    award_services.decision_approve(application=decided, by=program_officer, override_reason="Urgent.")
    award_services.decisions_release(call=review_call, by=program_officer)
    Application.objects.filter(pk=screened_out.pk).update(status=Application.Status.INELIGIBLE)

    client.force_login(person)
    page = client.get(reverse("scoring:dashboard")).content.decode()
    assert page.count("data-assignment-row") == 1 and kept.title in page
    assert selectors.reviewer_counts(user=person)["to_declare"] == 1
    with worker_after():  # the reminder is recorded once its task has sent it
        assert services.reminders_send() == 1
    assert [a.application for a in Assignment.objects.filter(last_reminded_at__isnull=False)] == [kept]


def test_a_reviewers_home_lists_assignments_by_due_date_with_progress(client, review_call, criteria):
    person = reviewer()
    later = assign(SubmittedApplicationFactory(call=review_call, title="Due later"), person, due_in_days=20)
    sooner = assign(SubmittedApplicationFactory(call=review_call, title="Due sooner"), person, due_in_days=2)
    draft = Review.objects.create(assignment=later, status=Review.Status.DRAFT)
    Score.objects.create(review=draft, criterion=criteria[0], value=4, comment="")
    client.force_login(person)

    response = client.get(reverse("grants:dashboard"), follow=True)

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("scoring:dashboard")
    assert content.index("Due sooner") < content.index("Due later")
    assert "1 of 2 criteria scored" in re.sub(r"\s+", " ", content)
    assert sooner.application.reference in content
