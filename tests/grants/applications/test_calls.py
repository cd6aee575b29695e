"""The public pages of calls for proposals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call, Fund
from tests.factories import CallFactory
from tests.grants.helpers import page_text

TORONTO = ZoneInfo("America/Toronto")


def days(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)


@pytest.fixture
def calls(db):
    return {
        "open": CallFactory(title_en="Open Youth Call"),
        "upcoming": CallFactory(title_en="Upcoming Call", opens_at=days(20), closes_at=days(60)),
        "closed": CallFactory(title_en="Closed Call", opens_at=days(-60), closes_at=days(-5)),
        "closed_by_staff": CallFactory(title_en="Call Closed Early", status=Call.Status.CLOSED),
        "decided": CallFactory(
            title_en="Decided Call", opens_at=days(-400), closes_at=days(-300), status=Call.Status.DECIDED
        ),
        "draft": CallFactory(title_en="Draft Call Not Yet Announced", status=Call.Status.DRAFT),
    }


def section(text: str, heading: str, next_heading: str | None) -> str:
    start = text.index(heading)
    return text[start : text.index(next_heading, start) if next_heading else None]


def test_the_list_groups_open_upcoming_and_closed_calls_and_hides_drafts(client, calls):
    response = client.get(reverse("grants:call_list"))

    assert response.status_code == 200
    text = page_text(response)
    open_now = section(text, "Open now", "Upcoming")
    upcoming = section(text, "Upcoming", "Closed")
    closed = section(text, "Closed", None)
    assert "Open Youth Call" in open_now and "Upcoming Call" not in open_now
    assert "Upcoming Call" in upcoming and "Open Youth Call" not in upcoming
    for title in ("Closed Call", "Call Closed Early", "Decided Call"):
        assert title in closed
    assert "Draft Call Not Yet Announced" not in response.content.decode()
    assert response.content.decode().count("data-call-row") == 5


def test_the_home_page_shows_only_open_calls(client, calls):
    text = page_text(client.get(reverse("grants:home")))

    assert "Open Youth Call" in text
    assert "Upcoming Call" not in text
    assert "Closed Call" not in text
    assert "Draft Call" not in text


def test_a_draft_call_has_no_public_page(client, calls):
    assert client.get(reverse("grants:call_detail", args=[calls["draft"].slug])).status_code == 404
    assert client.get(reverse("grants:call_detail", args=["no-such-call"])).status_code == 404


def test_detail_shows_the_guidelines_in_english_and_in_french(client, calls):
    call = calls["open"]
    url = reverse("grants:call_detail", args=[call.slug])

    english = page_text(client.get(url))
    assert "Open Youth Call" in english
    assert "Fund prevention and survivor support." in english
    assert "Community Supports Fund" in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(url)
    assert '<html lang="fr">' in french.content.decode()
    text = page_text(french)
    assert call.title_fr in text
    assert "Financer la prévention et le soutien aux personnes survivantes." in text
    assert "Fonds de soutien communautaire" in text
    assert "Fund prevention and survivor support." not in text


def test_french_from_the_browser_language(client, calls):
    response = client.get(
        reverse("grants:call_detail", args=[calls["open"].slug]), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9"
    )

    assert calls["open"].title_fr in page_text(response)


def test_a_call_without_french_guidelines_falls_back_to_english(client, db):
    call = CallFactory(guidelines_fr="")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert "Fund prevention and survivor support." in page_text(
        client.get(reverse("grants:call_detail", args=[call.slug]))
    )


@pytest.mark.parametrize(
    ("closes_at", "shown"),
    [
        (dt.datetime(2030, 1, 15, 17, 0, tzinfo=TORONTO), "Jan. 15, 2030, 5 p.m. EST"),
        (dt.datetime(2030, 7, 15, 23, 59, tzinfo=TORONTO), "July 15, 2030, 11:59 p.m. EDT"),
        # Stored in UTC, shown in Toronto: 04:59 UTC on July 16 is still July 15 in Ontario.
        (dt.datetime(2030, 7, 16, 3, 59, tzinfo=dt.UTC), "July 15, 2030, 11:59 p.m. EDT"),
    ],
)
def test_the_deadline_is_shown_in_toronto_time_with_its_zone(client, db, closes_at, shown):
    call = CallFactory(closes_at=closes_at)

    text = page_text(client.get(reverse("grants:call_detail", args=[call.slug])))

    assert f"Open for applications until {shown}." in text
    assert f"Closes {shown}" in text


def test_the_closed_and_upcoming_notices(client, calls):
    closed = page_text(client.get(reverse("grants:call_detail", args=[calls["closed"].slug])))
    upcoming = page_text(client.get(reverse("grants:call_detail", args=[calls["upcoming"].slug])))

    assert "This call closed on" in closed
    assert "Start an application" not in closed
    assert "Opens for applications on" in upcoming
    assert "Start an application" not in upcoming


def test_the_apply_section_depends_on_who_is_looking(client, calls, applicant, organization):
    url = reverse("grants:call_detail", args=[calls["open"].slug])

    assert "Sign in to apply" in page_text(client.get(url))
    client.force_login(applicant)
    assert f"Start an application for {organization.legal_name}" in page_text(client.get(url))


@pytest.mark.parametrize("page", ["2", "99", "0", "-1", "abc", ""])
def test_closed_list_pages_past_the_end_are_not_errors(client, db, page):
    for n in range(25):
        CallFactory(title_en=f"Past Call {n:02d}", opens_at=days(-100 - n), closes_at=days(-10 - n))

    response = client.get(reverse("grants:call_list"), {"page": page})

    assert response.status_code == 200
    assert response.content.decode().count("data-call-row") in (20, 5)


def test_closed_calls_are_paginated_most_recent_first(client, db):
    for n in range(25):
        CallFactory(title_en=f"Past Call {n:02d}", opens_at=days(-100 - n), closes_at=days(-10 - n))

    first = page_text(client.get(reverse("grants:call_list")))
    second = client.get(reverse("grants:call_list"), {"page": 2})

    assert "Page 1 of 2" in first
    assert first.index("Past Call 00") < first.index("Past Call 01")
    assert "Past Call 24" not in first
    assert second.content.decode().count("data-call-row") == 5
    assert "Past Call 24" in page_text(second)


@pytest.mark.parametrize("rows", [3, 60])
def test_call_list_queries_do_not_grow(client, db, rows, django_assert_max_num_queries):
    for n in range(rows):
        CallFactory(opens_at=days(-100 - n), closes_at=days(-10 - n) if n % 2 else days(10 + n))

    # Open calls, upcoming calls, and the page of closed calls (its count and its rows).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("grants:call_list"))

    assert response.status_code == 200


def test_call_detail_query_count(client, calls, applicant, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(reverse("grants:call_detail", args=[calls["open"].slug])).status_code == 200
    # Signed in: the session, the header's organizations and roles, and the organization's own applications.
    client.force_login(applicant)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("grants:call_detail", args=[calls["open"].slug])).status_code == 200


def test_the_two_funds_come_from_the_data_migration(db):
    funds = {fund.code: fund for fund in Fund.objects.all()}

    assert set(funds) == {"CSF", "ILIF"}
    assert funds["CSF"].name_en == "Community Supports Fund"
    assert funds["CSF"].name_fr == "Fonds de soutien communautaire"
    assert not funds["CSF"].requires_indigenous_led
    assert funds["ILIF"].name_en == "Indigenous-led Initiatives Fund"
    assert funds["ILIF"].requires_indigenous_led
