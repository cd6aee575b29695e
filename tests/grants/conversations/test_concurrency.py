"""Ten members answer the same question at the same moment: it is answered once (PostgreSQL row lock on the
clarification in grants.conversations.services._answer); the others are told it was answered."""

import pytest
from django.db import connection

from grants.conversations import services
from grants.conversations.models import Clarification, Message
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from tests.concurrency import outcomes_at_once
from tests.factories import MembershipFactory
from tests.grants.conversations.conftest import ask

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_a_question_is_answered_once(transactional_db, django_db_serialized_rollback, world, organization):
    question = ask(world)
    members = [world.member] + [MembershipFactory(organization=organization).user for _ in range(9)]
    outcomes = outcomes_at_once(
        members,
        lambda item: services.message_send(
            thread=question.thread, body=f"Answer from {item.pk}", by=item, answers=question
        ),
        done="answered", refused="refused", refused_by=TransitionError,
    )

    assert outcomes == ["answered"] + ["refused"] * 9
    question.refresh_from_db()
    assert Message.objects.filter(sent_at__isnull=False).get().body == question.answer
    assert AuditEntry.objects.filter(action="clarification.answered").count() == 1
    assert Clarification.objects.get().answer_message_id is not None
