"""Remind reviewers of their late reviews. Meant for cron (e.g. daily); running it again is harmless,
since each reviewer is reminded at most once every few days (scoring.services.reminders.REMINDER_INTERVAL)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from scoring.services import reminders_send


class Command(BaseCommand):
    help = "E-mail reviewers whose reviews are overdue (idempotent)."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(
            ngettext(
                "Queued reminders of late reviews for %(count)s reviewer.",
                "Queued reminders of late reviews for %(count)s reviewers.",
                count,
            )
            % {"count": count}
        )
