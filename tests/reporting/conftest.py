import pytest

from grants.awards import services as award_services
from reporting import services
from tests.factories import MembershipFactory
from tests.reporting.factories import filled_report, funded_award


@pytest.fixture
def award(organization, program_officer, applicant):
    """An active, medium-risk award of the applicant's organization on the term April 2027 to March 2029."""
    return funded_award(organization=organization, officer=program_officer, owner=applicant)


@pytest.fixture
def portfolio(organization, applicant, program_officer):
    """Two awards of $100,000 in two organizations: the applicant's with its advance paid and its first report
    accepted (each indicator 7), the other untouched. Returns the applicant's award."""
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    award_services.payment_release(payment=award.payments.get(number=1), by=program_officer)
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    services.report_accept(report=report, by=program_officer)
    other = MembershipFactory()
    funded_award(organization=other.organization, officer=program_officer, owner=other.user)
    return award
