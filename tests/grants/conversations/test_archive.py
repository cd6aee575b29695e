"""The organization's data archive (OCAP) holds its conversations with the office and their files, but not the
office's internal notes nor files waiting in someone's unsent message."""

from __future__ import annotations

import io
import json
import zipfile

from django.urls import reverse

from grants.conversations import services
from grants.documents.models import Document
from tests.grants.conversations.conftest import ask, attach, thread_url


def test_the_archive_holds_messages_and_questions_but_not_notes(client, world, organization):
    question = ask(world)
    client.force_login(world.member)
    attach(client, world.application, name="sent.xlsx")
    client.post(thread_url(world.application), {
        "action": "send", "message-body": "Three schools.", "message-answers": question.pk})
    attach(client, world.application, name="unsent.xlsx")
    services.note_add(thread=question.thread, body="Office only: budget looks high.", by=world.officer)

    response = client.get(reverse("reporting:organization_archive", args=[organization.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    messages = json.loads(archive.read("messages.json"))
    assert [m["body"] for m in messages] == ["Three schools."]
    sent = Document.objects.get(original_name="sent.xlsx")
    assert messages[0]["documents"] == [sent.pk]
    assert "Office only" not in archive.read("messages.json").decode()
    clarifications = json.loads(archive.read("clarifications.json"))
    assert [(c["question"], c["answer"]) for c in clarifications] == [(question.question, "Three schools.")]
    names = archive.namelist()
    assert any(n.endswith("sent.xlsx") and "unsent" not in n for n in names)
    assert not any("unsent" in n for n in names)
