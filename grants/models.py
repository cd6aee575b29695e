"""Funds, calls, organizations and applications: fields, constraints and small derived properties.

Workflows live in services.py; reads with their annotations in selectors.py.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def bilingual(obj, field: str) -> str:
    """The French value when the page is in French and one exists, else the English one."""
    if (get_language() or "en").startswith("fr"):
        return getattr(obj, f"{field}_fr") or getattr(obj, f"{field}_en")
    return getattr(obj, f"{field}_en")


class Role(models.TextChoices):
    """Staff-side roles are Django groups of these names; an applicant is anyone with a membership."""

    REVIEWER = "reviewer", _("Reviewer")
    PROGRAM_OFFICER = "program_officer", _("Program officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    current_organization = models.ForeignKey(
        "grants.Organization",
        verbose_name=_("organization in use"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role.value in self.role_names


class ReferenceData(models.Model):
    """A small bilingual list staff may extend in admin (pillars, populations, regions, document types)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class Pillar(ReferenceData):
    """One of the four pillars of Ontario's Anti-Human Trafficking Strategy."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("strategy pillar")
        verbose_name_plural = _("strategy pillars")


class Population(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("target population")
        verbose_name_plural = _("target populations")


class Region(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("Ontario region")
        verbose_name_plural = _("Ontario regions")


class DocumentType(ReferenceData):
    class UsedFor(models.TextChoices):
        APPLICATION = "application", _("Applications")
        REPORT = "report", _("Progress reports")

    used_for = models.CharField(
        _("used for"), max_length=12, choices=UsedFor.choices, default=UsedFor.APPLICATION,
        help_text=_("Calls ask for application types; progress reports offer report types as attachments."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    max_files = models.PositiveSmallIntegerField(
        _("files allowed"), default=1, validators=[MinValueValidator(1)],
        help_text=_(
            "How many current files an application may hold for this type, e.g. several letters of support."
        ),
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.CheckConstraint(condition=Q(max_files__gte=1), name="document_type_max_files_positive"),
            models.CheckConstraint(
                condition=Q(used_for__in=["application", "report"]), name="document_type_used_for_valid"
            ),
        ]

    @property
    def description(self) -> str:
        return bilingual(self, "description")


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


class OrganizationType(models.TextChoices):
    NON_PROFIT = "non_profit", _("Non-profit organization")
    CHARITY = "charity", _("Registered charity")
    INDIGENOUS_ORGANIZATION = "indigenous_org", _("Indigenous organization")
    FIRST_NATION = "first_nation", _("First Nation")
    METIS = "metis", _("Métis organization")
    INUIT = "inuit", _("Inuit organization")
    MUNICIPALITY = "municipality", _("Municipality")
    OTHER = "other", _("Other")


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        IN_REVIEW = "in_review", _("In review")
        DECIDED = "decided", _("Decided")

    class ReviewPhase(models.TextChoices):
        SCREENING = "screening", _("Screening")
        REVIEWING = "reviewing", _("Reviewing")
        MODERATION = "moderation", _("Moderation")
        DECIDED = "decided", _("Decided")

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
        DocumentType, verbose_name=_("required document types"), blank=True,
        limit_choices_to={"used_for": DocumentType.UsedFor.APPLICATION},
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
        return self.status == self.Status.PUBLISHED and self.opens_at <= now <= self.closes_at

    def timing(self, now=None) -> str:
        """'upcoming', 'open' or 'closed' as the public sees it."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now <= self.closes_at and self.status == self.Status.PUBLISHED:
            return "open"
        return "closed"

    def eligible_type_labels(self) -> list[str]:
        labels = dict(OrganizationType.choices)
        return [labels[t] for t in self.eligible_organization_types if t in labels]


postal_code_validator = RegexValidator(
    r"^[KLMNP]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$",
    _("Enter an Ontario postal code, for example K1A 0B1."),
)

# Registration numbers by organization type. A CRA business number is nine digits; charities add the
# program identifier RR and a four-digit reference. Ontario corporation numbers have 7 or 10 digits;
# First Nations use their three-digit band number.
BUSINESS_NUMBER = r"\d{9}(?:R[RC]\d{4})?"
REGISTRATION_FORMATS: dict[str, tuple[str, str]] = {
    OrganizationType.CHARITY: (r"\d{9}RR\d{4}", _("a charity registration number such as 123456789RR0001")),
    OrganizationType.NON_PROFIT: (
        rf"\d{{7}}|\d{{10}}|{BUSINESS_NUMBER}",
        _("an Ontario corporation number (7 or 10 digits) or a CRA business number such as 123456789RC0001"),
    ),
    OrganizationType.FIRST_NATION: (r"\d{3}", _("a three-digit band number such as 123")),
}
GENERAL_REGISTRATION = (
    rf"\d{{3}}|\d{{7}}|\d{{10}}|{BUSINESS_NUMBER}",
    _("a band number, an Ontario corporation number or a CRA business number"),
)


