"""A draft call that lacks nothing, so that each test can take away the one thing it is about."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from grants.applications.models import Call
from scoring.models import Rubric
from tests.factories import CallFactory
from tests.grants.setup.factories import complete_criterion


@pytest.fixture
def draft_call(db) -> Call:
    now = timezone.now()
    call = CallFactory(
        status=Call.Status.DRAFT, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=31)
    )
    complete_criterion(Rubric.objects.create(call=call))
    return call
