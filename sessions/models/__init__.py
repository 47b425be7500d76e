"""A council's own work — sessions, resolutions, Standing Committee meetings and questioning —
one module per concern; import them from here.

Each model validates itself (`CouncilRecord.clean` and its `check_rules`); admin, forms and
imports save through councils.records.save_record, which calls `full_clean()`.
"""

from sessions.models.meetings import StandingCommitteeMeeting
from sessions.models.questions import Question
from sessions.models.resolutions import (
    MAX_RESOLUTION_NUMBER,
    RESOLUTION_CODE,
    RESOLUTION_SYMBOL,
    Resolution,
    canonical_code,
)
from sessions.models.sessions import Session

__all__ = [
    "MAX_RESOLUTION_NUMBER",
    "RESOLUTION_CODE",
    "RESOLUTION_SYMBOL",
    "Question",
    "Resolution",
    "Session",
    "StandingCommitteeMeeting",
    "canonical_code",
]
