"""People and organizations: the user model, organizations, their members and invitations, and the reference
lists (pillars, populations, regions) every stage points at. Fields, constraints and small derived properties.

Writes are in services.py; reads with their annotations in selectors.py; permissions in rules.py.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from grants.kernel.models import ReferenceData
from grants.kernel.roles import Role


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
    # Moves whenever the person's groups change (grants/organizations/access.py): a session keeps the role names
    # it read under this number and reads them again once it moves.
    access_version = models.PositiveIntegerField(default=0, editable=False)

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


class OrganizationType(models.TextChoices):
    NON_PROFIT = "non_profit", _("Non-profit organization")
    CHARITY = "charity", _("Registered charity")
    INDIGENOUS_ORGANIZATION = "indigenous_org", _("Indigenous organization")
    FIRST_NATION = "first_nation", _("First Nation")
    METIS = "metis", _("Métis organization")
    INUIT = "inuit", _("Inuit organization")
    MUNICIPALITY = "municipality", _("Municipality")
    OTHER = "other", _("Other")


# Organizations whose awards are withheld from every public output until an owner consents (OCAP), with those
# that attest they are Indigenous-led (Organization.is_indigenous).
INDIGENOUS_TYPES = (
    OrganizationType.INDIGENOUS_ORGANIZATION,
    OrganizationType.FIRST_NATION,
    OrganizationType.METIS,
    OrganizationType.INUIT,
)


class PublicLabel(models.TextChoices):
    """How an Indigenous organization's services are labelled in the public directory: its own choice."""

    NONE = "", _("No label")
    INDIGENOUS_LED = "indigenous_led", _("Indigenous-led")
    FIRST_NATIONS_LED = "first_nations_led", _("First Nations-led")
    METIS_LED = "metis_led", _("Métis-led")
    INUIT_LED = "inuit_led", _("Inuit-led")
    OWN_WORDS = "own_words", _("In our own words")


postal_code_validator = RegexValidator(
    r"^[KLMNP]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$",
    _("Enter an Ontario postal code, for example K1A 0B1."),
)


phone_validator = RegexValidator(
    r"^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$",
    _("Enter a 10-digit telephone number, for example 416-555-0123."),
)


def normalize_postal_code(value: str) -> str:
    """k1a0b1, K1A 0B1, K1A-0B1 -> K1A 0B1 (when it has six characters)."""
    value = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    return f"{value[:3]} {value[3:]}" if len(value) == 6 else value

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
    # Any change to the profile, publication settings or consent: the open-data feeds' Last-Modified.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # What the public directory and the open data show (grants/publishing), chosen by the organization.
    location_confidential = models.BooleanField(
        _("Our service location is confidential"),
        default=False,
        help_text=_(
            "For example a shelter or safe house. Then no address, postal code or city is published anywhere: "
            "only the region."
        ),
    )
    public_description_en = models.TextField(_("public description (English)"), max_length=600, blank=True)
    public_description_fr = models.TextField(_("public description (French)"), max_length=600, blank=True)
    public_phone = models.CharField(_("public telephone"), max_length=30, blank=True)
    public_email = models.EmailField(_("public e-mail address"), blank=True)
    public_website = models.URLField(_("public website"), blank=True)
    public_label = models.CharField(
        _("label in the directory"), max_length=20, choices=PublicLabel.choices, blank=True
    )
    public_label_en = models.CharField(_("label in your own words (English)"), max_length=80, blank=True)
    public_label_fr = models.CharField(_("label in your own words (French)"), max_length=80, blank=True)
    # An Indigenous organization's consent to publish its awards (OCAP): who gave it and when; revoking clears
    # both. Each consent and revocation is in the audit log.
    publication_consent_at = models.DateTimeField(_("consent to publish given at"), null=True, blank=True)
    publication_consent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("consent to publish given by"),
    )

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication_consent_by__isnull=True)
                | models.Q(publication_consent_at__isnull=False),
                name="organization_consent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def is_indigenous(self) -> bool:
        """An Indigenous organization by type or by attestation: its awards need its consent to be published."""
        return self.type in INDIGENOUS_TYPES or self.indigenous_led

    @property
    def is_publishable(self) -> bool:
        """The rule grants.organizations.selectors.publishable() applies in queries."""
        return not self.is_indigenous or self.publication_consent_at is not None

    @property
    def public_name(self) -> str:
        return self.operating_name or self.legal_name

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
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_address",
                violation_error_message=_("This address already has a pending invitation to the organization."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_pending(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


