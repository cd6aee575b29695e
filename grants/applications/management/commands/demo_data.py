"""Demo data for the embedded default: both funds' calls (open, closed with submissions, upcoming),
organizations of every type, and a user for every role (staff and reviewers with the demo's authenticator
app: `manage.py demo_totp <email>` prints their code). Safe to run again: it changes nothing twice."""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grants.accounts.demo import give_demo_authenticator
from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application, Call, Fund
from grants.documents.models import DocumentType
from grants.kernel.roles import Role
from grants.kernel.timeutils import fiscal_year_of, local
from grants.organizations.models import Membership, Organization, OrganizationType, Region, User

PASSWORD = "demo-password-2026"

USERS = [
    # email, first, last, language, role group, is_staff
    ("admin@example.org", "Ada", "Administrator", "en", Role.ADMINISTRATOR, True),
    ("officer@example.org", "Owen", "Officer", "en", Role.PROGRAM_OFFICER, True),
    ("agente@example.org", "Amélie", "Agente", "fr", Role.PROGRAM_OFFICER, True),
    ("reviewer1@example.org", "Riley", "Reviewer", "en", Role.REVIEWER, False),
    ("reviewer2@example.org", "Rémi", "Évaluateur", "fr", Role.REVIEWER, False),
    ("reviewer3@example.org", "Robin", "Reader", "en", Role.REVIEWER, False),
    ("applicant@example.org", "Alex", "Martin", "en", None, False),
    ("colleague@example.org", "Casey", "Chen", "en", None, False),
    ("demandeur@example.org", "Camille", "Tremblay", "fr", None, False),
    ("nation@example.org", "Nadia", "Whitehorse", "en", None, False),
]

ORGANIZATIONS = [
    # legal name, type, registration, region, indigenous-led, owner, editors
    ("Safe Harbour Youth Services", OrganizationType.NON_PROFIT, "1234567", "toronto", False,
     "applicant@example.org", ["colleague@example.org"]),
    ("Centre d'aide Horizon", OrganizationType.CHARITY, "123456789RR0001", "east", False,
     "demandeur@example.org", []),
    ("Northern Lights Friendship Centre", OrganizationType.INDIGENOUS_ORGANIZATION, "987654321RC0001", "north-west",
     True, "nation@example.org", []),
    ("Wiikwemkoong Unceded Territory", OrganizationType.FIRST_NATION, "175", "north-east", True,
     "nation@example.org", []),
    ("Métis Family Wellness Circle", OrganizationType.METIS, "", "north-east", True, "nation@example.org", []),
    ("Inuit Community Supports Ottawa", OrganizationType.INUIT, "", "east", True, "nation@example.org", []),
    ("City of Riverside", OrganizationType.MUNICIPALITY, "", "west", False, "applicant@example.org", []),
    ("Community Voices Collective", OrganizationType.OTHER, "", "central", False, "applicant@example.org", []),
]

