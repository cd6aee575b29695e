"""Text search over a queryset, in one query whatever it finds: PostgreSQL's full-text search when the database is
PostgreSQL, a case-insensitive match of every word on SQLite (development and the default test run).

The vector is computed at query time over the fields given, with the "simple" configuration: names and titles are in
English and French, so no language's stemming applies, and each word typed matches as a prefix ("harb" finds
"Harbour"). Identifiers (a reference such as CSF-2026-0042, a registration number) are also matched as typed
anywhere inside the value: PostgreSQL's parser splits CSF-2026-0042 into "csf", "-2026" and "-0042", so the
words alone would miss "0042".
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

MAX_TERMS = 8
MAX_LENGTH = 100


def search_words(text: str) -> list[str]:
    """The words of what was typed, lower-cased: letters and digits only, so nothing typed can break a query."""
    return [word.lower() for word in re.findall(r"\w+", (text or "")[:MAX_LENGTH])][:MAX_TERMS]


def text_search(
    queryset: QuerySet, *, text: str, fields: Sequence[str], identifiers: Sequence[str] = ()
) -> QuerySet:
    """The rows of `queryset` matching `text` in `fields` (every word, as a prefix) or in `identifiers` (the text
    as typed, anywhere in the value), best matches first on PostgreSQL; `queryset` unchanged when nothing
    searchable was typed. The queryset's own ordering breaks ties."""
    words = search_words(text)
    if not words:
        return queryset
    typed = text.strip()[:MAX_LENGTH]
    by_identifier = reduce(operator.or_, (Q(**{f"{name}__icontains": typed}) for name in identifiers), Q())
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    if connection.vendor == "postgresql":
        query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
        return (
            queryset.annotate(search_vector=SearchVector(*fields, config="simple"))
            .annotate(search_rank=SearchRank(F("search_vector"), query))
            .filter(Q(search_vector=query) | by_identifier)
            .order_by("-search_rank", *order)
        )
    every_word = reduce(
        operator.and_,
        (reduce(operator.or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words),
    )
    return queryset.filter(every_word | by_identifier)
