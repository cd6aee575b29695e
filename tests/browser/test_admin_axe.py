"""The back office that remains (reference lists, users, read-only records) in a real browser: axe-core's WCAG 2.0 A
and AA rules on the list and the change form of every registered model, as a superuser sees them (the most
controls)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from grants.organizations import services as organization_services
from grants.organizations.models import Membership
from tests.browser_fixtures import sign_in
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory, UserFactory
from tests.grants.awards.award_factories import approved_quickly, award_for, close_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"


def a_row_of_everything(officer) -> None:
    """At least one object of each registered model, so that each has a change form to open."""
    call = CallFactory()
    ApplicationFactory(call=call)
    closed = CallFactory()
    close_call(closed)
    [approved] = approved_quickly(call=closed)
    award_for(approved, officer=officer)  # an award, its audit entries and its e-mail task
    owner = MembershipFactory().user
    organization_services.invitation_create(
        organization=owner.memberships.get().organization, email="invitee@example.org",
        role=Membership.Role.EDITOR, by=owner,
    )


def admin_pages() -> list[str]:
    """The index, then each registered model's list and the change form of its first object (its add form when it
    has none)."""
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        first = model.objects.order_by("pk").first()
        pages.append(reverse(f"{name}_change", args=[first.pk]) if first else reverse(f"{name}_add"))
    return pages


def test_every_back_office_page_passes_axe(live_server, new_page, axe):
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    a_row_of_everything(UserFactory(roles=["program_officer"]))
    page = new_page()
    sign_in(page, live_server.url, superuser, PASSWORD)

    violations = []
    for path in admin_pages():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations += axe(page)

    assert violations == [], "\n".join(f"{v['page']} {v['id']} {v['targets']}" for v in violations)
