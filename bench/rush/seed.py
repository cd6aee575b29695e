# ruff: noqa: E402  (Django is set up before the portal is imported)
"""The deadline rush's world (run by bench/rush/run.py, production settings): one open call needing a budget
workbook, N applicant organizations each with a draft, M program officers; writes the plan the Locust users read."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from grants.applications import services
from grants.applications.demo import sample_xlsx, step_answers
from grants.applications.wizard import STEPS
from grants.kernel.roles import Role
from grants.organizations.models import User
from tests.factories import CallFactory, MembershipFactory

PASSWORD = "rush-password-2026"


def main(applicants: int, staff: int, out: Path) -> None:
    password = make_password(PASSWORD)  # once: hashing 210 times would take minutes
    plan: dict = {"password": PASSWORD, "applicants": [], "staff": []}
    with transaction.atomic():
        call = CallFactory(slug="rush", documents=["budget-workbook"])
        for n in range(applicants):
            user = User.objects.create(email=f"applicant{n}@rush.example.org", password=password,
                                       first_name="Applicant", last_name=str(n), language="fr" if n % 4 == 0 else "en")
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            organization = MembershipFactory(user=user).organization
            application = services.application_start(organization=organization, call=call, by=user)
            plan["applicants"].append({
                "email": user.email,
                "ip": f"10.{n // 250}.{n % 250}.{1 + n % 200}",
                "application": application.pk,
                "steps": {step: step_answers(application, step) for step in STEPS},
            })
        officers = Group.objects.get(name=Role.PROGRAM_OFFICER.value)
        for n in range(staff):
            user = User.objects.create(email=f"officer{n}@rush.example.org", password=password, is_staff=True,
                                       first_name="Officer", last_name=str(n))
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            user.groups.add(officers)
            plan["staff"].append({"email": user.email, "ip": f"10.250.0.{n + 1}"})
    (out / "budget-workbook.xlsx").write_bytes(sample_xlsx())
    (out / "plan.json").write_text(json.dumps(plan))
    print(f"Seeded {applicants} applicants and {staff} program officers.")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
