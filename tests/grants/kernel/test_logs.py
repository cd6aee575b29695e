"""Structured logs: one JSON object per line, with the id of the request the line belongs to."""

import json
import logging

import pytest
from django.conf import settings
from django.utils.log import configure_logging

from grants.kernel.logs import JsonFormatter, RequestIdFilter, request_id
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_keeps_the_proxys(client):
    made = client.get("/accounts/login/")
    given = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-4f2a9c1e-77")
    hostile = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")

    assert len(made["X-Request-ID"]) == 32
    assert given["X-Request-ID"] == "lb-4f2a9c1e-77"
    assert hostile["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and len(hostile["X-Request-ID"]) == 32


def test_a_log_line_is_json_with_the_request_id():
    record = logging.LogRecord("grants.x", logging.WARNING, __file__, 1, "Sent %s", ("it",), None)
    token = request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)

    line = json.loads(JsonFormatter().format(record))

    assert line["request_id"] == "abc123def456"
    assert line["message"] == "Sent it" and line["level"] == "WARNING" and line["logger"] == "grants.x"


def test_a_line_logged_while_answering_a_request_names_it(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    caplog.handler.addFilter(RequestIdFilter())  # as the console handler of settings.LOGGING has it
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="probe-123456789")

    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "probe-123456789" and "Not Found" in line["message"]


def test_a_refusal_is_one_line_without_a_traceback(client, capfd):
    """Django logged a 403 twice with its full traceback (its own console handler and ours): now one line."""
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    client.force_login(UserFactory())
    capfd.readouterr()

    assert client.get("/staff/calls/").status_code == 403

    logged = capfd.readouterr().err
    assert logged.count("Forbidden (Permission denied): /staff/calls/") == 1
    assert "Traceback" not in logged
