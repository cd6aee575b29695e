"""Accounts through allauth's own pages: sign up by e-mail, verify, sign in and out, reset the password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from grants.organizations.models import User
from tests.factories import UserFactory
from tests.tasks import run_worker

PASSWORD = "a-long-passphrase-2026"


def only_link(message, path_fragment: str) -> str:
    """The one link of an e-mail whose path contains `path_fragment`, as a path for the test client."""
    links = re.findall(r"https?://[^\s]+", message.body)
    matches = [link for link in links if path_fragment in link]
    assert len(matches) == 1, message.body
    return re.sub(r"^https?://[^/]+", "", matches[0])


def sign_up(client, email="new.person@example.org", **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Jordan",
        "last_name": "Tremblay",
        "language": "fr",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
def test_sign_up_records_name_and_language_and_sends_a_verification_email(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert (user.first_name, user.last_name, user.language) == ("Jordan", "Tremblay", "fr")
    assert not EmailAddress.objects.get(user=user).verified
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    # The portal's own message, in the language the person chose; no "Hello from <host>".
    assert mailoutbox[0].subject == (
        "Confirmez votre adresse courriel pour le portail des subventions pour la lutte contre la traite des personnes"
    )
    assert "Portail des subventions pour la lutte contre la traite des personnes" in mailoutbox[0].body
    assert "Hello from" not in mailoutbox[0].body


@pytest.mark.django_db
def test_sign_up_with_a_weak_password_keeps_what_was_typed(client):
    response = sign_up(client, password1="short", password2="short")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'value="new.person@example.org"' in html
    assert 'value="Jordan"' in html
    assert not User.objects.filter(email="new.person@example.org").exists()


@pytest.mark.django_db
def test_following_the_verification_link_confirms_on_post_only(client, mailoutbox):
    sign_up(client)
    run_worker()
    link = only_link(mailoutbox[0], "/accounts/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    assert b"<form" in page.content
    assert not EmailAddress.objects.get(email="new.person@example.org").verified

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.org").verified
    # Confirmed in the browser that signed up: signed in straight away.
    assert client.get(reverse("grants:dashboard")).status_code == 200


@pytest.mark.django_db
def test_sign_in_is_refused_until_the_address_is_verified(client, mailoutbox):
    sign_up(client)
    run_worker()
    client.logout()
    mailoutbox.clear()

    response = client.post(
        reverse("account_login"), {"login": "new.person@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    # allauth sends at most one verification e-mail per address every few minutes: the sign-up's still stands.
    run_worker()
    assert mailoutbox == []
    assert b"verif" in client.get(response.url).content.lower()
    dashboard = client.get(reverse("grants:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_verified_person_signs_in_by_email_in_any_case_and_signs_out(client):
    UserFactory(email="casey@example.org")

    response = client.post(
        reverse("account_login"), {"login": "Casey@Example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url == reverse("grants:dashboard")
    assert client.get(reverse("grants:dashboard")).status_code == 200

    client.post(reverse("account_logout"))
    assert client.get(reverse("grants:dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="casey@example.org")

    response = client.post(reverse("account_login"), {"login": "casey@example.org", "password": "not-it"})

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert 'value="casey@example.org"' in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_email(client, mailoutbox):
    UserFactory(email="casey@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "casey@example.org"})
    assert response.status_code == 302
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Reset your password for the Anti-Human Trafficking Grants portal"
    link = only_link(mailoutbox[0], "/accounts/password/reset/key/")

    # allauth moves the key out of the address into the session before showing the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert done.status_code == 302

    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": "casey@example.org", "password": "a-brand-new-passphrase"}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("grants:dashboard")
    # The link works once.
    reused = client.get(link, follow=True)
    assert 'name="password1"' not in reused.content.decode()
    assert "invalid" in reused.content.decode().lower()
