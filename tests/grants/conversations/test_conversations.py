"""Conversations on the record: staff and members write to each other (e-mailed, in the recipient's language),
attach files through the documents flow, staff keep internal notes, and staff ask clarification questions whose
answers reviewers read, without the conversation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from grants.conversations import services
from grants.conversations.models import Clarification, Message, Thread
from grants.conversations.reminders import reminders_send
from grants.documents.models import Document
from grants.kernel.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory
from tests.grants.conversations.conftest import ask, attach, thread_url
from tests.grants.helpers import page_text
from tests.grants.workspace.test_staff_home import queues_of


def test_staff_ask_the_member_answers_with_a_file_and_both_are_emailed(
    client, world, organization, mailoutbox, worker_after
):
    MembershipFactory(organization=organization, user=UserFactory(language="fr", email="membre@example.org"))
    client.force_login(world.officer)
    with worker_after():
        response = client.post(thread_url(world.application), {
            "action": "ask", "question-question": "Which schools have agreed?", "question-due_at": "2099-01-15T17:00",
        })
    assert response.status_code == 302
    question = Clarification.objects.get()
    assert {m.to[0] for m in mailoutbox} == {world.member.email, "membre@example.org"}
    french = next(m for m in mailoutbox if m.to[0] == "membre@example.org")
    assert "Une question" in french.subject and "Which schools have agreed?" in french.body

    client.force_login(world.member)
    home = page_text(client.get(reverse("grants:dashboard")))
    assert f"A question about {world.application.reference}" in home
    assert attach(client, world.application).status_code == 302
    with worker_after():
        response = client.post(thread_url(world.application), {
            "action": "send", "message-body": "Three schools: see the letters.", "message-answers": question.pk,
        })

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Three schools: see the letters." and question.answered_by == world.member
    message = Message.objects.get(sent_at__isnull=False, from_staff=False)
    assert [d.original_name for d in message.documents.all()] == ["letters.xlsx"]
    assert [m.to[0] for m in mailoutbox] == [world.officer.email]  # the staff member who asked
    assert "letters.xlsx" in mailoutbox[0].body and "Three schools" in mailoutbox[0].body
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "clarification.asked", "clarification.answered", "conversation.message_sent", "document.uploaded"}
    # The submitted snapshot never changes.
    snapshot = world.application.snapshot
    world.application.refresh_from_db()
    assert world.application.snapshot == snapshot


def test_the_reviewer_reads_the_answer_but_never_the_conversation(client, world):
    question = ask(world)
    client.force_login(world.member)
    attach(client, world.application)
    client.post(thread_url(world.application), {"action": "send", "message-body": "Before the answer."})
    client.post(thread_url(world.application), {
        "action": "send", "message-body": "Three schools in Thunder Bay.", "message-answers": question.pk})
    document = Document.objects.get(message__isnull=False)
    client.force_login(world.officer)
    client.post(thread_url(world.application), {"action": "note", "note-body": "Check the letters."})

    client.force_login(world.reviewer)
    client.post(reverse("scoring:declare", args=[world.assignment.pk]), {"declaration": "none"})
    page = page_text(client.get(reverse("scoring:score", args=[world.assignment.pk])))
    assert "Clarifications after submission" in page
    assert "Which schools have agreed to host the workshops?" in page and "Three schools in Thunder Bay." in page
    assert "Before the answer." not in page and "Check the letters." not in page
    assert client.get(thread_url(world.application)).status_code == 403
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 403


def test_the_reviewers_pdf_ends_with_the_answers(client, world):
    question = ask(world)
    services.message_send(thread=question.thread, body="Three schools in Thunder Bay.", by=world.member,
                          answers=question)
    client.force_login(world.reviewer)

    pdf = client.get(reverse("scoring:pdf", args=[world.assignment.pk]))

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Clarifications after submission" in text and "Three schools in Thunder Bay." in text


def test_under_blind_review_the_answer_is_masked(client, world, organization):
    type(world.application.call).objects.filter(pk=world.application.call_id).update(blind_review=True)
    question = ask(world)
    services.message_send(
        thread=question.thread, by=world.member, answers=question,
        body=f"{organization.legal_name} has three schools; call us at 416-555-0100.",
    )

    client.force_login(world.reviewer)
    client.post(reverse("scoring:declare", args=[world.assignment.pk]), {"declaration": "none"})
    page = page_text(client.get(reverse("scoring:score", args=[world.assignment.pk])))
    assert "has three schools" in page
    assert organization.legal_name not in page and "416-555-0100" not in page


def test_internal_notes_stay_with_staff(client, world, mailoutbox, worker_after):
    client.force_login(world.officer)
    with worker_after():
        client.post(thread_url(world.application), {"action": "note", "note-body": "Budget looks high."})
    assert mailoutbox == []
    assert "Budget looks high." in page_text(client.get(thread_url(world.application)))

    client.force_login(world.member)
    page = page_text(client.get(thread_url(world.application)))
    assert "Budget looks high." not in page and "internal note" not in page.lower()
    # A member cannot post a note, whatever they send.
    client.post(thread_url(world.application), {"action": "note", "note-body": "Sneaky."})
    assert not Message.objects.filter(body="Sneaky.").exists()


def test_unread_counts_on_both_homes(client, world):
    thread = services.thread_for(subject=world.application)
    services.message_send(thread=thread, body="Please confirm your start date.", by=world.officer)

    client.force_login(world.member)
    home = page_text(client.get(reverse("grants:dashboard")))
    assert "1 conversation has a message you have not read" in home
    assert f"Application {world.application.reference}" in home  # named as people name it, not by its key
    client.get(thread_url(world.application))
    assert "you have not read" not in page_text(client.get(reverse("grants:dashboard")))
    client.post(thread_url(world.application), {"action": "send", "message-body": "April 1."})

    client.force_login(world.officer)
    queue = client.get(reverse("grants:conversation_queue"))
    assert queue.content.decode().count("data-thread-row") == 1
    assert f"Application {world.application.reference}" in page_text(queue)
    assert queues_of(client.get(reverse("grants:dashboard")))["conversations"][0] == 1  # now in the cache
    client.get(thread_url(world.application))
    assert client.get(reverse("grants:conversation_queue")).content.decode().count("data-thread-row") == 0
    assert queues_of(client.get(reverse("grants:dashboard")))["conversations"][0] == 0  # the read moved the version


def test_a_sent_message_keeps_its_files(client, world):
    client.force_login(world.member)
    attach(client, world.application)
    client.post(thread_url(world.application), {"action": "send", "message-body": "Here it is."})
    sent = Message.objects.get(sent_at__isnull=False)

    response = client.post(reverse("grants:document_remove", args=[sent.documents.get().pk]))

    assert response.status_code == 302
    assert sent.documents.get().status == Document.Status.CURRENT


def test_an_empty_message_is_refused_and_a_question_cannot_be_answered_twice(client, world):
    question = ask(world)
    client.force_login(world.member)
    response = client.post(thread_url(world.application), {"action": "send", "message-body": " "})
    assert response.status_code == 200 and "This field is required" in page_text(response)
    services.message_send(thread=question.thread, body="Answer.", by=world.member, answers=question)

    response = client.post(thread_url(world.application), {
        "action": "send", "message-body": "Again.", "message-answers": question.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)  # no longer offered: it is answered
    assert page_text(response).count("Again.") == 1  # kept as typed


def test_questions_only_while_screening_or_reviewing(world):
    type(world.application).objects.filter(pk=world.application.pk).update(status="approved")
    with pytest.raises(Exception, match="screened or reviewed"):
        ask(world)


def test_another_organization_cannot_read_the_thread(client, world, other_applicant):
    client.force_login(other_applicant)
    assert client.get(thread_url(world.application)).status_code == 403
    assert client.get(reverse("grants:thread", args=["nothing", 1])).status_code == 404
    assert not Thread.objects.filter(organization__memberships__user=other_applicant).exists()


def test_reminders_when_due(world, mailoutbox, worker_after):
    question = ask(world)
    now = timezone.now()
    with worker_after():
        assert reminders_send(now=now) == 0  # due in a week: not yet
        assert reminders_send(now=question.due_at - dt.timedelta(days=1)) == 1
    assert [m.to[0] for m in mailoutbox] == [world.member.email]
    assert "due" in mailoutbox[0].subject.lower()
    with worker_after():
        assert reminders_send(now=question.due_at - dt.timedelta(hours=20)) == 0  # reminded already
        assert reminders_send(now=question.due_at + dt.timedelta(days=2)) == 1  # overdue: again
    services.message_send(thread=question.thread, body="Done.", by=world.member, answers=question)
    assert reminders_send(now=question.due_at + dt.timedelta(days=5)) == 0
