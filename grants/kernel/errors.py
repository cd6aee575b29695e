"""Refusals. A service raises one of these with a message the person who asked can act on; views show it
(grants.kernel.views.service_errors)."""

from __future__ import annotations

from collections.abc import Iterable


class ServiceError(Exception):
    """A refused action, with a message the person who asked can act on."""

    def __init__(self, message: str, problems: Iterable | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class TransitionError(ServiceError):
    """The object is not in a state that allows this change."""


class DeadlineError(ServiceError):
    """Too early or too late for this change."""


class IncompleteError(ServiceError):
    """Something required is missing; `problems` lists what."""


class StepConflict(ServiceError):
    """Someone else saved the step after this person opened it: `current` holds their saved answers."""

    def __init__(self, message: str, current):
        super().__init__(message)
        self.current = current
