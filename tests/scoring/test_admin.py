"""Rubric editing in the back office: program officers write it; once locked it is read-only."""

from django.urls import reverse

from scoring.models import Criterion, Rubric
from tests.scoring.factories import ClosedCallFactory


def criterion_form(prefix="criteria", **values):
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    row = {
        "position": "1",
        "weight": "2",
        "scale_min": "0",
        "scale_max": "2",
        "name_en": "Need",
        "name_fr": "Besoin",
        "guidance_en": "None\nSome\nStrong",
        "guidance_fr": "",
    }
    row.update(values)
    data.update({f"{prefix}-0-{k}": v for k, v in row.items()})
    return data


def test_officers_write_a_rubric_with_guidance_per_score(client, db, program_officer):
    call = ClosedCallFactory()
    client.force_login(program_officer)
    assert "Rubrics" in client.get(reverse("admin:index")).content.decode()
    add = reverse("admin:scoring_rubric_add")
    response = client.post(add, {"call": call.pk, **criterion_form(guidance_en="Only one line")})
    assert response.status_code == 200 and "Write 3 lines" in response.content.decode()
    response = client.post(add, {"call": call.pk, **criterion_form()})
    assert response["Location"] == reverse("scoring:rubric", args=[call.slug])
    criterion = Criterion.objects.get(rubric__call=call)
    assert criterion.levels() == [(0, "None"), (1, "Some"), (2, "Strong")]


def test_a_locked_rubric_is_read_only_in_the_back_office(client, review_call, program_officer):
    rubric = Rubric.objects.get(call=review_call)
    Rubric.objects.filter(pk=rubric.pk).update(status=Rubric.Status.LOCKED)
    client.force_login(program_officer)
    url = reverse("admin:scoring_rubric_change", args=[rubric.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"call": review_call.pk}).status_code == 403


def test_reviewers_and_applicants_have_no_back_office(client, review_call, reviewer, applicant):
    for person in (reviewer, applicant):
        client.force_login(person)
        assert client.get(reverse("admin:scoring_rubric_changelist")).status_code == 302
