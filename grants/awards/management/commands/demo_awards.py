"""Demo decisions and awards, after demo_data (and demo_scoring, if it ran): in the closed CSF call, two
applications approved and released, two awards, one agreement accepted (which released its advance), and one
agreement left for applicant@example.org to accept. Safe to run again: it changes nothing twice."""

from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, Call
from grants.awards import selectors, services
from grants.awards.enums import RiskLevel
from grants.awards.models import Award, Decision
from grants.organizations.models import User

CALL = "csf-2025-community-supports"
# organization, risk level, amount taken off each fiscal year's request (with the reason in English and
# French), accepted by
AWARDS = [
    ("Safe Harbour Youth Services", RiskLevel.MEDIUM, Decimal("0"), ("", ""), None),
    (
        "Centre d'aide Horizon",
        RiskLevel.LOW,
        Decimal("5000"),
        (
            "Requests exceeded the envelope; travel reduced.",
            "Les demandes dépassaient l'enveloppe ; les déplacements sont réduits.",
        ),
        "demandeur@example.org",
    ),
]


class Command(BaseCommand):
    help = "Load demo decisions, awards and a payment (idempotent; run demo_data first)."

    @transaction.atomic
    def handle(self, *args, **options):
        call = Call.objects.filter(slug=CALL).first()
        officer = User.objects.filter(email="officer@example.org").first()
        if call is None or officer is None:
            raise CommandError("Run `manage.py demo_data` first.")
        applications = {
            a.organization.legal_name: a
            for a in Application.objects.filter(
                call=call, organization__legal_name__in=[row[0] for row in AWARDS]
            ).select_related("organization")
        }
        if len(applications) != len(AWARDS):
            raise CommandError(
                "The closed call's demo applications are missing; run `manage.py demo_data` first."
            )

        for application in applications.values():
            if (
                application.status in ApplicationStatus.DECIDABLE
                and not Decision.objects.filter(application=application).exists()
            ):
                # Used only if demo_scoring has not screened and reviewed it: the override is then on record.
                services.decision_approve(
                    application=application,
                    by=officer,
                    override_reason="Demo: approved without waiting for the panel, to show awards and payments.",
                )
        if Decision.objects.filter(
            application__call=call, released_at__isnull=True, application__status__in=ApplicationStatus.DECIDABLE
        ).exists():
            services.decisions_release(call=call, by=officer)

        for name, risk, cut, reason, accepted_by in AWARDS:
            application = Application.objects.get(pk=applications[name].pk)
            if (
                application.status != ApplicationStatus.APPROVED
                or Award.objects.filter(application=application).exists()
            ):
                continue
            defaults = selectors.award_defaults(application=application)
            years = {
                y: amount - cut for y, amount in selectors.requested_by_year(application=application).items()
            }
            terms = services.AwardTerms(
                start_date=defaults["start_date"],
                end_date=defaults["end_date"],
                years=years,
                risk_level=risk,
                signing_name=defaults["signing_name"] or "Alex Martin",
                signing_title=defaults["signing_title"] or "Executive Director",
                signing_email=defaults["signing_email"],
                difference_reason_en=reason[0],
                difference_reason_fr=reason[1],
                conditions_en="Send the board resolution approving this agreement before the second payment.",
                conditions_fr=(
                    "Envoyer la résolution du conseil approuvant cette entente avant le deuxième paiement."
                ),
            )
            award = services.award_create(application=application, by=officer, terms=terms)
            if accepted_by:
                owner = User.objects.get(email=accepted_by)
                # The term has started: accepting releases the advance.
                services.agreement_accept(
                    agreement=award.agreements.get(),
                    by=owner,
                    signer_name=owner.get_full_name(),
                    signer_title="Directrice générale",
                )

        awards = Award.objects.filter(application__call=call).count()
        counted = f"{awards} award" if awards == 1 else f"{awards} awards"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo awards ready: {counted} in “{call.title_en}”; applicant@example.org has an "
                "agreement to accept; its first payment is released when it is accepted."
            )
        )
