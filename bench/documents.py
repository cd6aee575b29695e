"""A large document up and down through each path, with the web process's peak memory growth.

    .venv/bin/python bench/documents.py              # 100 MB
    .venv/bin/python bench/documents.py --size-mb 20

It starts, as child processes, moto's S3 server and the portal itself (`manage.py runserver --noreload` on
a throw-away SQLite database and media folder under /tmp), once with documents on local disk and once with
a bucket; this script plays the browser with `requests`. For each path it prints the time, the throughput
and how much the web process's peak resident memory (VmHWM, reset before each step through
/proc/<pid>/clear_refs) rose above its resident size just before the step.

Paths:
  local, portal      the upload form without a bucket: Django streams the file to a temporary file, the
                     portal stores and verifies it; the download is streamed back by the portal.
  S3, direct         presign, the browser POSTs to the bucket, the portal verifies it there (HEAD, ranged
                     GETs, one streamed read for the SHA-256); the download is a redirect to a presigned GET.
  S3, via portal     the same form without JavaScript: streamed to a temporary file, then sent to the bucket.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EMAIL, PASSWORD = "bench@example.org", "bench-password-2026"
CHUNK = 1024 * 1024

SETUP = """
from allauth.account.models import EmailAddress
from grants.applications import services
from grants.organizations.models import Membership, Organization, Region, User
from tests.factories import CallFactory
user = User.objects.create_user("{email}", "{password}", first_name="Bench", last_name="Mark")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
org = Organization.objects.create(
    legal_name="Bench Organization", type="non_profit", registration_number="1234567",
    street_address="1 Main St", city="Toronto", postal_code="M5H 2N2",
    region=Region.objects.get(code="toronto"), phone="416-555-0100", email="office@bench.example.org")
