"""The reporting schedule each risk level sets, and the payment plan that follows from it."""

import datetime as dt
from decimal import Decimal

import pytest

from grants.awards import schedule

D = dt.date


def spans(periods):
    return [(p.start, p.end) for p in periods]


def test_high_risk_reports_every_fiscal_quarter():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2028, 3, 31), risk="high")
    assert spans(periods) == [
        (D(2027, 4, 1), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 9, 30)),
        (D(2027, 10, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 3, 31)),
    ]
    assert [p.due for p in periods] == [D(2027, 7, 30), D(2027, 10, 30), D(2028, 1, 30), D(2028, 4, 30)]
    assert [p.final for p in periods] == [False, False, False, True]


def test_medium_risk_reports_half_yearly_after_a_first_quarter_report():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2029, 3, 31), risk="medium")
    assert spans(periods) == [
        (D(2027, 4, 1), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 9, 30)),
        (D(2027, 10, 1), D(2028, 3, 31)),
        (D(2028, 4, 1), D(2028, 9, 30)),
        (D(2028, 10, 1), D(2029, 3, 31)),
    ]


def test_low_risk_reports_half_yearly_with_no_first_quarter_report():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2029, 3, 31), risk="low")
    assert spans(periods) == [
        (D(2027, 4, 1), D(2027, 9, 30)),
        (D(2027, 10, 1), D(2028, 3, 31)),
        (D(2028, 4, 1), D(2028, 9, 30)),
        (D(2028, 10, 1), D(2029, 3, 31)),
    ]


def test_periods_are_clipped_to_a_term_that_starts_and_ends_mid_quarter():
    periods = schedule.reporting_periods(start=D(2027, 5, 15), end=D(2028, 2, 10), risk="high")
    assert spans(periods) == [
        (D(2027, 5, 15), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 9, 30)),
        (D(2027, 10, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 2, 10)),
    ]
    assert periods[-1].due == D(2028, 3, 11)


@pytest.mark.parametrize("risk", ["low", "medium", "high"])
@pytest.mark.parametrize(
    "start,end",
    [(D(2027, 4, 1), D(2030, 3, 31)), (D(2027, 8, 20), D(2029, 1, 5)), (D(2027, 4, 1), D(2027, 9, 30))],
)
def test_each_fiscal_years_payments_add_up_to_its_approved_amount(risk, start, end):
    from grants.kernel.timeutils import fiscal_years_between

    years = {y: Decimal("33333.33") + i for i, y in enumerate(fiscal_years_between(start, end))}
    periods = schedule.reporting_periods(start=start, end=end, risk=risk)
    plan = schedule.instalments(periods=periods, years=years)
    for year, amount in years.items():
        assert sum(p.amount for p in plan if p.fiscal_year == year) == amount
    assert plan[0].kind == "advance" and plan[0].period is None and plan[0].due == start
    assert plan[-1].kind == "final" and plan[-1].period == periods[-1].number
    # An advance, then one payment per reporting period, each after that period's report.
    assert len(plan) == len(periods) + 1
    assert [p.period for p in plan[1:]] == [p.number for p in periods]


def test_the_holdback_is_a_tenth_of_the_last_periods_money():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2028, 3, 31), risk="low")
    plan = schedule.instalments(periods=periods, years={2027: Decimal("100000")})
    # April–September and October–March 2028 have 183 days each.
    assert [(p.kind, p.amount) for p in plan] == [
        ("advance", Decimal("50000.00")),
        ("instalment", Decimal("45000.00")),
        ("final", Decimal("5000.00")),
    ]


def test_an_award_made_after_its_start_pays_the_advance_from_today():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2028, 3, 31), risk="low")
    plan = schedule.instalments(periods=periods, years={2027: Decimal("1000")}, earliest=D(2027, 5, 2))
    assert plan[0].due == D(2027, 5, 2)


def test_replanning_keeps_released_payments_and_shares_the_rest_of_each_year():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2029, 3, 31), risk="low")
    before = schedule.instalments(periods=periods, years={2027: Decimal("100000"), 2028: Decimal("100000")})
    released = before[:1]
    new_years = {2027: Decimal("90000"), 2028: Decimal("120000")}
    after = schedule.replan(plan=before, released=released, years=new_years, today=D(2027, 11, 1))
    assert [p.number for p in after] == list(range(2, 2 + len(after)))
    for year, amount in new_years.items():
        paid = sum(p.amount for p in released if p.fiscal_year == year)
        assert paid + sum(p.amount for p in after if p.fiscal_year == year) == amount


def test_replanning_adds_an_adjustment_for_a_year_with_nothing_left_to_pay():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2028, 3, 31), risk="low")
    plan = schedule.instalments(periods=periods, years={2027: Decimal("1000")})
    after = schedule.replan(plan=plan, released=plan, years={2027: Decimal("1500")}, today=D(2028, 5, 1))
    assert [(p.kind, p.amount, p.due) for p in after] == [("adjustment", Decimal("500"), D(2028, 5, 1))]


def test_replanning_refuses_less_for_a_year_than_was_already_paid():
    periods = schedule.reporting_periods(start=D(2027, 4, 1), end=D(2028, 3, 31), risk="low")
    plan = schedule.instalments(periods=periods, years={2027: Decimal("1000")})
    with pytest.raises(schedule.ScheduleError) as refused:
        schedule.replan(plan=plan, released=plan[:1], years={2027: Decimal("100")}, today=D(2027, 6, 1))
    assert refused.value.fiscal_year == 2027
    assert refused.value.paid == plan[0].amount
