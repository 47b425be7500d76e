"""Vietnamese order, the same in the database and in Python: "Sơn Bằng" before "Sơn Bình" (ă comes
before i), "Sơn Lâm" before "Sơn Long" (â before o), "Đức Thọ" after every "D…", tones after the
letter they sit on (a à ả ã á ạ), and numbers by their value ("Xã 2" before "Xã 10").

- PostgreSQL: the ICU collation `vi_natural` (locale vi, numeric ordering), made by a migration;
- SQLite: a collation of the same name, registered on each new connection, comparing `vn_key`;
- Python (charts, tables built in memory): `vn_key` / `vn_sorted`.

Every list, chart, filter and annex orders councils and units through `vn_order` or `vn_sorted`.
"""

import functools
import re
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

VN_COLLATION = "vi_natural"

POSTGRES_CREATE = f"CREATE COLLATION IF NOT EXISTS {VN_COLLATION} (provider = icu, locale = 'vi-u-kn-true');"
POSTGRES_DROP = f"DROP COLLATION IF EXISTS {VN_COLLATION};"

# The Vietnamese alphabet, with the Latin letters it borrows in their usual places.
ALPHABET = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
LETTER = {letter: index for index, letter in enumerate(ALPHABET)}
# Marks that make another letter (ă â ê ô ơ ư), and the five tones, in the order ICU sorts them.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=4096)
def vn_key(text: str) -> tuple:
    """A sort key that orders text as the `vi_natural` collation does."""
    primary, secondary, tertiary = [], [], []
    for token in _tokens(unicodedata.normalize("NFD", text or "")):
        if token.isdigit():
            primary.append((2, int(token)))
            continue
        base, marks = token[0], token[1:]
        lower = base.lower()
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in LETTER_MARKS))
        if letter in LETTER:
            primary.append((3, LETTER[letter]))
        elif lower.isspace():
            primary.append((0, 0))
        else:
            primary.append((1, ord(lower)))
        secondary.append(sum(TONES.get(mark, 0) for mark in marks))
        tertiary.append(0 if base == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def _tokens(decomposed: str):
    """Digit runs, and each other character with the combining marks that follow it."""
    position = 0
    while position < len(decomposed):
        if match := DIGITS.match(decomposed, position):
            yield match.group()
            position = match.end()
            continue
        end = position + 1
        while end < len(decomposed) and unicodedata.combining(decomposed[end]):
            end += 1
        yield decomposed[position:end]
        position = end


def vn_sorted(items, key=lambda item: item):
    return sorted(items, key=lambda item: vn_key(str(key(item))))


def vn_order(field: str, descending: bool = False):
    """An ORDER BY of `field` in Vietnamese order, on PostgreSQL and SQLite alike."""
    expression = Collate(F(field), VN_COLLATION)
    return expression.desc() if descending else expression.asc()


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":

        def compare(a: str, b: str) -> int:
            ka, kb = vn_key(a), vn_key(b)
            return (ka > kb) - (ka < kb)

        connection.connection.create_collation(VN_COLLATION, compare)
