"""Payments: released by staff in order, once the agreement is accepted and each payment's condition is
met."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.awards import services
from grants.awards.models import Payment
from grants.awards.selectors import award_for_page, award_position, envelope_of
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from tests.grants.awards.award_factories import terms_for
from tests.grants.helpers import page_text


def test_staff_release_the_advance_and_the_organization_is_told(
    accepted_award, program_officer, applicant, mailoutbox, worker_after
):
    advance = accepted_award.payments.get(number=1)
    with worker_after():
        services.payment_release(payment=advance, by=program_officer)
    advance.refresh_from_db()
    assert (advance.status, advance.released_by) == (Payment.Status.RELEASED, program_officer)
    entry = AuditEntry.objects.get(action="payment.released")
    assert (entry.actor, entry.from_state, entry.to_state, entry.details["amount"]) == (
        program_officer,
        "scheduled",
        "released",
        str(advance.amount),
    )
    assert mailoutbox[-1].to == [applicant.email] and "Payment 1 released" in mailoutbox[-1].subject

    position = award_position(award=award_for_page(pk=accepted_award.pk), today=services.today())
    assert (position.approved, position.paid, position.remaining) == (
        Decimal("105000"),
        advance.amount,
        Decimal("105000") - advance.amount,
    )
    envelope = envelope_of(call=accepted_award.application.call)
    assert (envelope.committed, envelope.paid, envelope.to_pay) == (
        Decimal("105000"),
        advance.amount,
        Decimal("105000") - advance.amount,
    )
    assert envelope.uncommitted == accepted_award.application.call.envelope - Decimal("105000")


def test_no_payment_before_the_agreement_is_accepted(award, program_officer):
    with pytest.raises(TransitionError, match="agreement has not been accepted yet"):
        services.payment_release(payment=award.payments.get(number=1), by=program_officer)


def test_payments_are_released_in_order(accepted_award, program_officer):
    with pytest.raises(TransitionError, match="Release payment 1 first"):
        services.payment_release(payment=accepted_award.payments.get(number=2), by=program_officer)


def test_a_payment_waits_for_its_report_to_be_accepted(accepted_award, program_officer):
    services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)
    second = accepted_award.payments.get(number=2)
    assert second.condition == Payment.Condition.REPORT_ACCEPTED
    with pytest.raises(TransitionError, match="waits for the report on .* to be accepted"):
        services.payment_release(payment=second, by=program_officer)

    services.report_period_accepted(period=second.report_period, by=program_officer)
    services.payment_release(payment=second, by=program_officer)
    assert Payment.objects.get(pk=second.pk).status == Payment.Status.RELEASED
    with pytest.raises(TransitionError, match="already accepted"):
        services.report_period_accepted(period=second.report_period, by=program_officer)


def test_a_payment_is_released_once(accepted_award, program_officer):
    advance = accepted_award.payments.get(number=1)
    services.payment_release(payment=advance, by=program_officer)
    with pytest.raises(TransitionError, match="Payment 1 was already released on"):
        services.payment_release(payment=advance, by=program_officer)


def test_no_payment_while_suspended(accepted_award, program_officer):
    services.award_suspend(award=accepted_award, by=program_officer, reason="Audit.")
    with pytest.raises(TransitionError, match="The award is suspended"):
        services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)


def test_no_payment_while_an_amended_agreement_waits_for_acceptance(
    accepted_award, program_officer, applicant
):
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="New condition.",
        terms=terms_for(accepted_award.application, conditions_en="Insurance certificate first."),
    )
    first = accepted_award.payments.get(number=1)
    with pytest.raises(TransitionError, match="Version 2 of the agreement, after an amendment, is waiting"):
        services.payment_release(payment=first, by=program_officer)
    services.agreement_accept(
        agreement=accepted_award.agreements.get(version=2),
        by=applicant,
        signer_name="Alex Martin",
        signer_title="Executive Director",
    )
    services.payment_release(payment=first, by=program_officer)


def test_a_cancelled_payment_cannot_be_released(accepted_award, program_officer):
    services.award_close(award=accepted_award, by=program_officer, reason="Ended.")
    with pytest.raises(TransitionError, match="was cancelled when the award closed"):
        services.payment_release(payment=accepted_award.payments.get(number=1), by=program_officer)


def test_a_late_payment_and_an_overdue_report_are_flagged(accepted_award, program_officer):
    import datetime as dt

    first_report = accepted_award.reporting_periods.get(number=1)
    later = first_report.due_date + dt.timedelta(days=1)
    position = award_position(award=award_for_page(pk=accepted_award.pk), today=later)
    assert [p.number for p in position.reports_overdue] == [1]
    assert [p.number for p in position.payments_late] == [
        1
    ]  # the advance, due at the start, is unconditional
    assert position.next_report == first_report


def test_a_release_is_audited_on_the_payment_and_listed_in_the_awards_history(
    accepted_award, program_officer, client
):
    advance = accepted_award.payments.get(number=1)
    services.payment_release(payment=advance, by=program_officer)
    entry = AuditEntry.objects.get(action="payment.released")
    assert (entry.object_id, entry.details["payment"]) == (str(advance.pk), 1)
    client.force_login(program_officer)
    text = page_text(client.get(reverse("grants:award_detail", args=[accepted_award.pk])))
    assert "payment.released (scheduled → released)" in text
    assert "agreement.accepted (offered → active)" in text
