"""A record others hang on (a term its sessions, a session its resolutions, questions and voter
meetings) changing its days under them: each was checked against the days it had when saved,
so the change was saved and left them invalid (found by a review; each failed before its fix)."""

import datetime

import pytest
from django.urls import reverse

from councils.models import Term
from tests.factories import SessionFactory
from tests.sessions.test_admin import session_form

D = datetime.date


def test_a_term_cannot_be_shortened_past_its_sessions(client, clerk, reviewer, pho_chau):
    from councils import review

    term = pho_chau.terms.get()
    session = SessionFactory(council=pho_chau, term=term, ordinal=3, start_date=D(2023, 7, 11))
    review.submit(pho_chau, 2023, user=clerk)
    review.accept(pho_chau, 2023, user=reviewer)  # 2023 is locked
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "ordinal": term.ordinal or "",
        "start_date": f"{term.start_date:%d/%m/%Y}",
        "election_date": f"{term.election_date:%d/%m/%Y}" if term.election_date else "",
        "end_date": "30/06/2023",  # before its session of 11/07/2023
    }
    response = client.post(reverse("admin:councils_term_change", args=[term.pk]), data)
    assert response.status_code == 200, "the shortened term was saved"
    assert (
        "Kỳ họp “Kỳ họp thứ 3 (11/07/2023)” sẽ không còn hợp lệ: Ngày khai mạc 11/07/2023 nằm ngoài "
    ) in response.content.decode()
    assert Term.objects.get(pk=term.pk).end_date is None
    session.refresh_from_db()
    assert session.term.contains(session.start_date)


def test_a_session_cannot_move_away_from_the_questions_asked_at_it(client, clerk, pho_chau):
    from councils.records import save_record
    from sessions.models import Question

    session = SessionFactory(council=pho_chau, ordinal=3, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))
    asked = save_record(
        Question(
            council=pho_chau,
            venue=Question.Venue.AT_SESSION,
            session=session,
            asked_on=D(2023, 7, 11),
            questioner="Đại biểu A",
            respondent_name="Ông B",
            respondent_role=Question.RespondentRole.PEOPLES_COMMITTEE_CHAIR,
            topic="Nước sạch",
        )
    )
    client.force_login(clerk)
    data = session_form(
        pho_chau, ordinal=3, start_date="13/07/2023", end_date="14/07/2023", loaded_version=session.version
    )
    response = client.post(reverse("admin:council_sessions_session_change", args=[session.pk]), data)
    assert response.status_code == 200, "moved: the question asked at it now lies outside it"
    assert (
        "Chất vấn “Chất vấn Ông B (11/07/2023)” sẽ không còn hợp lệ: Ngày chất vấn phải nằm trong thời gian "
        "kỳ họp (13/07/2023 – 14/07/2023). Hãy sửa chất vấn ấy trước (nếu ngày mới của nó nằm ngoài thời gian "
        "hiện nay: mở rộng thời gian trước, sửa nó, rồi thu hẹp lại)."
    ) in response.content.decode()
    asked.full_clean()


def test_a_workbook_cannot_move_a_session_away_from_its_unchanged_resolutions(pho_chau, clerk):
    from sessions.models import Resolution
    from tests.workbooks.books import fill, template
    from tests.workbooks.test_import import SESSION, resolution
    from workbooks.importer import import_workbook

    import_workbook(fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution()]}), pho_chau)
    moved = {**SESSION, "Ngày khai mạc": "20/07/2023", "Ngày bế mạc": "21/07/2023"}  # resolution row as it was
    result = import_workbook(fill(template(pho_chau), {"Kỳ họp": [moved], "Nghị quyết": [resolution()]}), pho_chau)
    assert [(p.sheet, p.message) for p in result.problems] == [
        ("Nghị quyết", "Ngày thông qua phải nằm trong thời gian kỳ họp (20/07/2023 – 21/07/2023).")
    ], "written: its resolution (11/07/2023) now lies outside the session"
    Resolution.objects.get().full_clean()


