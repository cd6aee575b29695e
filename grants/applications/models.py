"""Funds, calls for proposals and applications: fields, constraints and small derived properties.

Statuses and their groups are in enums.py; a call's status and review phase change only through lifecycle.py;
writes are in services.py; reads with their annotations in selectors.py; permissions in rules.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.enums import ApplicationStatus, CallStatus, ReviewPhase
from grants.kernel.language import bilingual
from grants.kernel.models import SavedStep
from grants.organizations.models import Organization, OrganizationType, Pillar, Population, Region, User


class Fund(models.Model):
    class Code(models.TextChoices):
        CSF = "CSF", _("Community Supports Fund")
        ILIF = "ILIF", _("Indigenous-led Initiatives Fund")

    code = models.CharField(_("code"), max_length=8, choices=Code.choices, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    requires_indigenous_led = models.BooleanField(
        _("requires an Indigenous-led attestation"),
        default=False,
        help_text=_("Applicants must attest that their organization is Indigenous-led."),
    )

    class Meta:
        db_table = "grants_fund"
        ordering = ["code"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def description(self) -> str:
        return bilingual(self, "description")


class Call(models.Model):
    Status = CallStatus
    ReviewPhase = ReviewPhase

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="calls")
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    guidelines_en = models.TextField(_("guidelines (English)"))
    guidelines_fr = models.TextField(_("guidelines (French)"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    envelope = models.DecimalField(
        _("envelope (total budget)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    min_request = models.DecimalField(
        _("minimum request"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_request = models.DecimalField(
        _("maximum request"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_term_years = models.PositiveSmallIntegerField(_("maximum term (years)"), default=3)
    eligible_organization_types = models.JSONField(
        _("eligible organization types"), default=list, blank=True
    )
    pillars = models.ManyToManyField(Pillar, verbose_name=_("priority areas"), blank=True)
    populations = models.ManyToManyField(Population, verbose_name=_("target populations"), blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True)
    required_document_types = models.ManyToManyField(
        "documents.DocumentType", verbose_name=_("required document types"), blank=True,
        limit_choices_to={"used_for": "application"},
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3, validators=[MinValueValidator(1)]
    )
    blind_review = models.BooleanField(_("blind review"), default=False)
    allows_multiple_applications = models.BooleanField(
        _("allows several applications per organization"), default=False
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    review_phase = models.CharField(
        _("review phase"), max_length=12, choices=ReviewPhase.choices, default=ReviewPhase.SCREENING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "grants_call"
        ordering = ["-opens_at"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(max_request__gte=models.F("min_request")), name="call_max_request_gte_min"
            ),
            models.CheckConstraint(condition=Q(envelope__gte=models.F("max_request")), name="call_envelope_gte_max"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def guidelines(self) -> str:
        return bilingual(self, "guidelines")

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if self.min_request is not None and self.max_request is not None and self.max_request < self.min_request:
            errors["max_request"] = _("The maximum request cannot be less than the minimum request.")
        if self.envelope is not None and self.max_request is not None and self.envelope < self.max_request:
            errors["envelope"] = _("The envelope cannot be smaller than the maximum request.")
        unknown = set(self.eligible_organization_types or []) - set(OrganizationType.values)
        if unknown:
            errors["eligible_organization_types"] = _("Unknown organization types: %(types)s") % {
                "types": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now <= self.closes_at

    @property
    def is_upcoming(self) -> bool:
        """Opens later: the public sees it as upcoming (a call neither open nor upcoming is closed)."""
        return timezone.now() < self.opens_at

    def eligible_type_labels(self) -> list[str]:
        labels = dict(OrganizationType.choices)
        return [labels[t] for t in self.eligible_organization_types if t in labels]


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff salaries and benefits")
    PROGRAM = "program", _("Program delivery")
    TRAINING = "training", _("Training and professional development")
    TRAVEL = "travel", _("Travel")
    MATERIALS = "materials", _("Materials and supplies")
    FACILITIES = "facilities", _("Rent and facilities")
    EVALUATION = "evaluation", _("Evaluation")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class Application(models.Model):
    Status = ApplicationStatus

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="applications")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)
    current_step = models.CharField(max_length=32, blank=True)
    # Derived from the steps' answers when a step is saved valid; the step answers stay the record.
    title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("project summary"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True, related_name="applications")
    populations = models.ManyToManyField(
        Population, verbose_name=_("target populations"), blank=True, related_name="applications"
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions served"), blank=True, related_name="applications")
    snapshot = models.JSONField(_("submitted snapshot"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The latest DeadlineExtension's deadline, kept on the row that submission locks (and lists read).
    deadline_extended_to = models.DateTimeField(_("deadline extended to"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Every version of every file, through the documents app's generic owner.
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id",
        related_query_name="application",
    )

    class Meta:
        db_table = "grants_application"
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=ApplicationStatus.DRAFT)
                    | Q(status=ApplicationStatus.WITHDRAWN, submitted_at__isnull=True)
                    | Q(reference__isnull=False)
                ),
                name="application_submitted_has_reference",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.reference or self.title or str(_("Draft application %(id)s") % {"id": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in ApplicationStatus.EDITABLE

    @property
    def is_withdrawable(self) -> bool:
        return self.status in ApplicationStatus.WITHDRAWABLE

    @property
    def is_decided(self) -> bool:
        return self.status in ApplicationStatus.DECIDED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ApplicationStatus.WITHDRAWN

    @property
    def deadline(self) -> dt.datetime:
        """When this application must be in: its own extension, else the call's closing time."""
        return self.deadline_extended_to or self.call.closes_at


class DeadlineExtension(models.Model):
    """Staff give one application more time, with a reason (services.deadline_extend: audited, e-mailed)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extensions")
    deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        db_table = "grants_deadlineextension"
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.deadline.isoformat()}"


class ApplicationStep(SavedStep):
    """One wizard step of an application: the formtools storage of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32)

    class Meta:
        db_table = "grants_applicationstep"
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="application_step_unique")]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.step} v{self.version}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (starting April of)"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        db_table = "grants_budgetline"
        ordering = ["fiscal_year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["application", "category", "fiscal_year"], name="budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.fiscal_year}: {self.amount}"


class ReferenceSequence(models.Model):
    """The last reference number handed out per fund and year (row-locked while incremented)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "grants_referencesequence"
        constraints = [models.UniqueConstraint(fields=["fund", "year"], name="reference_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.fund_id}-{self.year}: {self.last_number}"
