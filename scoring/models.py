"""Review of a call's applications: rubric, reviewer pool, assignments, reviews, screening and moderation.

Statuses and their groups are in enums.py; workflows live in services/; the ranking is computed by the database
in selectors/ranking.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Application, Call
from grants.kernel.language import bilingual
from scoring.enums import (
    AssignmentStatus,
    OtherReviews,
    Recommendation,
    ReviewStatus,
    RubricStatus,
    ScreeningDecision,
)


class Rubric(models.Model):
    """The criteria a call's applications are scored against.

    Editable while in draft. The first saved review locks it; changing it afterwards takes an explicit
    staff action (reopen) that sends submitted reviews back to their reviewers, and reviewers cannot
    save until staff lock it again.
    """

    Status = RubricStatus

    call = models.OneToOneField(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="rubric")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey(
        Call,
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RubricStatus.values), name="rubric_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Rubric: %(call)s") % {"call": self.call})

    @property
    def is_editable(self) -> bool:
        return self.status in RubricStatus.EDITABLE

    @property
    def accepts_reviews(self) -> bool:
        return self.status in RubricStatus.ACCEPTS_REVIEWS

    @property
    def is_locked(self) -> bool:
        return self.status == RubricStatus.LOCKED

    @property
    def is_reopened(self) -> bool:
        return self.status == RubricStatus.REOPENED


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    guidance_en = models.TextField(
        _("guidance per score (English)"),
        help_text=_(
            "One line per score, from the lowest to the highest, e.g. six lines for a scale of 0 to 5."
        ),
    )
    guidance_fr = models.TextField(
        _("guidance per score (French)"),
        blank=True,
        help_text=_(
            "One line per score, from the lowest to the highest. Leave empty to show the English lines."
        ),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Relative importance: a criterion of weight 2 counts twice as much as one of weight 1."),
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MaxValueValidator(10)]
    )
    allows_na = models.BooleanField(
        _("“not applicable” allowed"),
        default=False,
        help_text=_("A criterion marked not applicable is left out of the total and of its weights."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="criterion_scale_ordered"
            ),
            models.CheckConstraint(condition=Q(scale_max__lte=10), name="criterion_scale_at_most_ten"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def description(self) -> str:
        return bilingual(self, "description")

    @property
    def score_range(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def levels(self) -> list[tuple[int, str]]:
        """(score, guidance) from the lowest score up, in the page's language."""
        lines = self._lines(bilingual(self, "guidance"))
        return [(score, lines[i] if i < len(lines) else "") for i, score in enumerate(self.score_range)]

    def clean(self) -> None:
        if self.scale_min is None or self.scale_max is None:
            return
        if self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The highest score must be above the lowest score.")})
        expected = self.scale_max - self.scale_min + 1
        errors = {}
        for field in ("guidance_en", "guidance_fr"):
            found = len(self._lines(getattr(self, field)))
            if (found or field == "guidance_en") and found != expected:
                errors[field] = _(
                    "Write %(expected)s lines, one per score from %(low)s to %(high)s; there are %(found)s."
                ) % {"expected": expected, "low": self.scale_min, "high": self.scale_max, "found": found}
        if errors:
            raise ValidationError(errors)


class ReviewerPool(models.Model):
    """A call's reviewers and its review settings."""

    call = models.OneToOneField(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="reviewer_pool"
    )
    requires_indigenous_panel = models.BooleanField(
        _("reviewers must belong to the Indigenous review panel"),
        default=False,
        help_text=_("Usual for Indigenous-led Initiatives Fund calls: only panel members are assigned."),
    )
    review_due_at = models.DateTimeField(
        _("reviews due"),
        null=True,
        blank=True,
        help_text=_("Toronto time. New assignments are due at this time."),
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "An application is flagged when the standard deviation of its review totals (out of 100) "
            "is above this."
        ),
    )
    other_reviews_while_reviewing = models.CharField(
        _("while reviewing, reviewers see other reviews"),
        max_length=10,
        choices=OtherReviews.choices,
        default=OtherReviews.NEVER,
    )
    # Once staff run automatic assignment, conflicts and removals rebalance the call by themselves.
    auto_assigned_at = models.DateTimeField(_("automatic assignment first run at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer pool")
        verbose_name_plural = _("reviewer pools")
        constraints = [
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gte=0, disagreement_threshold__lte=100),
                name="pool_threshold_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Reviewers: %(call)s") % {"call": self.call})


class PoolMember(models.Model):
    pool = models.ForeignKey(ReviewerPool, on_delete=models.CASCADE, related_name="memberships")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="pool_memberships",
    )
    indigenous_panel = models.BooleanField(_("member of the Indigenous review panel"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["reviewer__last_name", "reviewer__first_name", "reviewer__email"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [models.UniqueConstraint(fields=["pool", "reviewer"], name="pool_member_unique")]

    def __str__(self) -> str:
        return str(self.reviewer)


class Assignment(models.Model):
    """One reviewer on one application. Nothing beyond the project's title is visible to the reviewer
    until they declare that they have no conflict of interest."""

    Status = AssignmentStatus

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    due_at = models.DateTimeField(_("due"))
    conflict_reason = models.TextField(_("reason for the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_unique"),
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values),
                name="assignment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.CONFLICT)
                | (Q(declared_at__isnull=False) & ~Q(conflict_reason="")),
                name="assignment_conflict_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.ACCEPTED) | Q(declared_at__isnull=False),
                name="assignment_accepted_declared",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.REMOVED) | Q(removed_at__isnull=False),
                name="assignment_removed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"]), models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"{self.application} – {self.reviewer}"

    @property
    def is_active(self) -> bool:
        return self.status in AssignmentStatus.ACTIVE


class Review(models.Model):
    Status = ReviewStatus

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=Recommendation.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The weighted total out of 100 of a submitted review (None while a draft), stored by the services that
    # submit and reopen it (scoring/services/totals.py) so that the ranking never aggregates scores.
    total = models.FloatField(_("total out of 100"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.DRAFT) | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="review_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Review of %(application)s") % {"application": self.assignment.application})

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    is_na = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique"),
            models.CheckConstraint(
                condition=~Q(is_na=True, value__isnull=False), name="score_na_has_no_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'N/A' if self.is_na else self.value}"


class Screening(models.Model):
    """Staff's eligibility decision. The applicant sees nothing of it until staff release the call's
    decisions."""

    Decision = ScreeningDecision

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="screening")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    released_at = models.DateTimeField(_("released to the applicant at"), null=True, blank=True)

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ScreeningDecision.values), name="screening_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision=ScreeningDecision.ELIGIBLE) | ~Q(reason=""),
                name="screening_ineligible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_decision_display()}"

    @property
    def is_eligible(self) -> bool:
        return self.decision == ScreeningDecision.ELIGIBLE


class Moderation(models.Model):
    """The panel's consensus score for an application; when present it sets the application's final rank."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="moderation")
    consensus_score = models.DecimalField(
        _("consensus score (out of 100)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        constraints = [
            models.CheckConstraint(
                condition=Q(consensus_score__gte=0, consensus_score__lte=100),
                name="moderation_score_in_range",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="moderation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.consensus_score}"
