"""Delete uploads started more than a day ago and never confirmed (the page was closed mid-upload), with
their objects. Run it daily, e.g. from cron: `python manage.py discard_stale_uploads`."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from grants.documents.services import documents_discard_stale


class Command(BaseCommand):
    help = "Delete document uploads that were started more than a day ago and never confirmed."

    def handle(self, *args, **options):
        count = documents_discard_stale()
        self.stdout.write(
            ngettext("%(count)s unconfirmed upload discarded.", "%(count)s unconfirmed uploads discarded.", count)
            % {"count": count}
        )
