"""Vietnamese text helpers: accent folding and ASCII slugs."""

import textwrap
import unicodedata

from django.utils.text import slugify
from django.utils.translation import gettext as _

_NON_DECOMPOSING = str.maketrans({"đ": "d", "Đ": "D"})


def person_name(user) -> str:
    """A person's name as Vietnamese writes it, family name first: "Hà Thị Huyền" (accounts keep
    the family and middle names in `last_name`, the given name in `first_name`; Django's
    `get_full_name` puts the given name first); the username when neither is filled, "" for none."""
    if user is None:  # not recorded
        return ""
    return " ".join(part for part in (user.last_name, user.first_name) if part) or user.get_username()


def shorten(text: str, width: int = 80) -> str:
    """A long text named in a line (a register item, a voter's opinion): cut between words, with
    "…" to say so; a first word longer than the line is cut where it must be."""
    if len(text) <= width:
        return text
    short = textwrap.shorten(text, width, placeholder="…")
    return short if short != "…" else text[: width - 1] + "…"


def fold(text: str) -> str:
    """Lower-case ASCII form for accent-insensitive matching: "Hòa Đông" -> "hoa dong"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_NON_DECOMPOSING))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def vn_slugify(text: str) -> str:
    """ASCII slug from a Vietnamese name: "An Hòa Thịnh" -> "an-hoa-thinh", "Đức Thọ" -> "duc-tho"."""
    return slugify(fold(text))


def roman(number: int) -> str:
    """Roman numeral for a term ordinal (khóa XX); a number Roman numerals do not write (0, or
    4,000 and above: a typing slip the form refuses, but still names) stays in digits."""
    if not 1 <= number <= 3999:
        return str(number)
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# Every Vietnamese letter that `fold` changes, both cases; the database's hdnd_fold() maps
# these one-to-one (see councils/search.py), so SQL and Python fold the same way.
_VOWELS = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
VIETNAMESE_LETTERS = _VOWELS + _VOWELS.upper()


def nfc(text: str) -> str:
    """Unicode NFC: a letter typed as base + combining marks is stored as one character."""
    return unicodedata.normalize("NFC", text)


def dmy(day) -> str:
    """A date as Vietnamese documents write it, dd/mm/yyyy ("" for no date)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""  # strftime writes year 1 as "1"


def days_text(first, last) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "từ 01/01/2025 đến 30/06/2025" (either may be None); empty for neither."""
    if first and last:
        return _("từ %(first)s đến %(last)s") % {"first": dmy(first), "last": dmy(last)}
    if first:
        return _("từ %(day)s") % {"day": dmy(first)}
    return _("đến %(day)s") % {"day": dmy(last)} if last else ""
