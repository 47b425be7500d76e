"""Named reads of a year's oversight and constituent work per council, for the dashboard and report.

`constituent_work_by_council` answers for any number of councils in a fixed number of
aggregate queries; `ConstituentWork` values add up, so a district's communes are a sum.
"""

import dataclasses
import datetime
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from councils import access, tree
from councils.models import Council
from councils.tree import Spans
from oversight.models import (
    CitizenReception,
    FollowUpItem,
    OversightActivity,
    Petition,
    PetitionType,
    VoterMeeting,
    VoterOpinion,
)

Form, Actor = OversightActivity.Form, OversightActivity.Actor


@dataclass
class ConstituentWork:
    oversight: Counter = field(default_factory=Counter)  # (form, actor) -> activities
    oversight_recommendations: int = 0
    voter_meetings: Counter = field(default_factory=Counter)  # (deputy level, timing) -> meetings
    voters: int = 0
    opinions_raised: int = 0
    opinions_forwarded: int = 0
    opinions_answered: int = 0
    voter_recommendations: int = 0
    receptions: int = 0
    citizens_received: int = 0
    petitions: Counter = field(default_factory=Counter)  # type -> petitions received
    petitions_forwarded: int = 0
    petitions_accepted: int = 0
    petitions_decided: int = 0
    petitions_overdue: int = 0
    follow_up: Counter = field(default_factory=Counter)  # status -> items (not merged away)
    follow_up_overdue: int = 0

    @property
    def thematic_oversight(self) -> int:
        return sum(n for (form, _actor), n in self.oversight.items() if form == Form.THEMATIC)

    @property
    def surveys(self) -> int:
        return sum(n for (form, _actor), n in self.oversight.items() if form == Form.SURVEY)

    @property
    def oversight_total(self) -> int:
        return sum(self.oversight.values())

    @property
    def voter_meeting_total(self) -> int:
        return sum(self.voter_meetings.values())

    def voter_meetings_of_level(self, level: str) -> int:
        return sum(n for (lvl, _timing), n in self.voter_meetings.items() if lvl == level)

    @property
    def petition_total(self) -> int:
        return sum(self.petitions.values())

    @property
    def complaints_and_denunciations(self) -> int:
        return self.petitions[PetitionType.COMPLAINT] + self.petitions[PetitionType.DENUNCIATION]

    @property
    def follow_up_total(self) -> int:
        return sum(self.follow_up.values())

    TODAYS = ("petitions_overdue", "follow_up_overdue")  # what depends on the day asked: never stored

    def to_dict(self) -> dict:
        """Everything but what depends on today, as JSON: (form, actor) keys as "form|actor"."""
        data = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Counter):
                value = {"|".join(key) if isinstance(key, tuple) else key: n for key, n in value.items()}
            if f.name not in self.TODAYS:
                data[f.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ConstituentWork":
        values = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                value = data[f.name]
                if isinstance(value, dict):
                    value = Counter({tuple(key.split("|")) if "|" in key else key: n for key, n in value.items()})
                values[f.name] = value
        return cls(**values)

    def __add__(self, other: "ConstituentWork") -> "ConstituentWork":
        return ConstituentWork(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self)}
        )


def constituent_work_by_council(
    councils: Iterable[Council], year: int, today: datetime.date | None = None
) -> dict[int, ConstituentWork]:
    return constituent_work_in(tree.whole([c.pk for c in councils], *tree.year_bounds(year)), today)


def constituent_work_in(spans: Spans, today: datetime.date | None = None) -> dict[int, ConstituentWork]:
    """{council id: ConstituentWork} of each council's records on the days of its span
    (as sessions.selectors.work_counts_in), what is overdue on `today` included."""
    work = constituent_counts_in(spans)
    if spans:  # spans within one year (as work_counts_in's)
        add_overdue({next(iter(spans))[0].year: (work, spans)}, today or timezone.localdate())
    return work


