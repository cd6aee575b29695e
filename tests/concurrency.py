"""Run one action for many people at the same moment, each on its own database connection (threads released by
one barrier), and collect what each was told: the row-lock tests compare these outcomes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connections


def outcomes_at_once(
    items: Iterable, action: Callable, *, done: str, refused: str, refused_by: type[Exception]
) -> list[str]:
    """Sorted outcomes: `done` when `action(item)` returned, `refused` when it raised `refused_by`."""
    items = list(items)
    start = threading.Barrier(len(items))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(item):
        try:
            start.wait()
            action(item)
            result = done
        except refused_by:
            result = refused
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)
