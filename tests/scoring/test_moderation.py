"""The panel's consensus score: recorded with a reason in the moderation phase, changed and withdrawn."""

from decimal import Decimal

import pytest

from grants.applications.models import Call
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Moderation
from tests.scoring.factories import (
    SubmittedApplicationFactory,
)


def test_consensus_is_recorded_with_a_reason_in_the_moderation_phase(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    with pytest.raises(TransitionError, match="moderation phase"):
        services.moderation_record(application=app, score=Decimal("80"), reason="Agreed.", by=program_officer)
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    app.call.refresh_from_db()
    with pytest.raises(ServiceError, match="reason"):
        services.moderation_record(application=app, score=Decimal("80"), reason="", by=program_officer)
    services.moderation_record(
        application=app, score=Decimal("80"), reason="Strong local need.", by=program_officer
    )
    services.moderation_record(
        application=app, score=Decimal("75.5"), reason="Budget risk.", by=program_officer
    )
    assert Moderation.objects.get(application=app).consensus_score == Decimal("75.5")
    entry = AuditEntry.objects.filter(action="application.consensus_recorded").order_by("-id").first()
    assert (entry.from_state, entry.to_state, entry.details["reason"]) == ("80.00", "75.50", "Budget risk.")
    services.moderation_clear(
        application=app, by=program_officer, reason="Recorded on the wrong application."
    )
    assert not Moderation.objects.filter(application=app).exists()
