"""GET /health for load balancers and monitoring: whether this web process can serve.

Answered by a middleware placed first, before the host check and the HTTPS redirect, which a load balancer's
probe (by IP address, over plain HTTP) would fail. It says only ok, degraded or down, per check, and the age of
the queue's oldest waiting task: no host names, versions or error messages.

- database: a query answers. Without it nothing works: the status is 503, and the load balancer takes this
  process out of rotation.
- documents: the document store answers (grants.documents.store, asked at most every 30 seconds).
- queue: the oldest task ready to run has waited less than HEALTH_QUEUE_MAX_AGE seconds, i.e. a worker runs.
A failing document store or queue answers 200 with "degraded": another web process would do no better, so
monitoring raises the alarm from the body rather than the load balancer emptying the pool.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from grants.documents.store import DocumentStore

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/health" and request.method in ("GET", "HEAD"):
            return health()
        return self.get_response(request)


def health() -> JsonResponse:
    checks: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        checks["database"] = "down"
    checks["documents"] = "ok" if _documents_up() else "down"
    age = _queue_age() if checks["database"] == "ok" else None
    checks["queue"] = "ok" if age is not None and age <= settings.HEALTH_QUEUE_MAX_AGE else "stalled"
    if checks["database"] != "ok":
        status = "down"
    elif all(value == "ok" for value in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    response = JsonResponse(
        {"status": status, "checks": checks, "queue_oldest_waiting_seconds": age},
        status=503 if status == "down" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _documents_up() -> bool:
    try:
        return DocumentStore().available()
    except Exception:  # noqa: BLE001 - a health check reports, it never fails the probe
        logger.exception("Health check: the document store could not be asked")
        return False


def _queue_age() -> int | None:
    """Seconds the oldest task that could run now has waited (0 when none waits); None if it cannot be read."""
    now = timezone.now()
    try:
        ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        oldest = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
        deferred = ready.filter(~Q(run_after=get_date_max()), run_after__lte=now).aggregate(at=Min("run_after"))["at"]
    except DatabaseError:
        return None
    since = min((at for at in (oldest, deferred) if at is not None), default=now)
    return max(0, int((now - since).total_seconds()))
