"""The user model: people are known by their e-mail address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_user_model_has_no_username_and_uses_email_as_identity():
    model = get_user_model()
    assert model.USERNAME_FIELD == "email"
    assert "username" not in {f.name for f in model._meta.get_fields()}
    user = model.objects.create_user("Mixed.Case@Example.ORG", "correct-horse-battery")
    assert user.email == "mixed.case@example.org"
    assert user.check_password("correct-horse-battery")
    with pytest.raises(ValueError):
        model.objects.create_user("", "x")
