"""Text is bounded and dates are plausible: every text box states its limit, a longer text is refused with the
figures and kept on the page, the edge cuts absurd values; dates outside 2000 to 2099 are refused in words
(never a server error from a year 9999)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.inputs import MAX_VALUE_LENGTH
from tests.grants.helpers import answers_for, field_value, page_text, post_step, saved

OUT_OF_RANGE = "Enter a date between 2000-01-01 and 2099-12-31."
# Dates a slip of the keyboard gives, and the ones past which Python's dates overflow (8 inputs).
IMPLAUSIBLE = ["9999-12-31", "9999-01-01", "0001-01-01", "1900-01-01", "1999-12-31", "2100-01-01", "0202-04-01",
               "3026-04-01"]


def test_every_text_box_of_the_wizard_states_its_limit(me, draft):
    text = page_text(me.get(reverse("grants:application_wizard_step", args=[draft.pk, "project"])))

    assert "1,000 characters at most." in text and "10,000 characters at most." in text


@pytest.mark.parametrize(("field", "limit"), [("summary", 1000), ("description", 10000)])
def test_a_text_over_its_limit_is_refused_with_the_figures_and_kept(me, draft, field, limit):
    typed = "word " * (limit // 5) + "over"

    response = post_step(me, draft, "project", answers_for(draft, "project", **{field: typed}))

    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters (it has {len(typed)})." in page_text(response)
    assert field_value(response, f"project-{field}") == typed.strip()
    assert saved(draft, "project").data[f"project-{field}"] == [typed]


def test_line_breaks_count_once_as_the_browser_counts_them(me, draft):
    typed = "line\r\n" * 166 + "end"  # 1,000 characters in the browser, 1,166 as sent

    response = post_step(me, draft, "project", answers_for(draft, "project", summary=typed))

    assert response.status_code == 302
    assert saved(draft, "project").data["project-summary"] == [typed.replace("\r\n", "\n")]


def test_an_absurd_value_is_cut_at_the_edge_and_the_page_says_so(me, draft):
    typed = "x" * (MAX_VALUE_LENGTH + 50_000)

    response = post_step(me, draft, "project", answers_for(draft, "project", description=typed))

    assert response.status_code == 200
    assert "only its first 100,000 characters were kept" in page_text(response)
    assert len(saved(draft, "project").data["project-description"][0]) == MAX_VALUE_LENGTH


def test_fields_that_are_not_the_steps_are_not_saved(me, draft):
    answers = {**answers_for(draft, "project"), "project-extra": ["x" * 50_000], "other-thing": ["y"]}

    post_step(me, draft, "project", answers)

    assert set(saved(draft, "project").data) <= {f"project-{name}" for name in (
        "project_title", "summary", "description", "pillars", "populations", "regions", "start_date", "end_date")}


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_implausible_project_dates_are_refused_in_words_and_the_answers_kept(me, draft, day):
    early = day < "2027"
    dates = {"start_date": day if early else "2027-04-01", "end_date": "2029-03-31" if early else day}
    answers = answers_for(draft, "project", project_title="Safe Futures", **dates)

    response = post_step(me, draft, "project", answers)

    assert response.status_code == 200
    assert OUT_OF_RANGE in page_text(response)
    assert field_value(response, "project-project_title") == "Safe Futures"
    assert not saved(draft, "project").is_valid


@pytest.mark.parametrize("day", IMPLAUSIBLE)
def test_an_amendment_with_an_implausible_date_is_refused_in_words(accepted_award, program_officer, client, day):
    client.force_login(program_officer)
    years = {y.fiscal_year: y.amount for y in accepted_award.years.all()}
    response = client.post(
        reverse("grants:award_amend", args=[accepted_award.pk]),
        {
            "reason": "A longer term.",
            "start_date": accepted_award.start_date.isoformat(),
            "end_date": day,
            "risk_level": "high",
            "signing_name": accepted_award.signing_name,
            "signing_title": accepted_award.signing_title,
            "signing_email": accepted_award.signing_email,
            **{f"amount_{y}": str(a) for y, a in years.items()},
        },
    )

    assert response.status_code == 200
    assert OUT_OF_RANGE in page_text(response)
    assert field_value(response, "reason") == "A longer term."


@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "0001-01-01T00:00", "2100-01-01T09:00"])
def test_an_implausible_due_time_is_refused_in_words(client, program_officer, review_call, moment):
    client.force_login(program_officer)

    response = client.post(
        reverse("scoring:pool", args=[review_call.slug]),
        {"review_due_at": moment, "disagreement_threshold": "20", "other_reviews_while_reviewing": "never"},
    )

    assert response.status_code == 200
    assert OUT_OF_RANGE in page_text(response)


@pytest.mark.parametrize("day", ["9999-12-31", "1900-01-01"])
def test_the_call_set_up_refuses_implausible_dates(admin_client, open_call, day):
    url = reverse("setup:call_edit", args=[open_call.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {
        "title_en": "T", "title_fr": "T", "guidelines_en": "G", "guidelines_fr": "G", "closes_at": f"{day}T17:00",
        "envelope": "1000000", "reviewers_per_application": "2",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert Call.objects.get(pk=open_call.pk).closes_at > timezone.now() - dt.timedelta(days=1)


def test_in_french_the_limits_and_the_date_refusal_read_in_french(me, draft):
    url = reverse("grants:application_wizard_step", args=[draft.pk, "project"])
    page = page_text(me.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    answers = answers_for(draft, "project", end_date="9999-12-31")
    version = int(re.search(r'name="step_version" value="(\d+)"', me.get(url).content.decode()).group(1))
    payload = {f"application_{draft.pk}-current_step": "project", "step_version": str(version), **answers}

    refused = page_text(me.post(url, payload, HTTP_ACCEPT_LANGUAGE="fr"))

    assert "caractères au maximum." in page
    assert "Entrez une date entre le 2000-01-01 et le 2099-12-31." in refused
