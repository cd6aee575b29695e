"""Awards: created within the envelope, accepted by the signing authority, amended, suspended and closed."""

import hashlib
from decimal import Decimal

import pytest

from grants.awards import selectors, services
from grants.awards.models import Agreement, Amendment, Award, AwardYear, CallYearEnvelope, Payment
from grants.awards.selectors import envelope_of
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory, MembershipFactory, UserFactory
from tests.grants.award_factories import approved_quickly, award_for, close_call, terms_for


def test_an_award_offers_its_agreement_with_the_schedules_it_implies(
    approved_application, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
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
    services.decision_approve(application=application, by=program_officer)
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
        difference_reason="Reduced to fit the envelope.",
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


@pytest.mark.parametrize(
    "change, message",
    [
        ({"years": {2027: Decimal("1000")}}, "Give an amount for each fiscal year of the term"),
        ({"years": {2027: Decimal("0"), 2028: Decimal("0")}}, "the total must be more than zero"),
        ({"risk_level": "extreme"}, "Choose a risk level"),
        ({"signing_name": " "}, "Name the organization's signing authority"),
        (
            {"years": {2027: Decimal("50000"), 2028: Decimal("50000")}},
            "differs from the \\$105,000.00 requested",
        ),
    ],
)
def test_bad_terms_are_refused_with_a_reason(approved_application, program_officer, change, message):
    with pytest.raises(ServiceError, match=message):
        award_for(approved_application, officer=program_officer, **change)
    assert not Award.objects.exists()


def test_the_term_cannot_exceed_the_calls_maximum(approved_application, program_officer):
    start = approved_application.start_date
    with pytest.raises(ServiceError, match="at most 3 years"):
        award_for(approved_application, officer=program_officer, end_date=start.replace(year=start.year + 3))


# --- Acceptance ---------------------------------------------------------------------------------


def test_the_owner_accepts_and_the_accepted_pdf_is_stored_unchanged(
    award, applicant, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    agreement = award.agreements.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_accept(
            agreement=agreement, by=applicant, signer_name="Alex Martin", signer_title="Executive Director"
        )
    agreement.refresh_from_db()
    award.refresh_from_db()
    assert award.status == Award.Status.ACTIVE
    assert (agreement.signer_name, agreement.signer_title, agreement.accepted_by) == (
        "Alex Martin",
        "Executive Director",
        applicant,
    )
    content = agreement.pdf.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == agreement.sha256
    assert {m.to[0] for m in mailoutbox} == {applicant.email, program_officer.email}
    with pytest.raises(ValueError, match="cannot be changed"):
        agreement.signer_title = "Someone else"
        agreement.save()


def test_an_editor_cannot_accept(award, organization):
    editor = MembershipFactory(organization=organization, role="editor").user
    with pytest.raises(TransitionError, match="Only an owner of the organization"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=editor, signer_name="E", signer_title="T"
        )


def test_accepting_twice_or_an_old_version_is_refused(accepted_award, applicant, program_officer):
    first = accepted_award.agreements.get()
    with pytest.raises(TransitionError, match="was accepted on"):
        services.agreement_accept(agreement=first, by=applicant, signer_name="A", signer_title="B")
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="Add a condition.",
        terms=terms_for(accepted_award.application, conditions_en="Board resolution first."),
    )
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="And in French.",
        terms=terms_for(
            accepted_award.application,
            conditions_en="Board resolution first.",
            conditions_fr="La résolution d'abord.",
        ),
    )
    second = Agreement.objects.get(award=accepted_award, version=2)
    with pytest.raises(TransitionError, match="Version 2 was replaced by version 3"):
        services.agreement_accept(agreement=second, by=applicant, signer_name="A", signer_title="B")


def test_a_name_and_title_are_required(award, applicant):
    with pytest.raises(ServiceError, match="your name and title"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=applicant, signer_name="", signer_title=""
        )


# --- Amendments ---------------------------------------------------------------------------------


