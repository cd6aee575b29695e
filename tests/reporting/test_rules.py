"""Every reporting URL, as every role: anonymous, a member of another organization, a reviewer, staff, and a
member (the owner) of the organization concerned. A URL without a row here fails the first test."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reporting import services
from tests.grants import document_files as files
from tests.urlnames import url_names

ROLES = ("anonymous", "other", "reviewer", "officer", "member")


def only(allowed: dict[str, int], refused: int = 403) -> dict[str, int]:
    """Anonymous people are sent to sign in; every role not named is refused."""
    return {"anonymous": 302, **{role: refused for role in ROLES[1:]}, **allowed}


@dataclass(frozen=True)
class Case:
    name: str
    expected: dict[str, int]
    args: object = lambda w: []  # noqa: E731
    method: str = "GET"
    data: object = field(default=lambda: {})


MATRIX = [
    Case("report_list", only({"other": 200, "reviewer": 200, "officer": 200, "member": 200})),
    Case("report_start", only({"member": 302}), lambda w: [w["period"].pk], method="POST"),
    Case("report_detail", only({"officer": 200, "member": 200}), lambda w: [w["draft"].pk]),
    # Staff read a report but never edit it.
    Case("report_step", only({"member": 200}), lambda w: [w["draft"].pk, "narrative"]),
    Case("report_submit", only({"member": 200}), lambda w: [w["draft"].pk]),
    Case(
        "report_document_upload",
        only({"member": 302}),
        lambda w: [w["draft"].pk],
        method="POST",
        data=lambda: {"document_type": "report-supporting", "file": SimpleUploadedFile("agenda.pdf", files.pdf())},
    ),
    # Direct uploads answer in JSON: the member's empty request is understood (refused as incomplete).
    Case("report_document_presign", only({"member": 400}), lambda w: [w["draft"].pk], method="POST"),
    Case("report_document_confirm", only({"member": 400}), lambda w: [w["draft"].pk], method="POST"),
    Case("review_queue", only({"officer": 200})),
    Case("report_request", only({"officer": 200}), lambda w: [w["award"].pk]),
    Case("portfolio", only({"officer": 200})),
    Case("portfolio_export", only({"officer": 200}), lambda w: ["awards", "csv"]),
    # OCAP: the organization's data goes to its owner, not to staff.
    Case("organization_archive_page", only({"member": 200}), lambda w: [w["organization"].pk]),
    Case("organization_archive", only({"member": 200}), lambda w: [w["organization"].pk]),
]
CASES = {case.name: case for case in MATRIX}


def test_every_reporting_url_is_in_the_matrix():
    names = url_names("reporting")

    assert names - set(CASES) == set(), "add these URLs to the permission matrix"
    assert set(CASES) - names == set(), "these rows name URLs that no longer exist"


@pytest.mark.parametrize("name", list(CASES))
def test_url_as_every_role(name, award, organization, applicant, other_applicant, reviewer, program_officer):
    world = {
        "award": award,
        "organization": organization,
        "draft": services.report_start(period=award.reporting_periods.get(number=1), by=applicant),
        "period": award.reporting_periods.get(number=2),
    }
    case = CASES[name]
    url = reverse(f"reporting:{name}", args=case.args(world))
    users = {"other": other_applicant, "reviewer": reviewer, "officer": program_officer, "member": applicant}
    for role in ROLES:  # the member, who may change something, goes last
        client = Client()
        if role in users:
            client.force_login(users[role])
        response = client.post(url, case.data()) if case.method == "POST" else client.get(url)
        assert response.status_code == case.expected[role], (role, response.status_code)
