"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The id comes from the proxy's X-Request-ID header when it sends a plausible one (so the proxy's logs and ours
join), else it is made here; the response carries it back in X-Request-ID. A hand-written formatter of a few
lines rather than another dependency: the fields are the standard record's.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        # Not reset on the way out: Django logs a response's 4xx status after the middleware has returned, and the
        # next request on this thread sets its own id.
        request_id.set(given if _PLAUSIBLE_ID.fullmatch(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if status := getattr(record, "status_code", None):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RefusalFilter(logging.Filter):
    """A 403 is the portal answering as designed, not a fault: one line naming the address, without the traceback
    of the PermissionDenied behind it (django.request attaches it to every refusal)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
