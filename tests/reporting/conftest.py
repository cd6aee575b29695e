import datetime as dt

import pytest

from grants.awards import services as award_services
from reporting import services
from tests.factories import MembershipFactory
from tests.grants.awards.award_factories import on_day
from tests.reporting.factories import filled_report, funded_award


@pytest.fixture
def award(organization, program_officer, applicant):
    """An active, medium-risk award of the applicant's organization on the term April 2027 to March 2029,
    accepted before it started. The test runs on August 15, 2027: the first period (April to June 2027) is over
    and its report was due July 30; the second (July to September) has started."""
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    with on_day(dt.date(2027, 8, 15)):
        yield award


@pytest.fixture
def portfolio(organization, applicant, program_officer):
    """Two awards of $100,000 in two organizations: the applicant's with its advance paid and its first report
    accepted (each indicator 7), the other untouched. Returns the applicant's award; the test runs on August 15,
    2027."""
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    other = MembershipFactory()
    funded_award(organization=other.organization, officer=program_officer, owner=other.user)
    with on_day(dt.date(2027, 8, 15)):
        award_services.payment_release(payment=award.payments.get(number=1), by=program_officer)
        report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
        services.report_accept(report=report, by=program_officer)
        yield award
