"""Demo progress reports, after demo_awards: on the active award, the first period's report accepted (which
releases the payment that waited for it) and the second one submitted for staff to review. Safe to run
again: it changes nothing twice."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from grants.awards.models import Award
from grants.organizations.models import Membership, User
from reporting import services
from reporting.models import Indicator, ProgressReport

NARRATIVES = [
    {
        "awareness": "Eight awareness workshops in secondary schools and two community information evenings.",
        "support": "Peer mentoring circles met weekly; case workers accompanied clients to appointments.",
    },
    {
        "awareness": "A social-media campaign with a youth advisory group; three workshops for parents.",
        "support": "Two new peer mentors trained; the drop-in opened a second evening.",
    },
]


class Command(BaseCommand):
    help = "Load demo progress reports (idempotent; run demo_awards first)."

    @transaction.atomic
    def handle(self, *args, **options):
        officer = User.objects.filter(email="officer@example.org").first()
        award = Award.objects.filter(status=Award.Status.ACTIVE).select_related("application__call").first()
        if officer is None or award is None:
            raise CommandError("Run `manage.py demo_awards` first.")
        owner = award.application.organization.memberships.filter(role=Membership.Role.OWNER).first().user
        indicators = list(Indicator.objects.filter(fund_id=award.application.call.fund_id))
        for number, narratives in enumerate(NARRATIVES, start=1):
            period = award.reporting_periods.filter(number=number).first()
            if (
                period is None
                or ProgressReport.objects.filter(period=period).exclude(status=ProgressReport.Status.DRAFT).exists()
            ):
                continue
            report = services.report_start(period=period, by=owner)
            services.report_save_narrative(report=report, narratives=narratives, by=owner)
            services.report_save_indicators(
                report=report,
                values={i.pk: (17 * (i.position + 1) + number) % 60 for i in indicators},
                by=owner,
            )
            services.report_save_spending(
                report=report,
                lines={line.category: (line.budget, "") for line in report.spending_lines.all()},
                by=owner,
            )
            report = services.report_submit(report=report, by=owner)
            if number == 1:
                services.report_accept(report=report, by=officer, comments="Thank you: clear and complete.")
        self.stdout.write(self.style.SUCCESS("Demo progress reports are in place."))
