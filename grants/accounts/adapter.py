"""allauth's e-mails (address verification, password reset) through the task queue, like every other e-mail;
the account's language applied when it signs in."""

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

    def post_login(self, request, user, **kwargs):
        """Pages follow the language saved on the account from the moment it signs in (after the code, for
        staff), whatever the browser asks for: the language cookie the language switch also sets."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "language", "")
        if language and translation.check_for_language(language):
            translation.activate(language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
