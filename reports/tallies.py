"""A council's and its councils below's counts for a year, read from the tallies kept as data
(councils.models.tally) and counted again only where a write came since or none was stored — all
of those in one set of aggregate queries. What depends on the day asked (overdue) is counted now.

Where a council below counts for fewer days than it lived (a former district's 2025: its communes
until 30/06/2025 only), a stored year does not fit and those counts are made live, as before."""

import datetime
import json

from django.db import connection

from councils import tree
from councils.models import YearTally
from oversight.selectors import ConstituentWork, add_overdue, constituent_counts_in, constituent_work_in
from sessions.selectors import WorkCounts, work_counts_in

Counts = tuple[dict[int, WorkCounts], dict[int, ConstituentWork]]


def counts_in(council_id: int, entries: dict[int, list[tree.Below]], units: dict, today: datetime.date) -> dict:
    """{year: ({council id: WorkCounts}, {council id: ConstituentWork})} for each year asked: the
    council's whole year and each council below for its days (`entries`: {year: the councils below,
    clipped to the year}; `units`: {council id: its unit}). The kept counts of all the years are
    read together, and what is overdue of all of them in two queries."""
    results, kept = {}, {}
    for year, below in entries.items():
        first, last = tree.year_bounds(year)
        spans = tree.group(below)
        spans.setdefault((first, last), []).append(council_id)
        if tree.is_cut(below, units, first, last):
            results[year] = (work_counts_in(spans), constituent_work_in(spans, today))
        else:
            kept[year] = spans
    if kept:
        counted = stored_counts(
            {year: sorted({pk for ids in spans.values() for pk in ids}) for year, spans in kept.items()}
        )
        add_overdue({year: (counted[year][1], spans) for year, spans in kept.items()}, today)
        results |= counted
    return results


def stored_counts(ids: dict[int, list[int]]) -> dict:
    """{year: the councils' whole-year counts, but what is overdue} for {year: council ids}: from
    their tallies where current (one query for all the years); the others counted now, together
    for each year, and kept."""
    tallies = {
        (tally.council_id, tally.year): tally
        for tally in YearTally.objects.filter(
            council__in={pk for pks in ids.values() for pk in pks}, year__in=list(ids)
        )
    }
    results = {}
    for year, pks in ids.items():
        work, constituent, stale = {}, {}, []
        for pk in pks:
            tally = tallies.get((pk, year))
            if tally is not None and tally.current:
                work[pk] = WorkCounts.from_dict(tally.counts["work"])
                constituent[pk] = ConstituentWork.from_dict(tally.counts["constituent"])
            else:
                stale.append(pk)
        if stale:
            _count_and_keep(stale, year, tallies, work, constituent)
        results[year] = (work, constituent)
    return results


def _count_and_keep(stale: list[int], year: int, tallies: dict, work: dict, constituent: dict):
    spans = tree.whole(stale, *tree.year_bounds(year))
    fresh_work, fresh_constituent = work_counts_in(spans), constituent_counts_in(spans)
    missing = []
    for pk in stale:
        work[pk], constituent[pk] = fresh_work[pk], fresh_constituent[pk]
        counts = {"work": work[pk].to_dict(), "constituent": constituent[pk].to_dict()}
        if (tally := tallies.get((pk, year))) is not None:  # kept unless a write came meanwhile
            kept = YearTally.objects.filter(pk=tally.pk, changes=tally.changes)
            kept.update(counts=counts, counted=tally.changes)
        else:
            missing.append(YearTally(council_id=pk, year=year, counts=counts))
    # one statement for the never counted; one made meanwhile by a write stays to be counted next time
    YearTally.objects.bulk_create(missing, ignore_conflicts=True)


def summed(ids: list[int], year: int) -> tuple[WorkCounts, ConstituentWork]:
    """The councils' whole-year counts added up, but what is overdue (a roll-up of a province or the
    nation): the ones out of date counted and kept first, then summed by the database from the
    tallies' JSON, without bringing each council's counts into Python."""
    current = YearTally.objects.filter(council__in=ids, year=year).current()
    kept = set(current.values_list("council_id", flat=True))
    if stale := [pk for pk in ids if pk not in kept]:
        stored_counts({year: stale})
    data = {"work": {}, "constituent": {}}
    with connection.cursor() as cursor:
        cursor.execute(*_sum_statement(ids, year))
        for part, field, key, n in cursor.fetchall():
            if key is None:
                data[part][field] = n
            else:
                data[part].setdefault(field, {})[key] = n
    return WorkCounts.from_dict(data["work"]), ConstituentWork.from_dict(data["constituent"])


def _sum_statement(ids: list[int], year: int) -> tuple[str, list]:
    """SQL giving (part, field, key or NULL, sum) for every number in the tallies' counts, which
    hold numbers and {key: number} objects two levels down ({"work": {"resolutions": 3,
    "sessions_by_kind": {"REGULAR": 2}}, ...})."""
    table = YearTally._meta.db_table
    if connection.vendor == "postgresql":
        return (
            f"""SELECT part.key, field.key, item.key, SUM(COALESCE(item.value, field.value)::bigint)
            FROM {table} t
            CROSS JOIN LATERAL jsonb_each(t.counts) part
            CROSS JOIN LATERAL jsonb_each(part.value) field
            LEFT JOIN LATERAL jsonb_each(CASE jsonb_typeof(field.value) WHEN 'object' THEN field.value END)
                item ON TRUE
            WHERE t.year = %s AND t.council_id = ANY(%s)
                AND jsonb_typeof(COALESCE(item.value, field.value)) = 'number'
            GROUP BY 1, 2, 3""",
            [year, list(ids)],
        )
    # SQLite: every number of the tree with its path ('$.part' or '$.part."field"') and key
    return (
        f"""SELECT CASE WHEN instr(p, '.') THEN substr(p, 1, instr(p, '.') - 1) ELSE p END,
            CASE WHEN instr(p, '.') THEN trim(substr(p, instr(p, '.') + 1), '"') ELSE k END,
            CASE WHEN instr(p, '.') THEN k END,
            SUM(n)
        FROM (
            SELECT substr(node.path, 3) p, node.key k, node.value n FROM {table} t, json_tree(t.counts) node
            WHERE t.year = %s AND t.council_id IN (SELECT value FROM json_each(%s)) AND node.type = 'integer'
        )
        GROUP BY 1, 2, 3""",
        [year, json.dumps(list(ids))],
    )
