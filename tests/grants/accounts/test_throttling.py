"""Sign-in throttling holds across web workers: gunicorn with two worker processes over real HTTP, counting in the
shared database cache. Five failed sign-ins lock the account whichever worker answers; a third party failing
from the same address locks out no one else."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.tasks import free_port

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct-horse-battery"
TOO_MANY = "Too many failed login attempts. Try again later."

USERS = """
from allauth.account.models import EmailAddress
from grants.organizations.models import User
for email in ("victim@example.org", "bystander@example.org"):
    user = User.objects.create_user(email=email, password="correct-horse-battery")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
"""


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """gunicorn (gunicorn.conf.py) with two worker processes on a SQLite file of its own; yields (url, access log)."""
    folder = tmp_path_factory.mktemp("two-workers")
    log = folder / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "True", "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": str(folder / "media"), "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    for command in (["migrate", "--noinput"], ["shell", "-c", USERS]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--access-logfile", str(log)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "2"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/health", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=30)


class Browser:
    """One keep-alive connection (so one worker answers all its requests), signing in as a person would."""

    def __init__(self, url: str, log: Path):
        self.url, self.log, self.session = url, log, requests.Session()

    def sign_in(self, email: str, password: str) -> tuple[str, str]:
        """(what the page said, the worker that answered the attempt)."""
        page = self.session.get(f"{self.url}/accounts/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        before = len(self.sign_in_lines())
        response = self.session.post(
            f"{self.url}/accounts/login/", {"login": email, "password": password, "csrfmiddlewaretoken": token},
            allow_redirects=False, timeout=10,
        )
        said = "signed in" if response.status_code == 302 else (TOO_MANY if TOO_MANY in response.text else "refused")
        return said, self.worker_of_line(before)

    def sign_in_lines(self) -> list[dict]:
        lines = [json.loads(line) for line in self.log.read_text().splitlines()]
        return [line for line in lines if line["method"] == "POST" and line["path"] == "/accounts/login/"]

    def worker_of_line(self, number: int) -> str:
        for _ in range(100):  # gunicorn writes the access line just after the response
            lines = self.sign_in_lines()
            if len(lines) > number:
                return lines[number]["worker"]
            time.sleep(0.05)
        raise AssertionError("no access log line for the sign-in")


def browsers_on_both_workers(url: str, log: Path) -> tuple[Browser, Browser]:
    """Open connections until two are held by different workers (each keeps its connection alive)."""
    by_worker: dict[str, Browser] = {}
    for _ in range(20):
        browser = Browser(url, log)
        browser.session.get(f"{url}/accounts/login/", timeout=10)
        worker = [json.loads(line) for line in log.read_text().splitlines()][-1]["worker"]
        by_worker.setdefault(worker, browser)
        if len(by_worker) == 2:
            return tuple(by_worker.values())
    pytest.fail("every connection went to the same worker")


def test_five_failures_lock_the_account_whichever_worker_answers(two_workers):
    url, log = two_workers
    first, second = browsers_on_both_workers(url, log)

    answers = [(first if attempt % 2 else second).sign_in("victim@example.org", "wrong-password")
               for attempt in range(9)]

    assert [said for said, _ in answers] == ["refused"] * 5 + [TOO_MANY] * 4
    assert len({worker for _, worker in answers}) == 2, answers
    # The right password is refused too while the lock lasts, on either worker.
    assert first.sign_in("victim@example.org", PASSWORD)[0] == TOO_MANY
    assert second.sign_in("victim@example.org", PASSWORD)[0] == TOO_MANY


def test_a_third_party_failing_from_the_same_address_locks_out_no_one_else(two_workers):
    url, log = two_workers
    first, second = browsers_on_both_workers(url, log)

    for attempt in range(12):  # more than allauth's default of 10 failures a minute per address
        said, _ = (first if attempt % 2 else second).sign_in(f"guess{attempt}@example.org", "guess")
        assert said == "refused"

    assert first.sign_in("bystander@example.org", PASSWORD)[0] == "signed in"
    assert second.sign_in("bystander@example.org", PASSWORD)[0] == "signed in"
