"""The deadline rush's simulated people (Locust; started by bench/rush/run.py, never with Django in the process).

Applicants sign in, open the wizard, save a step every few seconds, upload the budget workbook through the
presigned flow (portal, then straight to the bucket, then the portal's confirmation) and submit at a moment drawn
in the last minutes before the deadline. Program officers browse staff lists meanwhile. Every save and submission
the portal acknowledged is written to acks.jsonl, which bench/rush/verify.py checks against the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

OUT = Path(os.environ["RUSH_OUT"])
PLAN = json.loads((OUT / "plan.json").read_text())
DEADLINE = float(os.environ["RUSH_DEADLINE"])  # epoch seconds: the call closes then
WORKBOOK = (OUT / "budget-workbook.xlsx").read_bytes()
ACKS = (OUT / "acks.jsonl").open("a", buffering=1)
_applicants = itertools.count()
_staff = itertools.count()
TEXT = {"organization": "organization-mandate", "project": "project-description", "budget": "budget-notes"}
EDITED = ["eligibility", "organization", "project", "budget", "declarations"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="step_version" value="(\d+)"')


def ack(**entry) -> None:
    ACKS.write(json.dumps(entry) + "\n")


class Person(HttpUser):
    abstract = True

    def sign_in(self, who: dict) -> None:
        self.client.headers["X-Forwarded-For"] = who["ip"]  # a client behind the (trusted) load balancer
        page = self.client.get("/accounts/login/", name="GET sign-in")
        self.client.post("/accounts/login/", name="POST sign-in", data={
            "login": who["email"], "password": PLAN["password"], "csrfmiddlewaretoken": CSRF.search(page.text)[1],
        })

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Applicant(Person):
    wait_time = between(*(float(s) for s in os.environ.get("RUSH_PACE", "2,6").split(",")))
    fixed_count = int(os.environ.get("RUSH_APPLICANTS", 200))

    def on_start(self):
        self.me = PLAN["applicants"][next(_applicants) % len(PLAN["applicants"])]
        self.pk = self.me["application"]
        self.submit_at = DEADLINE - random.uniform(15, 180)
        self.saved: set[str] = set()
        self.saves = 0
        self.uploaded = self.submitted = False
        self.sign_in(self.me)
        self.client.get(f"/applications/{self.pk}/edit/", name="GET wizard")

    @task
    def work(self):
        if self.submitted:
            self.client.get("/dashboard/", name="GET dashboard")
        elif time.time() >= self.submit_at and self.uploaded and self.saved >= set(EDITED):
            self.submit()
        elif not self.uploaded and self.saves >= 3:
            self.upload()
        else:
            self.save(EDITED[self.saves % len(EDITED)])

    def save(self, step: str) -> None:
        url = f"/applications/{self.pk}/edit/{step}/"
        with self.client.get(url, name="GET wizard step", catch_response=True) as page:
            found = VERSION.search(page.text or "")
            if not found:
                page.failure(f"no step form: {page.status_code}")
                return
        version = int(found[1])
        data = {key: list(values) for key, values in self.me["steps"][step].items()}
        marker = f"save {self.saves} of {self.me['email']}"
        if step in TEXT:
            data[TEXT[step]] = [f"{data[TEXT[step]][0]} ({marker})"]
        data.update({f"application_{self.pk}-current_step": [step], "step_version": [str(version)],
                     "csrfmiddlewaretoken": [self.csrf()]})
        with self.client.post(url, data=data, name="POST wizard step (save)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302 and "/edit/" in response.headers.get("Location", ""):
                ack(application=self.pk, step=step, version=version + 1, marker=marker if step in TEXT else None)
                self.saved.add(step)
                self.saves += 1
            else:
                response.failure(f"save not acknowledged: {response.status_code}")

    def upload(self) -> None:
        with self.client.post(f"/applications/{self.pk}/documents/presign/", name="POST presign", data={
            "document_type": "budget-workbook", "name": "budget-workbook.xlsx", "size": str(len(WORKBOOK)),
            "csrfmiddlewaretoken": self.csrf(),
        }, catch_response=True) as answer:
            if answer.status_code != 200 or "url" not in (answer.text or ""):
                answer.failure(f"no upload form: {answer.status_code}")
                return
            presigned = answer.json()
        with self.client.post(presigned["url"], data=presigned["fields"], name="POST file to the bucket",
                              files={"file": ("budget-workbook.xlsx", WORKBOOK)}, catch_response=True) as sent:
            if sent.status_code not in (200, 201, 204):
                sent.failure(f"bucket answered {sent.status_code}")
                return
        confirmed = self.client.post(presigned["confirm_url"], name="POST confirm upload", data={
            "key": presigned["key"], "csrfmiddlewaretoken": self.csrf()})
        self.uploaded = confirmed.status_code == 200 and "redirect" in confirmed.json()

    def submit(self) -> None:
        self.client.get(f"/applications/{self.pk}/edit/review/", name="GET review page")
        with self.client.post(f"/applications/{self.pk}/submit/", name="POST submit", allow_redirects=False,
                              data={"csrfmiddlewaretoken": self.csrf()}, catch_response=True) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith("/submitted/"):
                ack(application=self.pk, submitted=True)
                self.submitted = True
            else:
                response.failure(f"submission not acknowledged: {response.status_code}")
        if self.submitted:
            self.client.get(f"/applications/{self.pk}/submitted/", name="GET submitted page")


class ProgramOfficer(Person):
    wait_time = between(3, 8)
    fixed_count = int(os.environ.get("RUSH_STAFF", 10))
    PAGES = ["/review/calls/", "/staff/awards/", "/reports/staff/review/", "/reports/staff/portfolio/",
             "/review/calls/rush/screening/"]

    def on_start(self):
        self.sign_in(PLAN["staff"][next(_staff) % len(PLAN["staff"])])

    @task
    def browse(self):
        page = random.choice(self.PAGES)
        self.client.get(page, name=f"GET staff {page}")
