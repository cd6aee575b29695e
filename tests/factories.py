"""factory_boy factories: they build the world the tests look at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from grants import services
from grants.demo import complete_application
from grants.models import (
    Application,
    Call,
    DocumentType,
    Fund,
    Membership,
    Organization,
    OrganizationType,
    Region,
    Role,
    User,
)


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
            EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=Role(role).value))
            if {Role.PROGRAM_OFFICER, Role.ADMINISTRATOR} & set(extracted):
                self.is_staff = True
                self.save(update_fields=["is_staff"])


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
