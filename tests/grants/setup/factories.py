"""A rubric criterion complete in both languages (publication asks for it)."""

from __future__ import annotations

from decimal import Decimal

from scoring.models import Criterion, Rubric


def complete_criterion(rubric: Rubric, **overrides) -> Criterion:
    values = {
        "name_en": "Need", "name_fr": "Besoin", "description_en": "", "description_fr": "",
        "guidance_en": "\n".join(f"Level {s}" for s in range(6)),
        "guidance_fr": "\n".join(f"Niveau {s}" for s in range(6)),
        "weight": Decimal("2"), "scale_min": 0, "scale_max": 5,
    }
    return Criterion.objects.create(rubric=rubric, **{**values, **overrides})
