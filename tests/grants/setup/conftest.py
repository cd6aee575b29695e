"""A draft call that lacks nothing, so that each test can take away the one thing it is about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.applications.models import Call
from scoring.models import Criterion, Rubric
from tests.factories import CallFactory


def complete_criterion(rubric: Rubric, **overrides) -> Criterion:
    values = {
        "name_en": "Need", "name_fr": "Besoin", "description_en": "", "description_fr": "",
        "guidance_en": "\n".join(f"Level {s}" for s in range(6)),
        "guidance_fr": "\n".join(f"Niveau {s}" for s in range(6)),
        "weight": Decimal("2"), "scale_min": 0, "scale_max": 5,
    }
    return Criterion.objects.create(rubric=rubric, **{**values, **overrides})


@pytest.fixture
def draft_call(db) -> Call:
    now = timezone.now()
    call = CallFactory(
        status=Call.Status.DRAFT, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=31)
    )
    complete_criterion(Rubric.objects.create(call=call))
    return call
