"""The audit log's writers: transition() checks, sets, saves and writes one entry naming both states;
require_state() is its check alone."""

from __future__ import annotations

import pytest
from django.db import transaction

from grants.applications.models import Application
from grants.kernel.audit import audit, require_state, transition
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from tests.factories import ApplicationFactory, UserFactory


def entries_of(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name))


def locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@pytest.mark.django_db
def test_a_transition_saves_the_new_state_and_writes_one_entry_with_both_states():
    draft, person = ApplicationFactory(), UserFactory()

    with transaction.atomic():
        left = transition(
            locked(draft), to=Application.Status.WITHDRAWN, allowed=Application.Status.WITHDRAWABLE, by=person,
            action="application.withdrawn", reason="Merged with another project",
        )

    assert left == Application.Status.DRAFT
    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN
    [entry] = entries_of(draft)
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "application.withdrawn", "draft", "withdrawn", person
    )
    assert entry.details == {"reason": "Merged with another project"}


@pytest.mark.django_db
def test_the_fields_set_for_the_change_are_saved_with_it_and_auto_now_moves():
    draft = ApplicationFactory()
    before = draft.updated_at

    with transaction.atomic():
        application = locked(draft)
        application.title = "Set with the change"
        transition(application, to=Application.Status.WITHDRAWN, allowed=[Application.Status.DRAFT], by=None,
                   action="application.withdrawn", update_fields=["title"])

    draft.refresh_from_db()
    assert draft.title == "Set with the change"
    assert draft.updated_at > before
    assert entries_of(draft)[0].actor is None


@pytest.mark.django_db
def test_a_state_outside_the_allowed_ones_is_refused_with_the_message_and_nothing_changes():
    withdrawn = ApplicationFactory(status=Application.Status.WITHDRAWN)

    with pytest.raises(TransitionError) as refused, transaction.atomic():
        transition(locked(withdrawn), to=Application.Status.DRAFT, allowed=[Application.Status.SUBMITTED],
                   by=None, action="application.reopened", refusal="Only a submitted application can be reopened.")

    assert refused.value.message == "Only a submitted application can be reopened."
    withdrawn.refresh_from_db()
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert entries_of(withdrawn) == []


@pytest.mark.django_db
def test_without_a_refusal_of_its_own_the_message_names_the_object_and_its_state():
    withdrawn = ApplicationFactory(status=Application.Status.WITHDRAWN, title="Safe Futures")

    with pytest.raises(TransitionError) as refused:
        require_state(withdrawn, allowed=[Application.Status.DRAFT])

    assert refused.value.message == "Safe Futures is withdrawn: this can no longer be done."


@pytest.mark.django_db
def test_require_state_returns_the_state_and_writes_nothing():
    draft = ApplicationFactory()

    assert require_state(draft, allowed=Application.Status.EDITABLE) == Application.Status.DRAFT
    assert entries_of(draft) == []


@pytest.mark.django_db(transaction=True)
def test_a_transition_outside_a_transaction_is_refused_before_anything_is_written():
    draft = ApplicationFactory()

    with pytest.raises(RuntimeError, match="inside the transaction"):
        transition(draft, to=Application.Status.WITHDRAWN, allowed=[Application.Status.DRAFT], by=None,
                   action="application.withdrawn")

    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert entries_of(draft) == []


@pytest.mark.django_db
def test_audit_records_an_event_without_a_state_and_never_an_anonymous_actor(client):
    draft = ApplicationFactory(title="Safe Futures")
    anonymous = client.get("/").wsgi_request.user

    audit(actor=anonymous, obj=draft, action="document.downloaded", filename="budget.xlsx")

    [entry] = entries_of(draft)
    assert (entry.actor, entry.object_repr, entry.from_state, entry.to_state) == (None, "Safe Futures", "", "")
    assert entry.details == {"filename": "budget.xlsx"}
