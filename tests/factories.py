"""factory_boy factories: they build the world the tests look at."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.utils import timezone

from grants.accounts.mfa import totp_secret
from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application, Call, Fund
from grants.documents.models import DocumentType
from grants.kernel.roles import Role
from grants.organizations.models import Membership, Organization, OrganizationType, Region, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=Role(role).value))
            if {Role.PROGRAM_OFFICER, Role.ADMINISTRATOR} & set(extracted):
                self.is_staff = True
                self.save(update_fields=["is_staff"])

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Staff and reviewers have an activated authenticator app, as the portal requires before it shows them
        any page (grants/accounts/mfa.py); `mfa=False` leaves it out, `mfa=True` gives one to anyone."""
        if not create:
            return
        if extracted is None:
            extracted = self.is_staff or self.is_superuser or self.groups.filter(name__in=Role.values).exists()
        if extracted:
            TOTP.activate(self, generate_totp_secret())


_counter_typed: dict[str, int] = {}


def totp_code(user: User) -> str:
    """The code the user's authenticator app shows now, computed as allauth does. Like a person, it waits for
    the next code rather than type one in its last seconds, or one already typed (allauth takes each once)."""
    secret = totp_secret(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    period = mfa_settings.TOTP_PERIOD
    while True:
        now = time.time()
        counter, left = int(now // period), period - now % period
        if left > 2 and _counter_typed.get(secret) != counter:
            break
        time.sleep(left + 0.05)
    _counter_typed[secret] = counter
    return format_hotp_value(hotp_value(secret, counter))


def current_code(secret: str) -> str:
    """What an authenticator app with this secret shows now (allauth's arithmetic, no tolerance)."""
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    legal_name = factory.Sequence(lambda n: f"Community Organization {n}")
    type = OrganizationType.NON_PROFIT
    registration_number = "1234567"
    street_address = "100 Queen Street West"
    city = "Toronto"
    postal_code = "M5H 2N2"
    region = factory.LazyFunction(lambda: Region.objects.get(code="toronto"))
    phone = "416-555-0100"
    email = factory.Sequence(lambda n: f"office{n}@org.example.org")
    mandate = "Prevention and survivor support."
    indigenous_led = False


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER


class CallFactory(factory.django.DjangoModelFactory):
    """An open CSF call by default: opened ten days ago, closes in thirty."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    fund = factory.LazyFunction(lambda: Fund.objects.get(code="CSF"))
    slug = factory.Sequence(lambda n: f"call-{n}")
    title_en = factory.Sequence(lambda n: f"Community Supports Call {n}")
    title_fr = factory.Sequence(lambda n: f"Appel de soutien communautaire {n}")
    guidelines_en = "Fund prevention and survivor support."
    guidelines_fr = "Financer la prévention et le soutien aux personnes survivantes."
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    envelope = Decimal("1000000")
    min_request = Decimal("10000")
    max_request = Decimal("200000")
    max_term_years = 3
    eligible_organization_types = factory.LazyFunction(lambda: list(OrganizationType.values))
    status = Call.Status.PUBLISHED

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create:
            self.required_document_types.set(DocumentType.objects.filter(code__in=extracted or ["budget-workbook"]))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with no answers yet."""

    class Meta:
        model = Application

    organization = factory.SubFactory(OrganizationFactory)
    call = factory.SubFactory(CallFactory)
    created_by = None


def submitted_application(*, organization=None, call=None, by=None, **answers) -> Application:
    """A complete application submitted through the real services."""
    call = call or CallFactory()
    if organization is None:
        organization = MembershipFactory().organization
    by = by or organization.memberships.first().user
    application = services.application_start(organization=organization, call=call, by=by)
    complete_application(application, by=by, **answers)
    return services.application_submit(application=application, by=by)
