"""Saving one step of a multi-step form (an application's, a report's) with a version check."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from grants.kernel.errors import StepConflict
from grants.kernel.timeutils import format_local


def save_step_record(record, *, data: dict, is_valid: bool, expected_version: int | None, by) -> None:
    """Write what was typed into a locked step record (a kernel.models.SavedStep), valid or not, once it is the
    version the person was editing; else StepConflict carries the other member's answers."""
    if expected_version is not None and record.version != expected_version:
        raise StepConflict(
            _(
                "%(who)s saved this step at %(when)s, after you opened it. "
                "Nothing of yours was saved yet: compare your answers with theirs below, "
                "then save again to keep yours."
            )
            % {"who": record.updated_by or _("Another member"), "when": format_local(record.updated_at)},
            current=record,
        )
    record.data, record.is_valid, record.updated_by = data, is_valid, by
    record.version = F("version") + 1
    record.save()
    record.refresh_from_db(fields=["version", "updated_at"])