def normalize_registration_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def registration_number_problem(*, organization_type: str, number: str) -> str | None:
    """Why a registration number does not fit the type, or None when it does (or is optional and empty)."""
    number = normalize_registration_number(number)
    required = organization_type in REGISTRATION_FORMATS
    if not number:
        return str(_("Enter the registration number.")) if required else None
    pattern, example = REGISTRATION_FORMATS.get(organization_type, GENERAL_REGISTRATION)
    if not re.fullmatch(pattern, number):
        return str(_("Enter %(example)s.") % {"example": example})
    return None


class Organization(models.Model):
    Type = OrganizationType

    legal_name = models.CharField(_("legal name"), max_length=200)
    operating_name = models.CharField(_("operating name, if different"), max_length=200, blank=True)
    type = models.CharField(_("organization type"), max_length=20, choices=OrganizationType.choices)
    registration_number = models.CharField(_("registration or charity number"), max_length=20, blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city or community"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=7, validators=[postal_code_validator])
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("telephone"), max_length=30)
    email = models.EmailField(_("general e-mail address"))
    website = models.URLField(_("website"), blank=True)
    mandate = models.TextField(_("mandate and services"), blank=True)
    indigenous_led = models.BooleanField(_("Indigenous-led"), default=False)
    indigenous_led_attested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Indigenous-led attested by"),
    )
    indigenous_led_attested_at = models.DateTimeField(_("Indigenous-led attested at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        problem = registration_number_problem(organization_type=self.type, number=self.registration_number)
        if problem:
            raise ValidationError({"registration_number": problem})


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["organization__legal_name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class Invitation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_pending(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


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
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Screened: eligible")
        INELIGIBLE = "ineligible", _("Screened: ineligible")
        IN_REVIEW = "in_review", _("In review")
        RECOMMENDED = "recommended", _("Recommended")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    DECIDED = (Status.APPROVED, Status.DECLINED)
    WITHDRAWABLE = (
        Status.DRAFT, Status.SUBMITTED, Status.ELIGIBLE, Status.INELIGIBLE,
        Status.IN_REVIEW, Status.RECOMMENDED, Status.NOT_RECOMMENDED,
    )

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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="draft")
                    | Q(status="withdrawn", submitted_at__isnull=True)
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
        return self.status == self.Status.DRAFT

    @property
    def is_withdrawable(self) -> bool:
        return self.status in self.WITHDRAWABLE


class SavedStep(models.Model):
    """What was typed in one step of a multi-step form, as posted, valid or not (grants.services.save_step_record).

    `version` grows with each save; a save names the version it was editing, so that two members
    editing the same step never overwrite each other silently.
    """

    data = models.JSONField(default=dict)
    is_valid = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ApplicationStep(SavedStep):
    """One wizard step of an application: the formtools storage of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32)

    class Meta:
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
        constraints = [models.UniqueConstraint(fields=["fund", "year"], name="reference_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.fund_id}-{self.year}: {self.last_number}"


class AuditEntry(models.Model):
    """Who did what to which object, from which state to which: written by every state change."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    from_state = models.CharField(_("from state"), max_length=32, blank=True)
    to_state = models.CharField(_("to state"), max_length=32, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class Document(models.Model):
    """One version of one uploaded file. Workflows are in grants/documents/services.py.

    The owner is an application (a foreign key, so the pages' queries stay simple) or, for owners in
    apps that grants must not import such as progress reports, any object through a generic relation;
    a check constraint keeps exactly one of the two. The organization is stored for every owner: it is
    who may see the file. Replaced and removed versions are kept with their object; a pending row is
    an upload that the portal has not verified yet, invisible everywhere else.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being uploaded")
        CURRENT = "current", _("Current")
        REPLACED = "replaced", _("Replaced")
        REMOVED = "removed", _("Removed")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="documents"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )
    owner_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("type, read from its content"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    key = models.CharField(_("object key"), max_length=255, unique=True, editable=False)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replacements",
    )
    uploaded_by = models.ForeignKey(User, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("upload started at"), default=timezone.now)
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("replaced or removed at"), null=True, blank=True)

    class Meta:
        ordering = ["document_type__position", "uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(application__isnull=False, owner_type__isnull=True, owner_id__isnull=True)
                           | Q(application__isnull=True, owner_type__isnull=False, owner_id__isnull=False)),
                name="document_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "current", "replaced", "removed"]), name="document_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(size__gt=0, uploaded_at__isnull=False) & ~Q(sha256="") & ~Q(content_type="")),
                name="document_verified_has_facts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["replaced", "removed"], retired_at__isnull=False)
                | Q(status__in=["pending", "current"], retired_at__isnull=True),
                name="document_retired_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "status"]),
            models.Index(fields=["owner_type", "owner_id", "status"]),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""


# Decisions, awards, agreements and payments live in their own module (issue 5); importing them here makes
# them models of this app.
from grants.awards.models import (  # noqa: E402, F401
    Agreement,
    Amendment,
    Award,
    AwardYear,
    CallYearEnvelope,
    Decision,
    DecisionReasonTemplate,
    Payment,
    ReportingPeriod,
)
