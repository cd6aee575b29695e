"""The demo's complete answers (grants.applications.demo) pass every step, and the application submits."""

from grants.applications.models import Application
from tests.factories import submitted_application


def test_a_complete_application_is_submitted_with_a_reference(db, mailoutbox, worker_after):
    with worker_after():
        application = submitted_application()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference.startswith("CSF-")
    assert application.snapshot["sections"]
    assert "received" in mailoutbox[0].subject