def constituent_counts_in(spans: Spans) -> dict[int, ConstituentWork]:
    """The same, but what is overdue (which depends on the day asked): what reports.tallies keeps."""
    work = {pk: ConstituentWork() for ids in spans.values() for pk in ids}

    for row in OversightActivity.objects.within(spans).values("council", "form", "actor").annotate(n=Count("pk")):
        work[row["council"]].oversight[(row["form"], row["actor"])] = row["n"]
    for row in (
        FollowUpItem.objects.within(spans, "oversight__council", "oversight__start_date")
        .values("council")
        .annotate(n=Count("pk"))
    ):
        work[row["council"]].oversight_recommendations = row["n"]

    for row in (
        VoterMeeting.objects.within(spans)
        .values("council", "deputy_level", "timing")
        .annotate(n=Count("pk"), voters=Sum("voters_attending"))
    ):
        w = work[row["council"]]
        w.voter_meetings[(row["deputy_level"], row["timing"])] = row["n"]
        w.voters += row["voters"] or 0
    for row in (
        VoterOpinion.objects.within(spans)
        .values("meeting__council")
        .annotate(
            raised=Count("pk"),
            forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            recommendations=Count("pk", filter=Q(kind=VoterOpinion.Kind.RECOMMENDATION)),
        )
    ):
        w = work[row["meeting__council"]]
        w.opinions_raised, w.opinions_forwarded = row["raised"], row["forwarded"]
        w.opinions_answered, w.voter_recommendations = row["answered"], row["recommendations"]

    for row in (
        CitizenReception.objects.within(spans).values("council").annotate(n=Count("pk"), citizens=Sum("citizens"))
    ):
        work[row["council"]].receptions, work[row["council"]].citizens_received = row["n"], row["citizens"] or 0

    petitions = Petition.objects.within(spans)
    for row in petitions.values("council", "type").annotate(
        n=Count("pk"),
        forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
        accepted=Count("pk", filter=Q(accepted_on__isnull=False)),
        decided=Count("pk", filter=Q(decided_on__isnull=False)),
    ):
        w = work[row["council"]]
        w.petitions[row["type"]] = row["n"]
        w.petitions_forwarded += row["forwarded"]
        w.petitions_accepted += row["accepted"]
        w.petitions_decided += row["decided"]
    items = FollowUpItem.objects.within(spans)
    for row in items.filter(merged_into__isnull=True).values("council", "status").annotate(n=Count("pk")):
        work[row["council"]].follow_up[row["status"]] = row["n"]
    return work


def add_overdue(years: dict[int, tuple[dict[int, ConstituentWork], Spans]], today: datetime.date) -> None:
    """What is overdue on `today`, of each council's petitions and register items of its days, for
    one or more years at once ({year: (its ConstituentWork by council, its spans within the year)}):
    one query (petitions and register items together), the deadlines being stored
    (Petition.due_on, FollowUpItem.due_date)."""
    parts = []
    for model, day, figure in (
        (Petition, "received_on", "petitions_overdue"),
        (FollowUpItem, "created_on", "follow_up_overdue"),
    ):
        wanted = [model.objects.within_q(spans) for _work, spans in years.values() if spans]
        if wanted:
            rows = model.objects.filter(reduce(operator.or_, wanted)).overdue(today)
            counted = rows.values("council", year=ExtractYear(day)).annotate(n=Count("pk"), figure=Value(figure))
            parts.append(counted.values_list("council", "year", "n", "figure").order_by())
    if not parts:
        return
    # (without an order: a compound statement may not order its parts, nor take their models')
    for council_id, year, n, figure in parts[0].union(*parts[1:], all=True).order_by():
        work = years[year][0]
        if council_id in work:
            setattr(work[council_id], figure, n)


def constituent_work(council: Council, year: int, today: datetime.date | None = None) -> ConstituentWork:
    return constituent_work_by_council([council], year, today)[council.pk]


def prepare_for_listing(petitions, user) -> None:
    """Before showing petitions in a list or an export: each learns whether its sender may be shown
    to `user` (councils.access.sees_personal_data). Their deadlines are the stored `due_on`."""
    visible = access.sees_personal_data(user)
    for petition in petitions:
        petition.sender_visible = visible(petition.council_id)


def due_soon(council: Council, today: datetime.date, user, days: int = 30) -> tuple[list, list]:
    """The council's open register items and open petitions due within `days` or already late,
    soonest first, of those `user` may read: what the clerk should act on next."""
    horizon = today + datetime.timedelta(days=days)
    items = access.readable_records(
        user, FollowUpItem.objects.filter(council=council, due_date__isnull=False, due_date__lte=horizon).open()
    )
    petitions = access.readable_records(user, Petition.objects.filter(council=council, due_on__lte=horizon))
    return list(items.order_by("due_date", "pk")[:20]), list(petitions.order_by("due_on", "pk")[:20])
