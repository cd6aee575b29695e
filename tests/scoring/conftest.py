import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.scoring.factories import ClosedCallFactory, rubric_for


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password per user; the production hasher takes most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. A French page requested by an earlier test in the same
    process leaves French active in the thread (LocaleMiddleware activates the request's language and nothing
    resets it), and the services called directly here would then answer in French."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


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
