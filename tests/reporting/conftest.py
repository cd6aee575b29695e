import pytest

from tests.reporting.factories import funded_award


@pytest.fixture
def award(organization, program_officer, applicant):
    """An active, medium-risk award of the applicant's organization on the term April 2027 to March 2029."""
    return funded_award(organization=organization, officer=program_officer, owner=applicant)
