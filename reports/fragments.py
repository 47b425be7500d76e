"""The dashboard's rendered body kept in the cache (issue 15), per council, year and what the
reader may see, until a write changes what it shows.

Every key carries two tokens: the council's own, renewed after each committed write to the
records of the council or of any council below it (or once below it), and one renewed after a
write to what every page reads (units and their links, councils, terms, reviews, signed reports,
deadline rules). A renewed token makes the old bodies unreachable; they expire on their own. A
token is a random value, never a counter, so a token lost from the cache can only cause a miss.
The bodies expire after TIMEOUT anyway, for writes that send no signal (a raw UPDATE, a restore).
"""

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from councils import tree

TIMEOUT = 300  # seconds a body is kept at most
SHARED = "hdnd:written"


def _token_key(council_id: int) -> str:
    return f"hdnd:written:{council_id}"


def body(parts: tuple, council_id: int, render: Callable[[], str]) -> str:
    """The body rendered for `parts` (what the reader asked and may see), from the cache while no
    write came since; else `render()`, kept."""
    tokens = _tokens([SHARED, _token_key(council_id)])
    key = "hdnd:dashboard:" + hashlib.sha256(repr((parts, tokens)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, TIMEOUT)
    return found


def _tokens(keys: list[str]) -> list[str]:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:  # never written, or evicted: a new value, which no kept body carries
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def records_written(council_ids: set[int]) -> None:
    """The councils' pages changed, and those of every council above them."""
    if council_ids:
        _renew_now_and_at_commit([_token_key(pk) for pk in tree.above(council_ids)])


def everything_written() -> None:
    _renew_now_and_at_commit([SHARED])


def _renew_now_and_at_commit(keys: list[str]) -> None:
    """Now, for this transaction's own next reading; and again once it commits, for a reader who
    rendered the old figures meanwhile under the token renewed now."""
    _renew(keys)
    transaction.on_commit(lambda: _renew(keys))


def _renew(keys: list[str]) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def record_written(sender, instance, **kwargs) -> None:
    """post_save and post_delete of every council record (reports.apps)."""
    records_written({council_id for council_id, _year in instance.tally_keys()})


def shared_written(sender, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of what every page reads (reports.apps)."""
    if kwargs.get("action", "post_").startswith("post_"):
        everything_written()
