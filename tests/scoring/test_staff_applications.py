"""Staff's page for one application: manual assignment, removal, reopening a review, the consensus score."""

from django.urls import reverse

from grants.applications.models import Call
from scoring.models import Assignment, Review
from tests.scoring.factories import SubmittedApplicationFactory, assign, pool_with, reviewer, submitted_review


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
