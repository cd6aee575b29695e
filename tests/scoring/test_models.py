"""What the models check themselves."""

import pytest
from django.core.exceptions import ValidationError


def test_guidance_needs_one_line_per_score(review_call, criteria):
    criterion = criteria[0]
    criterion.guidance_en = "Only one line"
    with pytest.raises(ValidationError, match="Write 6 lines"):
        criterion.full_clean()