def test_an_amendment_keeps_history_rechecks_the_envelope_and_asks_for_acceptance_again(
    accepted_award, program_officer, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    application = accepted_award.application
    years = {y: a + Decimal("10000") for y, a in selectors.requested_by_year(application=application).items()}
    with django_capture_on_commit_callbacks(execute=True):
        amendment = services.award_amend(
            award=accepted_award,
            by=program_officer,
            reason="Added a second youth worker.",
            terms=terms_for(
                application, years=years, difference_reason="A second youth worker.", risk_level="low"
            ),
        )
    assert (amendment.number, amendment.previous_total, amendment.new_total) == (
        1,
        Decimal("105000"),
        Decimal("125000"),
    )
    assert set(amendment.changes) == {"years", "risk_level", "difference_reason"}
    accepted_award.refresh_from_db()
    assert accepted_award.status == Award.Status.ACTIVE
    versions = {a.version: a.state for a in accepted_award.agreements.all()}
    assert versions == {1: "accepted", 2: "pending"}
    assert accepted_award.reporting_periods.count() == 4  # low risk: half-yearly
    assert sum(accepted_award.payments.values_list("amount", flat=True)) == Decimal("125000")
    assert "was amended" in mailoutbox[-1].subject and "Added a second youth worker." in mailoutbox[-1].body


def test_an_amendment_that_does_not_fit_changes_nothing(db, program_officer):
    call = close_call(CallFactory(envelope=Decimal("220000")))
    first, second = approved_quickly(call=call, count=2, amount=Decimal("100000"))
    award = award_for(first, officer=program_officer)
    award_for(second, officer=program_officer)
    with pytest.raises(services.EnvelopeError) as refused:
        services.award_amend(
            award=award,
            by=program_officer,
            reason="More.",
            terms=terms_for(
                first, years={2027: Decimal("80000"), 2028: Decimal("50000")}, difference_reason="More staff."
            ),
        )
    assert refused.value.remaining == Decimal("120000")
    assert sum(award.years.values_list("amount", flat=True)) == Decimal("100000")
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
            terms=terms_for(accepted_award.application, years=years, difference_reason="Cut."),
        )


def test_an_amendment_after_a_payment_keeps_it_and_replans_the_rest(accepted_award, program_officer):
    services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)
    application = accepted_award.application
    years = {y: a - Decimal("5000") for y, a in selectors.requested_by_year(application=application).items()}
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="Less travel.",
        terms=terms_for(application, years=years, difference_reason="Less travel."),
    )
    payments = list(accepted_award.payments.order_by("number"))
    assert payments[0].status == Payment.Status.RELEASED
    for year, amount in years.items():
        assert sum(p.amount for p in payments if p.fiscal_year == year) == amount


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


# --- Suspension and closing ----------------------------------------------------------------------


def test_suspend_and_reinstate(
    accepted_award, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.award_suspend(award=accepted_award, by=program_officer, reason="Report missing.")
    accepted_award.refresh_from_db()
    assert (accepted_award.status, accepted_award.status_reason) == ("suspended", "Report missing.")
    assert "is suspended" in mailoutbox[-1].subject and "Report missing." in mailoutbox[-1].body
    with pytest.raises(TransitionError, match="Only an active award can be suspended; this one is suspended"):
        services.award_suspend(award=accepted_award, by=program_officer, reason="Again.")
    services.award_reinstate(award=accepted_award, by=program_officer)
    assert Award.objects.get(pk=accepted_award.pk).status == "active"
    assert list(
        AuditEntry.objects.filter(action__in=["award.suspended", "award.reinstated"])
        .order_by("created_at", "id")
        .values_list("from_state", "to_state")
    ) == [("active", "suspended"), ("suspended", "active")]


def test_an_offer_can_be_neither_suspended_nor_reinstated(award, program_officer):
    with pytest.raises(TransitionError, match="Only an active award can be suspended; this one is offered"):
        services.award_suspend(award=award, by=program_officer, reason="Why")
    with pytest.raises(TransitionError, match="Only a suspended award can be reinstated"):
        services.award_reinstate(award=award, by=program_officer)
    with pytest.raises(ServiceError, match="Give the reason"):
        services.award_suspend(award=award, by=program_officer, reason=" ")


def test_closing_cancels_what_is_unpaid_and_returns_it_to_the_envelope(accepted_award, program_officer):
    advance = accepted_award.payments.get(number=1)
    services.payment_release(payment=advance, by=program_officer)
    call = accepted_award.application.call
    services.award_close(award=accepted_award, by=program_officer, reason="Project ended early.")
    accepted_award.refresh_from_db()
    assert accepted_award.status == Award.Status.CLOSED
    statuses = set(accepted_award.payments.exclude(number=1).values_list("status", flat=True))
    assert statuses == {Payment.Status.CANCELLED}
    assert (
        sum(AwardYear.objects.filter(award=accepted_award).values_list("amount", flat=True)) == advance.amount
    )
    assert envelope_of(call=call).committed == advance.amount
    amendment = accepted_award.amendments.get()
    assert "unpaid balance returns" in amendment.reason and amendment.new_total == advance.amount
    with pytest.raises(TransitionError, match="already closed"):
        services.award_close(award=accepted_award, by=program_officer, reason="Again.")


def test_an_offer_that_is_closed_is_no_longer_open_to_acceptance(award, program_officer, applicant):
    services.award_close(award=award, by=program_officer, reason="Declined by the organization.")
    with pytest.raises(TransitionError):
        services.agreement_accept(
            agreement=award.agreements.get(), by=applicant, signer_name="A", signer_title="B"
        )


def test_staff_who_are_not_members_cannot_accept(award, program_officer):
    officer = UserFactory(roles=["program_officer"])
    with pytest.raises(TransitionError, match="Only an owner"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=officer, signer_name="A", signer_title="B"
        )
