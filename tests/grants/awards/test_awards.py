"""Awards: created within the envelope from terms that are checked, then amended (services/awards.py, terms.py,
envelope.py, plan.py)."""

from decimal import Decimal

import pytest

from grants.awards import selectors, services
from grants.awards.models import Amendment, Award, CallYearEnvelope, Payment
from grants.awards.selectors import envelope_of
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory
from tests.grants.awards.award_factories import approved_quickly, award_for, close_call, terms_for


def test_an_award_offers_its_agreement_with_the_schedules_it_implies(
    approved_application, program_officer, mailoutbox, worker_after
):
    with worker_after():
        award = award_for(approved_application, officer=program_officer, risk_level="high")
    assert award.status == Award.Status.OFFERED
    years = dict(award.years.values_list("fiscal_year", "amount"))
    assert sum(years.values()) == Decimal("105000")
    assert award.reporting_periods.count() == 8  # two years, quarterly
    assert award.payments.count() == 9  # an advance, then one per period
    assert sum(award.payments.values_list("amount", flat=True)) == Decimal("105000")
    agreement = award.agreements.get()
    assert (agreement.version, agreement.is_pending) == (1, True)
    assert agreement.terms["approved_total"] == "105000.00"
    entry = AuditEntry.objects.get(action="award.created")
    assert (entry.actor, entry.to_state) == (program_officer, "offered")
    assert [m.subject for m in mailoutbox] == [
        f"Your funding agreement for {award.reference} is ready to accept"
    ]


def test_only_a_released_approval_can_be_awarded(db, program_officer):
    from tests.factories import submitted_application

    call = CallFactory()
    application = submitted_application(call=call)
    close_call(call)
    services.decision_approve(application=application, by=program_officer, override_reason="Urgent.")
    with pytest.raises(TransitionError, match="whose approval has been released"):
        award_for(application, officer=program_officer)
    assert not Award.objects.exists()


def test_an_application_gets_one_award(award, approved_application, program_officer):
    with pytest.raises(TransitionError, match="already has an award; amend it instead"):
        award_for(approved_application, officer=program_officer)


def test_an_award_beyond_the_envelope_is_refused_with_what_remains(db, program_officer):
    call = close_call(CallFactory(envelope=Decimal("250000"), max_request=Decimal("200000")))
    first, second, third = approved_quickly(call=call, count=3, amount=Decimal("105000"))
    award_for(first, officer=program_officer)
    award_for(second, officer=program_officer)
    with pytest.raises(services.EnvelopeError) as refused:
        award_for(third, officer=program_officer)
    assert refused.value.remaining == Decimal("40000")
    assert "$40,000.00 of $250,000.00 remains uncommitted" in refused.value.message
    # A smaller award that fits is accepted, explained.
    award_for(
        third,
        officer=program_officer,
        years={2027: Decimal("20000"), 2028: Decimal("20000")},
        difference_reason_en="Reduced to fit the envelope.", difference_reason_fr="(fr) Reduced to fit the envelope.",
        start_date=third.start_date,
    )
    assert envelope_of(call=call).uncommitted == Decimal("0")


def test_a_fiscal_years_own_limit_is_respected(db, program_officer):
    call = close_call(CallFactory())
    first, second = approved_quickly(call=call, count=2, amount=Decimal("100000"))
    year = min(selectors.requested_by_year(application=first))
    CallYearEnvelope.objects.create(call=call, fiscal_year=year, amount=Decimal("70000"))
    award_for(first, officer=program_officer)
    with pytest.raises(services.EnvelopeError) as refused:
        award_for(second, officer=program_officer)
    assert refused.value.fiscal_year == year
    assert refused.value.remaining == Decimal("20000")
    assert "does not fit in that year's envelope: $20,000.00 of $70,000.00 remains" in refused.value.message


BAD_TERMS = [
    ({"years": {2027: Decimal("1000")}}, "Give an amount for each fiscal year of the term"),
    ({"years": {2027: Decimal("0"), 2028: Decimal("0")}}, "The amount for 2027–28 must be more than zero"),
    ({"years": {2027: Decimal("105000"), 2028: Decimal("0")}}, "The amount for 2028–29 must be more than zero"),
    ({"years": {2027: Decimal("-5"), 2028: Decimal("105005")}}, "The amount for 2027–28 must be more than zero"),
    ({"risk_level": "extreme"}, "Choose a risk level"),
    ({"signing_name": " "}, "Name the organization's signing authority: give their name"),
    (
        {"years": {2027: Decimal("50000"), 2028: Decimal("50000")}},
        "below the \\$105,000.00 requested: explain why, in English and in French",
    ),
    (
        {"years": {2027: Decimal("50000"), 2028: Decimal("50000")}, "difference_reason_en": "Cut."},
        "below the \\$105,000.00 requested: explain why, in English and in French",
    ),
    (
        {"years": {2027: Decimal("500000"), 2028: Decimal("550000")}, "difference_reason_en": "More.",
         "difference_reason_fr": "Plus."},
        "The total of \\$1,050,000.00 is more than the \\$105,000.00 requested",
    ),
]


@pytest.mark.parametrize("change, message", BAD_TERMS)
def test_bad_terms_are_refused_with_a_reason(approved_application, program_officer, change, message):
    with pytest.raises(ServiceError, match=message):
        award_for(approved_application, officer=program_officer, **change)
    assert not Award.objects.exists()


def test_an_award_ten_times_the_request_is_refused_though_the_envelope_has_room(db, program_officer):
    # The hole: $60,000 requested in a call whose maximum request is $300,000; $600,000 awarded.
    call = close_call(CallFactory(envelope=Decimal("5000000"), max_request=Decimal("300000")))
    [application] = approved_quickly(call=call, amount=Decimal("60000"))
    years = {y: a * 10 for y, a in selectors.requested_by_year(application=application).items()}
    with pytest.raises(services.TermsError, match="more than the \\$60,000.00 requested"):
        award_for(application, officer=program_officer, years=years, difference_reason_en="Big.",
                  difference_reason_fr="Gros.")
    assert not Award.objects.exists()


