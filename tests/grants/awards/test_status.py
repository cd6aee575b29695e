"""An award's status after its offer: suspended, reinstated and closed, each audited (services/status.py)."""

import pytest

from grants.awards import services
from grants.awards.models import Award, AwardYear, Payment
from grants.awards.selectors import envelope_of
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry


def test_suspend_and_reinstate(
    accepted_award, program_officer, mailoutbox, worker_after
):
    with worker_after():
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
