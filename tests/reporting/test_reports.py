"""The report form step by step, the variance rule, staff review and the payment it releases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.awards import services as award_services
from grants.awards.models import Payment
from reporting import services
from reporting.models import ProgressReport
from tests.reporting.factories import filled_report, funded_award


def _start(client, award) -> ProgressReport:
    period = award.reporting_periods.get(number=1)
    response = client.post(reverse("reporting:report_start", args=[period.pk]))
    report = ProgressReport.objects.get(period=period)
    assert response.url == reverse("reporting:report_step", args=[report.pk, "narrative"])
    return report


def _step(report, name):
    return reverse("reporting:report_step", args=[report.pk, name])


def test_spending_that_varies_by_more_than_ten_percent_must_be_explained(login, award, applicant):
    client = login(applicant)
    report = _start(client, award)
    line = report.spending_lines.get()
    over = (line.budget * Decimal("1.2")).quantize(Decimal("0.01"))

    response = client.post(
        _step(report, "spending"), {f"spent_{line.category}": str(over), f"why_{line.category}": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "differs from its budget by more than 10%: explain why" in page
    assert f'value="{over}"' in page  # what was typed is kept
    line.refresh_from_db()
    assert line.spent is None

    within = (line.budget * Decimal("1.1")).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    response = client.post(
        _step(report, "spending"), {f"spent_{line.category}": str(within), f"why_{line.category}": ""}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.spent == within

    response = client.post(
        _step(report, "spending"),
        {f"spent_{line.category}": str(over), f"why_{line.category}": "A second cohort was trained."},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.spent, line.explanation) == (over, "A second cohort was trained.")


def test_indicators_take_whole_counts_only(login, award, applicant):
    client = login(applicant)
    report = _start(client, award)
    page = client.get(_step(report, "indicators")).content.decode()
    assert "Survivors supported" in page and "never enter names" in page
    fields = [i.pk for i in award.application.call.fund.indicators.all()]
    data = {f"i{pk}": "3" for pk in fields}
    data[f"i{fields[0]}"] = "-2"
    data[f"i{fields[1]}"] = "2.5"
    response = client.post(_step(report, "indicators"), data)
    assert response.status_code == 200
    assert response.content.decode().count("ontario-error-messaging") == 2
    assert report.indicator_values.count() == 0


def test_an_incomplete_report_cannot_be_submitted(login, award, applicant):
    client = login(applicant)
    report = _start(client, award)
    response = client.post(reverse("reporting:report_submit", args=[report.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe the activities of the period." in page
    assert "Give the spending by budget line." in page
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT


def test_filed_returned_then_accepted_releases_the_waiting_payment(
    login, award, applicant, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    advance = award.payments.get(number=1)
    award_services.payment_release(payment=advance, by=program_officer)
    client = login(applicant)
    report = _start(client, award)
    assert (
        client.post(_step(report, "narrative"), {"awareness": "Workshops in six schools."}).status_code == 302
    )
    fields = {f"i{i.pk}": "4" for i in award.application.call.fund.indicators.all()}
    assert client.post(_step(report, "indicators"), fields).status_code == 302
    line = report.spending_lines.get()
    response = client.post(_step(report, "spending"), {f"spent_{line.category}": str(line.budget)})
    assert response.url == _step(report, "documents")  # attachments are optional on a progress report
    assert client.get(response.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report_submit", args=[report.pk]))
    assert mailoutbox[-1].to == [program_officer.email]

    staff = login(program_officer)
    detail = reverse("reporting:report_detail", args=[report.pk])
    response = staff.post(detail, {"decision": "return", "comments": ""})
    assert "Tell the organization what to revise." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(detail, {"decision": "return", "comments": "Add the number of sessions held."})
    assert "Add the number of sessions held." in mailoutbox[-1].body

    client = login(applicant)
    assert "Add the number of sessions held." in client.get(_step(report, "narrative")).content.decode()
    client.post(_step(report, "narrative"), {"awareness": "Workshops in six schools: 14 sessions."})
    client.post(reverse("reporting:report_submit", args=[report.pk]))

    waiting = award.payments.get(report_period=report.period, kind="instalment")
    staff = login(program_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(detail, {"decision": "accept", "comments": ""}, follow=True)
    page = response.content.decode()
    assert f"Payment {waiting.number} was released." in page
    assert page.count("data-version-row") == 2
    assert "Add the number of sessions held." in page
    waiting.refresh_from_db()
    assert waiting.status == Payment.Status.RELEASED
    report.period.refresh_from_db()
    assert report.period.report_accepted_at is not None
    assert {m.subject for m in mailoutbox} >= {f"Your report on {award.reference} was accepted"}


def test_accepting_keeps_a_payment_that_is_not_next_in_line(award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    _report, released, held = services.report_accept(report=report, by=program_officer)
    assert released == []
    assert held == ["Release payment 1 first: payments are released in order."]
    assert award.payments.get(report_period=report.period).status == Payment.Status.SCHEDULED
    assert ProgressReport.objects.get().status == ProgressReport.Status.ACCEPTED


def test_a_submitted_report_cannot_be_edited(login, award, applicant):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    response = login(applicant).post(_step(report, "narrative"), {"awareness": "changed"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.narratives == {"awareness": "Twelve workshops in schools."}


# --- Permissions, per URL and role ----------------------------------------------------------------


@pytest.fixture
def report(award, applicant):
    return services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)


def test_only_members_start_a_report_and_only_staff_decide(
    client, login, award, report, applicant, other_applicant
):
    second = award.reporting_periods.get(number=2)
    url = reverse("reporting:report_start", args=[second.pk])
    assert client.post(url).status_code == 302 and not ProgressReport.objects.filter(period=second).exists()
    assert login(other_applicant).post(url).status_code == 403
    assert login(applicant).post(url).status_code == 302
    assert ProgressReport.objects.filter(period=second).exists()
    response = login(applicant).post(
        reverse("reporting:report_detail", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


@pytest.mark.parametrize("awards", [1, 8])
def test_report_pages_keep_a_fixed_number_of_queries(
    login, organization, applicant, program_officer, awards, django_assert_max_num_queries
):
    for _ in range(awards):
        award = funded_award(organization=organization, officer=program_officer, owner=applicant, risk="high")
        services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    client = login(applicant)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:report_list"))
    assert response.content.count(b"data-report-row") == min(8 * awards, 25)
    staff = login(program_officer)
    with django_assert_max_num_queries(10):
        response = staff.get(reverse("reporting:review_queue"))
    assert response.content.count(b"data-report-row") == awards
    assert staff.get(reverse("reporting:review_queue") + "?page=99").status_code == 200
