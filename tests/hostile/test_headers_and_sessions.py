"""What every response promises: a Content-Security-Policy with no inline script (pages run under it in a
browser without a violation), `Cache-Control: no-store` on every private file, one valid invitation per address
and organization even when two are sent at the same moment."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from grants.documents.models import Document
from grants.organizations import services as organizations
from grants.organizations.models import Invitation
from tests.browser_fixtures import sign_in
from tests.factories import MembershipFactory, UserFactory, current_code, submitted_application

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_page_carries_a_policy_without_inline_script(client, db):
    policy = client.get(reverse("grants:call_list"))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_with_documents_in_a_bucket_pages_may_send_files_to_it(client, db, s3_documents):
    policy = client.get(reverse("grants:call_list"))["Content-Security-Policy"]

    connect = next(part for part in policy.split(";") if part.strip().startswith("connect-src"))
    assert s3_documents.endpoint in connect.split()


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("inline script", r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"),
        ("event handler attribute", r"<[a-z][^>]*\son[a-z]+\s*="),
        ("style attribute", r"<[a-z][^>]*\sstyle\s*="),
        ("javascript: link", r"href\s*=\s*[\"']?javascript:"),
    ],
)
def test_no_template_has_what_the_policy_forbids(what, pattern):
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}"
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(pattern, path.read_text(), flags=re.I)
    ]
    assert found == [], what


@pytest.mark.browser
def test_pages_run_under_the_policy_without_a_violation(
    live_server, new_page, applicant, organization, open_call
):
    application = submitted_application(organization=organization, call=open_call, by=applicant)
    page = new_page(bypass_csp=False)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    base = live_server.url
    page.goto(f"{base}{reverse('grants:call_list')}")
    sign_in(page, base, applicant, "correct-horse-battery")
    for url in (
        reverse("grants:dashboard"),
        reverse("grants:application_detail", args=[application.pk]),
        reverse("grants:organization_detail", args=[organization.pk]),
        reverse("mfa_index"),
    ):
        page.goto(f"{base}{url}")
        page.wait_for_load_state("load")
    assert violations == []


def test_every_private_file_is_never_cached(client, accepted_award, applicant, organization):
    application = accepted_award.application
    document = Document.objects.filter(application=application, status=Document.Status.CURRENT).first()
    client.force_login(applicant)
    urls = [
        reverse("grants:application_pdf", args=[application.pk]),
        reverse("grants:agreement_pdf", args=[accepted_award.pk, 1]),
        reverse("reporting:organization_archive", args=[organization.pk]),
        reverse("grants:document_download", args=[document.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
        assert response["Content-Disposition"].startswith("attachment;"), url


def test_a_second_invitation_to_an_address_replaces_the_first(organization, applicant):
    invite = organizations.invitation_create
    first = invite(organization=organization, email="Dana@Example.org", role="editor", by=applicant)
    second = invite(organization=organization, email="dana@example.org", role="owner", by=applicant)

    pending = Invitation.objects.filter(organization=organization, accepted_at=None, revoked_at=None)
    assert list(pending) == [second]
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps it so
        Invitation.objects.create(
            organization=organization, email="DANA@example.org", token="x", expires_at=second.expires_at
        )


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_ten_owners_inviting_one_address_at_once_leave_one_valid_invitation(
    transactional_db, django_db_serialized_rollback
):
    organization = MembershipFactory().organization
    owners = [MembershipFactory(organization=organization).user for _ in range(10)]
    start = threading.Barrier(len(owners))
    outcomes, lock = [], threading.Lock()

    def invite(owner):
        try:
            start.wait()
            organizations.invitation_create(
                organization=organization, email="dana@example.org", role="editor", by=owner
            )
            result = "sent"
        except Exception as error:  # what a person would get: a server error
            result = type(error).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=invite, args=(owner,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == ["sent"] * 10
    assert Invitation.objects.filter(organization=organization, accepted_at=None, revoked_at=None).count() == 1
    assert Invitation.objects.filter(organization=organization).count() == 10


@pytest.mark.browser
def test_in_a_browser_a_session_asked_for_the_code_of_an_app_set_up_elsewhere(live_server, new_page, axe):
    user = UserFactory(roles=["program_officer"], mfa=False)
    page = new_page()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/"))

    TOTP.activate(user, "JBSWY3DPEHPK3PXP")  # from another browser
    page.goto(f"{base}{reverse('scoring:call_list')}")

    page.wait_for_url(re.compile(r"/accounts/2fa/reauthenticate/"))
    assert "set up for your account after you signed in here" in page.inner_text("main")
    violations = axe(page)
    page.get_by_label("Code").fill(current_code("JBSWY3DPEHPK3PXP"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/review/calls/$"))
    assert violations == []
