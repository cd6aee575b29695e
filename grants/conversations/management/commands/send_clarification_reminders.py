"""Remind organizations of clarification requests due soon or overdue. Meant for cron (e.g. daily); running it
again is harmless (each request is reminded at most once per grants.conversations.reminders.REMINDER_INTERVAL)."""

from django.core.management.base import BaseCommand

from grants.conversations.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail organizations whose clarification requests are due soon or overdue (idempotent)."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"Queued reminders for {count} clarification request(s).")
