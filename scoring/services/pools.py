"""A call's reviewer pool: its review settings, and the reviewers added to it or taken out of it (their
unfinished reviews withdrawn and, once automatic assignment is in use, given to others)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError
from grants.kernel.roles import Role
from grants.organizations.models import User
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Assignment, PoolMember, ReviewerPool
from scoring.services.balance import pool_for_update, rebalance

SETTINGS = ("requires_indigenous_panel", "review_due_at", "disagreement_threshold", "other_reviews_while_reviewing")


def pool_update_settings(*, call: Call, by: User, values: dict[str, Any]) -> ReviewerPool:
    """Change some of the pool's SETTINGS (cleaned values by name); one audit entry lists what changed."""
    with transaction.atomic():
        pool = pool_for_update(call=call)
        changed = {}
        for name, value in values.items():
            if name not in SETTINGS:
                raise ValueError(name)
            if getattr(pool, name) != value:
                changed[name] = str(value)
                setattr(pool, name, value)
        pool.full_clean()
        pool.save()
        if changed:
            audit(actor=by, obj=pool, action="pool.settings_changed", **changed)
    return pool


def pool_add_reviewer(*, call: Call, reviewer: User, by: User, indigenous_panel: bool = False) -> PoolMember:
    if not reviewer.has_role(Role.REVIEWER):
        raise ServiceError(
            _("%(person)s does not have the reviewer role. An administrator can give it.")
            % {"person": reviewer}
        )
    with transaction.atomic():
        pool = pool_for_update(call=call)
        member, created = PoolMember.objects.get_or_create(
            pool=pool, reviewer=reviewer, defaults={"indigenous_panel": indigenous_panel, "added_by": by}
        )
        if not created and member.indigenous_panel != indigenous_panel:
            member.indigenous_panel = indigenous_panel
            member.save(update_fields=["indigenous_panel"])
        audit(
            actor=by,
            obj=pool,
            action="pool.reviewer_added" if created else "pool.reviewer_updated",
            reviewer=reviewer.email,
            indigenous_panel=indigenous_panel,
        )
    return member


def pool_remove_reviewer(*, call: Call, reviewer: User, by: User, now: dt.datetime | None = None) -> int:
    """Take a reviewer out of the pool. Their reviews not yet submitted are withdrawn from them and, once
    automatic assignment is in use, given to others; submitted reviews stay. Returns how many were
    withdrawn."""
    now = now or timezone.now()
    with transaction.atomic():
        pool = pool_for_update(call=call)
        member = PoolMember.objects.filter(pool=pool, reviewer=reviewer).first()
        if member is None:
            raise ServiceError(_("%(person)s is not in this call's pool.") % {"person": reviewer})
        # One audit entry on the pool names the reviewer and how many assignments they lost.
        withdrawn = Assignment.objects.filter(
            call=call, reviewer=reviewer, status__in=AssignmentStatus.ACTIVE
        ).exclude(review__status=ReviewStatus.SUBMITTED)
        count = withdrawn.update(
            status=AssignmentStatus.REMOVED,
            removed_at=now,
            removal_reason=_("Removed from the reviewer pool."),
        )
        member.delete()
        audit(
            actor=by,
            obj=pool,
            action="pool.reviewer_removed",
            reviewer=reviewer.email,
            assignments_withdrawn=count,
        )
        if pool.auto_assigned_at:
            rebalance(pool=pool, by=by, now=now, trigger="reviewer_removed")
    return count
