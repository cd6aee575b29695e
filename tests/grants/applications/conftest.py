"""What the applications tests share: a draft of the applicant's organization on the open call, the same
completed through the real services, and the applicant's signed-in browser."""

from __future__ import annotations

import pytest

from grants.applications import services
from grants.applications.demo import complete_application


@pytest.fixture
def draft(applicant, organization, open_call):
    """A draft with no answers yet."""
    return services.application_start(organization=organization, call=open_call, by=applicant)


@pytest.fixture
def complete(draft, applicant):
    """The draft with every step answered and its documents uploaded, not submitted."""
    return complete_application(draft, by=applicant)


@pytest.fixture
def me(client, applicant):
    """The applicant, signed in."""
    client.force_login(applicant)
    return client
