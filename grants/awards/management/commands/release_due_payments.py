"""Release the payments whose due date has come and whose turn and condition were already met (run daily by
cron; running it twice releases nothing twice)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from grants.awards import services


class Command(BaseCommand):
    help = "Release the payments that are due and ready (idempotent)."

    def handle(self, *args, **options):
        count = services.payments_release_due()
        self.stdout.write(
            ngettext("%(count)s payment released.", "%(count)s payments released.", count) % {"count": count}
        )
