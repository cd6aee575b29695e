"""Signed awards to publish: organizations of each kind, each with an award whose agreement its owner accepted."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.applications.models import Fund
from grants.organizations.models import Membership, OrganizationType, Pillar, Population, Region
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory
from tests.grants.awards.award_factories import active_award, approved_quickly, close_call


def signed(organization, *, officer, amount=Decimal("100000"), fund="CSF", pillars=("support",),
           populations=("women-girls",), regions=("toronto",)):
    """An award to `organization`, its first agreement accepted by an owner (made one if it has none)."""
    owner = organization.memberships.filter(role=Membership.Role.OWNER).first()
    owner = owner.user if owner else MembershipFactory(organization=organization).user
    call = close_call(CallFactory(fund=Fund.objects.get(code=fund)))
    application = approved_quickly(call=call, organization=organization, amount=amount)[0]
    application.pillars.set(Pillar.objects.filter(code__in=pillars))
    application.populations.set(Population.objects.filter(code__in=populations))
    application.regions.set(Region.objects.filter(code__in=regions))
    return active_award(application, officer=officer, owner=owner)


def indigenous_organization(**overrides):
    defaults = {"legal_name": "Waabanong Healing Lodge", "type": OrganizationType.FIRST_NATION,
                "registration_number": "123", "region": Region.objects.get(code="north-west"), "city": "Kenora",
                "postal_code": "P9N 1A1"}
    return OrganizationFactory(**{**defaults, **overrides})


def confidential_organization(**overrides):
    defaults = {"legal_name": "Harbour Safe House", "type": OrganizationType.CHARITY,
                "registration_number": "888777666RR0001", "street_address": "12 Hidden Lane",
                "city": "Quietville", "postal_code": "K7L 3N6", "region": Region.objects.get(code="east"),
                "location_confidential": True}
    return OrganizationFactory(**{**defaults, **overrides})


def get_csv(client, url) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def get_json(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def feed_url(fmt: str) -> str:
    return reverse("publishing:feed_current", kwargs={"fmt": fmt})


@pytest.fixture
def officer(program_officer):
    return program_officer
