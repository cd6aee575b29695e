"""The secrets allauth.mfa keeps (authenticator apps' TOTP secrets, the recovery codes' seed) are stored
encrypted by grants.accounts.mfa.MFAAdapter: under MFA_ENCRYPTION_KEY when set, else a key derived from SECRET_KEY."""

from __future__ import annotations

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from grants.accounts.demo import DEMO_TOTP_SECRET
from grants.accounts.mfa import totp_secret
from tests.factories import UserFactory, totp_code

PASSWORD = "correct-horse-battery"
UNREADABLE = "Your two-step verification can no longer be checked. Ask an administrator to reset it."


def sign_in_with_password(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


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


@pytest.mark.django_db
def test_demo_data_remakes_authenticators_stored_before_secrets_were_encrypted(client, settings, capsys):
    settings.DEBUG = True
    call_command("demo_data")
    # As a database made before this change has them: the secret and the seed in clear.
    for authenticator in Authenticator.objects.all():
        if authenticator.type == Authenticator.Type.TOTP:
            authenticator.data = {"secret": DEMO_TOTP_SECRET}
        else:
            authenticator.data = {"seed": "ab" * 40, "used_mask": 0}
        authenticator.save()
    with pytest.raises(CommandError, match="run `manage.py demo_data` again"):
        call_command("demo_totp", "officer@example.org")

    call_command("demo_data")

    totps = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert totps.count() == 6
    assert {totp_secret(a) for a in totps} == {DEMO_TOTP_SECRET}
    assert not Authenticator.objects.filter(data__secret=DEMO_TOTP_SECRET).exists()
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 6
    capsys.readouterr()
    call_command("demo_totp", "officer@example.org")
    assert re.fullmatch(r"\d{6}", capsys.readouterr().out.strip())
