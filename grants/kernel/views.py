"""Small view helpers shared by every app."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from grants.kernel.errors import ServiceError


def service_errors(fallback: str | Callable[..., str]):
    """A ServiceError the view lets out becomes the page's error message and a redirect to `fallback`: a URL
    name reversed with the view's own keyword arguments, or a callable taking (request, **kwargs) and returning
    a URL. The view itself only handles success.

    A page's script that posts asking for JSON (Accept: application/json) gets {"redirect": url} instead of a
    redirect, and goes there itself: the message waits on that page.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ServiceError as error:
                messages.error(request, error.message)
                url = fallback(request, **kwargs) if callable(fallback) else resolve_url(fallback, **kwargs)
                return redirect_or_json(request, url)

        return wrapper

    return decorator


def redirect_or_json(request, url: str):
    """A redirect to `url`, or {"redirect": url} for a page's script that asked for JSON."""
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"redirect": url})
    return redirect(url)


def safe_next(request, url: str | None, default: str) -> str:
    """`url` when it points into this site, else `default` (a URL or URL name): never an open redirect."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return resolve_url(default)


# An id no row has, reversed once and replaced by "{}": a list builds each row's link with str.format, which
# costs a fraction of a reverse() ({% url %}) per row.
_ID_PLACEHOLDER = 918273645


def url_format(name: str) -> str:
    """The URL of the view `name`, whose one argument is an integer id, as a format string: "/x/{}/"."""
    return reverse(name, args=[_ID_PLACEHOLDER]).replace(str(_ID_PLACEHOLDER), "{}", 1)
