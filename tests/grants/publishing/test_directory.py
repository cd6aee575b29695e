"""The public directory of funded services: filters, pages, French, the crisis line on every page, and a fixed
number of queries whatever the number of services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.organizations.models import OrganizationType
from tests.factories import OrganizationFactory
from tests.grants.publishing.conftest import feed_url, indigenous_organization, signed

pytestmark = pytest.mark.django_db
CRISIS = "1-833-900-1010"


def test_services_are_found_by_fund_region_pillar_and_population(client, officer):
    signed(OrganizationFactory(legal_name="Youth Outreach", public_description_en="Drop-in for youth."),
           officer=officer, pillars=("awareness",), populations=("children-youth",), regions=("central",))
    signed(OrganizationFactory(legal_name="Newcomer Support"), officer=officer, pillars=("support",),
           populations=("newcomers",), regions=("toronto",))
    signed(indigenous_organization(legal_name="Lodge", publication_consent_at="2026-01-05T00:00Z",
                                   public_label="inuit_led"), officer=officer, fund="ILIF", regions=("north-west",),
           pillars=("protect",), populations=("indigenous",))
    url = reverse("publishing:directory")

    def names(**query):
        page = client.get(url, query).content.decode()
        found = [name for name in ("Youth Outreach", "Newcomer Support", "Lodge") if f"<h3>{name}" in page]
        return sorted(found, key=lambda name: page.index(f"<h3>{name}"))

    assert names() == ["Lodge", "Newcomer Support", "Youth Outreach"]
    assert names(fund="ILIF") == ["Lodge"]
    assert names(region="central") == ["Youth Outreach"]
    assert names(pillar="support") == ["Newcomer Support"]
    assert names(population="children-youth") == ["Youth Outreach"]
    page = client.get(url, {"fund": "ILIF"}).content.decode()
    assert "Inuit-led" in page
    assert CRISIS in page


def test_an_unknown_filter_is_said_and_the_rest_still_works(client, officer):
    signed(OrganizationFactory(legal_name="Youth Outreach"), officer=officer)

    response = client.get(reverse("publishing:directory"), {"fund": "NOPE", "page": "999"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Youth Outreach" in page


def test_the_directory_in_french(client, officer):
    signed(OrganizationFactory(legal_name="Youth Outreach", public_description_en="Drop-in for youth.",
                               public_description_fr="Halte-accueil pour les jeunes."), officer=officer)
    signed(OrganizationFactory(legal_name="English Only", public_description_en="Only in English."),
           officer=officer)

    page = client.get(reverse("publishing:directory"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Halte-accueil pour les jeunes." in page
    assert '<p lang="en">Only in English.</p>' in page
    assert "Fonds de soutien communautaire" in page
    assert "Ligne d’urgence canadienne contre la traite des personnes" in page


@pytest.mark.parametrize("services", [3, 45])
def test_directory_queries_do_not_grow(client, officer, services, django_assert_max_num_queries):
    for number in range(services):
        kind = OrganizationType.CHARITY if number % 2 else OrganizationType.NON_PROFIT
        signed(OrganizationFactory(type=kind, registration_number="123456789RR0001"), officer=officer,
               amount=Decimal("30000"))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("publishing:directory"), {"page": 2 if services > 20 else 1})

    assert response.status_code == 200
    assert response.content.decode().count("data-service-row") == (20 if services > 20 else services)
    assert CRISIS in response.content.decode()


@pytest.mark.parametrize("grants", [3, 30])
def test_feed_and_open_data_queries_do_not_grow(client, officer, grants, django_assert_max_num_queries):
    for number in range(grants):
        signed(OrganizationFactory(), officer=officer, amount=Decimal("20000" if number % 3 else "50000"))

    with django_assert_max_num_queries(8):
        assert client.get(feed_url("json")).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(feed_url("csv"))
        b"".join(response.streaming_content)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("publishing:open_data")).status_code == 200


@pytest.mark.parametrize("grants", [3, 30])
def test_staff_page_and_organization_view_queries_do_not_grow(client, officer, grants,
                                                              django_assert_max_num_queries):
    organization = OrganizationFactory()
    for _ in range(grants):
        signed(OrganizationFactory(), officer=officer)
        signed(organization, officer=officer)
    client.force_login(officer)

    with django_assert_max_num_queries(16):
        assert client.get(reverse("publishing:staff_exports")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("publishing:organization_publication", args=[organization.pk])).status_code == 200