def test_a_term_cannot_leave_a_standing_committee_meeting_in_no_term(pho_chau):
    """A meeting of the Standing Committee needs a term by its day alone (no key to the term): the
    term's new end left it in none."""
    from django.core.exceptions import ValidationError

    from councils.records import save_record
    from sessions.models import StandingCommitteeMeeting

    save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 7, 20), content="Giao ban"))
    term = pho_chau.terms.get()
    term.end_date = D(2023, 6, 30)
    with pytest.raises(ValidationError) as error:
        save_record(term)
    assert error.value.messages[0].startswith(
        "Phiên họp Thường trực “Phiên họp Thường trực ngày 20/07/2023” sẽ không còn hợp lệ: "
        "Ngày 20/07/2023 không thuộc nhiệm kỳ"
    )


def test_another_councils_record_does_not_hold_a_session_in_place(district, pho_chau):
    """A commune's voter meeting before the district's session is the commune's to correct: the
    district's clerk, who cannot edit it, could no longer move their own session."""
    from councils.records import save_record
    from oversight.models import VoterMeeting

    session = SessionFactory(council=district, ordinal=5, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))
    save_record(
        VoterMeeting(
            council=pho_chau,
            deputy_level="HDND_HUYEN",
            timing="TRUOC",
            session=session,
            date=D(2023, 6, 28),
            place="Khối 7",
        )
    )
    session.start_date, session.end_date = D(2023, 6, 20), D(2023, 6, 21)
    save_record(session)


def test_a_workbook_loaded_again_unchanged_checks_no_row_again(pho_chau):
    """Its unchanged rows are checked again only where what they hang on changed in the same load:
    as many queries for 5 resolutions as for 25 (it was two more per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.workbooks.books import fill, template
    from tests.workbooks.test_import import SESSION, resolution
    from workbooks.importer import import_workbook

    def loaded_again(n: int) -> int:
        rows = {"Kỳ họp": [SESSION], "Nghị quyết": [resolution(f"{i:02d}/NQ-HĐND") for i in range(1, n + 1)]}
        data = fill(template(pho_chau), rows)
        assert import_workbook(data, pho_chau).ok
        with CaptureQueriesContext(connection) as queries:
            assert import_workbook(data, pho_chau).ok
        return len(queries)

    assert loaded_again(5) == loaded_again(25)


def test_a_term_that_a_standing_committee_meeting_needs_is_not_deleted(admin_client, pho_chau):
    """The meeting holds its term by its day alone, no key: the term's deletion left it in none."""
    from councils.records import save_record
    from sessions.models import StandingCommitteeMeeting

    save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 7, 20), content="Giao ban"))
    term = pho_chau.terms.get()
    response = admin_client.post(reverse("admin:councils_term_delete", args=[term.pk]), {"post": "yes"}, follow=True)
    assert Term.objects.filter(pk=term.pk).exists()
    assert "Ngày 20/07/2023 không thuộc nhiệm kỳ nào" in response.content.decode()


def test_a_workbook_cannot_move_a_session_away_from_a_resolution_left_out_of_it(pho_chau):
    """A resolution with no row in the file (left out, or in next year's workbook) was not checked."""
    from tests.workbooks.books import fill, template
    from tests.workbooks.test_import import SESSION, resolution
    from workbooks.importer import import_workbook

    assert import_workbook(fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution()]}), pho_chau).ok
    moved = {**SESSION, "Ngày khai mạc": "20/07/2023", "Ngày bế mạc": "21/07/2023"}
    result = import_workbook(fill(template(pho_chau), {"Kỳ họp": [moved]}), pho_chau)
    assert [(p.sheet, p.row) for p in result.problems] == [("Kỳ họp", 2)]
    assert result.problems[0].message.startswith("Nghị quyết “Nghị quyết số 05/NQ-HĐND” sẽ không còn hợp lệ")
