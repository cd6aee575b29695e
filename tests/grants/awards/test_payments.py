"""Payments: released by staff in order, once the agreement is accepted and each payment's condition is
met."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from grants.awards import services
from grants.awards.models import Payment
from grants.awards.selectors import award_for_page, award_position, envelope_of
from grants.kernel.errors import DeadlineError, TransitionError
from grants.kernel.models import AuditEntry
from tests.grants.awards.award_factories import on_day, terms_for
from tests.grants.helpers import flash, page_text


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
    with pytest.raises(TransitionError, match="Payment 2 waits for report 1 .*; it is released when staff accept"):
        services.payment_release(payment=second, by=program_officer)

    released = services.report_period_accepted(period=second.report_period, by=program_officer)
    assert released.payments == [] and "Payment 2 (" in released.next_step and "on its due date" in released.next_step
    with on_day(second.due_date):
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
    _agreement, released = services.agreement_accept(
        agreement=accepted_award.agreements.get(version=2),
        by=applicant,
        signer_name="Alex Martin",
        signer_title="Executive Director",
    )
    # Accepting the new version releases the advance, due since the term started.
    assert [p.number for p in released.payments] == [1]
    assert Payment.objects.get(pk=first.pk).status == Payment.Status.RELEASED


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
    # In words, as the rest of the page names states: never the codes.
    assert "Payment released: Scheduled → Released" in text
    assert "Agreement accepted: Offered: agreement to accept → Active" in text
    assert "payment.released" not in text and "scheduled" not in text


# --- Released as the pages promise (issue 17) ----------------------------------------------------


def test_accepting_the_agreement_once_the_advance_is_due_releases_it(award, applicant, mailoutbox, worker_after):
    with on_day(award.start_date + dt.timedelta(days=3)), worker_after():
        _agreement, released = services.agreement_accept(
            agreement=award.agreements.get(), by=applicant, signer_name="Alex Martin", signer_title="Director"
        )
    advance = award.payments.get(number=1)
    assert released.payments == [advance] and advance.status == Payment.Status.RELEASED
    assert released.next_step.startswith("Payment 2 waits for report 1")
    entry = AuditEntry.objects.get(action="payment.released")
    assert (entry.actor, entry.from_state, entry.to_state, entry.details["trigger"]) == (
        None, "scheduled", "released", "agreement.accepted")
    assert "Payment 1 released" in mailoutbox[-1].subject


def test_an_advance_accepted_before_its_date_is_released_on_that_date(award, applicant, program_officer):
    _agreement, released = services.agreement_accept(
        agreement=award.agreements.get(), by=applicant, signer_name="Alex Martin", signer_title="Director"
    )
    advance = award.payments.get(number=1)
    assert released.payments == []
    assert released.next_step == (
        f"Payment 1 (${advance.amount:,.2f}) will be released on its due date, "
        f"{advance.due_date:%B} {advance.due_date.day}, {advance.due_date.year}."
    )
    with on_day(advance.due_date - dt.timedelta(days=1)):
        assert services.payments_release_due() == 0
    with on_day(advance.due_date):
        out = StringIO()
        call_command("release_due_payments", stdout=out)
        assert out.getvalue() == "1 payment released.\n"
        assert services.payments_release_due() == 0  # once
    assert Payment.objects.get(pk=advance.pk).status == Payment.Status.RELEASED


def test_no_payment_before_its_due_date_unless_staff_give_a_reason(award, applicant, program_officer):
    # The hole: payments for 2027 released on December 1, 2026.
    services.agreement_accept(
        agreement=award.agreements.get(), by=applicant, signer_name="Alex Martin", signer_title="Director"
    )
    advance = award.payments.get(number=1)
    with pytest.raises(DeadlineError, match="Payment 1 is due on .* To release it before then, give the reason"):
        services.payment_release(payment=advance, by=program_officer)
    assert Payment.objects.get(pk=advance.pk).status == Payment.Status.SCHEDULED
    services.payment_release(payment=advance, by=program_officer, early_reason="  Rent due before April.  ")
    entry = AuditEntry.objects.get(action="payment.released")
    assert (entry.actor, entry.details["early_reason"]) == (program_officer, "Rent due before April.")


def test_releasing_early_through_the_page_asks_for_the_reason_and_keeps_it(
    award, applicant, program_officer, client
):
    services.agreement_accept(
        agreement=award.agreements.get(), by=applicant, signer_name="Alex Martin", signer_title="Director"
    )
    client.force_login(program_officer)
    page = page_text(client.get(reverse("grants:award_detail", args=[award.pk])))
    assert "To release it now, give the reason." in page and "Release payment 1 early" in page
    url = reverse("grants:payment_release", args=[award.pk, 1])
    response = client.post(url, {"reason": ""})
    assert "To release it before then, give the reason" in flash(response)[0]
    response = client.post(url, {"reason": "Rent due before April."})
    assert flash(response)[-1].startswith("Payment 1 released. The organization was told. Payment 2 is next: due")
