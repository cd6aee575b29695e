"""A version of everything the services write, for caches of figures derived from many rows (the ranking).

Every state change is audited (grants.kernel.audit), so audit() calls changed(): the shared token in the cache is
replaced once the change's transaction commits (so that no other process caches what it read before the commit
under the new token), and this process's counter moves at once (so that its own later reads, still inside that
transaction, never meet what it cached before the change). A cache key built with current() is therefore never
read after a change it does not include. A token, never a number: a token lost from the cache is made anew and
cannot meet the keys of an older one.
"""

from __future__ import annotations

import itertools
import uuid

from django.core.cache import cache
from django.db import transaction

TOKEN_KEY = "kernel:changes-token"
_local = itertools.count()
_local_now = 0


def current() -> str:
    """The version to put in a cache key: the shared token and this process's counter."""
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(TOKEN_KEY)
    return f"{token}.{_local_now}"


def _new_token() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)


def changed() -> None:
    global _local_now
    _local_now = next(_local) + 1
    connection = transaction.get_connection()
    if not any(callback is _new_token for _sids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_new_token)
