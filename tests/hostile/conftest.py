"""The hostile-input tests reuse the worlds the apps' own tests build."""

import pytest

from tests.grants.applications.conftest import draft, me  # noqa: F401 (fixtures)
from tests.reporting.conftest import portfolio  # noqa: F401 (fixture)
from tests.reporting.factories import funded_award
from tests.scoring.conftest import review_call  # noqa: F401 (fixture)
from tests.scoring.test_blind import blind  # noqa: F401 (fixture: Zebra Unique Society, reviewed blind)


@pytest.fixture
def funded(organization, program_officer, applicant):
    """An active award of the applicant's organization, with its reporting periods (`award` is an offered one)."""
    return funded_award(organization=organization, officer=program_officer, owner=applicant)
