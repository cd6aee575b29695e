"""allauth's e-mails (address verification, password reset) through the task queue, like every other e-mail."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation

from grants.kernel.notifications import message
from grants.kernel.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the portal's templates (templates/account/email/) in the language of the account, or of the page
        for an address without one, and enqueue the message: a mail server that is down never fails the page."""
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language() or settings.LANGUAGE_CODE
        ctx = {"request": allauth_context.request, "email": email, "portal_url": settings.SITE_URL, **context}
        with translation.override(language):
            rendered = self.render_mail(template_prefix, email, ctx)
        send_email.enqueue(message=message(
            template=template_prefix.rsplit("/", 1)[-1], to=email, language=language,
            subject=rendered.subject, body=rendered.body,
        ))