Membership.objects.create(organization=org, user=user, role="owner")
call = CallFactory(documents=["financial-statements", "letters-of-support"])
app = services.application_start(organization=org, call=call, by=user)
print("APPLICATION", app.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, amount, _unit = line.split()
            values[name.rstrip(":")] = int(amount) * 1024
    return values


class Measured:
    """Time a step and the web process's peak memory growth during it."""

    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # the peak starts again from the current size
        self.before = memory(self.pid)["VmRSS"]
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.growth = memory(self.pid)["VmHWM"] - self.before
        return False


def make_file(path: Path, size: int) -> None:
    """A PDF-looking file of `size` bytes (random content, so nothing compresses it)."""
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        left = size - 9
        while left > 0:
            block = os.urandom(min(CHUNK, left))
            out.write(block)
            left -= len(block)


class Portal:
    """One runserver process with its own environment."""

    def __init__(self, env: dict, port: int):
        self.port, self.base = port, f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.base + "/")
        self.session = requests.Session()
        login = self.session.get(self.base + "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        answer = self.session.post(
            self.base + "/accounts/login/",
            allow_redirects=False,
            data={"csrfmiddlewaretoken": token, "login": EMAIL, "password": PASSWORD},
            headers={"Referer": self.base + "/accounts/login/"},
        )
        if answer.status_code != 302:
            raise RuntimeError("could not sign in")

    def csrf(self) -> str:
        return self.session.cookies["csrftoken"]

    def post(self, path: str, **kwargs):
        headers = {"X-CSRFToken": self.csrf(), "Referer": self.base + "/", **kwargs.pop("headers", {})}
        return self.session.post(self.base + path, headers=headers, allow_redirects=False, **kwargs)

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def upload_through_portal(portal: Portal, application: int, code: str, path: Path):
    with path.open("rb") as file:
        response = portal.post(
            f"/applications/{application}/documents/upload/",
            data={"document_type": code},
            files={"file": (path.name, file)},
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 200 and "slot=" not in response.json()["redirect"], response.text[:500]


def download(portal: Portal, document: int) -> int:
    response = portal.session.get(f"{portal.base}/documents/{document}/download/", stream=True)
    received = sum(len(chunk) for chunk in response.iter_content(CHUNK))
    assert response.status_code == 200, response.status_code
    return received


def direct_upload(portal: Portal, application: int, code: str, path: Path) -> float:
    """Presign, POST to the bucket, confirm; returns the seconds the portal spent verifying."""
    presigned = portal.post(
        f"/applications/{application}/documents/presign/",
        data={"document_type": code, "name": path.name, "size": str(path.stat().st_size)},
    ).json()
    with path.open("rb") as file:
        sent = requests.post(presigned["url"], data=presigned["fields"], files={"file": (path.name, file)})
    assert sent.status_code == 204, sent.text[:500]
    start = time.perf_counter()
    confirmed = portal.post(f"/applications/{application}/documents/confirm/", data={"key": presigned["key"]})
    assert confirmed.status_code == 200, confirmed.text[:500]
    return time.perf_counter() - start


def latest_document(env: dict) -> int:
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from grants.documents.models import Document; print(Document.objects.latest('pk').pk)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=100)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024

    work = Path(tempfile.mkdtemp(prefix="documents-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "DEBUG": "True",
        "DOCUMENT_MAX_BYTES": str(size + CHUNK),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    moto = portal = None
    rows = []
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--skip-checks", "-v0"], cwd=ROOT, env=env, check=True
        )
        setup = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SETUP.format(email=EMAIL, password=PASSWORD)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        application = int(re.search(r"APPLICATION (\d+)", setup.stdout).group(1))
        big, small = work / "Financial statements.pdf", work / "warm-up.pdf"
        make_file(big, size)
        make_file(small, 64 * 1024)

        # Local disk, through the portal.
        portal = Portal(env, free_port())
        upload_through_portal(portal, application, "letters-of-support", small)  # warm-up: imports, templates
        download(portal, latest_document(env))
        with Measured(portal.process.pid) as up:
            upload_through_portal(portal, application, "financial-statements", big)
        document = latest_document(env)
        with Measured(portal.process.pid) as down:
            assert download(portal, document) == size
        rows += [
            ("local disk, through the portal", "upload", up),
            ("local disk, through the portal", "download", down),
        ]
        portal.stop()

        # A bucket on moto's server, in its own process so that its memory is not counted.
        moto_port = free_port()
        moto = subprocess.Popen(
            [str(Path(PYTHON).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        endpoint = f"http://127.0.0.1:{moto_port}"
        wait_for(endpoint)
        keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
        boto3.client("s3", endpoint_url=endpoint, region_name="ca-central-1", **keys).create_bucket(
            Bucket="bench-documents", CreateBucketConfiguration={"LocationConstraint": "ca-central-1"}
        )
        env_s3 = {
            **env,
            "AWS_STORAGE_BUCKET_NAME": "bench-documents",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "ca-central-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
        }
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from grants.documents.models import Document; Document.objects.all().delete()",
            ],
            cwd=ROOT,
            env=env_s3,
            check=True,
        )
        portal = Portal(env_s3, free_port())
        direct_upload(portal, application, "letters-of-support", small)  # warm-up: boto3, the bucket probe
        upload_through_portal(portal, application, "letters-of-support", small)
        with Measured(portal.process.pid) as up:
            verifying = direct_upload(portal, application, "financial-statements", big)
        document = latest_document(env_s3)
        with Measured(portal.process.pid) as down:
            assert download(portal, document) == size
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                f"from grants.documents.models import Document; Document.objects.filter(pk={document}).delete()",
            ],
            cwd=ROOT,
            env=env_s3,
            check=True,
        )
        with Measured(portal.process.pid) as via:
            upload_through_portal(portal, application, "financial-statements", big)
        rows += [
            ("S3, direct from the browser", "upload", up),
            ("S3, direct from the browser", "download", down),
            ("S3, without JavaScript (via portal)", "upload", via),
        ]
        portal.stop()
        portal = None

        print(f"\nDocument of {args.size_mb} MB ({size:,} bytes); web process = manage.py runserver\n")
        print(f"{'path':38} {'':9} {'seconds':>8} {'MB/s':>8} {'web peak RSS growth':>20}")
        for path, direction, m in rows:
            throughput, growth = args.size_mb / m.seconds, m.growth / 1024 / 1024
            print(f"{path:38} {direction:9} {m.seconds:8.2f} {throughput:8.1f} {growth:17.1f} MB")
        print(
            f"\nOf the S3 direct upload, the portal's verification (HEAD, ranged GETs, streamed SHA-256) "
            f"took {verifying:.2f} s."
        )
    finally:
        if portal is not None:
            portal.stop()
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
