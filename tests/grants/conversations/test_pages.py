"""The conversation pages cost a fixed number of queries whatever their length; the queue pages, and a page past
its end is the last page, not an error; messages on awards and reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.conversations import services
from tests.factories import submitted_application
from tests.grants.awards.award_factories import award_for, close_call, decided
from tests.grants.conversations.conftest import ask, attach, thread_url

# Measured 18 on a first visit (15 after): session, user and roles, the record, thread, read mark, the draft
# (made on the first visit), slots, messages and files, questions.
THREAD_QUERIES = 18
QUEUE_QUERIES = 8  # measured 6: session, user and roles, the header, count, page


@pytest.mark.parametrize("rows", [2, 20])
def test_the_thread_costs_the_same_whatever_its_length(client, world, rows, django_assert_max_num_queries):
    thread = services.thread_for(subject=world.application)
    client.force_login(world.member)
    attach(client, world.application)
    for number in range(rows):
        services.message_send(thread=thread, body=f"Message {number}", by=world.member if number % 2 else world.officer)
        ask(world, question=f"Question {number}")
    client.force_login(world.officer)

    with django_assert_max_num_queries(THREAD_QUERIES):
        response = client.get(thread_url(world.application))

    assert response.status_code == 200
    assert response.content.decode().count("data-message=") == rows
    assert response.content.decode().count("data-clarification=") == rows


@pytest.mark.parametrize("rows", [2, 30])
def test_the_staff_queue_costs_the_same_whatever_its_length(
    client, program_officer, organization, applicant, rows, django_assert_max_num_queries
):
    for application in [submitted_application(organization=organization, by=applicant) for _ in range(rows)]:
        services.message_send(thread=services.thread_for(subject=application), body="Hello", by=applicant)
    client.force_login(program_officer)

    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("grants:conversation_queue"))

    assert response.content.decode().count("data-thread-row") == min(rows, 25)
    past_the_end = client.get(reverse("grants:conversation_queue"), {"page": 99})
    assert past_the_end.status_code == 200
    assert past_the_end.content.decode().count("data-thread-row") == (rows - 25 if rows > 25 else rows)


def test_the_staff_home_counts_conversations_waiting(client, world):
    services.message_send(thread=services.thread_for(subject=world.application), body="Hello", by=world.member)
    client.force_login(world.officer)

    page = client.get(reverse("grants:dashboard")).content.decode()

    assert reverse("grants:conversation_queue") in page


def test_messages_on_an_award_and_its_report(client, applicant, organization, program_officer, other_applicant):
    application = submitted_application(organization=organization, by=applicant)
    close_call(application.call)
    (awarded,) = decided([application], officer=program_officer)
    award = award_for(awarded, officer=program_officer)
    url = reverse("grants:thread", args=["award", award.pk])
    client.force_login(program_officer)
    client.post(url, {"action": "send", "message-body": "Your first payment is scheduled."})

    client.force_login(applicant)
    assert "Your first payment is scheduled." in client.get(url).content.decode()
    assert url in client.get(reverse("grants:award_detail", args=[award.pk])).content.decode()
    client.force_login(other_applicant)
    assert client.get(url).status_code == 403
