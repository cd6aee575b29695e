"""Demo data for the review, on top of `demo_data`: a rubric, a reviewer pool and assignments for the closed
call, some reviews already in, and a clarification question waiting for an applicant's answer, all through the
real services. Safe to run again: it changes nothing twice."""

import datetime as dt
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grants.applications.models import Application, Call
from grants.conversations import services as conversations
from grants.conversations.models import Clarification
from grants.organizations.models import User
from scoring import services
from scoring.models import Assignment, Criterion, Review, Rubric, Screening

CALL = "csf-2025-community-supports"
REVIEWERS = ["reviewer1@example.org", "reviewer2@example.org", "reviewer3@example.org"]

LEVELS_EN = ["No evidence", "Very weak", "Weak", "Adequate", "Strong", "Exceptional"]
LEVELS_FR = ["Aucune preuve", "Très faible", "Faible", "Satisfaisant", "Solide", "Exceptionnel"]

CRITERIA = [
    # name (en, fr), description (en, fr), weight, N/A allowed
    (
        ("Need and evidence", "Besoin et données probantes"),
        ("The need is shown with local evidence.", "Le besoin est démontré par des données locales."),
        "2",
        False,
    ),
    (
        ("Project design", "Conception du projet"),
        (
            "Activities are clear, realistic and fit the need.",
            "Les activités sont claires, réalistes et adaptées au besoin.",
        ),
        "2",
        False,
    ),
    (
        ("Survivor-centred and trauma-informed approach", "Approche centrée sur les personnes survivantes"),
        (
            "Services respect survivors' safety, choice and dignity.",
            "Les services respectent la sécurité, les choix et la dignité des personnes survivantes.",
        ),
        "1.5",
        False,
    ),
    (
        ("Indigenous and community partnerships", "Partenariats autochtones et communautaires"),
        (
            "Partners are named and their roles are clear.",
            "Les partenaires sont nommés et leurs rôles sont clairs.",
        ),
        "1",
        True,
    ),
    (
        ("Capacity and governance", "Capacité et gouvernance"),
        (
            "The organization can deliver and account for the project.",
            "L'organisme peut réaliser le projet et en rendre compte.",
        ),
        "1",
        False,
    ),
    (
        ("Budget and value for money", "Budget et optimisation des ressources"),
        (
            "Costs are reasonable and tied to activities.",
            "Les coûts sont raisonnables et liés aux activités.",
        ),
        "1",
        False,
    ),
]

# reviewer3 submits reviews with these scores (one list per application, in reference order)
SCORES = [
    [5, 4, 4, None, 4, 3],
    [3, 3, 2, 3, 4, 3],
    [4, 5, 5, 5, 3, 4],
    [2, 3, 2, None, 3, 1],
    [4, 4, 3, 2, 4, 4],
]


class Command(BaseCommand):
    help = "Load demo data for reviewing and scoring (idempotent; run after demo_data)."

    @transaction.atomic
    def handle(self, *args, **options):
        call = Call.objects.filter(slug=CALL).first()
        if call is None:
            self.stdout.write(self.style.WARNING(f"No call “{CALL}”: run demo_data first."))
            return
        officer = User.objects.get(email="officer@example.org")
        reviewers = [User.objects.get(email=email) for email in REVIEWERS]
        now = timezone.now()
        # Every published call has its rubric, as publishing in the portal requires.
        for each in Call.objects.exclude(status=Call.Status.DRAFT):
            self.rubric(each)
        if not Assignment.objects.filter(call=call).exists():
            # Two reviewers each from a pool of three, so that a conflict can be handed to the third.
            call.reviewers_per_application = 2
            call.save(update_fields=["reviewers_per_application"])
            services.pool_update_settings(
                call=call, by=officer, values={"review_due_at": now + dt.timedelta(days=14)}
            )
            for reviewer in reviewers:
                services.pool_add_reviewer(call=call, reviewer=reviewer, by=officer)
            for application in Application.objects.filter(call=call, status=Application.Status.SUBMITTED):
                if not Screening.objects.filter(application=application).exists():
                    services.screening_decide(
                        application=application,
                        decision=Screening.Decision.ELIGIBLE,
                        reason="Meets every requirement.",
                        by=officer,
                    )
            if call.review_phase == Call.ReviewPhase.SCREENING:
                services.call_phase_change(call=call, phase=Call.ReviewPhase.REVIEWING, by=officer)
            services.assignments_auto(call=call, by=officer)
            self.reviews(call, reviewers)
        self.question(call, officer, now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Review demo ready for “{call.title_en}”: rubric, pool of {len(reviewers)} reviewers, "
                f"{Assignment.objects.filter(call=call).count()} assignments."
            )
        )

    def question(self, call, officer, now):
        """A clarification waiting for applicant@example.org's answer (City of Riverside), once."""
        application = Application.objects.filter(call=call, organization__legal_name="City of Riverside").first()
        if application is None or Clarification.objects.filter(application=application).exists():
            return
        conversations.clarification_ask(
            application=application,
            question="Which partner agencies have confirmed their part in the youth outreach, and from when?",
            due_at=now + dt.timedelta(days=7),
            by=officer,
        )

    def rubric(self, call):
        rubric, _created = Rubric.objects.get_or_create(call=call)
        if rubric.criteria.exists():
            return
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                position=i,
                name_en=name[0],
                name_fr=name[1],
                description_en=desc[0],
                description_fr=desc[1],
                guidance_en="\n".join(f"{label}." for label in LEVELS_EN),
                guidance_fr="\n".join(f"{label}." for label in LEVELS_FR),
                weight=Decimal(weight),
                allows_na=na,
            )
            for i, (name, desc, weight, na) in enumerate(CRITERIA, start=1)
        )

    def reviews(self, call, reviewers):
        """reviewer3 has submitted all their reviews; reviewer2 has started one; reviewer1 has not begun."""
        criteria = list(Criterion.objects.filter(rubric__call=call).order_by("position"))
        references = list(
            Application.objects.filter(call=call).order_by("reference").values_list("pk", flat=True)
        )
        for assignment in Assignment.objects.filter(call=call, reviewer=reviewers[2]).order_by(
            "application__reference"
        ):
            services.conflict_declare(assignment=assignment, by=reviewers[2], has_conflict=False)
            values = SCORES[references.index(assignment.application_id) % len(SCORES)]
            scores = {
                c.pk: services.ScoreInput(
                    value=v,
                    is_na=v is None and c.allows_na,
                    comment="" if v != c.scale_min else "Nothing in the application addresses this.",
                )
                for c, v in zip(criteria, values, strict=True)
            }
            services.review_save(
                assignment=assignment,
                by=reviewers[2],
                scores=scores,
                overall_comment="Clear proposal; see the comments per criterion.",
                recommendation="fund" if sum(v or 0 for v in values) >= 20 else "fund_with_conditions",
                submit=True,
            )
        started = (
            Assignment.objects.filter(call=call, reviewer=reviewers[1])
            .order_by("application__reference")
            .first()
        )
        if started is not None and not Review.objects.filter(assignment=started).exists():
            services.conflict_declare(assignment=started, by=reviewers[1], has_conflict=False)
            services.review_save(
                assignment=started,
                by=reviewers[1],
                scores={criteria[0].pk: services.ScoreInput(value=4)},
                overall_comment="",
                recommendation="",
                submit=False,
            )
