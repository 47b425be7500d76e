"""The councils below a council, each with the days it was below: what the figures, the lists and
the reading rules count, so that they agree across a reorganisation.

A commune of Hương Sơn was below the district until 30/06/2025 and below the province from
01/07/2025: the district's 2025 counts its records of January to June, the province's the whole
year. A commune made by a merger on 01/07/2025 counts from 01/01/2025: it holds the open work its
predecessors handed over (oversight.handover), dated before its first day, and the council above
counts that work there, once.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from councils.models import UNIT_TYPE_INFO, Council, UnitLink

ONE_DAY = datetime.timedelta(days=1)
Span = tuple[datetime.date | None, datetime.date | None]  # first and last day; None is open
Spans = dict[Span, list[int]]  # {span: [council ids]}: what `YearQuerySet.within` reads


@dataclass(frozen=True)
class Below:
    council: int
    level: str
    first: datetime.date | None
    last: datetime.date | None


def below(units: list[int], first: datetime.date | None = None, last: datetime.date | None = None) -> list[Below]:
    """The councils one or two levels under `units` (a province's districts and their communes,
    its communes after 01/07/2025), each with the days within [first, last] it was under them —
    one entry per council, or more if it left and came back. One query."""
    links = UnitLink.objects.filter(
        Q(parent__in=units) | Q(parent__in=UnitLink.objects.filter(parent__in=units).values("unit"))
    )
    if first and last:
        links = links.overlapping(first, last)
    rows = links.values_list(
        "unit",
        "parent",
        "valid_from",
        "valid_to",
        "unit__valid_from",
        "unit__unit_type",
        "unit__council",
    )
    direct, every = {}, []
    for unit, parent, link_from, link_to, unit_from, unit_type, council in rows:
        # a unit that began here holds the open work its predecessors handed over, from the year's start
        span = (datetime.date(link_from.year, 1, 1) if link_from == unit_from else link_from, link_to)
        if parent in units:
            direct.setdefault(unit, []).append(span)
        every.append((parent, span, UNIT_TYPE_INFO[unit_type][0], council))
    spans = {}  # (council, level) -> spans
    for parent, span, level, council in every:
        outer = [(None, None)] if parent in units else direct.get(parent, [])
        for outer_span in outer:
            joined = _clip(_clip(span, outer_span), (first, last))
            if joined and council:
                spans.setdefault((council, level), []).append(joined)
    return [Below(council, level, *span) for (council, level), found in spans.items() for span in _merged(found)]


def above(councils: set[int]) -> set[int]:
    """The councils whose units these councils' units were ever under, one or two levels up (a
    commune's district and province, before and after a reorganisation), with the councils
    themselves: those whose figures a write to these councils' records may change. One query,
    written out: every record write asks it, and the ORM took 40 times as long to build the
    statement (2.4 ms) as the database to answer it."""
    if not councils:
        return set()
    ids, marks = list(councils), ", ".join(["%s"] * len(councils))
    council, link = Council._meta.db_table, UnitLink._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH own(unit) AS (SELECT unit_id FROM {council} WHERE id IN ({marks})),
            parents(unit) AS (SELECT parent_id FROM {link} WHERE unit_id IN (SELECT unit FROM own)),
            grandparents(unit) AS (SELECT parent_id FROM {link} WHERE unit_id IN (SELECT unit FROM parents))
            SELECT id FROM {council} WHERE id IN ({marks})
                OR unit_id IN (SELECT unit FROM parents) OR unit_id IN (SELECT unit FROM grandparents)""",
            ids + ids,
        )
        return {pk for (pk,) in cursor.fetchall()}


def clipped(entries: list[Below], first: datetime.date, last: datetime.date) -> list[Below]:
    """The entries of `below` for a shorter span (one year of the two read at once)."""
    found = []
    for entry in entries:
        span = _clip((entry.first, entry.last), (first, last))
        if span:
            found.append(Below(entry.council, entry.level, *span))
    return found


def days(entries: list[Below]) -> dict[int, Span]:
    """{council id: (first, last)}: the days each council below counts for (its spans joined)."""
    found = {}
    for entry in entries:
        start, end = found.get(entry.council, (entry.first, entry.last))
        found[entry.council] = (min(start, entry.first), max(end, entry.last))
    return found


def covers(entries: list[Below], first: datetime.date, last: datetime.date) -> bool:
    """Whether `entries` (clipped to [first, last]) together hold every day of it."""
    return _merged([(entry.first, entry.last) for entry in entries]) == [(first, last)]


def covers_life(entries: list[Below], unit, first: datetime.date, last: datetime.date) -> bool:
    """Whether `entries` hold every day of [first, last] that `unit` lived (a unit begun or ended
    within the span counts from or to that day)."""
    start, end = max(first, unit.valid_from), min(last, unit.valid_to or last)
    return start <= end and covers(clipped(entries, start, end), start, end)


def is_cut(entries: list[Below], units: dict, first: datetime.date, last: datetime.date) -> bool:
    """Whether a council below counts for fewer days of [first, last] than its unit lived (a commune
    that moved from a district that ended to the province): then its counts there are not its
    year's. `units` is {council id: its AdministrativeUnit}; `entries` are clipped to the span."""
    return bool(cut(entries, units, first, last))


def cut(entries: list[Below], units: dict, first: datetime.date, last: datetime.date) -> set[int]:
    """The ids of the councils below that count for fewer days of [first, last] than they lived
    (`is_cut`)."""
    return {
        pk
        for pk, (start, end) in days(entries).items()
        if start > max(first, units[pk].valid_from) or end < min(last, units[pk].valid_to or last)
    }


def group(entries: list[Below]) -> Spans:
    """{span: [council ids]}: the few spans (a district's communes share theirs), for one query."""
    spans = {}
    for entry in entries:
        spans.setdefault((entry.first, entry.last), []).append(entry.council)
    return spans


def whole(councils: list[int], first: datetime.date, last: datetime.date) -> Spans:
    return {(first, last): list(councils)} if councils else {}


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _clip(span: Span, bounds: Span) -> Span | None:
    start = max((d for d in (span[0], bounds[0]) if d), default=None)
    end = min((d for d in (span[1], bounds[1]) if d), default=None)
    return (start, end) if start is None or end is None or start <= end else None


def _merged(spans: list[Span]) -> list[Span]:
    """Touching or overlapping spans as one (under the district to 30/06, the province from 01/07)."""
    merged = []
    for start, end in sorted(set(spans), key=lambda s: s[0] or datetime.date.min):
        if merged and (merged[-1][1] is None or start is None or start <= merged[-1][1] + ONE_DAY):
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
        else:
            merged.append((start, end))
    return merged
