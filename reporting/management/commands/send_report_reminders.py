"""For cron, e.g. daily: reminders before reports are due and overdue notices, each sent once however often
it runs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from grants.kernel.timeutils import local
from reporting.services import report_notices_send


class Command(BaseCommand):
    help = "Send progress-report reminders and overdue notices that have not been sent yet."

    def handle(self, *args, **options):
        sent = report_notices_send(today=local(timezone.now()).date())
        self.stdout.write(
            f"reminders: {sent['reminder']}, overdue notices: {sent['overdue']}, failed (retried next run): "
            f"{sent['failed']}"
        )
        if sent["failed"]:
            raise CommandError(f"{sent['failed']} notices could not be sent; see the log.")
