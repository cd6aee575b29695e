"""A report's life (reporting/services/reports.py, reporting/views/reports.py): the reports an organization owes
by risk level, one-off requests, "Check and submit", staff review and the payment it releases, the audit of each
change of status, the pages' permissions and query counts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from grants.awards import services as award_services
from grants.awards.models import Payment
from grants.kernel.errors import DeadlineError, IncompleteError, TransitionError
from grants.kernel.models import AuditEntry
from grants.kernel.money import format_money as money
from reporting import services
from reporting.models import Indicator, ProgressReport
from tests.grants import document_files as files
from tests.grants.awards.award_factories import on_day, terms_for
from tests.grants.helpers import flash, page_text
from tests.reporting.factories import filled_report, funded_award, given_attachment, start_on_the_page

OFF_BUDGET = "More than 10% from the budget"


def _step(report, name):
    return reverse("reporting:report_step", args=[report.pk, name])


@pytest.mark.parametrize(
    ("risk", "expected", "first_due"),
    [
        # Term April 2027 to March 2029: quarters for high risk; for medium the first half-year quarterly,
        # then half-years; for low half-years only. Each is due 30 days after its period; the last is final.
        ("high", 8, "July 30, 2027"),
        ("medium", 5, "July 30, 2027"),
        ("low", 4, "Oct. 30, 2027"),
    ],
)
def test_reports_due_follow_the_risk_level(
    login, applicant, organization, program_officer, risk, expected, first_due
):
    funded_award(organization=organization, officer=program_officer, owner=applicant, risk=risk)
    response = login(applicant).get(reverse("reporting:report_list"))
    assert response.status_code == 200
    assert response.content.count(b"data-report-row") == expected
    rows = response.content.decode().split("data-report-row")
    assert "Final report" in rows[-1] or "final report" in rows[-1]
    assert "final report" not in rows[1]
    assert first_due in rows[1]


def test_staff_ask_for_a_one_off_report(
    login, award, applicant, program_officer, mailoutbox, worker_after
):
    client = login(program_officer)
    url = reverse("reporting:report_request", args=[award.pk])
    response = client.post(
        url,
        {
            "title": "Impact of the summer campaign",
            "start_date": "2027-06-01",
            "end_date": "2027-05-01",
            "due": "2027-05-02",
        },
    )
    assert response.status_code == 200
    assert "must end on or after" in response.content.decode()
    assert 'value="Impact of the summer campaign"' in response.content.decode()
    with worker_after():
        response = client.post(
            url,
            {
                "title": "Impact of the summer campaign",
                "start_date": "2027-06-01",
                "end_date": "2027-08-31",
                "due": "2027-09-30",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert "Impact of the summer campaign" in mailoutbox[0].body

    page = login(applicant).get(reverse("reporting:report_list")).content.decode()
    assert "Impact of the summer campaign" in page
    assert page.count("data-report-row") == 6


def test_check_and_submit_shows_what_will_be_submitted(login, award, applicant):
    report = filled_report(
        award=award, by=applicant, spent_factor=Decimal("1.25"), explanation="A second cohort joined."
    )
    given_attachment(report, "report-supporting", "agenda.pdf", files.pdf(), by=applicant)
    response = login(applicant).get(reverse("reporting:report_submit", args=[report.pk]))
    text = page_text(response)
    assert "Raise awareness Twelve workshops in schools." in text  # the narrative under its pillar
    indicators = Indicator.objects.filter(fund=award.application.call.fund)
    assert response.content.count(b"data-indicator-row") == indicators.count()
    assert all(f"{indicator.name} {indicator.pillar.name} 7" in text for indicator in indicators)
    line = report.spending_lines.get()
    assert f"{line.get_category_display()} {money(line.budget)} {money(line.spent)} {OFF_BUDGET}" in text
    assert "A second cohort joined." in text
    assert "agenda.pdf" in text
    assert "Change “Spending”" in text
    assert "Submit the report" in text


def test_check_and_submit_lists_the_problems_above_what_is_given(login, award, applicant):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    text = page_text(login(applicant).get(reverse("reporting:report_submit", args=[report.pk])))
    assert text.index("Before you can submit") < text.index("Not given yet.")
    assert "Submit the report" not in text


@pytest.mark.parametrize(("factor", "marked"), [("1.25", True), ("0.85", True), ("1.05", False), ("1", False)])
def test_staff_see_spending_more_than_ten_percent_from_the_budget_marked(
    login, award, applicant, program_officer, factor, marked
):
    report = filled_report(award=award, by=applicant, spent_factor=Decimal(factor), explanation="Explained.")
    services.report_submit(report=report, by=applicant)
    text = page_text(login(program_officer).get(reverse("reporting:report_detail", args=[report.pk])))
    assert (OFF_BUDGET in text) is marked


def test_staff_report_page_links_to_the_award_and_back_to_the_queue(login, award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    url = reverse("reporting:report_detail", args=[report.pk])
    page = login(program_officer).get(url).content.decode()
    assert f'<a href="{reverse("grants:award_detail", args=[award.pk])}">Award {award.reference}</a>' in page
    assert f'<a href="{reverse("reporting:review_queue")}">Reports to review</a>' in page
    page = login(applicant).get(url).content.decode()
    assert reverse("reporting:review_queue") not in page  # the organization has no queue


def test_staff_are_told_when_comments_are_required(login, award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    text = page_text(login(program_officer).get(reverse("reporting:report_detail", args=[report.pk])))

    assert "Comments to the organization (required to return it)" in text
    assert "Comments to the organization (optional)" not in text


def test_an_incomplete_report_cannot_be_submitted(login, award, applicant):
    client = login(applicant)
    report = start_on_the_page(client, award)
    response = client.post(reverse("reporting:report_submit", args=[report.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe the activities of the period." in page
    assert "Give the spending by budget line." in page
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT


def test_filed_returned_then_accepted_releases_the_waiting_payment(
    login, award, applicant, program_officer, mailoutbox, worker_after
):
    advance = award.payments.get(number=1)
    award_services.payment_release(payment=advance, by=program_officer)
    client = login(applicant)
    report = start_on_the_page(client, award)
    assert (
        client.post(_step(report, "narrative"), {"awareness": "Workshops in six schools."}).status_code == 302
    )
    fields = {f"i{i.pk}": "4" for i in award.application.call.fund.indicators.all()}
    assert client.post(_step(report, "indicators"), fields).status_code == 302
    line = report.spending_lines.get()
    response = client.post(_step(report, "spending"), {f"spent_{line.category}": str(line.budget)})
    assert response.url == _step(report, "documents")  # attachments are optional on a progress report
    assert client.get(response.url).status_code == 200
    with worker_after():
        client.post(reverse("reporting:report_submit", args=[report.pk]))
    assert mailoutbox[-1].to == [program_officer.email]

    staff = login(program_officer)
    detail = reverse("reporting:report_detail", args=[report.pk])
    response = staff.post(detail, {"decision": "return", "comments": ""})
    assert "Tell the organization what to revise." in response.content.decode()
    with worker_after():
        staff.post(detail, {"decision": "return", "comments": "Add the number of sessions held."})
    assert "Add the number of sessions held." in mailoutbox[-1].body

    client = login(applicant)
    assert "Add the number of sessions held." in client.get(_step(report, "narrative")).content.decode()
    client.post(_step(report, "narrative"), {"awareness": "Workshops in six schools: 14 sessions."})
    client.post(reverse("reporting:report_submit", args=[report.pk]))

    waiting = award.payments.get(report_period=report.period, kind="instalment")
    staff = login(program_officer)
    with worker_after():
        response = staff.post(detail, {"decision": "accept", "comments": ""}, follow=True)
    page = response.content.decode()
    assert f"The report was accepted. Payment {waiting.number} (${waiting.amount:,.2f}) is released." in page_text(
        response
    )
    assert page.count("data-version-row") == 2
    assert "Add the number of sessions held." in page
    waiting.refresh_from_db()
    assert waiting.status == Payment.Status.RELEASED
    report.period.refresh_from_db()
    assert report.period.report_accepted_at is not None
    assert {m.subject for m in mailoutbox} >= {f"Your report on {award.reference} was accepted"}


def test_accepting_keeps_the_payments_while_an_amended_agreement_waits(award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    award_services.award_amend(
        award=award, by=program_officer, reason="A condition.",
        terms=terms_for(award.application, conditions_en="Insurance first.", risk_level="medium"),
    )
    _report, released = services.report_accept(report=report, by=program_officer)
    assert released.payments == []
    assert released.next_step.startswith("Version 2 of the agreement, after an amendment, is waiting")
    assert award.payments.get(report_period=report.period).status == Payment.Status.SCHEDULED
    assert ProgressReport.objects.get().status == ProgressReport.Status.ACCEPTED


def test_accepting_a_report_releases_the_advance_and_the_instalment_in_order_when_both_are_due(
    award, applicant, program_officer
):
    # The advance was not released by hand: the acceptance releases it first, then the instalment (both due).
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    _report, released = services.report_accept(report=report, by=program_officer)
    assert [p.number for p in released.payments] == [1, 2]
    assert "Payment 3" in released.next_step and "report 2" in released.next_step


def test_a_report_cannot_be_submitted_before_its_period_starts(organization, applicant, program_officer):
    # The hole: on December 1, 2026 a report on a period in 2027 was filed.
    with on_day(dt.date(2026, 12, 1)):
        award = funded_award(organization=organization, officer=program_officer, owner=applicant)
        first = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
        with pytest.raises(DeadlineError, match="starts on April 1, 2027"):
            services.report_submit(report=first, by=applicant)
    second = award.reporting_periods.get(number=2)  # July to September 2027
    with on_day(dt.date(2027, 6, 15)):
        report = services.report_start(period=second, by=applicant)
        with pytest.raises(DeadlineError, match="starts on July 1, 2027; it can be submitted from that day"):
            services.report_submit(report=report, by=applicant)
    report.refresh_from_db()
    assert (report.status, report.version) == (ProgressReport.Status.DRAFT, 0)


def test_a_report_is_not_accepted_while_an_earlier_one_is_outstanding(award, applicant, program_officer):
    services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    second = award.reporting_periods.get(number=2)
    with on_day(dt.date(2027, 10, 5)):
        report = services.report_start(period=second, by=applicant)
        services.report_save_narrative(report=report, narratives={"awareness": "More workshops."}, by=applicant)
        indicators = award.application.call.fund.indicators.all()
        services.report_save_indicators(report=report, values={i.pk: 3 for i in indicators}, by=applicant)
        services.report_save_spending(
            report=report, lines={line.category: (line.budget, "") for line in report.spending_lines.all()},
            by=applicant,
        )
        report = services.report_submit(report=report, by=applicant)
        with pytest.raises(TransitionError, match=r"Report 1 \(April 1, 2027 to June 30, 2027\) is still outstanding"):
            services.report_accept(report=report, by=program_officer)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED


def test_each_change_of_status_is_audited_once_with_both_states(award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    services.report_return(report=report, by=program_officer, comments="Add the sessions held.")
    report = services.report_submit(report=report, by=applicant)
    services.report_accept(report=report, by=program_officer)

    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProgressReport), object_id=str(report.pk)
    ).order_by("pk")
    assert [(e.action, e.from_state, e.to_state, e.details.get("version")) for e in entries] == [
        ("report.started", "", "draft", None),
        ("report.submitted", "draft", "submitted", 1),
        ("report.returned", "submitted", "returned", 1),
        ("report.submitted", "returned", "submitted", 2),
        ("report.accepted", "submitted", "accepted", 2),
    ]
    assert {e.actor for e in entries[1:]} == {applicant, program_officer}


def test_a_refused_submission_writes_nothing(award, applicant):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    with pytest.raises(IncompleteError):
        services.report_submit(report=report, by=applicant)
    report.refresh_from_db()
    assert (report.status, report.version, report.submitted_at) == (ProgressReport.Status.DRAFT, 0, None)
    assert not AuditEntry.objects.filter(action="report.submitted").exists()


def test_a_decision_on_a_report_already_decided_is_refused_with_a_message(login, award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    services.report_accept(report=report, by=program_officer)  # another officer, in another tab
    detail = reverse("reporting:report_detail", args=[report.pk])

    response = login(program_officer).post(detail, {"decision": "return", "comments": "Too late."})

    assert response.status_code == 302 and response.url == detail
    assert flash(response) == ["Only a submitted report can be accepted or returned."]
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED
    assert report.versions.get().comments == ""


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
        with on_day(dt.date(2027, 8, 15)):
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


def test_accepted_reports_stay_linked_from_the_reports_page_and_the_award(
    login, award, applicant, program_officer, django_assert_max_num_queries
):
    first = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    services.report_accept(report=first, by=program_officer)
    client = login(applicant)

    with django_assert_max_num_queries(11):
        reports = client.get(reverse("reporting:report_list"))
    award_page = client.get(reverse("grants:award_detail", args=[award.pk]))

    accepted = reports.content.decode().split('id="accepted-title"')[1]
    assert accepted.count("data-accepted-report-row") == 1
    assert reverse("reporting:report_detail", args=[first.pk]) in accepted
    first_period = award_page.content.decode().split('data-period="1"')[1].split("</tr>")[0]
    assert "Accepted on" in first_period
    assert reverse("reporting:report_detail", args=[first.pk]) in first_period


def test_the_award_page_says_where_each_report_is_as_the_reports_page_does(login, award, applicant):
    """A report with staff once showed as "Upcoming" on the award page while the reports page said "Submitted:
    with staff"."""
    submitted = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    second = services.report_start(period=award.reporting_periods.get(number=2), by=applicant)
    client = login(applicant)

    page = client.get(reverse("grants:award_detail", args=[award.pk])).content.decode()
    listed = page_text(client.get(reverse("reporting:report_list")))

    def state(number):
        row = page.split(f'data-period="{number}"')[1].split("</tr>")[0]
        return " ".join(re.sub(r"<[^>]+>", " ", row.split("data-report-state>")[1]).split())

    assert state(1).startswith("Submitted: with staff")
    assert "Submitted: with staff" in listed
    assert state(2).startswith("Draft")
    assert state(3) == "Upcoming"
    assert reverse("reporting:report_detail", args=[submitted.pk]) in page
    assert reverse("reporting:report_detail", args=[second.pk]) in page


def test_the_award_page_and_the_reports_list_give_a_submitted_report_the_same_status(login, award, applicant):
    """The award page once called a submitted report "Upcoming" while the reports list said "Submitted: with
    staff": both read the report's own status."""
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    status = report.get_status_display()
    client = login(applicant)

    award_page = client.get(reverse("grants:award_detail", args=[award.pk])).content.decode()
    reports_page = page_text(client.get(reverse("reporting:report_list")))

    row = re.search(rf'<tr data-period="{report.period.number}">.*?</tr>', award_page, re.S).group(0)
    assert status in row and "Upcoming" not in row
    assert re.search(r'data-next="report">[^<]*' + re.escape(f"– {status}"), award_page)
    assert status in reports_page
