"""Releasing a call's decisions answers at once: the request enqueues one task, which the worker turns into each
member's letter, in their language (grants.awards.notifications.send_decision_letters)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from grants.awards import services
from tests.factories import CallFactory, MembershipFactory, UserFactory, submitted_application
from tests.grants.awards.award_factories import close_call
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("applications", [2, 12])
def test_release_sends_no_letter_in_the_request_and_the_worker_sends_each_once(
    login, program_officer, mailoutbox, applications
):
    call = CallFactory()
    submitted = [submitted_application(call=call) for _ in range(applications)]
    close_call(call)
    MembershipFactory(organization=submitted[0].organization, role="editor",
                      user=UserFactory(email="membre@example.org", language="fr"))
    for application in submitted:
        services.decision_approve(application=application, by=program_officer, override_reason="Not reviewed.")
    run_worker()  # the submissions' confirmations
    mailoutbox.clear()
    client = login(program_officer)

    response = client.post(reverse("grants:decisions_release", args=[call.slug]))

    assert response.status_code == 302
    assert mailoutbox == []  # nothing rendered nor sent in the request: one task holds the letters' ids
    [letters] = DBTaskResult.objects.filter(task_path="grants.awards.notifications.send_decision_letters")
    assert sorted(letters.args_kwargs["kwargs"]["decision_ids"]) == sorted(
        a.decision.pk for a in submitted
    )

    run_worker()
    assert len(mailoutbox) == applications + 1
    assert len({(m.to[0], m.subject) for m in mailoutbox}) == applications + 1
    french = next(m for m in mailoutbox if m.to == ["membre@example.org"])
    assert submitted[0].reference in french.subject and "approuvée" in french.subject
