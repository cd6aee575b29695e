"""Screening: decisions kept from the applicant until released; an ineligible application loses its reviewers."""

import pytest

from grants.applications.models import Application
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Assignment, Screening
from tests.factories import MembershipFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    reviewer,
)


def test_screening_is_kept_from_the_applicant_until_released(
    db, program_officer, mailoutbox, worker_after
):
    call = ClosedCallFactory(review_phase="screening")
    member = MembershipFactory()
    app = SubmittedApplicationFactory(call=call, organization=member.organization, screened="")
    with pytest.raises(ServiceError, match="reason"):
        services.screening_decide(application=app, decision="ineligible", reason="", by=program_officer)
    with worker_after():
        services.screening_decide(
            application=app, decision="ineligible", reason="Not based in Ontario.", by=program_officer
        )
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED and not mailoutbox
    assert AuditEntry.objects.filter(action="application.screened", to_state="ineligible").exists()

    with worker_after():
        assert services.screening_release(call=call, by=program_officer) == 1
    app.refresh_from_db()
    assert app.status == Application.Status.INELIGIBLE
    assert mailoutbox[0].to == [member.user.email]
    assert "not eligible" in mailoutbox[0].subject and "Not based in Ontario." in mailoutbox[0].body
    with pytest.raises(TransitionError, match="released"):
        services.screening_decide(application=app, decision="eligible", reason="", by=program_officer)
    assert services.screening_release(call=call, by=program_officer) == 0


def test_screening_an_application_ineligible_withdraws_its_assignments(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    assignment = assign(app, reviewer(), status=Assignment.Status.ASSIGNED)
    services.screening_decide(
        application=app,
        decision=Screening.Decision.INELIGIBLE,
        reason="Duplicate funding.",
        by=program_officer,
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REMOVED
