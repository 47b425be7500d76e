"""The workbook's sheets, in the order they are written and read: a sheet refers only to those
before it (resolutions to sessions, recommendations to oversight by STT, …)."""

import datetime

from django.db.models import Q

from councils.collation import vn_order
from councils.models import CommitteeType, Council, UnitLink
from workbooks.layout import Context, Sheet
from workbooks.sheets.constituents import (
    OpinionSheet,
    OversightSheet,
    PetitionSheet,
    ReceptionSheet,
    RecommendationSheet,
    VoterMeetingSheet,
)
from workbooks.sheets.council_work import CommitmentSheet, MeetingSheet, QuestionSheet, ResolutionSheet, SessionSheet

SHEETS: list[Sheet] = [
    SessionSheet(),
    ResolutionSheet(),
    MeetingSheet(),
    QuestionSheet(),
    CommitmentSheet(),
    OversightSheet(),
    RecommendationSheet(),
    VoterMeetingSheet(),
    OpinionSheet(),
    ReceptionSheet(),
    PetitionSheet(),
]


def context(council: Council, year: int, *, user=None, sees_personal_data: bool = True) -> Context:
    """A workbook's context, with the lists its drop-downs offer that depend on the council: the
    committees (Ban) of its level in force that year, and the councils whose sessions its voter
    meetings may follow (its own and those above it that year: oversight's
    `sessions_a_meeting_may_follow` checks the day)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    committees = CommitteeType.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first), level=council.level, valid_from__lte=last
    ).order_by(vn_order("name"))
    above = UnitLink.objects.filter(unit=council.unit_id).overlapping(first, last).values("parent")
    session_councils = [council, *Council.objects.with_unit().filter(unit__in=above)]
    return Context(
        council=council,
        year=year,
        user=user,
        sees_personal_data=sees_personal_data,
        lists={
            "committees": [(str(c.pk), c.name) for c in committees],
            "session_councils": [(str(c.pk), str(c)) for c in session_councils],
        },
    )
