"""The review in the browser's terms: what staff and reviewers do and see."""

import csv
import io

import pytest
from django.urls import reverse

from grants.applications.models import Call
from scoring.models import Assignment, Review, Rubric, Screening
from tests.factories import MembershipFactory
from tests.scoring.factories import SubmittedApplicationFactory, assign, pool_with, reviewer, submitted_review


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
    client, staffed, criteria, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    call, people, apps = staffed
    client.force_login(program_officer)
    with django_capture_on_commit_callbacks(execute=True):
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


def test_a_csv_export_neutralizes_formulas_typed_by_applicants(client, review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call, title='=HYPERLINK("http://evil.example")')
    submitted_review(assign(app, reviewer()), [3, 3])
    client.force_login(program_officer)
    export = client.get(reverse("scoring:ranking_csv", args=[review_call.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[1][4].startswith("'=")


def test_staff_screen_and_release_from_the_pages(
    client, db, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.scoring.factories import ClosedCallFactory

    call = ClosedCallFactory(review_phase=Call.ReviewPhase.SCREENING)
    app = SubmittedApplicationFactory(call=call, screened="", organization=MembershipFactory().organization)
    client.force_login(program_officer)
    url = reverse("scoring:screening_decide", args=[call.slug, app.pk])
    response = client.post(url, {"decision": "ineligible", "reason": ""})
    assert "Give the reason the application is ineligible." in response.content.decode()
    client.post(url, {"decision": "ineligible", "reason": "Outside Ontario."})
    listing = client.get(reverse("scoring:screening_list", args=[call.slug])).content.decode()
    assert "Outside Ontario." in listing and "not released" in listing
    applicant = app.organization.memberships.get().user
    client.force_login(applicant)
    page = client.get(reverse("grants:application_detail", args=[app.pk])).content.decode()
    assert "Outside Ontario." not in page and "ineligible" not in page.lower()
    client.force_login(program_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scoring:screening_release", args=[call.slug]))
    assert Screening.objects.get(application=app).released_at is not None
    assert mailoutbox[0].to == [applicant.email] and "Outside Ontario." in mailoutbox[0].body
    client.force_login(applicant)
    assert (
        "ineligible"
        in client.get(reverse("grants:application_detail", args=[app.pk])).content.decode().lower()
    )


def test_staff_change_the_phase_and_a_refusal_is_explained(client, review_call, program_officer):
    client.force_login(program_officer)
    response = client.post(
        reverse("scoring:phase_change", args=[review_call.slug]), {"phase": "reviewing"}, follow=True
    )
    assert "already in the reviewing phase" in response.content.decode()
    client.post(reverse("scoring:phase_change", args=[review_call.slug]), {"phase": "moderation"})
    review_call.refresh_from_db()
    assert review_call.review_phase == "moderation"
    overview = client.get(reverse("scoring:call_overview", args=[review_call.slug])).content.decode()
    assert "Scoring is closed" in overview


def test_moderation_from_the_application_page(client, review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    client.force_login(program_officer)
    url = reverse("scoring:moderation_record", args=[review_call.slug, app.pk])
    response = client.post(url, {"consensus_score": "101", "reason": "Typed reason."})
    page = response.content.decode()
    assert "Typed reason." in page and "less than or equal to 100" in page
    client.post(url, {"consensus_score": "88.5", "reason": "Strongest community partnerships."})
    page = client.get(
        reverse("scoring:application_reviews", args=[review_call.slug, app.pk])
    ).content.decode()
    assert "88.50" in page and "Strongest community partnerships." in page


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


def test_staff_reopen_a_review_and_remove_a_reviewer_from_the_pages(client, review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    done = assign(app, reviewer())
    review = submitted_review(done, [3, 3])
    waiting = assign(app, reviewer(), status=Assignment.Status.ASSIGNED)
    client.force_login(program_officer)
    response = client.post(
        reverse("scoring:review_reopen", args=[review_call.slug, review.pk]), {"reason": ""}
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    client.post(
        reverse("scoring:review_reopen", args=[review_call.slug, review.pk]), {"reason": "Check score 2."}
    )
    assert Review.objects.get(pk=review.pk).status == Review.Status.DRAFT
    client.post(
        reverse("scoring:assignment_remove", args=[review_call.slug, waiting.pk]), {"reason": "On leave."}
    )
    assert Assignment.objects.get(pk=waiting.pk).status == Assignment.Status.REMOVED


def test_staff_add_a_reviewer_by_hand_with_a_due_date(client, review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    person = reviewer()
    pool_with(review_call, [person], by=program_officer)
    client.force_login(program_officer)
    url = reverse("scoring:assignment_add", args=[review_call.slug, app.pk])
    response = client.post(url, {"reviewer": person.pk, "due_at": "2001-01-01T10:00"}, follow=True)
    assert "Choose a time in the future." in response.content.decode()
    client.post(url, {"reviewer": person.pk, "due_at": "2099-05-01T17:00"})
    assignment = Assignment.objects.get(application=app, reviewer=person)
    assert (assignment.status, assignment.due_at.year) == (Assignment.Status.ASSIGNED, 2099)
