"""Shared fixtures: one person per role, and an open call."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import CallFactory, MembershipFactory, OrganizationFactory, UserFactory

# moto_endpoint, s3_documents, s3_unreachable: a real S3-compatible server for document tests.
# approved_application, award, accepted_award: decided applications and awards (issue 5).
pytest_plugins = ["tests.s3", "tests.grants.awards.award_factories", "tests.browser_fixtures", "tests.tasks"]


def pytest_configure(config):
    from django.conf import settings

    # A deliberately slow password hash is the point in production and pure waste in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    from django.conf import settings

    lines = [f"database: {settings.DATABASES['default']['ENGINE']}"]
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        lines.append("browser tests: SKIPPED, Debian's chromium is not installed "
                     "(apt-get install -y chromium)")
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test that commits runs with serialized rollback. After one without it, Django's flush makes the
    content types again under new ids, and the next test with it fails to put back the migrated rows ("UNIQUE
    constraint failed: django_content_type"): an outcome that depended on which tests a worker ran first."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        options = dict(marker.kwargs) if marker else {}
        commits = options.get("transaction") or {"transactional_db", "live_server"} & set(item.fixturenames)
        if commits and not options.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**options, "transaction": True, "serialized_rollback": True}),
                            append=False)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test runs on a database an earlier one may have flushed: put back what the data
    migrations seed (funds, pillars, regions, document types, role groups, reason templates) and forget the
    content type ids cached before the flush, so that no test depends on the order tests run in."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        from django.contrib.contenttypes.models import ContentType

        request.getfixturevalue("_django_db_helper")
        ContentType.objects.clear_cache()
        for seed, state_apps in _data_migrations():
            seed(state_apps, None)


_SEEDS: list = []


def _data_migrations():
    """The forward functions of the project's data migrations (seeds: reference lists, role groups), in
    migration order, each with the models of the latest state its tables had before a later migration moved
    them between apps (computed once per test process). Each seed is idempotent."""
    if _SEEDS:
        return _SEEDS
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython, SeparateDatabaseAndState

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key not in plan:
                plan.append(key)

    def is_seed(op):  # seeds have no way back; data moves between schemas have one and run once
        return isinstance(op, RunPython) and op.reverse_code is RunPython.noop

    def is_move(key):
        return any(isinstance(op, SeparateDatabaseAndState) for op in loader.graph.nodes[key].operations)

    states = {}
    for index, key in enumerate(plan):
        seeds = [op.code for op in loader.graph.nodes[key].operations if key[0] in PROJECT_APPS and is_seed(op)]
        if not seeds:
            continue
        later_moves = [i for i in range(index + 1, len(plan)) if is_move(plan[i])]
        # Without a later move, the latest state of every app (the plan's last node alone may not reach this app).
        until = plan[later_moves[0] - 1] if later_moves else None
        if until not in states:
            states[until] = loader.project_state(until, at_end=True).apps
        _SEEDS.extend((seed, states[until]) for seed in seeds)
    return _SEEDS


PROJECT_APPS = {
    "grants", "kernel", "documents", "applications", "conversations", "awards", "scoring", "reporting",
}


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. A French page requested by an earlier test in the same
    process leaves French active in the thread (LocaleMiddleware activates the request's language and nothing
    resets it), and services called directly would then answer in French."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _factory_seed(request):
    """The factories' invented names and values follow the test's own id: the same on every run and on every
    worker, whichever tests ran before, so that a name that happens to matter fails every time or never."""
    import factory.random

    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """allauth's rate limits (e.g. one verification e-mail per address every 3 minutes) live in the cache (the
    database's, as in production), which would otherwise carry over from one test to the next. A test without
    the database has no cache to clear."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from django.core.cache import cache

        request.getfixturevalue("_django_db_helper")
        cache.clear()


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def applicant(db):
    """An organization's owner."""
    return MembershipFactory().user


@pytest.fixture
def organization(applicant):
    return applicant.memberships.get().organization


@pytest.fixture
def other_applicant(db):
    """The owner of a different organization."""
    return MembershipFactory(organization=OrganizationFactory(legal_name="Another Organization")).user


@pytest.fixture
def program_officer(db):
    return UserFactory(email="officer@example.org", roles=["program_officer"])


@pytest.fixture
def administrator(db):
    return UserFactory(email="admin@example.org", roles=["administrator"])


@pytest.fixture
def reviewer(db):
    return UserFactory(email="reviewer@example.org", roles=["reviewer"])


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (admin_client signs in as them), with the authenticator app staff must have."""
    return UserFactory(email="admin@example.com", password="password", is_staff=True, is_superuser=True)


@pytest.fixture
def open_call(db):
    return CallFactory()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
