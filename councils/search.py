"""Accent-insensitive search ("hoa giai" finds "Hòa giải", "d" matches "đ") on SQLite and PostgreSQL.

Both databases get a function hdnd_fold(text) that does what councils.text.fold does:
PostgreSQL through a SQL function made by a migration (translate(), no extension needed),
SQLite through a Python function registered on each new connection. Stored text is NFC
(councils.records normalises it), so one-to-one letter translation is enough.
"""

from django.db import models
from django.db.models import Q

from councils.text import VIETNAMESE_LETTERS, fold

FOLDED_LETTERS = "".join(fold(ch) for ch in VIETNAMESE_LETTERS)
assert len(FOLDED_LETTERS) == len(VIETNAMESE_LETTERS)

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION hdnd_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(translate($1, '{VIETNAMESE_LETTERS}', '{FOLDED_LETTERS}')) $$;
"""
POSTGRES_DROP = "DROP FUNCTION IF EXISTS hdnd_fold(text);"


class Fold(models.Func):
    function = "hdnd_fold"
    output_field = models.TextField()


def register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "hdnd_fold", 1, lambda s: None if s is None else fold(s), deterministic=True
        )


# A search is a few words; more are ignored (8,000 words once took 79 s of CPU in one request).
MAX_WORDS = 10


def folded_search(queryset, fields: list[str], term: str):
    """Rows where every word of `term` (the first MAX_WORDS of them) appears, accents ignored,
    in at least one of `fields`: one filter, whatever the number of words."""
    needles = list(dict.fromkeys(fold(word) for word in term.split()))[:MAX_WORDS]
    aliases = {f"_fold_{i}": Fold(field) for i, field in enumerate(fields)}
    condition = Q()
    for needle in needles:
        condition &= Q.create([(f"{alias}__contains", needle) for alias in aliases], connector=Q.OR)
    return queryset.alias(**aliases).filter(condition)
