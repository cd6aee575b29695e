"""Decisions, awards, agreements, reporting periods and payments: fields, constraints, small derived
properties.

Statuses and their groups are in enums.py; writes in services/; the schedule arithmetic in schedule.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Application, Call
from grants.awards.enums import AwardStatus, Outcome, PaymentCondition, PaymentKind, PaymentStatus, RiskLevel
from grants.kernel.language import bilingual
from grants.kernel.money import format_money
from grants.kernel.storage import private_storage
from grants.kernel.timeutils import fiscal_year_label
from grants.organizations.models import User

MONEY = {"max_digits": 12, "decimal_places": 2}


class DecisionReasonTemplate(models.Model):
    """A reason staff start from when they decide; its wording is copied into the decision and may be
    edited there."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    outcome = models.CharField(_("for decisions to"), max_length=10, choices=Outcome.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    text_en = models.TextField(_("reason (English)"))
    text_fr = models.TextField(_("reason (French)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered to staff"), default=True)

    class Meta:
        db_table = "grants_decisionreasontemplate"
        ordering = ["outcome", "position", "code"]
        verbose_name = _("decision reason template")
        verbose_name_plural = _("decision reason templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="reason_template_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def text(self) -> str:
        return bilingual(self, "text")


class Decision(models.Model):
    """Staff's approve or decline on one application. Staged (invisible to the applicant) until released."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reason_template = models.ForeignKey(
        DecisionReasonTemplate,
        verbose_name=_("reason template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason_en = models.TextField(_("reason (English)"))
    reason_fr = models.TextField(_("reason (French)"))
    # Set only when the application was decided without a released eligible screening or without the reviews
    # its call requires: why staff decided anyway.
    override_reason = models.TextField(_("why it was decided without screening or all its reviews"), blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    released_by = models.ForeignKey(
        User,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        db_table = "grants_decision"
        ordering = ["application__reference"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(condition=~Q(reason_en="") & ~Q(reason_fr=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def reason(self) -> str:
        return bilingual(self, "reason")


class CallYearEnvelope(models.Model):
    """An optional limit on what a call may commit in one fiscal year; without one only the call's total
    applies."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="year_envelopes"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (starting April of)"))
    amount = models.DecimalField(
        _("limit for the year"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        db_table = "grants_callyearenvelope"
        ordering = ["call", "fiscal_year"]
        verbose_name = _("fiscal-year envelope")
        verbose_name_plural = _("fiscal-year envelopes")
        constraints = [
            models.UniqueConstraint(fields=["call", "fiscal_year"], name="call_year_envelope_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="call_year_envelope_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.call} {fiscal_year_label(self.fiscal_year)}: {self.amount}"


class Award(models.Model):
    """What an approved application receives. Committed money is the sum of its years, whatever its status."""

    Status = AwardStatus
    RiskLevel = RiskLevel

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="award"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    start_date = models.DateField(_("start of the term"))
    end_date = models.DateField(_("end of the term"))
    risk_level = models.CharField(_("risk level"), max_length=6, choices=RiskLevel.choices)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    conditions_fr = models.TextField(_("conditions (French)"), blank=True)
    # Required when the total is below the request; the organization reads it in its own language.
    difference_reason_en = models.TextField(_("why the amount is below the request (English)"), blank=True)
    difference_reason_fr = models.TextField(_("why the amount is below the request (French)"), blank=True)
    signing_name = models.CharField(_("signing authority's name"), max_length=150)
    signing_title = models.CharField(_("signing authority's title"), max_length=150)
    signing_email = models.EmailField(_("signing authority's e-mail address"))
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status_reason = models.TextField(_("reason for the current status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        db_table = "grants_award"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="award_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AwardStatus.values),
                name="award_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(risk_level__in=RiskLevel.values), name="award_risk_valid"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def reference(self) -> str:
        return self.application.reference or ""

    @property
    def conditions(self) -> str:
        return bilingual(self, "conditions")

    @property
    def difference_reason(self) -> str:
        return bilingual(self, "difference_reason")

    @property
    def is_open(self) -> bool:
        return self.status in AwardStatus.OPEN

    @property
    def is_reportable(self) -> bool:
        return self.status in AwardStatus.REPORTABLE


class AwardYear(models.Model):
    """The amount approved for one fiscal year (April to March) of an award."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="years")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (starting April of)"))
    amount = models.DecimalField(_("approved amount"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        db_table = "grants_awardyear"
        ordering = ["fiscal_year"]
        verbose_name = _("award year")
        verbose_name_plural = _("award years")
        constraints = [
            models.UniqueConstraint(fields=["award", "fiscal_year"], name="award_year_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_year_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.fiscal_year}: {self.amount}"


class Agreement(models.Model):
    """One version of an award's agreement: the terms frozen when it was generated, and its acceptance.

    Once accepted, the PDF that was accepted is stored with its SHA-256 and the row never changes again.
    An amendment supersedes a version that was not accepted yet, or adds a new version to accept.
    """

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"))
    terms = models.JSONField(_("terms"), editable=False)
    created_at = models.DateTimeField(_("generated at"), default=timezone.now)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField(_("name of the person signing"), max_length=150, blank=True)
    signer_title = models.CharField(_("title of the person signing"), max_length=150, blank=True)
    pdf = models.FileField(
        _("accepted PDF"), max_length=255, blank=True, editable=False, storage=private_storage
    )
    sha256 = models.CharField(_("SHA-256 of the accepted PDF"), max_length=64, blank=True, editable=False)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        db_table = "grants_agreement"
        ordering = ["award", "-version"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="agreement_version_unique"),
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(accepted_at__isnull=True, superseded_at__isnull=True),
                name="agreement_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (
                    ~Q(signer_name="")
                    & ~Q(signer_title="")
                    & ~Q(pdf="")
                    & ~Q(sha256="")
                    & Q(superseded_at__isnull=True)
                ),
                name="agreement_accepted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} v{self.version}"

    def save(self, *args, **kwargs):
        # An accepted agreement is a signed record: nothing may rewrite it.
        if self.pk and Agreement.objects.filter(pk=self.pk, accepted_at__isnull=False).exists():
            raise ValueError("An accepted agreement cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.superseded_at is None

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        return "superseded" if self.superseded_at else "pending"


class ReportingPeriod(models.Model):
    """A period the organization reports on, set by the award's risk level. Progress reports (issue 6)
    attach here; accepting a period's report meets the condition of the payment that waits for it."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reporting_periods")
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    due_date = models.DateField(_("report due"))
    is_final = models.BooleanField(_("final report"), default=False)
    report_accepted_at = models.DateTimeField(_("report accepted at"), null=True, blank=True)

    class Meta:
        db_table = "grants_reportingperiod"
        ordering = ["award", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="reporting_period_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="reporting_period_dates"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("end_date")), name="reporting_period_due_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} #{self.number} {self.start_date}–{self.end_date}"


class Payment(models.Model):
    """One instalment of an award: an advance, one after each reporting period, and the final holdback."""

    Kind = PaymentKind
    Condition = PaymentCondition
    Status = PaymentStatus

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year charged"))
    due_date = models.DateField(_("due"))
    amount = models.DecimalField(_("amount"), **MONEY)
    condition = models.CharField(
        _("condition"), max_length=16, choices=Condition.choices, default=Condition.NONE
    )
    report_period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("report awaited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        User,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "grants_payment"
        ordering = ["award", "number"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="payment_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(condition=PaymentCondition.NONE, report_period__isnull=True)
                | Q(condition=PaymentCondition.REPORT_ACCEPTED, report_period__isnull=False),
                name="payment_condition_has_period",
            ),
            models.CheckConstraint(
                condition=Q(status=PaymentStatus.RELEASED, released_at__isnull=False)
                | Q(status__in=[PaymentStatus.SCHEDULED, PaymentStatus.CANCELLED], released_at__isnull=True),
                name="payment_released_at_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["award", "status"])]

    def __str__(self) -> str:
        # Kept in audit entries as written: no amount (the entry's details hold it) and no words in one language.
        return f"{self.award} #{self.number}"


class Amendment(models.Model):
    """One change to an award's money, term, schedule or conditions, with the reason and what changed."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("what changed"), default=dict)
    previous_total = models.DecimalField(_("total before"), **MONEY)
    new_total = models.DecimalField(_("total after"), **MONEY)
    created_by = models.ForeignKey(
        User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        db_table = "grants_amendment"
        ordering = ["award", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="amendment_number_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.award} A{self.number}"

    def described_changes(self) -> list[tuple[str, str, str]]:
        """(what, before, after) rows for people to read."""
        rows = []
        for name, change in self.changes.items():
            if name == "years":
                before, after = change["before"], change["after"]
                for year in sorted({*before, *after}, key=int):
                    rows.append(
                        (
                            str(_("Approved for %(year)s") % {"year": fiscal_year_label(int(year))}),
                            format_money(before[year]) if year in before else "—",
                            format_money(after[year]) if year in after else "—",
                        )
                    )
            else:
                field = Award._meta.get_field(name)
                choices = dict(field.choices or [])
                rows.append(
                    (
                        str(field.verbose_name).capitalize(),
                        str(choices.get(change["before"], change["before"])),
                        str(choices.get(change["after"], change["after"])),
                    )
                )
        return rows
