"""Factories for the review's tests. `submitted_application()` (tests.factories) drives the real wizard and is
used where the snapshot's content matters; `SubmittedApplicationFactory` builds the same rows directly, for
tests that need many applications."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from grants.applications.models import Application, BudgetLine, Call
from scoring import services
from scoring.models import Assignment, Criterion, Review, Rubric, Score, Screening
from scoring.services.totals import refresh_review_totals
from tests.factories import CallFactory, OrganizationFactory, UserFactory

_references = itertools.count(1)


class ClosedCallFactory(CallFactory):
    """A call that closed yesterday and is being reviewed."""

    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=60))
    closes_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    status = Call.Status.IN_REVIEW
    review_phase = Call.ReviewPhase.REVIEWING
    reviewers_per_application = 2


def snapshot_for(application: Application, *, requested: Decimal) -> dict:
    org = application.organization
    return {
        "reference": application.reference,
        "organization": {"id": org.pk, "legal_name": org.legal_name, "type": org.type},
        "sections": [
            {
                "step": "organization",
                "title_en": "Organization",
                "title_fr": "Organisme",
                "fields": [
                    {
                        "name": "legal_name",
                        "label_en": "Legal name",
                        "label_fr": "Nom légal",
                        "value_en": org.legal_name,
                        "value_fr": org.legal_name,
                    },
                ],
            },
            {
                "step": "project",
                "title_en": "Project",
                "title_fr": "Projet",
                "fields": [
                    {
                        "name": "project_title",
                        "label_en": "Project title",
                        "label_fr": "Titre du projet",
                        "value_en": application.title,
                        "value_fr": application.title,
                    },
                ],
            },
        ],
        "budget": [{"category": "staff", "fiscal_year": 2027, "amount": str(requested)}],
        "requested_total": str(requested),
        "documents": [],
    }


class SubmittedApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application with its budget, screened eligible unless `screened=None` (or "ineligible")."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    call = factory.SubFactory(ClosedCallFactory)
    status = Application.Status.SUBMITTED
    reference = factory.LazyFunction(lambda: f"CSF-2026-{next(_references):05d}")
    title = factory.Sequence(lambda n: f"Project {n}")
    submitted_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if create:
            requested = Decimal(extracted) if extracted is not None else Decimal("50000")
            BudgetLine.objects.create(application=self, category="staff", fiscal_year=2027, amount=requested)
            self.snapshot = snapshot_for(self, requested=requested)
            self.save(update_fields=["snapshot"])

    @factory.post_generation
    def screened(self, create, extracted, **kwargs):
        decision = Screening.Decision.ELIGIBLE if extracted is None else extracted
        if create and decision:
            Screening.objects.create(
                application=self,
                decision=decision,
                reason="" if decision == Screening.Decision.ELIGIBLE else "Out of scope.",
            )


def rubric_for(call: Call, *criteria: tuple) -> Rubric:
    """A rubric whose criteria are (weight, scale_min, scale_max, allows_na) tuples."""
    rubric = Rubric.objects.create(call=call)
    for position, (weight, low, high, na) in enumerate(criteria or ((1, 0, 5, False),), start=1):
        Criterion.objects.create(
            rubric=rubric,
            position=position,
            name_en=f"Criterion {position}",
            name_fr=f"Critère {position}",
            guidance_en="\n".join(f"Level {s} guidance" for s in range(low, high + 1)),
            weight=Decimal(str(weight)),
            scale_min=low,
            scale_max=high,
            allows_na=na,
        )
    return rubric


def reviewer(**kwargs):
    return UserFactory(roles=["reviewer"], **kwargs)


def assign(
    application: Application, user, *, status: str = Assignment.Status.ACCEPTED, due_in_days: int = 14
) -> Assignment:
    now = timezone.now()
    return Assignment.objects.create(
        call=application.call,
        application=application,
        reviewer=user,
        status=status,
        declared_at=now if status != Assignment.Status.ASSIGNED else None,
        conflict_reason="Board member." if status == Assignment.Status.CONFLICT else "",
        due_at=now + dt.timedelta(days=due_in_days),
    )


def submitted_review(assignment: Assignment, values: list, *, recommendation: str = "fund") -> Review:
    """A submitted review with one value per criterion of the call's rubric, None meaning not applicable."""
    criteria = list(Criterion.objects.filter(rubric__call=assignment.call).order_by("position"))
    review = Review.objects.create(
        assignment=assignment,
        status=Review.Status.SUBMITTED,
        recommendation=recommendation,
        submitted_at=timezone.now(),
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=v, is_na=v is None, comment="why")
        for c, v in zip(criteria, values, strict=True)
    )
    refresh_review_totals(review_ids=[review.pk])  # as review_save stores it on submission
    review.refresh_from_db()
    return review


def pool_with(call: Call, reviewers: list, *, by, due_in_days: int = 14):
    services.pool_update_settings(
        call=call, by=by, values={"review_due_at": timezone.now() + dt.timedelta(days=due_in_days)}
    )
    for user in reviewers:
        services.pool_add_reviewer(call=call, reviewer=user, by=by)


def score_inputs(criteria, *values, comment="Because."):
    """What a reviewer typed: one value per criterion, None meaning not applicable, each with `comment`."""
    return {
        c.pk: services.ScoreInput(value=v, is_na=v is None, comment=comment)
        for c, v in zip(criteria, values, strict=True)
    }
