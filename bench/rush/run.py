"""The deadline rush, from one command (`make bench-rush`, or `.venv/bin/python bench/rush/run.py`):

gunicorn (gunicorn.conf.py) with the production settings, the task worker, PostgreSQL and a local S3 server (moto),
then Locust (its own process) with RUSH_APPLICANTS applicants (200) and RUSH_STAFF program officers (10) for
RUSH_MINUTES (10), each applicant pausing RUSH_PACE seconds (2,6) between actions; the call closes a few
seconds before the end. Then it prints p50/p95/p99 per endpoint and the
failures, and checks the database (bench/rush/verify.py). Everything runs on 127.0.0.1 and stops by itself.

Environment: RUSH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/portal_rush, dropped and made anew),
RUSH_APPLICANTS, RUSH_STAFF, RUSH_MINUTES, RUSH_SPAWN_RATE (users started per second, 2), WEB_CONCURRENCY and
GUNICORN_THREADS (gunicorn.conf.py). Output in bench/out/rush/ (Locust's CSV files, the processes' logs).
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "rush"
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("RUSH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_rush")
APPLICANTS = int(os.environ.get("RUSH_APPLICANTS", 200))
STAFF = int(os.environ.get("RUSH_STAFF", 10))
MINUTES = float(os.environ.get("RUSH_MINUTES", 10))
SPAWN_RATE = float(os.environ.get("RUSH_SPAWN_RATE", 2))
NUMBER = re.compile(r"/\d+/")
STEP = re.compile(r"/edit/(?!review/)[a-z]+/$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database() -> None:
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def percentiles(path: Path) -> None:
    print(f"\n{'endpoint':<42} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    with path.open() as stats:
        for row in csv.DictReader(stats):
            name = row["Name"] if row["Name"] != "Aggregated" else "all"
            print(f"{name:<42.42} {row['Request Count']:>8} {row['Failure Count']:>8} "
                  f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}")


def server_side(path: Path) -> None:
    """The same requests as gunicorn timed them (access log): time inside the portal, without the wait for a free
    worker nor the load generator's own delays."""
    times: dict[str, list[int]] = {}
    statuses: dict[int, int] = {}
    for line in path.read_text().splitlines():
        entry = json.loads(line)
        name = entry["method"] + " " + STEP.sub("/edit/<step>/", NUMBER.sub("/<id>/", entry["path"]))
        times.setdefault(name, []).append(entry["ms"])
        statuses[entry["status"] // 100] = statuses.get(entry["status"] // 100, 0) + 1
    print(f"\nserver-side (gunicorn){'':<19} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, values in sorted(times.items(), key=lambda item: -len(item[1]))[:12]:
        values.sort()
        p50, p95, p99 = (values[min(len(values) - 1, int(len(values) * q))] for q in (0.5, 0.95, 0.99))
        print(f"{name:<42.42} {len(values):>8} {p50:>7} {p95:>7} {p99:>7}")
    print("responses by class:", {f"{k}xx": v for k, v in sorted(statuses.items())})


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    fresh_database()
    s3_port, web_port = free_port(), free_port()
    base = f"http://127.0.0.1:{web_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": DATABASE_URL, "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": base, "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "False", "SECURE_COOKIES": "False", "SECURE_HSTS_SECONDS": "0",
        "AWS_STORAGE_BUCKET_NAME": "rush", "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_S3_ADDRESSING_STYLE": "path", "AWS_ACCESS_KEY_ID": "rush", "AWS_SECRET_ACCESS_KEY": "rush",
        "AWS_S3_REGION_NAME": "us-east-1",
        # Delivery is not what is measured: the worker renders nothing, it hands each message to a backend
        # that drops it; the tasks' rows say whether each was sent once.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "MFA_REQUIRED_FOR_STAFF": "False",  # the officers have no authenticator app here
        "TRUSTED_PROXY_COUNT": "1",  # Locust stands for the load balancer: each user has its own address
        "LOG_LEVEL": "WARNING", "TASKS_LOG_LEVEL": "WARNING", "PORTAL_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}", "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "3"),
    }
    processes: list[subprocess.Popen] = []

    def start(name: str, command: list[str], **extra) -> None:
        log = (OUT / f"{name}.log").open("w")
        processes.append(subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=log))

    try:
        start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)])
        wait_for(f"http://127.0.0.1:{s3_port}/")
        boto3.client("s3", endpoint_url=env["AWS_S3_ENDPOINT_URL"], region_name="us-east-1",
                     aws_access_key_id="rush", aws_secret_access_key="rush").create_bucket(Bucket="rush")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        subprocess.run([sys.executable, "bench/rush/seed.py", str(APPLICANTS), str(STAFF), str(OUT)],
                       cwd=ROOT, env=env, check=True)
        start("gunicorn", [str(BIN / "gunicorn"), "portal.wsgi", "--access-logfile", str(OUT / "access.log")])
        start("worker", [sys.executable, "manage.py", "db_worker", "--no-reload"])
        wait_for(f"{base}/health")
        deadline = time.time() + MINUTES * 60 - 10
        manage(env, "shell", "--verbosity", "0", "-c",
               "from grants.applications.models import Call; from datetime import datetime, timezone; "
               f"Call.objects.filter(slug='rush').update(closes_at=datetime.fromtimestamp({deadline}, timezone.utc))")
        print(f"Rush: {APPLICANTS} applicants and {STAFF} officers for {MINUTES:g} minutes against {base} ...",
              flush=True)
        subprocess.run(
            [str(BIN / "locust"), "-f", "bench/rush/locustfile.py", "--headless", "--only-summary",
             "-u", str(APPLICANTS + STAFF), "-r", str(SPAWN_RATE), "-t", f"{int(MINUTES * 60)}s",
             "--host", base, "--csv", str(OUT / "locust"), "--exit-code-on-error", "0"],
            cwd=ROOT, env={**env, "RUSH_OUT": str(OUT), "RUSH_DEADLINE": str(deadline),
                           "RUSH_APPLICANTS": str(APPLICANTS), "RUSH_STAFF": str(STAFF),
                           "RUSH_PACE": os.environ.get("RUSH_PACE", "2,6")},
            stdout=(OUT / "locust.log").open("w"), stderr=subprocess.STDOUT, check=True,
        )
        percentiles(OUT / "locust_stats.csv")
        server_side(OUT / "access.log")
        failures = (OUT / "locust_failures.csv").read_text().strip().splitlines()[1:]
        print(f"\nfailures: {len(failures)} kinds" + "".join(f"\n  {line}" for line in failures[:20]))
        return subprocess.run([sys.executable, "bench/rush/verify.py", str(OUT)], cwd=ROOT, env=env).returncode
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
