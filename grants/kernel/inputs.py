"""What people send, cleaned once at the edge (InputMiddleware, first in settings.MIDDLEWARE after security and
static files), so that no view, form, query or saved step ever meets a control character.

- The address: a path with a control character (`/invitations/%00/`) names nothing; it is a 404 page.
- Query strings and cookies: control characters are dropped (`?fund=%00` is the same as `?fund=`).
- Posted text: control characters are dropped, line breaks become "\n" (browsers send "\r\n", which would
  count twice against a field's limit), and a value longer than MAX_VALUE_LENGTH, far above every field's own
  limit, is cut there. The page then says so (a message), and shows the rest of what was typed, kept.
  Posted files are left to the document checks (grants.documents.checks), which name what is wrong.

Tabs and line breaks are text; the other C0 and C1 control characters (NUL among them: PostgreSQL refuses it,
XML and so XLSX cannot hold it) are not.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("\r\n?")
# A backstop, not a field's limit: forms state their own, all far below it.
MAX_VALUE_LENGTH = 100_000


def strip_controls(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def clean_value(value: str) -> tuple[str, bool, bool]:
    """(the value as kept, whether control characters were removed, whether it was cut)."""
    stripped = strip_controls(value)
    kept = LINE_BREAKS.sub("\n", stripped)
    return kept[:MAX_VALUE_LENGTH], len(stripped) != len(value), len(kept) > MAX_VALUE_LENGTH


def clean_querydict(data: QueryDict) -> tuple[QueryDict, bool, bool]:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    removed = cut = False
    for key, values in data.lists():
        clean_key, key_removed, _key_cut = clean_value(key)
        for value in values:
            if isinstance(value, str):
                value, value_removed, value_cut = clean_value(value)
                removed, cut = removed or value_removed, cut or value_cut
            cleaned.appendlist(clean_key, value)
        removed = removed or key_removed
    cleaned._mutable = False
    return cleaned, removed, cut


class InputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET, _removed, _cut = clean_querydict(request.GET)
        request.COOKIES = {strip_controls(k): strip_controls(v) for k, v in request.COOKIES.items()}
        self._clean_post_when_read(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here rather than in __call__, so that the 404 page has the person's session and language.
        if CONTROL_CHARACTERS.search(request.path):
            raise Http404

    @staticmethod
    def _clean_post_when_read(request) -> None:
        """The body is parsed when a view (or the CSRF check) first reads POST or FILES, never here: a view
        may still set its own upload handlers before that (grants.documents.views.document_upload)."""
        load = request._load_post_and_files

        def load_and_clean():
            load()
            request._post, removed, cut = clean_querydict(request._post)
            if hasattr(request, "_messages"):
                if removed:
                    messages.warning(
                        request,
                        _(
                            "Invisible control characters were removed from what you sent; everything else "
                            "is kept. Check the text before you go on."
                        ),
                    )
                if cut:
                    messages.warning(
                        request,
                        _(
                            "A text you sent was longer than %(limit)s characters, far more than any field "
                            "takes: only its first %(limit)s characters were kept."
                        )
                        % {"limit": number_format(MAX_VALUE_LENGTH, force_grouping=True)},
                    )

        request._load_post_and_files = load_and_clean
