"""The audit log as people read it, in their language.

Each app names its actions in its enums.py (`AUDIT_ACTIONS`: code -> lazy label), read here once the apps are
loaded, the way `rules` finds each app's rules.py: the kernel imports no app. The states an entry names are shown
with the labels of the audited model's own choices, as its pages show them ("Scheduled → Released", never
"scheduled -> released").
"""

from __future__ import annotations

import functools
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from grants.kernel.models import AuditEntry


@functools.cache
def action_labels() -> dict:
    labels = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "enums"):
            labels.update(getattr(import_module(f"{config.name}.enums"), "AUDIT_ACTIONS", {}))
    return labels


def action_label(action: str) -> str:
    """The action in words; an action no app names (an entry older than its label) shows as its code."""
    label = action_labels().get(action)
    return str(label) if label is not None else action


def state_label(entry: AuditEntry, state: str) -> str | None:
    """A state as the audited model's choices name it (its status, a call's review phase...), or None when no
    field of the model has it among its choices."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    for field in model._meta.concrete_fields if model else ():
        if field.choices:
            label = dict(field.flatchoices).get(state)
            if label is not None:
                return str(label)
    return None


def describe(entry: AuditEntry) -> str:
    """One line: what was done, and from which state to which when the entry names states its model's choices
    label (a state no choice names, e.g. a period's "accepted", adds nothing the action does not say). Callers
    that show many entries select_related("content_type")."""
    action = action_label(entry.action)
    states = [state_label(entry, state) if state else "—" for state in (entry.from_state, entry.to_state)]
    if not (entry.from_state or entry.to_state) or None in states:
        return action
    return _("%(action)s: %(before)s → %(after)s") % {"action": action, "before": states[0], "after": states[1]}
