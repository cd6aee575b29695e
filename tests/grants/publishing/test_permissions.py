"""Every publishing URL, tried as each role: anonymous, a member of another organization, a member of the
organization concerned, and a program officer. A URL without a row fails the first test."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.kernel.timeutils import fiscal_year_of, local
from tests.grants.publishing.conftest import signed
from tests.urlnames import url_names

LOGIN = "login"


def _year():
    return fiscal_year_of(local(timezone.now()).date())


MATRIX = {
    # name: (kwargs, query, {role: expected})
    "directory": ({}, "", dict.fromkeys(("anonymous", "other", "member", "officer"), 200)),
    "open_data": ({}, "", dict.fromkeys(("anonymous", "other", "member", "officer"), 200)),
    "feed_current": ({"fmt": "csv"}, "", dict.fromkeys(("anonymous", "other", "member", "officer"), 200)),
    "feed": ({"fmt": "json", "year": "YEAR"}, "", dict.fromkeys(("anonymous", "other", "member", "officer"), 200)),
    "staff_exports": ({}, "", {"anonymous": LOGIN, "other": 403, "member": 403, "officer": 200}),
    "staff_export": ({"fmt": "csv"}, "?year=YEAR", {"anonymous": LOGIN, "other": 403, "member": 403, "officer": 200}),
    "organization_publication": (
        {"pk": "ORG"}, "", {"anonymous": LOGIN, "other": 403, "member": 200, "officer": 200}
    ),
}


def test_every_publishing_url_is_in_the_matrix():
    assert url_names("publishing") == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(MATRIX))
def test_url_as_every_role(name, applicant, organization, other_applicant, program_officer):
    signed(organization, officer=program_officer)
    kwargs, query, expected = MATRIX[name]
    kwargs = {key: {"YEAR": _year(), "ORG": organization.pk}.get(value, value) for key, value in kwargs.items()}
    path = reverse(f"publishing:{name}", kwargs=kwargs)
    url = path + query.replace("YEAR", str(_year()))
    users = {"anonymous": None, "other": other_applicant, "member": applicant, "officer": program_officer}
    for role, user in users.items():
        client = Client()
        if user:
            client.force_login(user)
        response = client.get(url)
        if expected[role] == LOGIN:
            assert response.status_code == 302, role
            assert response.url.startswith(reverse("account_login")), role
        else:
            assert response.status_code == expected[role], (role, response.content[:200])
