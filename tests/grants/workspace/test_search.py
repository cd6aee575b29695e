"""Staff's search: applications by reference, title, organization or call, narrowed by status and call;
organizations by name, registration number or region; one search over both; paginated, in a fixed number of
queries, on SQLite and on PostgreSQL (its full-text search)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from grants.applications.models import Application
from grants.organizations.models import Region
from tests.factories import ApplicationFactory, CallFactory, OrganizationFactory
from tests.grants.helpers import page_text
from tests.scoring.factories import ClosedCallFactory, SubmittedApplicationFactory

SEARCH_QUERIES = 10  # session, user and roles, the header's organizations, two counts, two lists
LIST_QUERIES = 10  # session, user and roles, the header's organizations, the call filter's choices, count, page


@pytest.fixture
def found(db):
    """Three organizations and their applications, in two calls."""
    harbour = OrganizationFactory(legal_name="Safe Harbour Youth Services", registration_number="1234567")
    horizon = OrganizationFactory(
        legal_name="Centre d'aide Horizon", registration_number="123456789RR0001", type="charity",
        region=Region.objects.get(code="east"),
    )
    lights = OrganizationFactory(legal_name="Northern Lights Friendship Centre", registration_number="987654321RC0001",
                                 region=Region.objects.get(code="north-west"))
    spring = ClosedCallFactory(title_en="Spring Intake", title_fr="Appel du printemps")
    autumn = ClosedCallFactory(title_en="Autumn Intake", title_fr="Appel d'automne")
    return {
        "harbour": harbour,
        "horizon": horizon,
        "lights": lights,
        "youth": SubmittedApplicationFactory(organization=harbour, call=spring, title="Safe Futures for Youth",
                                             reference="CSF-2026-0042"),
        "jeunesse": SubmittedApplicationFactory(organization=horizon, call=autumn, title="Horizon Jeunesse",
                                                reference="CSF-2026-0043"),
        "circles": SubmittedApplicationFactory(organization=lights, call=spring, title="Strong Circles",
                                               reference="ILIF-2026-0001", status=Application.Status.APPROVED),
    }


def listed(client, name: str, **params) -> str:
    return page_text(client.get(reverse(f"grants:{name}"), params))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("CSF-2026-0042", {"youth"}),  # a reference as typed
        ("0043", {"jeunesse"}),  # part of one
        ("futures youth", {"youth"}),  # words of the title, in any order
        ("harbour", {"youth"}),  # the organization
        ("Northern lights", {"circles"}),
        ("autumn", {"jeunesse"}),  # the call, in English
        ("printemps", {"youth", "circles"}),  # or in French
        ("nothing like this", set()),
    ],
)
def test_applications_are_found_by_reference_title_organization_or_call(client, program_officer, found, typed,
                                                                        expected):
    client.force_login(program_officer)

    text = listed(client, "staff_applications", q=typed)

    for key in ("youth", "jeunesse", "circles"):
        assert (found[key].reference in text) == (key in expected), key


def test_applications_are_narrowed_by_status_and_call(client, program_officer, found):
    client.force_login(program_officer)

    approved = listed(client, "staff_applications", status="approved")
    spring_submitted = listed(client, "staff_applications", status="submitted", call=found["youth"].call_id)

    assert found["circles"].reference in approved and found["youth"].reference not in approved
    assert found["youth"].reference in spring_submitted
    assert found["jeunesse"].reference not in spring_submitted and found["circles"].reference not in spring_submitted


def test_a_filter_that_makes_no_sense_says_so_and_the_others_still_apply(client, program_officer, found):
    client.force_login(program_officer)

    text = listed(client, "staff_applications", q="harbour", status="paid", call="99999", queue="nope")

    assert "Select a valid choice. paid is not one of the available choices." in text
    assert "Select a valid choice. That choice is not one of the available choices." in text
    assert found["youth"].reference in text and found["jeunesse"].reference not in text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("harbour", {"harbour"}),
        ("centre", {"horizon", "lights"}),  # names
        ("123456789RR0001", {"horizon"}),  # a registration number as typed
        ("987654321", {"lights"}),  # the start of one
        ("north-west", {"lights"}),  # the region, in words
        ("Nord-Ouest", {"lights"}),  # in French too
    ],
)
def test_organizations_are_found_by_name_registration_number_or_region(client, program_officer, found, typed,
                                                                       expected):
    client.force_login(program_officer)

    text = listed(client, "staff_organizations", q=typed)

    for key in ("harbour", "horizon", "lights"):
        assert (found[key].legal_name in text) == (key in expected), key


def test_organizations_are_narrowed_by_region_and_type(client, program_officer, found):
    client.force_login(program_officer)

    east = listed(client, "staff_organizations", region="east")
    charities = listed(client, "staff_organizations", type="charity")

    assert found["horizon"].legal_name in east and found["harbour"].legal_name not in east
    assert found["horizon"].legal_name in charities and found["lights"].legal_name not in charities


def test_one_search_finds_applications_and_organizations(client, program_officer, found):
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_search"), {"q": "horizon"})
    text = page_text(response)

    assert "1 application" in text and found["jeunesse"].reference in text
    assert "1 organization" in text and found["horizon"].legal_name in text
    assert reverse("grants:staff_organization", args=[found["horizon"].pk]) in response.content.decode()
    assert reverse("grants:application_detail", args=[found["jeunesse"].pk]) in response.content.decode()


def test_the_search_page_without_words_asks_for_them(client, program_officer, found):
    client.force_login(program_officer)

    text = listed(client, "staff_search", q="  ")

    assert "Find an application or an organization" in text
    assert "No application matches." not in text


def test_what_is_typed_cannot_break_the_search(client, program_officer, found):
    client.force_login(program_officer)

    for typed in ["'", "a & b | !c", "foo:*", "(((", "\\", "%_", "Métis", "x" * 500]:
        for name in ("staff_search", "staff_applications", "staff_organizations"):
            response = client.get(reverse(f"grants:{name}"), {"q": typed})
            assert response.status_code == 200, (name, typed)


def test_too_long_a_search_is_refused_with_a_message(client, program_officer, found):
    client.force_login(program_officer)

    text = listed(client, "staff_search", q="x" * 101)

    assert "Ensure this value has at most 100 characters (it has 101)." in text


def test_results_beyond_the_first_ten_are_one_link_away(client, program_officer, db):
    call = CallFactory()
    organization = OrganizationFactory(legal_name="Many Projects Society")
    for n in range(12):
        SubmittedApplicationFactory(organization=organization, call=call, title=f"Project {n}")
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_search"), {"q": "many projects"})

    assert response.content.decode().count("data-application-row") == 10
    assert f'{reverse("grants:staff_applications")}?q=many+projects' in response.content.decode()
    assert "See all 12 applications found" in page_text(response)


@pytest.mark.parametrize("rows", [3, 60])
def test_search_and_lists_cost_the_same_whatever_they_find(client, program_officer, rows,
                                                            django_assert_max_num_queries):
    call = ClosedCallFactory(title_en="Shared Intake")
    for n in range(rows):
        SubmittedApplicationFactory(call=call, organization=OrganizationFactory(legal_name=f"Shared Society {n}"))
    client.force_login(program_officer)

    with django_assert_max_num_queries(SEARCH_QUERIES):
        search = client.get(reverse("grants:staff_search"), {"q": "shared"})
    with django_assert_max_num_queries(LIST_QUERIES):
        applications = client.get(reverse("grants:staff_applications"), {"q": "shared", "call": call.pk})
    with django_assert_max_num_queries(LIST_QUERIES):
        organizations = client.get(reverse("grants:staff_organizations"), {"q": "shared society"})

    assert search.content.decode().count("data-application-row") == min(rows, 10)
    assert applications.content.decode().count("data-application-row") == min(rows, 25)
    assert organizations.content.decode().count("data-organization-row") == min(rows, 25)


@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc"])
def test_a_page_past_the_end_is_never_an_error(client, program_officer, page, db):
    call = CallFactory()
    for _ in range(30):
        ApplicationFactory(call=call)
    client.force_login(program_officer)

    for name in ("staff_applications", "staff_organizations"):
        response = client.get(reverse(f"grants:{name}"), {"page": page})
        assert response.status_code == 200


def test_the_pages_keep_the_search_in_their_links(client, program_officer, db):
    organization = OrganizationFactory(legal_name="Paged Society")
    for _ in range(30):
        ApplicationFactory(organization=organization, call=CallFactory())
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_applications"), {"q": "paged", "status": "draft"})

    assert "?q=paged&amp;status=draft&amp;page=2" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search")
def test_postgresql_ranks_the_best_match_first_and_matches_words_as_prefixes(client, program_officer, found):
    SubmittedApplicationFactory(organization=found["lights"], call=found["youth"].call,
                                title="Youth outreach for youth at risk of youth trafficking")
    client.force_login(program_officer)

    text = listed(client, "staff_applications", q="yout")

    assert text.index("Youth outreach") < text.index("Safe Futures for Youth")