def test_an_award_never_exceeds_the_calls_maximum_request(db, program_officer):
    # An application asking for more than the call allows (the call's maximum lowered after it was submitted).
    call = close_call(CallFactory(envelope=Decimal("5000000"), max_request=Decimal("300000")))
    [application] = approved_quickly(call=call, amount=Decimal("300000"))
    call.max_request = Decimal("200000")
    call.save(update_fields=["max_request"])
    with pytest.raises(services.TermsError, match="more than this call's maximum of \\$200,000.00"):
        award_for(application, officer=program_officer)
    halves = {y: Decimal("100000") for y in selectors.requested_by_year(application=application)}
    award = award_for(application, officer=program_officer, years=halves, difference_reason_en="The call's maximum.",
                      difference_reason_fr="Le maximum de l'appel.")
    assert sum(award.years.values_list("amount", flat=True)) == Decimal("200000")


def test_the_term_cannot_exceed_the_calls_maximum(approved_application, program_officer):
    start = approved_application.start_date
    with pytest.raises(ServiceError, match="at most 3 years"):
        award_for(approved_application, officer=program_officer, end_date=start.replace(year=start.year + 3))


def test_an_amendment_keeps_history_rechecks_the_envelope_and_asks_for_acceptance_again(
    accepted_award, program_officer, applicant, mailoutbox, worker_after
):
    application = accepted_award.application
    years = {y: a - Decimal("10000") for y, a in selectors.requested_by_year(application=application).items()}
    with worker_after():
        amendment = services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="One youth worker fewer.",
            terms=terms_for(
                application, years=years, difference_reason_en="One youth worker fewer.",
                difference_reason_fr="Un intervenant jeunesse de moins.", risk_level="low"
            ),
        )
    assert (amendment.number, amendment.previous_total, amendment.new_total) == (
        1,
        Decimal("105000"),
        Decimal("85000"),
    )
    assert set(amendment.changes) == {"years", "risk_level", "difference_reason_en", "difference_reason_fr"}
    accepted_award.refresh_from_db()
    assert accepted_award.status == Award.Status.ACTIVE
    versions = {a.version: a.state for a in accepted_award.agreements.all()}
    assert versions == {1: "accepted", 2: "pending"}
    assert accepted_award.reporting_periods.count() == 4  # low risk: half-yearly
    assert sum(accepted_award.payments.values_list("amount", flat=True)) == Decimal("85000")
    assert "was amended" in mailoutbox[-1].subject and "One youth worker fewer." in mailoutbox[-1].body


def test_an_amendment_that_does_not_fit_changes_nothing(db, program_officer):
    call = close_call(CallFactory(envelope=Decimal("180000"), max_request=Decimal("150000")))
    first, second = approved_quickly(call=call, count=2, amount=Decimal("100000"))
    award = award_for(
        first, officer=program_officer, years={2027: Decimal("40000"), 2028: Decimal("40000")},
        difference_reason_en="Less staff.", difference_reason_fr="Moins de personnel.",
    )
    award_for(second, officer=program_officer)
    with pytest.raises(services.EnvelopeError) as refused:
        services.award_amend(award=award, by=program_officer, reason="The whole request.", terms=terms_for(first))
    assert refused.value.remaining == Decimal("80000")
    assert sum(award.years.values_list("amount", flat=True)) == Decimal("80000")
    assert not Amendment.objects.exists()


def test_an_amendment_cannot_take_back_what_was_paid(accepted_award, program_officer):
    advance = accepted_award.payments.get(number=1)
    services.payment_release(payment=advance, by=program_officer)
    year = advance.fiscal_year
    years = selectors.requested_by_year(application=accepted_award.application)
    years[year] = advance.amount - 1
    with pytest.raises(ServiceError, match="has already been paid for"):
        services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="Cut.",
            terms=terms_for(
                accepted_award.application, years=years, difference_reason_en="Cut.", difference_reason_fr="Coupé."
            ),
        )


def test_an_amendment_after_a_payment_keeps_it_and_replans_the_rest(accepted_award, program_officer):
    services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)
    application = accepted_award.application
    years = {y: a - Decimal("5000") for y, a in selectors.requested_by_year(application=application).items()}
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="Less travel.",
        terms=terms_for(
            application, years=years, difference_reason_en="Less travel.", difference_reason_fr="Moins de voyages."
        ),
    )
    payments = list(accepted_award.payments.order_by("number"))
    assert payments[0].status == Payment.Status.RELEASED
    for year, amount in years.items():
        assert sum(p.amount for p in payments if p.fiscal_year == year) == amount


@pytest.mark.parametrize("change, message", BAD_TERMS)
def test_an_amendment_is_refused_the_terms_an_award_would_be(accepted_award, program_officer, change, message):
    with pytest.raises(ServiceError, match=message):
        services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="Change.",
            terms=terms_for(accepted_award.application, **change),
        )
    assert not Amendment.objects.exists()


def test_nothing_to_amend_or_a_closed_award_is_refused(accepted_award, program_officer):
    with pytest.raises(ServiceError, match="Nothing was changed"):
        services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="Nothing.",
            terms=terms_for(accepted_award.application),
        )
    services.award_close(award=accepted_award, by=program_officer, reason="Organization dissolved.")
    with pytest.raises(TransitionError, match="closed; it can no longer be amended"):
        services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="Later.",
            terms=terms_for(accepted_award.application, risk_level="high"),
        )
