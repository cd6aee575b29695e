"""Role names kept in the session (grants/organizations/access.py): no groups query on a signed-in page, and a
role granted or removed takes effect on the person's next request, in every session."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.accounts import services as accounts

pytestmark = pytest.mark.django_db


def status(client, name="grants:staff_applications"):
    return client.get(reverse(name)).status_code


def test_a_signed_in_page_never_reads_the_groups(client, program_officer):
    client.force_login(program_officer)
    with CaptureQueriesContext(connection) as queries:
        assert status(client) == 200
    assert not [q for q in queries.captured_queries if "auth_group" in q["sql"]]


def test_a_role_removed_by_the_service_is_gone_on_the_next_request(client, program_officer, administrator):
    client.force_login(program_officer)
    assert status(client) == 200

    accounts.roles_grant(user=program_officer, roles={"reviewer"}, by=administrator)

    assert status(client) == 403
    assert status(client, "scoring:dashboard") == 200


def test_a_role_granted_takes_effect_in_every_session(reviewer, administrator):
    sessions = [Client(), Client()]
    for session in sessions:
        session.force_login(reviewer)
        assert status(session) == 403

    accounts.roles_grant(user=reviewer, roles={"reviewer", "program_officer"}, by=administrator)

    assert [status(session) for session in sessions] == [200, 200]


def test_a_group_changed_from_its_side_counts_too(client, program_officer):
    client.force_login(program_officer)
    assert status(client) == 200

    Group.objects.get(name="program_officer").user_set.remove(program_officer)
    assert status(client) == 403

    Group.objects.get(name="program_officer").user_set.add(program_officer)
    assert status(client) == 200


def test_clearing_a_persons_groups_counts(client, program_officer):
    client.force_login(program_officer)
    assert status(client) == 200

    program_officer.groups.clear()

    assert status(client) == 403
