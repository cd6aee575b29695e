"""The sign-in backend reads no permission table: permissions are rules only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_signed_in_pages_never_read_django_permission_tables(client, program_officer):
    """Permissions are `rules` predicates only (grants/backends.py): the header's role checks cost no query on
    auth_permission or its link tables."""
    client.force_login(program_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("grants:dashboard")).status_code == 200
    assert not [q["sql"] for q in queries if "permission" in q["sql"]]
