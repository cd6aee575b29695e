"""The audit log's writers: audit() for any event, transition() for a state change (require_state() is its
check, for a service that must refuse a wrong state before its other checks)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from grants.kernel.versions import changed


def audit(*, actor, obj, action: str, from_state: str = "", to_state: str = "", **details) -> AuditEntry:
    changed()  # caches of derived figures (the ranking) no longer serve what they held
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        from_state=from_state,
        to_state=to_state,
        details=details,
    )


def transition(
    obj,
    *,
    to: str,
    allowed: Iterable[str],
    by,
    action: str,
    refusal: str | None = None,
    field: str = "status",
    update_fields: Iterable[str] = (),
    **details,
) -> str:
    """Move `obj` (read with its row locked, inside the caller's transaction) from one of the `allowed` states
    to `to`: check, set, save and write one audit entry naming both states. Returns the state it left.

    `update_fields` are other fields the caller set on `obj` for this change; auto_now fields are saved too.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() runs inside the transaction that locked the row.")
    previous = require_state(obj, allowed=allowed, refusal=refusal, field=field)
    setattr(obj, field, to)
    auto_now = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=list(dict.fromkeys([field, *update_fields, *auto_now])))
    audit(actor=by, obj=obj, action=action, from_state=previous, to_state=to, **details)
    return previous


def require_state(obj, *, allowed: Iterable[str], refusal: str | None = None, field: str = "status") -> str:
    """Refuse (TransitionError: `refusal`, or a message naming the state) unless `obj` is in one of the
    `allowed` states; returns the state it is in. transition() starts with this check."""
    state = getattr(obj, field)
    if state not in set(allowed):
        raise TransitionError(refusal or _("%(object)s is %(state)s: this can no longer be done.") % {
            "object": obj, "state": _display(obj, field).lower()})
    return state


def _display(obj, field: str) -> str:
    getter = getattr(obj, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(obj, field))
