"""Progress reports on awards: indicators configured per fund, the report itself with its indicator values
and spending, its submitted versions, and the reminders already sent. Statuses and their groups are in
enums.py, workflows in services/.

No field here may hold a person's identity: indicators are whole counts, narratives carry a warning.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.models import BudgetCategory, Fund
from grants.awards.models import Award, ReportingPeriod
from grants.kernel.language import bilingual
from grants.kernel.models import SavedStep
from grants.organizations.models import Pillar, Population, User
from reporting.enums import IndicatorUnit, NoticeKind, ReportStatus, VersionOutcome

MONEY = {"max_digits": 12, "decimal_places": 2}
NO_IDENTITY = _(
    "Describe activities and results in aggregate. Do not name or identify any survivor, participant or "
    "client, directly or through details that would let someone recognize them."
)


class Indicator(models.Model):
    """An aggregate, de-identified count a fund asks its funded organizations to report."""

    Unit = IndicatorUnit

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="+")
    population = models.ForeignKey(
        Population,
        verbose_name=_("population"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PEOPLE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("asked in new reports"), default=True)

    class Meta:
        ordering = ["fund", "position", "code"]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        constraints = [
            models.UniqueConstraint(fields=["fund", "code"], name="indicator_code_unique_per_fund"),
            models.CheckConstraint(
                condition=Q(unit__in=IndicatorUnit.values), name="indicator_unit_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class ProgressReport(models.Model):
    """The organization's report on one reporting period of an award, or on a one-off request from staff."""

    Status = ReportStatus

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    period = models.OneToOneField(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_report",
    )
    # A one-off report's own subject and dates; a period's report takes them from the period.
    title = models.CharField(_("what staff ask for"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    due = models.DateField(_("report due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    narratives = models.JSONField(_("narrative by pillar"), default=dict, blank=True)
    steps_done = models.JSONField(_("steps saved"), default=list, blank=True)
    version = models.PositiveSmallIntegerField(_("versions submitted"), default=0)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["award", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isnull=False, due__isnull=True)
                | (
                    Q(
                        period__isnull=True,
                        due__isnull=False,
                        start_date__isnull=False,
                        end_date__isnull=False,
                    )
                    & ~Q(title="")
                ),
                name="progress_report_period_or_one_off",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="progress_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.ACCEPTED, accepted_at__isnull=False)
                | (~Q(status=ReportStatus.ACCEPTED) & Q(accepted_at__isnull=True)),
                name="progress_report_accepted_at_matches",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.award} – {self.subject}"

    @property
    def is_one_off(self) -> bool:
        return self.period_id is None

    @property
    def subject(self) -> str:
        if self.period_id:
            kind = _("final report") if self.period.is_final else _("progress report")
            return f"{kind} {self.period.start_date}–{self.period.end_date}"
        return self.title

    @property
    def due_date(self) -> dt.date:
        return self.period.due_date if self.period_id else self.due

    @property
    def is_editable(self) -> bool:
        return self.status in ReportStatus.EDITABLE


class ReportStep(SavedStep):
    """One step of a report as last posted, valid or not, as applications keep theirs: a member who comes back
    finds what was typed, and a save over another member's newer one is caught."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "step"], name="report_step_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.step} v{self.version}"


class IndicatorValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.PositiveIntegerField(_("count"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["indicator__position", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class SpendingLine(models.Model):
    """What was spent in the period on one budget category, against the budget approved for the period."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="spending_lines")
    category = models.CharField(_("budget line"), max_length=20, choices=BudgetCategory.choices)
    budget = models.DecimalField(_("approved for the period"), **MONEY)
    spent = models.DecimalField(_("spent"), **MONEY, null=True, blank=True)
    explanation = models.TextField(_("why it differs by more than 10%"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="spending_line_unique"),
            models.CheckConstraint(
                condition=Q(spent__gte=0) | Q(spent__isnull=True), name="spending_not_negative"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="spending_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.spent} / {self.budget}"


class ReportVersion(models.Model):
    """One submission of a report as staff saw it, with what they decided about it."""

    Outcome = VersionOutcome

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"), editable=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    comments = models.TextField(_("staff comments"), blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(outcome=VersionOutcome.ACCEPTED)
                | (Q(outcome=VersionOutcome.RETURNED) & ~Q(comments="")),
                name="report_version_returned_has_comments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportNotice(models.Model):
    """A reminder or overdue notice already sent, so that the cron command sends each one once."""

    Kind = NoticeKind

    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "kind"], name="report_notice_once_per_period"),
            models.UniqueConstraint(fields=["report", "kind"], name="report_notice_once_per_report"),
            models.CheckConstraint(
                condition=Q(period__isnull=False, report__isnull=True)
                | Q(period__isnull=True, report__isnull=False),
                name="report_notice_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d}"
