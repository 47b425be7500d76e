"""The councils app's models, one module per concern; import them from here."""

from councils.models.audit import AuditEntry
from councils.models.councils import CommitteeType, Council, CouncilQuerySet, Term, TermQuerySet
from councils.models.membership import Membership
from councils.models.records import (
    CouncilRecord,
    Versioned,
    YearQuerySet,
    council_of,
    locked_period_message,
    on_every_record_write,
)
from councils.models.submissions import Submission
from councils.models.tally import YearTally, mark_changed
from councils.models.units import (
    LEVEL_ORDER,
    UNIT_TYPE_INFO,
    AdministrativeUnit,
    Level,
    UnitChangeEvent,
    UnitLink,
    UnitQuerySet,
    UnitType,
    types_of_level,
)

__all__ = [
    "LEVEL_ORDER",
    "UNIT_TYPE_INFO",
    "AdministrativeUnit",
    "AuditEntry",
    "CommitteeType",
    "Council",
    "CouncilQuerySet",
    "CouncilRecord",
    "Level",
    "Membership",
    "Submission",
    "Term",
    "TermQuerySet",
    "UnitChangeEvent",
    "UnitLink",
    "UnitQuerySet",
    "UnitType",
    "Versioned",
    "YearTally",
    "YearQuerySet",
    "council_of",
    "locked_period_message",
    "mark_changed",
    "on_every_record_write",
    "types_of_level",
]
