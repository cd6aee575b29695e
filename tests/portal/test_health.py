"""GET /health for load balancers: database, document store and queue age, and nothing sensitive."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from grants.kernel.notifications import send

pytestmark = pytest.mark.django_db


def health(client, **headers):
    response = client.get("/health", **headers)
    return response, json.loads(response.content)


def test_healthy_with_nothing_waiting(client):
    response, body = health(client)

    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "documents": "ok", "queue": "ok"},
        "queue_oldest_waiting_seconds": 0,
    }
    assert response["Cache-Control"] == "no-store"


def test_a_probe_by_address_over_plain_http_is_answered(client, settings):
    """A load balancer asks by the instance's address, over HTTP, before any host check or HTTPS redirect."""
    settings.ALLOWED_HOSTS = ["grants.example.ca"]
    settings.SECURE_SSL_REDIRECT = True

    response, body = health(client, HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200 and body["status"] == "ok"


def test_a_queue_nobody_works_on_is_reported_degraded_without_taking_the_web_out_of_rotation(client, settings):
    settings.HEALTH_QUEUE_MAX_AGE = 300
    with transaction.atomic():
        send(template="application_withdrawn", to=[("a@example.org", "en")], context={"application": "X"})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))

    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "degraded" and body["checks"]["queue"] == "stalled"
    assert 599 <= body["queue_oldest_waiting_seconds"] <= 610


def test_a_task_waiting_for_its_retry_is_not_a_stalled_queue(client):
    with transaction.atomic():
        send(template="application_withdrawn", to=[("a@example.org", "en")], context={"application": "X"})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(hours=2),
                                run_after=timezone.now() + dt.timedelta(minutes=5))

    response, body = health(client)

    assert body["checks"]["queue"] == "ok" and body["queue_oldest_waiting_seconds"] == 0


def test_an_unreachable_document_store_is_reported(client, s3_unreachable):
    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "degraded" and body["checks"]["documents"] == "down"
    assert "amazonaws" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_only_get_is_the_health_check(client):
    assert client.post("/health").status_code == 404
