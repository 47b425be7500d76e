"""A council's and its councils below's counts for a year, read from the tallies kept as data
(councils.models.tally) and counted again only where a write came since or none was stored — all
of those in one set of aggregate queries. What depends on the day asked (overdue) is counted now.

Where a council below counts for fewer days than it lived (a former district's 2025: its communes
until 30/06/2025 only), a stored year does not fit and those counts are made live, as before."""

import datetime

from councils import tree
from councils.models import YearTally
from oversight.selectors import ConstituentWork, add_overdue, constituent_work_in
from sessions.selectors import WorkCounts, work_counts_in

Counts = tuple[dict[int, WorkCounts], dict[int, ConstituentWork]]


def counts_in(council_id: int, entries: list[tree.Below], units: dict, year: int, today: datetime.date) -> Counts:
    """({council id: WorkCounts}, {council id: ConstituentWork}) for the council's whole year and
    each council below for its days (`entries`, clipped to the year; `units`: {council id: unit})."""
    first, last = tree.year_bounds(year)
    spans = tree.group(entries)
    spans.setdefault((first, last), []).append(council_id)
    if tree.is_cut(entries, units, first, last):
        return work_counts_in(spans), constituent_work_in(spans, today)
    ids = sorted({pk for councils in spans.values() for pk in councils})
    work, constituent = stored_counts(ids, year, today)
    add_overdue(constituent, spans, today)
    return work, constituent


def stored_counts(ids: list[int], year: int, today: datetime.date) -> Counts:
    """The councils' whole-year counts (but what is overdue), from their tallies where current;
    the others counted now, together, and stored."""
    tallies = {tally.council_id: tally for tally in YearTally.objects.filter(council__in=ids, year=year)}
    work, constituent, stale = {}, {}, []
    for pk in ids:
        tally = tallies.get(pk)
        if tally is not None and tally.current:
            work[pk] = WorkCounts.from_dict(tally.counts["work"])
            constituent[pk] = ConstituentWork.from_dict(tally.counts["constituent"])
        else:
            stale.append(pk)
    if stale:
        spans = tree.whole(stale, *tree.year_bounds(year))
        fresh_work, fresh_constituent = work_counts_in(spans), constituent_work_in(spans, today)
        missing = []
        for pk in stale:
            work[pk], constituent[pk] = fresh_work[pk], ConstituentWork.from_dict(fresh_constituent[pk].to_dict())
            counts = {"work": work[pk].to_dict(), "constituent": constituent[pk].to_dict()}
            if (tally := tallies.get(pk)) is not None:  # kept unless a write came meanwhile
                YearTally.objects.filter(pk=tally.pk, changes=tally.changes).update(
                    counts=counts, counted=tally.changes
                )
            else:
                missing.append(YearTally(council_id=pk, year=year, counts=counts))
        # one statement for the never counted; one made meanwhile by a write stays to be counted next time
        YearTally.objects.bulk_create(missing, ignore_conflicts=True)
    return work, constituent
