"""Staff and reviewers sign in with MFA: allauth.mfa's authenticator app and recovery codes, required of every
staff-side role by grants/accounts/mfa.py, offered to applicants."""

from __future__ import annotations

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from grants.accounts.mfa import totp_secret
from tests.browser_fixtures import enter_totp_code
from tests.factories import MembershipFactory, UserFactory, current_code, totp_code

PASSWORD = "correct-horse-battery"
WHY = "Staff and reviewers must sign in with two-step verification."

# A person of each staff-side kind, without an authenticator app, and a page only that kind may open.
STAFF = {
    "reviewer": (dict(roles=["reviewer"]), "scoring:dashboard"),
    "program officer": (dict(roles=["program_officer"]), "scoring:call_list"),
    "administrator": (dict(roles=["administrator"]), "admin:index"),
    "back-office staff": (dict(is_staff=True), "admin:index"),
    "superuser": (dict(is_staff=True, is_superuser=True), "admin:index"),
}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def sign_in_with_password(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.fixture
def activation_url():
    return reverse("mfa_activate_totp")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", STAFF)
@pytest.mark.parametrize("page", ["own", "dashboard"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, kind, page, activation_url):
    attributes, own_page = STAFF[kind]
    client.force_login(UserFactory(mfa=False, **attributes))
    url = reverse(own_page if page == "own" else "grants:dashboard")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == activation_url
    assert any(WHY in message for message in messages_of(response))
    # Posting is turned away too.
    assert client.post(url).url == activation_url


@pytest.mark.django_db
@pytest.mark.parametrize("kind", STAFF)
def test_staff_with_an_authenticator_open_their_pages(client, kind):
    attributes, own_page = STAFF[kind]
    client.force_login(UserFactory(**attributes))

    assert client.get(reverse(own_page)).status_code == 200
    assert client.get(reverse("grants:dashboard"), follow=True).status_code == 200  # their home (a reviewer's: own)


@pytest.mark.django_db
def test_applicants_are_never_asked(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=applicant).exists()
    assert WHY not in response.content.decode()


@pytest.mark.django_db
def test_an_applicant_may_turn_it_on_from_the_account_security_page(client, applicant):
    client.force_login(applicant)

    page = client.get(reverse("grants:dashboard")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    security = client.get(reverse("mfa_index")).content.decode()
    assert "Off: signing in only asks for your password." in security
    assert f'href="{reverse("mfa_activate_totp")}"' in security


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "mfa_index", {}),
        ("post", "set_language", {"language": "fr", "next": "/"}),
        ("post", "account_logout", {}),
    ],
)
def test_what_staff_without_an_authenticator_may_still_do(client, method, name, data, activation_url):
    client.force_login(UserFactory(roles=["program_officer"], mfa=False))

    response = getattr(client, method)(reverse(name), data)

    assert response.status_code in (200, 302)
    assert getattr(response, "url", None) != activation_url


@pytest.mark.django_db
def test_the_requirement_can_be_switched_off(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(UserFactory(roles=["program_officer"], mfa=False))

    assert client.get(reverse("scoring:call_list")).status_code == 200


# Committed for real: allauth tells of the new app (and so marks this session) once its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_reviewer_sets_up_the_app_after_signing_in_and_the_pages_open(client, activation_url):
    user = UserFactory(roles=["reviewer"], mfa=False)

    response = sign_in_with_password(client, user)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    # allauth asks for the password again before adding an authenticator.
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert any(WHY in message for message in messages_of(response))
    response = client.post(
        reverse("account_reauthenticate"), {"password": PASSWORD, "next": activation_url}, follow=True
    )
    assert response.redirect_chain[-1][0] == activation_url

    html = response.content.decode()
    assert "Set up two-step verification" in html
    # The QR code comes inline from the portal, and the secret is there as text for people who cannot scan.
    qr = re.search(r'<img src="([^"]+)"[^>]*data-totp-qr', html).group(1)
    assert qr.startswith("data:image/svg+xml;base64,")
    secret = re.search(r"<code[^>]*data-totp-secret>([A-Z2-7]+)</code>", html).group(1)
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert '<label class="ontario-label" for="id_code">' in html

    wrong = client.post(activation_url, {"code": "000000" if current_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert 'id="error-summary"' in wrong.content.decode()
    assert "Incorrect code." in wrong.content.decode()

    response = client.post(activation_url, {"code": current_code(secret)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert response.content.decode().count("data-recovery-code") == 10
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert totp_secret(totp) == secret
    assert client.get(reverse("scoring:dashboard")).status_code == 200
    assert client.get(reverse("grants:dashboard"), follow=True).status_code == 200


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_after_the_password(client, program_officer):
    response = sign_in_with_password(client, program_officer)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    page = client.get(response.url).content.decode()
    assert '<label class="ontario-label" for="id_code">Code' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    # Not signed in yet.
    assert client.get(reverse("grants:dashboard")).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_wrong_code_is_refused_with_a_message(client, program_officer):
    sign_in_with_password(client, program_officer)
    right = totp_code(program_officer)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if right != "000000" else "111111"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#id_code">Code: Incorrect code.</a>' in html
    assert client.get(reverse("scoring:call_list")).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_right_code_signs_in(client, program_officer):
    sign_in_with_password(client, program_officer)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(program_officer)})

    assert response.status_code == 302
    assert response.url == reverse("grants:dashboard")
    assert client.get(reverse("scoring:call_list")).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, reviewer):
    code = RecoveryCodes.activate(reviewer).generate_codes()[0]

    sign_in_with_password(client, reviewer)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("scoring:dashboard")).status_code == 200

    client.post(reverse("account_logout"))
    sign_in_with_password(client, reviewer)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.get(reverse("scoring:dashboard")).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_turning_the_app_off_sends_staff_to_set_up_a_new_one(client, program_officer, activation_url):
    sign_in_with_password(client, program_officer)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(program_officer)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.url == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=program_officer).exists()
    assert client.get(reverse("scoring:call_list")).url == activation_url


