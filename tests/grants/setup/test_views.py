"""Call set-up's pages: every URL tried as each role, forms that keep what was typed when refused, the call
list's query budget, and publication from the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call, Fund
from grants.awards.models import CallYearEnvelope
from grants.documents.models import DocumentType
from scoring.models import Criterion
from tests.factories import CallFactory
from tests.urlnames import url_names

LOGIN = "login"


def staff_only(officer: int) -> dict:
    return {"anonymous": LOGIN, "applicant": 403, "reviewer": 403, "officer": officer, "administrator": officer}


# name: (expected per role, method, kwargs from the draft call)
MATRIX = {
    "call_list": (staff_only(200), "GET", lambda c: {}),
    "call_create": (staff_only(200), "GET", lambda c: {}),
    "call_detail": (staff_only(200), "GET", lambda c: {"pk": c.pk}),
    "call_edit": (staff_only(200), "GET", lambda c: {"pk": c.pk}),
    "call_publish": (staff_only(302), "POST", lambda c: {"pk": c.pk}),
    "call_close_intake": (staff_only(302), "POST", lambda c: {"pk": c.pk}),
    "criterion_create": (staff_only(200), "GET", lambda c: {"pk": c.pk}),
    "criterion_edit": (staff_only(200), "GET", lambda c: {"pk": c.pk, "criterion": c.rubric.criteria.get().pk}),
    "criterion_remove": (staff_only(302), "POST", lambda c: {"pk": c.pk, "criterion": c.rubric.criteria.get().pk}),
    "year_envelope_set": (staff_only(200), "GET", lambda c: {"pk": c.pk}),
    "year_envelope_remove": (staff_only(302), "POST", lambda c: {"pk": c.pk, "year": 2027}),
}


def test_every_setup_url_is_in_the_matrix():
    assert url_names("setup") == set(MATRIX)


@pytest.mark.parametrize("staff", ["officer", "administrator"])
@pytest.mark.parametrize("name", list(MATRIX))
def test_url_as_every_role(draft_call, applicant, reviewer, program_officer, administrator, name, staff):
    """The roles without access first (nothing changes), then one staff role, on a call of its own."""
    expect, method, kwargs = MATRIX[name]
    url = reverse(f"setup:{name}", kwargs=kwargs(draft_call))
    users = {"anonymous": None, "applicant": applicant, "reviewer": reviewer, "officer": program_officer,
             "administrator": administrator}
    for role in ("anonymous", "applicant", "reviewer", staff):
        client = Client()
        if users[role]:
            client.force_login(users[role])
        response = client.get(url) if method == "GET" else client.post(url)
        if expect[role] == LOGIN:
            assert response.status_code == 302 and response.url.startswith(reverse("account_login")), role
        else:
            assert response.status_code == expect[role], role
        if role != staff:
            draft_call.refresh_from_db()
            assert draft_call.status == Call.Status.DRAFT
            assert Criterion.objects.filter(rubric__call=draft_call).count() == 1


@pytest.mark.parametrize("name", [name for name, (_e, method, _k) in MATRIX.items() if method == "POST"])
def test_actions_refuse_get(login, program_officer, draft_call, name):
    url = reverse(f"setup:{name}", kwargs=MATRIX[name][2](draft_call))
    assert login(program_officer).get(url).status_code == 405


def call_data(**overrides) -> dict:
    opens = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    data = {
        "fund": Fund.objects.get(code="ILIF").pk, "slug": "ilif-spring",
        "title_en": "ILIF spring call", "title_fr": "", "guidelines_en": "Guidelines", "guidelines_fr": "",
        "opens_at": opens.strftime("%Y-%m-%dT09:00"), "closes_at": (opens + dt.timedelta(days=30)).strftime(
            "%Y-%m-%dT17:00"),
        "envelope": "500000", "min_request": "10000", "max_request": "100000", "max_term_years": "2",
        "eligible_organization_types": ["first_nation", "metis"],
        "required_document_types": [DocumentType.objects.get(code="insurance").pk],
        "reviewers_per_application": "3", "blind_review": "on",
    }
    return {**data, **overrides}


def test_an_officer_creates_a_draft_call_with_every_field(login, program_officer):
    response = login(program_officer).post(reverse("setup:call_create"), call_data())

    call = Call.objects.get(slug="ilif-spring")
    assert response.status_code == 302 and response.url == reverse("setup:call_detail", args=[call.pk])
    assert call.status == Call.Status.DRAFT
    assert call.eligible_organization_types == ["first_nation", "metis"]
    assert call.blind_review and call.max_term_years == 2
    assert timezone.localtime(call.closes_at).hour == 17  # entered and kept in Toronto time


def test_a_refused_call_form_keeps_what_was_typed(login, program_officer):
    data = call_data(closes_at=timezone.localtime().strftime("%Y-%m-%dT08:00"), max_request="5")

    response = login(program_officer).post(reverse("setup:call_create"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The call must close after it opens." in page
    assert "The maximum request cannot be less than the minimum request." in page
    assert 'value="ILIF spring call"' in page and 'value="ilif-spring"' in page
    assert re.search(r'value="first_nation" id="[^"]+" checked', page)
    assert not Call.objects.filter(slug="ilif-spring").exists()


def test_the_detail_lists_what_is_missing_and_publishing_names_it(login, program_officer, draft_call):
    Call.objects.filter(pk=draft_call.pk).update(title_fr="")
    client = login(program_officer)

    page = client.get(reverse("setup:call_detail", args=[draft_call.pk])).content.decode()
    assert "1 thing is missing before the call can be published" in page
    assert "Write the title in French." in page

    response = client.post(reverse("setup:call_publish", args=[draft_call.pk]), follow=True)
    assert "Write the title in French." in response.content.decode()
    draft_call.refresh_from_db()
    assert draft_call.status == Call.Status.DRAFT


def test_a_published_call_form_leaves_out_what_can_no_longer_change(login, program_officer):
    call = CallFactory()
    client = login(program_officer)

    page = client.get(reverse("setup:call_edit", args=[call.pk])).content.decode()

    assert 'name="title_fr"' in page and 'name="closes_at"' in page
    assert 'name="max_request"' not in page and 'name="required_document_types"' not in page


def test_a_refused_criterion_keeps_what_was_typed(login, program_officer, draft_call):
    response = login(program_officer).post(
        reverse("setup:criterion_create", args=[draft_call.pk]),
        {"name_en": "Reach", "name_fr": "Portée", "weight": "2", "scale_min": "0", "scale_max": "3",
         "guidance_en": "one line", "position": "2"},
    )

    page = response.content.decode()
    assert "Write 4 lines, one per score from 0 to 3; there are 1." in page
    assert 'value="Portée"' in page
    assert Criterion.objects.filter(rubric__call=draft_call).count() == 1


def test_a_refused_year_envelope_keeps_what_was_typed(login, program_officer, draft_call):
    response = login(program_officer).post(
        reverse("setup:year_envelope_set", args=[draft_call.pk]), {"fiscal_year": "2027", "amount": "99999999"}
    )

    page = response.content.decode()
    assert "is more than the call&#x27;s envelope" in page
    assert 'value="99999999"' in page
    assert not CallYearEnvelope.objects.exists()


@pytest.mark.parametrize("rows", [3, 40])
def test_the_call_list_costs_the_same_whatever_its_length(login, program_officer, rows,
                                                          django_assert_max_num_queries):
    CallFactory.create_batch(rows)
    client = login(program_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("setup:call_list"))

    assert response.content.count(b"data-call-row") == min(rows, 25)


def test_a_page_past_the_end_is_the_last_page(login, program_officer):
    CallFactory.create_batch(3)

    response = login(program_officer).get(reverse("setup:call_list") + "?page=99")

    assert response.status_code == 200 and response.content.count(b"data-call-row") == 3


def test_the_refusal_page_speaks_to_any_role(login, reviewer):
    response = login(reviewer).get(reverse("setup:call_list"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "your role does not give access to this page" in page
    assert "the coordination office for staff and reviewers" in page
    assert "Go to your home page" in page and "my applications" not in page


def test_a_refused_change_to_a_published_call_keeps_what_was_typed(login, program_officer):
    call = CallFactory()
    earlier = timezone.localtime(call.closes_at - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = login(program_officer).post(reverse("setup:call_edit", args=[call.pk]), {
        "title_en": "Renamed", "title_fr": call.title_fr, "guidelines_en": "G", "guidelines_fr": "G",
        "closes_at": earlier, "envelope": "1000000", "reviewers_per_application": "3",
    })

    page = response.content.decode()
    assert response.status_code == 200
    assert "closing time can only move later" in page and 'value="Renamed"' in page
    call.refresh_from_db()
    assert call.title_en != "Renamed"


def test_the_missing_items_read_in_french(login, program_officer, draft_call):
    Call.objects.filter(pk=draft_call.pk).update(title_fr="")

    page = login(program_officer).get(
        reverse("setup:call_detail", args=[draft_call.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "1 élément manque avant que l'appel puisse être publié\u00a0:" in page
    assert "Rédigez le titre en français." in page
