"""Uploads racing each other and the submission, on PostgreSQL's row locks."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application
from grants.documents import services as documents
from grants.documents.checks import DocumentRejected
from grants.documents.models import Document, DocumentType
from grants.kernel import errors
from tests.factories import CallFactory, MembershipFactory
from tests.grants import document_files as files

pytestmark = [
    pytest.mark.postgres,
    # Threads need committed rows; serialized rollback restores the reference data (funds, regions) that a
    # transactional test's flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks; SQLite serializes every writer, so there is no race",
    ),
]


def race(*actions):
    """Run the actions at the same moment, each on its own connection; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_members_uploading_into_a_one_file_slot_at_once_keep_one_file(settings):
    membership = MembershipFactory()
    application = services.application_start(
        organization=membership.organization, call=CallFactory(), by=membership.user
    )
    budget = DocumentType.objects.get(code="budget-workbook")

    def upload(name):
        return lambda: documents.document_upload(
            owner=application,
            document_type=budget,
            file=SimpleUploadedFile(name, files.xlsx()),
            by=membership.user,
        )

    outcomes = race(upload("first.xlsx"), upload("second.xlsx"))

    kept = [o for o in outcomes if isinstance(o, Document)]
    refused = [o for o in outcomes if isinstance(o, DocumentRejected)]
    assert len(kept) == 1 and len(refused) == 1
    assert "takes one file, and it already has one" in refused[0].message
    assert list(Document.objects.filter(application=application).values_list("original_name", flat=True)) == [
        kept[0].original_name
    ]
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "documents").iterdir()) == [
        kept[0].key.split("/")[1]
    ]


def test_an_upload_finishing_during_the_submission_is_in_the_snapshot_or_refused():
    membership = MembershipFactory()
    call = CallFactory(documents=["budget-workbook", "letters-of-support"])
    application = services.application_start(
        organization=membership.organization, call=call, by=membership.user
    )
    complete_application(application, by=membership.user)
    letters = DocumentType.objects.get(code="letters-of-support")
    submitted, outcomes = threading.Event(), {}

    def submit():
        # The submission's transaction stays open a moment after its snapshot (a slow commit): the upload
        # finishes in that moment, and must wait for the application's row lock, then see it submitted.
        try:
            with transaction.atomic():
                outcomes["submit"] = services.application_submit(application=application, by=membership.user)
                submitted.set()
                time.sleep(1)
        finally:
            submitted.set()
            connection.close()

    def upload():
        try:
            submitted.wait(30)
            outcomes["upload"] = documents.document_upload(
                owner=application,
                document_type=letters,
                file=SimpleUploadedFile("late.pdf", files.pdf()),
                by=membership.user,
            )
        except Exception as error:  # the outcome under test
            outcomes["upload"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=upload)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED, outcomes
    names = {entry["name"] for entry in application.snapshot["documents"]}
    current = set(
        Document.objects.filter(application=application, status=Document.Status.CURRENT).values_list(
            "original_name", flat=True
        )
    )
    # The late letter came after the snapshot: it is refused, never current without being in what was submitted.
    assert names == current
    assert isinstance(outcomes["upload"], errors.TransitionError), outcomes
