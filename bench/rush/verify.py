# ruff: noqa: E402  (Django is set up before the portal is imported)
"""After the rush (bench/rush/run.py): is everything the portal acknowledged in the database, exactly once?

- every acknowledged save is there: each step's version is at least the last acknowledged one's, and when no
  later save came in (one whose answer the client never got), its text holds the last acknowledged one's words;
- every acknowledged submission is submitted, with one reference number, unique across the call;
- each submission queued exactly one confirmation e-mail per member, and the worker sent them all;
- nothing half-written: a submitted application has its snapshot, time and audit entry; a draft has no reference.
Prints the findings; exits non-zero if any check fails.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, ApplicationStep
from grants.kernel.models import AuditEntry
from grants.organizations.selectors import member_recipients


def drain(seconds: int = 300) -> int:
    """Wait for the worker to empty the queue; the number of tasks still waiting."""
    waiting = DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    deadline = time.monotonic() + seconds
    while waiting.exists() and time.monotonic() < deadline:
        time.sleep(2)
    return waiting.count()


def main(out: Path) -> int:
    acks = [json.loads(line) for line in (out / "acks.jsonl").read_text().splitlines() if line.strip()]
    saves = [a for a in acks if "step" in a]
    submitted_ids = {a["application"] for a in acks if a.get("submitted")}
    problems: list[str] = []
    unanswered = 0

    per_step: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for entry in saves:
        per_step[(entry["application"], entry["step"])].append(entry)
    stored = {(s.application_id, s.step): s for s in ApplicationStep.objects.filter(
        application_id__in={a for a, _ in per_step})}
    for key, entries in per_step.items():
        record = stored.get(key)
        if record is None:
            problems.append(f"save lost: {key}")
            continue
        last = max(entries, key=lambda e: e["version"])
        if record.version < last["version"]:
            problems.append(f"save lost: {key} is at version {record.version}, acknowledged up to {last['version']}")
        elif record.version > last["version"]:
            unanswered += 1  # saved, but the answer never reached the client (connection dropped, time-out)
        elif last["marker"] and not any(last["marker"] in str(v) for v in record.data.values()):
            problems.append(f"save lost: {key} does not hold the last acknowledged text")

    applications = Application.objects.filter(call__slug="rush").select_related("organization")
    submitted = [a for a in applications if a.status == ApplicationStatus.SUBMITTED]
    references = Counter(a.reference for a in submitted)
    if {a.pk for a in submitted} != submitted_ids:
        problems.append(f"{len(submitted_ids)} submissions acknowledged, {len(submitted)} submitted in the database")
    problems += [f"reference {r} used {n} times" for r, n in references.items() if n > 1 or not r]
    audited = Counter(AuditEntry.objects.filter(action="application.submitted").values_list("object_id", flat=True))
    for application in submitted:
        if not (application.snapshot and application.submitted_at and audited[str(application.pk)] == 1):
            problems.append(f"{application.reference}: half-written (snapshot, time or audit entry missing)")
    problems += [f"draft {a.pk} has a reference" for a in applications
                 if a.status == ApplicationStatus.DRAFT and a.reference]

    still_waiting = drain()
    confirmations = Counter()
    statuses = Counter()
    for result in DBTaskResult.objects.filter(task_path="grants.kernel.tasks.send_email"):
        message = result.args_kwargs["kwargs"]["message"]
        if message["template"] == "application_submitted":
            confirmations[(message["to"], message["subject"].split()[1])] += 1
            statuses[result.status] += 1
    for application in submitted:
        for address, _language in member_recipients(application.organization):
            count = confirmations[(address, application.reference)]
            if count != 1:
                problems.append(f"{application.reference}: {count} confirmation e-mail tasks for {address}")

    print(f"acknowledged saves: {len(saves)} on {len(per_step)} steps; acknowledged submissions: {len(submitted_ids)}")
    print(f"submitted in the database: {len(submitted)}, distinct references: {len(references)}")
    print(f"confirmation e-mails queued: {sum(confirmations.values())} ({dict(statuses)}); "
          f"tasks still waiting: {still_waiting}")
    print(f"lost saves: {sum(p.startswith('save lost') for p in problems)}; steps holding a later save whose answer "
          f"never reached the client: {unanswered}")
    for problem in problems[:50]:
        print("PROBLEM:", problem)
    print("verification:", "passed" if not problems and not still_waiting else "FAILED")
    return 1 if problems or still_waiting else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
