"""Export → import is a round trip: Hương Sơn's 2023 (the district, a commune with questioning and
commitments, one with a denunciation) written as workbooks, the year's records of those councils
deleted, the workbooks imported: every figure of `year_figures` (the district's own, the
communes' total and each commune's row) is as before; importing the same workbooks again creates
and changes nothing, and audits nothing."""

import datetime

from councils.models import AuditEntry, Council
from oversight.models import (
    CitizenReception,
    FollowUpItem,
    OversightActivity,
    Petition,
    PetitionType,
    VoterMeeting,
    VoterOpinion,
)
from reports.figures import year_figures
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting
from workbooks import export, sheets
from workbooks.importer import import_workbook

YEAR = 2023
TODAY = datetime.date(2024, 1, 29)  # the day of the conference the figures were reported at


def figures(district: Council) -> dict:
    """Every value `year_figures` gives, the district's own and each commune's."""
    f = year_figures(district, YEAR, TODAY)

    def values(cells):
        return {key: cell.value for key, cell in cells.items()}

    return {
        "own": values(f.own),
        "own_previous": f.own_previous,
        "communes": values(f.communes),
        "communes_previous": f.communes_previous,
        "own_warnings": [str(w) for w in f.own_warnings],
        "follow_up_status": {str(k): v for k, v in f.follow_up_status.items()},
        "shared_warnings": [(str(w), n) for w, n in f.shared_warnings],
        "rows": [
            (row.council.slug, values(row.cells), [str(w) for w in row.warnings], [vars(c) for c in row.checks])
            for row in f.rows
        ],
    }


def delete_year(councils: list[Council]) -> None:
    """The year's records of these councils, children before the records they point to."""
    ids = [c.pk for c in councils]
    FollowUpItem.objects.filter(council__in=ids, created_on__year=YEAR).delete()
    VoterOpinion.objects.filter(meeting__council__in=ids, meeting__date__year=YEAR).delete()
    Petition.objects.filter(council__in=ids, received_on__year=YEAR).delete()
    for model in (CitizenReception, VoterMeeting, OversightActivity):
        model.objects.filter(council__in=ids).in_year(YEAR).delete()
    Question.objects.filter(council__in=ids, asked_on__year=YEAR).delete()
    Resolution.objects.filter(session__council__in=ids).in_year(YEAR).delete()
    StandingCommitteeMeeting.objects.filter(council__in=ids).in_year(YEAR).delete()
    Session.objects.filter(council__in=ids).in_year(YEAR).delete()


def test_export_then_import_gives_every_figure_back(demo_2023):
    communes = Council.objects.with_unit().under_in_year(demo_2023, YEAR)
    councils = [
        demo_2023,
        communes.filter(questions__asked_on__year=YEAR).distinct().first(),
        communes.filter(petitions__type=PetitionType.DENUNCIATION, petitions__received_on__year=YEAR).first(),
    ]
    before = figures(demo_2023)
    assert before["own"]["resolutions"] == 29 and before["communes"]["resolutions"] == 336
    books = {c.pk: export.workbook_bytes(sheets.context(c, YEAR)) for c in councils}

    delete_year(councils)
    emptied = figures(demo_2023)
    assert emptied["own"]["sessions"] == emptied["own"]["petitions"] == 0
    assert emptied["communes"]["sessions"] < before["communes"]["sessions"]

    for council in councils:
        result = import_workbook(books[council.pk], council)
        assert result.problems == []
        assert result.total("change") == result.total("same") == 0
    assert figures(demo_2023) == before

    audited = AuditEntry.objects.count()
    for council in councils:
        again = import_workbook(books[council.pk], council)
        assert again.ok
        assert (again.total("create"), again.total("change")) == (0, 0)
        assert again.total("same") == sum(len(sheet.outcomes) for sheet in again.sheets) > 50
    assert AuditEntry.objects.count() == audited  # nothing saved, nothing audited
    assert figures(demo_2023) == before
