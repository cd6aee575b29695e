"""The ranking's CSV export."""

import csv
import io

from django.urls import reverse

from tests.scoring.factories import SubmittedApplicationFactory, assign, reviewer, submitted_review


def test_a_csv_export_neutralizes_formulas_typed_by_applicants(client, review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call, title='=HYPERLINK("http://evil.example")')
    submitted_review(assign(app, reviewer()), [3, 3])
    client.force_login(program_officer)
    export = client.get(reverse("scoring:ranking_csv", args=[review_call.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[1][4].startswith("'=")
