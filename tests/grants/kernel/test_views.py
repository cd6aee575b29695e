"""The kernel's view helpers: a refusal becomes the page's message and a redirect (or, for a page's script,
where to go); `next` never leads off the site."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from grants.kernel.errors import DeadlineError, TransitionError
from grants.kernel.views import safe_next, service_errors, url_format


def post(path: str = "/somewhere/", secure: bool = False, **headers):
    """A POST as the portal's middleware hands it to a view: with a session and its messages."""
    request = RequestFactory().post(path, secure=secure, headers=headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def shown(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


@service_errors("grants:organization_detail")
def remove_someone(request, pk: int):
    raise TransitionError("An organization needs at least one owner.")


@service_errors(lambda request, pk, **kwargs: f"/applications/{pk}/edit/review/")
def submit(request, pk: int, step: str = "review"):
    raise DeadlineError("The call closed at 5:00 p.m.")


@service_errors("grants:dashboard")
def succeed(request):
    return "the view's own answer"


@service_errors("grants:dashboard")
def fail(request):
    raise ValueError("not a refusal")


def test_a_refusal_becomes_the_message_and_a_redirect_to_the_named_page_with_the_views_arguments():
    request = post()

    response = remove_someone(request, pk=7)

    assert response.status_code == 302
    assert response.url == reverse("grants:organization_detail", kwargs={"pk": 7})
    assert shown(request) == [("error", "An organization needs at least one owner.")]


def test_a_callable_fallback_gets_the_request_and_the_views_arguments():
    request = post()

    response = submit(request, pk=12, step="review")

    assert response.url == "/applications/12/edit/review/"
    assert shown(request) == [("error", "The call closed at 5:00 p.m.")]


def test_a_page_script_asking_for_json_is_told_where_to_go_and_the_message_waits_there():
    request = post(Accept="application/json")

    response = remove_someone(request, pk=7)

    assert response.status_code == 200
    assert json.loads(response.content) == {"redirect": reverse("grants:organization_detail", kwargs={"pk": 7})}
    assert shown(request) == [("error", "An organization needs at least one owner.")]


def test_success_and_other_errors_pass_through_untouched():
    request = post()

    assert succeed(request) == "the view's own answer"
    with pytest.raises(ValueError, match="not a refusal"):
        fail(request)
    assert shown(request) == []


@pytest.mark.parametrize("url", ["/calls/", "/applications/3/?page=2"])
def test_next_within_the_site_is_followed(url):
    assert safe_next(post(), url, "grants:dashboard") == url


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/path", "http://testserver.evil.example/", "javascript:alert(1)",
            "", None],
)
def test_next_outside_the_site_or_missing_falls_back_to_the_default(url):
    assert safe_next(post(), url, "grants:dashboard") == reverse("grants:dashboard")


def test_next_on_this_host_is_followed_and_a_secure_page_never_sends_to_plain_http():
    assert safe_next(post(), "http://testserver/calls/", "/") == "http://testserver/calls/"
    assert safe_next(post(secure=True), "http://testserver/calls/", "/") == "/"


@pytest.mark.parametrize("name", ["grants:application_detail", "grants:decision_edit", "grants:award_detail"])
def test_url_format_gives_what_reverse_gives(name):
    assert url_format(name).format(7) == reverse(name, args=[7])
    assert url_format(name).format(918273645) == reverse(name, args=[918273645])
