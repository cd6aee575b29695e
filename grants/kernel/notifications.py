"""E-mails, each rendered in its recipient's language from templates/emails/<name>.txt and sent by the task queue.

The first line of a template's source is the subject (a line of its own: tags do not span it); the rest is the
body. `send()` renders one message per recipient and enqueues its sending (grants.kernel.tasks.send_email) in the
caller's transaction: call it inside the transaction of the change the message announces, so that a change that
rolls back sends nothing and one that commits cannot lose its message, whatever the mail server is doing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils import translation

from grants.kernel.tasks import deliver, send_email

# Marks where the subject line ends, so that a line break typed in a title or a name cannot move the end of the
# subject (nor put one in a header): the rendered subject is then flattened to one line.
_SUBJECT_END = "\x1e\x1esubject-ends-here\x1e\x1e"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def recipient(user) -> tuple[str, str]:
    """(address, language) of a person."""
    return user.email, user.language


def send(*, template: str, to: Iterable[tuple[str, str]], context: dict) -> None:
    """Enqueue one message per (address, language), each rendered in that language."""
    for address, language in to:
        send_email.enqueue(message=render(template=template, to=address, language=language, context=context))


def send_now(*, template: str, to: Iterable[tuple[str, str]], context: dict) -> None:
    """Hand the messages to the mail server now, for a task that records its sending only once it is done
    (TransientError, from grants.kernel.tasks, when the server may take them later)."""
    for address, language in to:
        deliver(render(template=template, to=address, language=language, context=context))


def render(*, template: str, to: str, language: str, context: dict) -> dict:
    """The message, as the task queue keeps it (JSON): what the recipient will read, rendered now, in the
    state the change left things in. `key` stays the same across retries (it makes the Message-ID)."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = _with_subject_marker(template).render(context)
    subject, marker, body = text.partition(_SUBJECT_END)
    if not marker:
        raise ValueError(f"emails/{template}.txt has no line break after its subject line.")
    return message(template=template, to=to, language=language, subject=subject, body=body)


def message(*, template: str, to: str, language: str, subject: str, body: str) -> dict:
    """A rendered message as the send_email task takes it; the subject made header-safe."""
    return {
        "key": uuid.uuid4().hex,
        "template": template,
        "to": to,
        "language": language,
        "subject": header_safe(subject),
        "body": body.strip() + "\n",
    }


def header_safe(text: str) -> str:
    """One line, without control characters: what may go in a header whatever a user typed."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _with_subject_marker(template: str):
    # Template tags cannot span lines, so the source's first line break is literal text: the end of the subject.
    source = get_template(f"emails/{template}.txt").template.source
    return engines["django"].from_string(source.replace("\n", _SUBJECT_END, 1))
