"""The hostile-input tests reuse the worlds the apps' own tests build."""

from tests.grants.applications.conftest import draft, me  # noqa: F401 (fixtures)
from tests.reporting.conftest import award, portfolio  # noqa: F401 (fixtures)
from tests.scoring.conftest import review_call  # noqa: F401 (fixture)
from tests.scoring.test_blind import blind  # noqa: F401 (fixture: Zebra Unique Society, reviewed blind)
