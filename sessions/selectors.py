"""Named reads of a council's work for a year. The dashboard, the report and exports call these."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from councils import tree
from councils.models import Council
from councils.tree import Spans
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

Kind = Session.Kind


@dataclass
class WorkCounts:
    """One council's (or a sum of councils') sessions, resolutions, meetings and questions in a year."""

    sessions_by_kind: dict[str, int] = field(default_factory=dict)
    resolutions: int = 0
    sc_meetings: int = 0
    questions: int = 0

    @property
    def sessions(self) -> int:
        return sum(self.sessions_by_kind.values())

    @property
    def regular_sessions(self) -> int:
        return self.sessions_by_kind.get(Kind.REGULAR, 0)

    @property
    def thematic_sessions(self) -> int:
        return self.sessions_by_kind.get(Kind.THEMATIC, 0)

    @property
    def other_sessions(self) -> int:
        """Sessions for urgent business (and, before 2020, extraordinary ones)."""
        return self.sessions - self.regular_sessions - self.thematic_sessions

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "WorkCounts":
        return cls(**data)

    def __add__(self, other: "WorkCounts") -> "WorkCounts":
        """Field by field (a count added to the class is summed with no change here); the sessions
        kind by kind."""
        return type(self)(
            **{f.name: _plus(getattr(self, f.name), getattr(other, f.name)) for f in dataclasses.fields(self)}
        )


def _plus(a, b):
    return {key: a.get(key, 0) + b.get(key, 0) for key in {*a, *b}} if isinstance(a, dict) else a + b


def work_counts_by_council(councils: Iterable[Council], year: int) -> dict[int, WorkCounts]:
    """{council id: WorkCounts} for the year, in four aggregate queries whatever the number of councils."""
    return work_counts_in(tree.whole([c.pk for c in councils], *tree.year_bounds(year)))


def work_counts_in(spans: Spans) -> dict[int, WorkCounts]:
    """{council id: WorkCounts} of each council's records on the days of its span ({(first, last):
    [council ids]}: councils.tree) — a commune while it was below a district that ended on 30/06/2025."""
    counts = {pk: WorkCounts() for ids in spans.values() for pk in ids}
    for row in Session.objects.within(spans).values("council", "kind").annotate(n=Count("pk")):
        counts[row["council"]].sessions_by_kind[row["kind"]] = row["n"]
    for row in Resolution.objects.within(spans).values("session__council").annotate(n=Count("pk")):
        counts[row["session__council"]].resolutions = row["n"]
    for row in StandingCommitteeMeeting.objects.within(spans).values("council").annotate(n=Count("pk")):
        counts[row["council"]].sc_meetings = row["n"]
    for row in Question.objects.within(spans).values("council").annotate(n=Count("pk")):
        counts[row["council"]].questions = row["n"]
    return counts


def latest_year_with_sessions(council: Council) -> int | None:
    latest = (
        Session.objects.filter(council=council).order_by("-start_date").values_list("start_date", flat=True).first()
    )
    return latest.year if latest else None


def work_counts(council: Council, year: int) -> WorkCounts:
    return work_counts_by_council([council], year)[council.pk]
