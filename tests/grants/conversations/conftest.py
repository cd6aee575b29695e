"""A submitted application in review with an assigned reviewer, its organization's member, and staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from grants.applications.demo import sample_xlsx
from grants.applications.models import Application, Call
from grants.conversations import services
from grants.conversations.models import Clarification
from tests.factories import CallFactory, submitted_application
from tests.scoring.factories import assign, reviewer, rubric_for


@dataclass
class World:
    application: Application
    member: object
    officer: object
    reviewer: object
    assignment: object


@pytest.fixture
def world(applicant, organization, program_officer):
    call = CallFactory()
    application = submitted_application(organization=organization, call=call, by=applicant)
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1), review_phase=Call.ReviewPhase.REVIEWING,
        status=Call.Status.IN_REVIEW,
    )
    rubric_for(call)
    person = reviewer()
    assignment = assign(application, person)
    application.refresh_from_db()
    return World(application, applicant, program_officer, person, assignment)


def thread_url(application) -> str:
    return reverse("grants:thread", args=["application", application.pk])


def ask(world: World, question: str = "Which schools have agreed to host the workshops?") -> Clarification:
    return services.clarification_ask(
        application=world.application, question=question, due_at=timezone.now() + dt.timedelta(days=7),
        by=world.officer,
    )


def attach(client, application, name: str = "letters.xlsx"):
    """Upload a file to the signed-in person's draft message on the application's thread, as the page does."""
    thread = services.thread_for(subject=application)
    draft = services.draft_for(thread=thread, by=client.get(thread_url(application)).wsgi_request.user)
    return client.post(
        reverse("grants:message_document_upload", args=[draft.pk]),
        {"document_type": "message-attachment", "file": ContentFile(sample_xlsx(), name=name)},
    )
