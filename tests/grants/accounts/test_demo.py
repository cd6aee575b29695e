"""The demo's staff and reviewers share a public authenticator secret; demo_totp prints its code (DEBUG only),
and demo_data makes their authenticators anew when the current key cannot read them."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.urls import reverse

from grants.accounts.demo import DEMO_TOTP_SECRET
from grants.accounts.mfa import totp_secret
from grants.applications.management.commands.demo_data import PASSWORD as DEMO_PASSWORD
from tests.factories import current_code


@pytest.mark.django_db
def test_demo_staff_have_the_documented_authenticator_and_demo_totp_prints_its_code(client, settings, capsys):
    settings.DEBUG = True
    call_command("demo_data")
    call_command("demo_data")

    staff = ["admin@example.org", "officer@example.org", "agente@example.org"] + [
        f"reviewer{n}@example.org" for n in (1, 2, 3)
    ]
    totps = Authenticator.objects.filter(type=Authenticator.Type.TOTP).select_related("user")
    assert sorted(a.user.email for a in totps) == sorted(staff)
    assert {totp_secret(a) for a in totps} == {DEMO_TOTP_SECRET}
    assert not Authenticator.objects.filter(user__email="applicant@example.org").exists()

    capsys.readouterr()
    call_command("demo_totp", "officer@example.org")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    officer = totps.get(user__email="officer@example.org")
    assert TOTP(officer).validate_code(code)

    client.post(reverse("account_login"), {"login": "reviewer1@example.org", "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code(DEMO_TOTP_SECRET)})
    assert client.get(reverse("scoring:dashboard")).status_code == 200


@pytest.mark.django_db
def test_demo_totp_refuses_without_debug_and_for_other_accounts(settings, program_officer):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", program_officer.email)

    settings.DEBUG = True
    with pytest.raises(CommandError, match="its own authenticator app"):
        call_command("demo_totp", program_officer.email)
    with pytest.raises(CommandError, match="no authenticator app"):
        call_command("demo_totp", "nobody@example.org")


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