@pytest.mark.django_db
def test_an_applicant_who_turned_it_on_is_asked_for_the_code(client):
    applicant = MembershipFactory(user=UserFactory(mfa=True)).user

    response = sign_in_with_password(client, applicant)

    assert response.url == reverse("mfa_authenticate")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_a_browser_a_reviewer_sets_up_the_app_then_signs_in_with_it(live_server, new_page, axe):
    base = live_server.url
    user = UserFactory(roles=["reviewer"], mfa=False)
    violations = []
    page = new_page()

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert WHY in page.inner_text("main")
    violations += axe(page)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    violations += axe(page)
    assert page.locator("img[data-totp-qr]").get_attribute("src").startswith("data:image/svg+xml;base64,")
    secret = page.inner_text("[data-totp-secret]")
    page.get_by_label("Code from the app").fill(current_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    violations += axe(page)
    assert page.locator("[data-recovery-code]").count() == 10
    page.get_by_role("link", name="Continue to the portal").click()
    page.wait_for_url(re.compile(r"/review/$"))  # a reviewer's home
    page.goto(f"{base}/accounts/2fa/")
    violations += axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_label("Code").fill("000000" if current_code(secret) != "000000" else "111111")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.locator("#error-summary").is_visible()
    violations += axe(page)
    enter_totp_code(page, user)
    page.wait_for_url(re.compile(r"/review/$"))  # signed in, on a reviewer's home

    assert violations == []


@pytest.mark.django_db
def test_an_app_set_up_in_another_browser_asks_this_session_for_its_code(client, activation_url):
    """A session signed in with the password alone is never upgraded by an app set up elsewhere (perhaps by
    someone else who has the password): it shows the app's code first."""
    user = UserFactory(roles=["program_officer"], mfa=False)
    client.force_login(user)
    assert client.get(reverse("scoring:call_list")).url == activation_url

    TOTP.activate(user, "JBSWY3DPEHPK3PXP")

    response = client.get(reverse("scoring:call_list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_reauthenticate')}?next=%2Freview%2Fcalls%2F"
    assert any("set up for your account after you signed in here" in m for m in messages_of(response))
    assert client.post(reverse("scoring:call_list")).status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "Enter the code from your authenticator app" in page.content.decode()
    wrong = client.post(response.url, {"code": "000000" if current_code("JBSWY3DPEHPK3PXP") != "000000" else "1"})
    assert client.get(reverse("scoring:call_list")).status_code == 302, wrong

    code = current_code("JBSWY3DPEHPK3PXP")
    entered = client.post(response.url, {"code": code, "next": reverse("scoring:call_list")})

    assert entered.status_code == 302 and entered.url == reverse("scoring:call_list")
    assert client.get(reverse("scoring:call_list")).status_code == 200


def test_the_back_office_login_page_hands_over_to_the_portal_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"


UNREADABLE = "Your two-step verification can no longer be checked. Ask an administrator to reset it."


@pytest.mark.django_db
def test_the_database_holds_no_secret_in_clear_and_sign_in_still_works(client, program_officer):
    totp = Authenticator.objects.get(user=program_officer, type=Authenticator.Type.TOTP)
    recovery = RecoveryCodes.activate(program_officer)
    secret, seed = totp_secret(totp), recovery.instance.data["seed"]

    stored = json.dumps(list(Authenticator.objects.filter(user=program_officer).values_list("data", flat=True)))
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert secret not in stored
    assert not re.search(r"[0-9a-f]{80}", stored)  # the recovery codes' seed: 40 random bytes in hex
    assert totp.data["secret"] != secret and seed.startswith("gAAAAA")  # Fernet tokens

    response = sign_in_with_password(client, program_officer)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(program_officer)})
    assert response.url == reverse("grants:dashboard")
    assert client.get(reverse("scoring:call_list")).status_code == 200


@pytest.mark.django_db
def test_recovery_codes_still_work_once(client, reviewer):
    codes = RecoveryCodes.activate(reviewer).generate_codes()
    assert len(codes) == 10

    sign_in_with_password(client, reviewer)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[3]}).status_code == 302
    assert client.get(reverse("scoring:dashboard")).status_code == 200
    stored = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(stored).get_unused_codes() == codes[:3] + codes[4:]


@pytest.mark.django_db
def test_mfa_encryption_key_is_used_when_set(client, settings):
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    user = UserFactory(roles=["program_officer"])
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)

    assert Fernet(settings.MFA_ENCRYPTION_KEY).decrypt(totp.data["secret"].encode()).decode() == totp_secret(totp)
    sign_in_with_password(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(user)}).url == reverse("grants:dashboard")


@pytest.mark.django_db
def test_after_the_key_changes_signing_in_says_to_ask_an_administrator(client, settings, program_officer):
    settings.SECRET_KEY = "another-secret-key-than-the-one-the-secret-was-stored-under"

    response = sign_in_with_password(client, program_officer)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert client.get(reverse("scoring:call_list")).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_malformed_mfa_encryption_key_fails_the_system_check(settings):
    settings.MFA_ENCRYPTION_KEY = "not-a-fernet-key"

    with pytest.raises(SystemCheckError, match="MFA_ENCRYPTION_KEY"):
        call_command("check")