GUIDELINES_EN = (
    "This call funds projects under Ontario's Anti-Human Trafficking Strategy.\n\n"
    "Priority goes to services for children and youth, and to projects that address more than one pillar. "
    "Describe the need, the activities, who will be served and how outcomes will be measured. "
    "Do not include any personal information about survivors."
)
GUIDELINES_FR = (
    "Cet appel finance des projets dans le cadre de la Stratégie ontarienne de lutte contre la traite "
    "des personnes.\n\n"
    "La priorité va aux services pour les enfants et les jeunes, et aux projets qui touchent plus d'un pilier. "
    "Décrivez le besoin, les activités, les personnes servies et la mesure des résultats. "
    "N'incluez aucun renseignement personnel sur les personnes survivantes."
)


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        users = {
            email: self.user(email, first, last, lang, role, staff)
            for email, first, last, lang, role, staff in USERS
        }
        orgs = {}
        for name, kind, number, region, indigenous, owner, editors in ORGANIZATIONS:
            orgs[name] = self.organization(
                name, kind, number, region, indigenous, users[owner], [users[e] for e in editors]
            )
        csf, ilif = Fund.objects.get(code="CSF"), Fund.objects.get(code="ILIF")
        all_types = list(OrganizationType.values)
        indigenous_types = [OrganizationType.INDIGENOUS_ORGANIZATION, OrganizationType.FIRST_NATION,
                            OrganizationType.METIS, OrganizationType.INUIT]
        self.call("csf-2026-community-supports", csf, "Community Supports Fund 2026–27",
                  "Fonds de soutien communautaire 2026-2027", now - dt.timedelta(days=14), now + dt.timedelta(days=45),
                  all_types, Decimal("3000000"), Decimal("50000"), Decimal("300000"))
        self.call(
            "ilif-2026-indigenous-led",
            ilif,
            "Indigenous-led Initiatives Fund 2026–27",
            "Fonds pour les initiatives dirigées par des Autochtones 2026-2027",
            now - dt.timedelta(days=7),
            now + dt.timedelta(days=60),
            indigenous_types,
            Decimal("2000000"),
            Decimal("25000"),
            Decimal("250000"),
        )
        self.call("csf-2027-spring", csf, "Community Supports Fund – spring 2027 intake",
                  "Fonds de soutien communautaire – appel du printemps 2027", now + dt.timedelta(days=90),
                  now + dt.timedelta(days=150), all_types, Decimal("1500000"), Decimal("50000"), Decimal("200000"))
        closed = self.call(
            "csf-2025-community-supports",
            csf,
            "Community Supports Fund 2025–26",
            "Fonds de soutien communautaire 2025-2026",
            # Closed eleven months ago: its projects started on the April 1 after it closed, so the awards in
            # demo_awards have payments due and reports to file today.
            now - dt.timedelta(days=420),
            now - dt.timedelta(days=330),
            all_types,
            Decimal("2500000"),
            Decimal("50000"),
            Decimal("300000"),
        )
        self.submitted(closed, orgs, users, submitted_at=now - dt.timedelta(days=335))
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(users)} users (password “{PASSWORD}”), {len(orgs)} organizations, 4 calls. "
            "Staff and reviewers also need a code: `python manage.py demo_totp <email>` prints it."))

    def user(self, email, first, last, language, role, staff):
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "language": language, "is_staff": staff})
        if created:
            user.set_password(PASSWORD)
            user.save()
        if role:
            user.groups.add(Group.objects.get(name=role.value))
            give_demo_authenticator(user)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def organization(self, name, kind, number, region, indigenous, owner, editors):
        org, created = Organization.objects.get_or_create(
            legal_name=name,
            defaults={
                "type": kind, "registration_number": number, "street_address": "100 Queen Street West",
                "city": "Toronto", "postal_code": "M5H 2N2", "region": Region.objects.get(code=region),
                "phone": "416-555-0100",
                "email": "info@" + name.lower().replace(" ", "").replace("'", "")[:20] + ".example.org",
                "mandate": "Prevention, early intervention and survivor support in our community.",
                "indigenous_led": indigenous, "indigenous_led_attested_by": owner if indigenous else None,
                "indigenous_led_attested_at": timezone.now() if indigenous else None,
            },
        )
        Membership.objects.get_or_create(organization=org, user=owner, defaults={"role": Membership.Role.OWNER})
        for editor in editors:
            Membership.objects.get_or_create(organization=org, user=editor, defaults={"role": Membership.Role.EDITOR})
        if owner.current_organization_id is None:
            owner.current_organization = org
            owner.save(update_fields=["current_organization"])
        for editor in editors:
            if editor.current_organization_id is None:
                editor.current_organization = org
                editor.save(update_fields=["current_organization"])
        return org

    def call(self, slug, fund, title_en, title_fr, opens, closes, types, envelope, minimum, maximum):
        call, created = Call.objects.get_or_create(
            slug=slug,
            defaults={
                "fund": fund, "title_en": title_en, "title_fr": title_fr, "guidelines_en": GUIDELINES_EN,
                "guidelines_fr": GUIDELINES_FR, "opens_at": opens, "closes_at": closes, "envelope": envelope,
                "min_request": minimum, "max_request": maximum, "max_term_years": 3,
                "eligible_organization_types": types, "status": Call.Status.PUBLISHED,
            },
        )
        if created:
            call.required_document_types.set(DocumentType.objects.filter(used_for=DocumentType.UsedFor.APPLICATION))
        # Demo databases made before the report-only types were told apart listed them too: applicants could not
        # submit without a financial statement.
        call.required_document_types.remove(*DocumentType.objects.filter(used_for=DocumentType.UsedFor.REPORT))
        return call

    def submitted(self, call, orgs, users, *, submitted_at):
        """Submitted applications in the closed call, driven through the real services."""
        if Application.objects.filter(call=call).exists():
            return
        applicants = [
            ("Safe Harbour Youth Services", "applicant@example.org", "Safe Futures for Youth", Decimal("180000")),
            ("Centre d'aide Horizon", "demandeur@example.org", "Horizon Jeunesse", Decimal("120000")),
            ("Northern Lights Friendship Centre", "nation@example.org", "Strong Circles", Decimal("240000")),
            ("City of Riverside", "applicant@example.org", "Riverside Safe Streets", Decimal("90000")),
            ("Community Voices Collective", "applicant@example.org", "Voices for Change", Decimal("60000")),
        ]
        for org_name, email, title, amount in applicants:
            application = services.application_start(
                organization=orgs[org_name], call=call, by=users[email], now=call.opens_at + dt.timedelta(days=1))
            # Each organization's owner fills it in and signs it: its award names its own signing authority.
            complete_application(application, by=users[email], title=title, amount=amount,
                                 signatory=users[email].get_full_name(),
                                 start=_april_after(call.closes_at))
            services.application_submit(application=application, by=users[email], now=submitted_at)
        # The coordination office closes the intake, as from the back office.
        services.call_close_intake(call=call, by=users["officer@example.org"])


def _april_after(moment: dt.datetime) -> dt.date:
    """The first April 1 after `moment`: the start of the first fiscal year after the call closes."""
    return dt.date(fiscal_year_of(local(moment).date()) + 1, 4, 1)
