"""Staff's rubric page: copying an earlier call's criteria, reopening the rubric (its submitted reviews go back)
and locking it again, with each refusal said on the page."""

from django.urls import reverse

from scoring.models import Review, Rubric
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    reviewer,
    rubric_for,
    submitted_review,
)


def test_staff_copy_the_criteria_of_an_earlier_call(client, review_call, program_officer):
    later = ClosedCallFactory(review_phase="screening")
    client.force_login(program_officer)
    response = client.post(reverse("scoring:rubric", args=[later.slug]), {"source": review_call.pk})
    assert response["Location"] == reverse("scoring:rubric", args=[later.slug])
    assert [c.name_en for c in Rubric.objects.get(call=later).criteria.all()] == ["Criterion 1", "Criterion 2"]


def test_a_refused_copy_is_said_on_the_form(client, review_call, program_officer):
    submitted_review(assign(SubmittedApplicationFactory(call=review_call), reviewer()), [3, 3])
    source = ClosedCallFactory()
    rubric_for(source)
    client.force_login(program_officer)
    response = client.post(reverse("scoring:rubric", args=[review_call.slug]), {"source": source.pk})
    assert response.status_code == 200
    assert "change its criteria one by one" in response.content.decode()


def test_staff_reopen_the_rubric_and_lock_it_again_from_the_pages(client, review_call, program_officer):
    review = submitted_review(assign(SubmittedApplicationFactory(call=review_call), reviewer()), [3, 3])
    Rubric.objects.filter(call=review_call).update(status=Rubric.Status.LOCKED)
    client.force_login(program_officer)
    page = reverse("scoring:rubric", args=[review_call.slug])
    relock = reverse("scoring:rubric_relock", args=[review_call.slug])

    response = client.post(relock, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "Only a rubric reopened for changes can be locked again." in response.content.decode()

    reopen = reverse("scoring:rubric_reopen", args=[review_call.slug])
    assert client.get(reopen).context["submitted"] == 1
    assert client.post(reopen, {"reason": "Weights were wrong."})["Location"] == page
    assert Rubric.objects.get(call=review_call).status == Rubric.Status.REOPENED
    assert Review.objects.get(pk=review.pk).status == Review.Status.DRAFT

    response = client.post(relock, follow=True)
    assert "The rubric is locked again; reviewers can continue." in response.content.decode()
    assert Rubric.objects.get(call=review_call).status == Rubric.Status.LOCKED
