"""A call's review figures (screening counts, assignment progress, applications short of reviewers) and the
assignment page's rows, kept in the cache under the kernel's version token (grants.kernel.versions) like the
ranking: every service that screens, assigns, declares or submits audits its change, which replaces the token, so
these pages stop growing with the call. The time limit bounds the one figure that moves without a change: an
assignment becomes overdue when its due date passes, shown at most a minute late.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Page, Paginator

from grants.applications.models import Call
from grants.kernel import versions
from scoring.selectors.staff import assignment_rows, call_progress, screening_counts, short_of_reviewers

CACHE_SECONDS = 60


def call_figures(*, call: Call) -> dict:
    """{"screening": ..., "progress": ..., "short": ...} for the call's overview and assignment page."""
    key = f"scoring:call-figures:{versions.current()}:{call.pk}:{call.reviewers_per_application}"
    found = cache.get(key)
    if found is None:
        found = _figures(call)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _figures(call: Call) -> dict:
    return {
        "screening": screening_counts(call=call),
        "progress": call_progress(call=call),
        "short": short_of_reviewers(call=call),
    }


def assignment_page(*, call: Call, number, per_page: int) -> tuple[Page, dict]:
    """One page of assignment_rows(), as Paginator.get_page() gives it (a number past the end: the last page),
    with the call's figures: one cache entry, so that the page reads the cache once."""
    try:
        asked = max(1, min(int(number), 10**6))
    except (TypeError, ValueError):
        asked = 1
    key = f"scoring:assignment-page:{versions.current()}:{call.pk}:{call.reviewers_per_application}:{per_page}:{asked}"
    found = cache.get(key)
    if found is None:
        page = Paginator(assignment_rows(call=call), per_page).get_page(asked)
        found = (page.paginator.count, page.number, list(page.object_list), _figures(call))
        cache.set(key, found, CACHE_SECONDS)
    count, page_number, rows, figures = found
    return Page(rows, page_number, Paginator(range(count), per_page)), figures
