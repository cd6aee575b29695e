"""Staff configure each fund's indicator set in the back office; counts already reported keep their meaning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.applications.models import Fund
from grants.organizations.models import Pillar
from reporting import services
from reporting.models import Indicator
from tests.grants.helpers import page_text
from tests.reporting.factories import filled_report


def test_staff_add_an_indicator_that_new_reports_ask_for(login, award, applicant, program_officer):
    fund = award.application.call.fund
    staff = login(program_officer)
    assert staff.get(reverse("admin:reporting_indicator_changelist")).status_code == 200

    response = staff.post(
        reverse("admin:reporting_indicator_add"),
        {
            "fund": fund.pk,
            "code": "schools-reached",
            "name_en": "Schools reached",
            "name_fr": "Écoles jointes",
            "pillar": Pillar.objects.get(code="awareness").pk,
            "unit": "people",
            "position": 20,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, page_text(response)
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    page = login(applicant).get(reverse("reporting:report_step", args=[report.pk, "indicators"]))
    assert "Schools reached" in page_text(page)
    assert not Fund.objects.get(code="ILIF").indicators.filter(code="schools-reached").exists()


def test_a_reported_indicator_keeps_its_code_and_cannot_be_deleted(login, award, applicant, program_officer):
    filled_report(award=award, by=applicant)
    indicator = Indicator.objects.filter(fund=award.application.call.fund, values__isnull=False).first()
    staff = login(program_officer)

    change = staff.get(reverse("admin:reporting_indicator_change", args=[indicator.pk]))
    assert 'name="code"' not in change.content.decode()
    deletion = staff.post(reverse("admin:reporting_indicator_delete", args=[indicator.pk]), {"post": "yes"})
    assert deletion.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize("who", ["applicant", "reviewer"])
def test_only_staff_reach_the_indicators(db, client, login, request, who):
    login(request.getfixturevalue(who))
    response = client.get(reverse("admin:reporting_indicator_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url
