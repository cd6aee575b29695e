import pytest

from tests.scoring.factories import ClosedCallFactory, rubric_for


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password per user; the production hasher takes most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review_call(db):
    """A closed call in the reviewing phase, two reviewers per application, with a two-criterion rubric
    (the second may be marked not applicable)."""
    call = ClosedCallFactory()
    rubric_for(call, (2, 0, 5, False), (1, 0, 5, True))
    return call


@pytest.fixture
def criteria(review_call):
    return list(review_call.rubric.criteria.order_by("position"))
