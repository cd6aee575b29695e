"""Print the code a demo staff or reviewer account's authenticator app shows now, for people trying the demo.

The demo accounts share a public secret (grants.accounts.demo.DEMO_TOTP_SECRET); the command reads no other account's
and runs only with DEBUG on."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from grants.accounts.demo import DEMO_TOTP_SECRET
from grants.accounts.mfa import UnreadableSecret, current_totp_code, totp_secret


class Command(BaseCommand):
    help = "Print the current 6-digit sign-in code of a demo staff or reviewer account (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="a demo account, e.g. officer@example.org")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp runs only with DEBUG=True: the demo's shared secret is public.")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no authenticator app. Demo accounts get one from `manage.py demo_data`.")
        try:
            secret = totp_secret(authenticator)
        except UnreadableSecret as error:
            raise CommandError(
                f"{email}'s authenticator secret cannot be decrypted (made before secrets were encrypted, or under "
                "another SECRET_KEY): run `manage.py demo_data` again to make the demo's authenticators anew."
            ) from error
        if secret != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} uses its own authenticator app, not the demo's: its code is on its phone.")
        period = app_settings.TOTP_PERIOD
        self.stdout.write(current_totp_code(secret))
        self.stderr.write(f"Valid for {period - int(time.time()) % period} more seconds, once.")
