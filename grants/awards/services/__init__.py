"""Writes for decisions, awards, agreements and payments: one keyword-only function per state change, one module
per sub-domain, re-exported here so that callers write `services.award_create(...)`.

Each checks that its change is legal (refusing with a message the person can act on), writes an audit entry and
sends its notification once the transaction commits. The one exception is staging a decision: it tells nobody,
because applicants must learn nothing before decisions are released.

Envelope rule: the money committed by a call is the sum of its awards' yearly amounts, whatever the awards'
status (an offer reserves its money until it is closed). It may never exceed the call's envelope, nor, for a
fiscal year that has a CallYearEnvelope, that year's limit. Every write that changes the commitment locks the
call's row first, so concurrent awards are checked one after the other.

- decisions.py   stage (one or many), release for a whole call
- terms.py       AwardTerms, and check_terms() that awarding and amending share (TermsError names the field)
- envelope.py    check_envelope() and EnvelopeError
- plan.py        the stored yearly amounts, reporting periods and payments still to make
- awards.py      award_create, award_amend
- agreements.py  each version's frozen terms, its acceptance and the accepted PDF
- status.py      suspend, reinstate, close
- payments.py    release a payment (staff; early only with a reason), release those ready (on the agreement's
                 acceptance, a report's acceptance, their due date); record an accepted report
"""

from grants.awards.services.agreements import acceptance_of, agreement_accept, agreement_terms
from grants.awards.services.awards import award_amend, award_create
from grants.awards.services.decisions import (
    decision_approve,
    decision_decline,
    decisions_release,
    decisions_stage,
    default_reason_template,
)
from grants.awards.services.envelope import EnvelopeError
from grants.awards.services.payments import (
    Released,
    describe,
    payment_release,
    payments_release_due,
    payments_release_ready,
    report_period_accepted,
)
from grants.awards.services.plan import today
from grants.awards.services.status import award_close, award_reinstate, award_suspend
from grants.awards.services.terms import AwardTerms, TermsError

__all__ = [
    "AwardTerms",
    "EnvelopeError",
    "Released",
    "TermsError",
    "acceptance_of",
    "agreement_accept",
    "agreement_terms",
    "award_amend",
    "award_close",
    "award_create",
    "award_reinstate",
    "award_suspend",
    "decision_approve",
    "decision_decline",
    "decisions_release",
    "decisions_stage",
    "default_reason_template",
    "describe",
    "payment_release",
    "payments_release_due",
    "payments_release_ready",
    "report_period_accepted",
    "today",
]
