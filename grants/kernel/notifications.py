"""E-mails, each rendered in its recipient's language from templates/emails/<name>.txt.

The first line of the rendered template is the subject; the rest is the body.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def recipient(user) -> tuple[str, str]:
    """(address, language) of a person."""
    return user.email, user.language


def send(*, template: str, to: Iterable[tuple[str, str]], context: dict) -> None:
    """Send one message per (address, language) so that each reads it in their own language."""
    for address, language in to:
        with translation.override(language or settings.LANGUAGE_CODE):
            text = render_to_string(f"emails/{template}.txt", context).strip()
        subject, _, body = text.partition("\n")
        send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [address])
