"""Resolution numbers compared on their canonical form, and numbering warnings whose cost does
not grow with the size of a number."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from councils.models import Council
from councils.records import save_record
from sessions.models import Resolution, Session, canonical_code
from sessions.services import set_resolution_numbering
from sessions.warnings import council_year_warnings
from tests.factories import ResolutionFactory, SessionFactory

D = datetime.date


@pytest.fixture
def session(pho_chau):
    return SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))


def new(session, code, **fields):
    return Resolution(session=session, code=code, adopted_on=session.start_date, summary="Về dự toán", **fields)


def code_errors(record) -> list[str]:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict["code"]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("01/NQ-HĐND", "01/NQ-HĐND"),
        ("Số: 01/NQ-HĐND", "01/NQ-HĐND"),
        ("số 01 / nq - hđnd", "01/NQ-HĐND"),
        ("01/NQ-HDND", "01/NQ-HĐND"),  # Đ left out
        ("０１/ＮＱ-ＨĐＮＤ", "01/NQ-HĐND"),  # full-width
        ("٠١/NQ-HĐND", "01/NQ-HĐND"),  # Arabic-Indic digits
        ("۰۱/NQ-HĐND", "01/NQ-HĐND"),  # Persian digits
        ("01/2023/nq-hdnd", "01/2023/NQ-HĐND"),
    ],
)
def test_the_canonical_form(typed, canonical):
    assert canonical_code(typed) == canonical


@pytest.mark.parametrize(
    "typed", ["01/NQ-HĐND", "01/NQ-HDND", "０１/NQ-HĐND", "٠١/NQ-HĐND", "01 / nq-hđnd", "Số: 01/NQ-HĐND"]
)
def test_a_number_already_used_is_refused_however_it_is_typed(session, typed):
    ResolutionFactory(session=session, code="01/NQ-HĐND")
    assert code_errors(new(session, typed)) == [
        "Số 01/NQ-HĐND đã được dùng cho nghị quyết ngày 11/07/2023 (cùng năm 2023)."
    ]


def test_extra_leading_zeros_and_a_doubled_symbol_are_refused(session):
    ResolutionFactory(session=session, code="01/NQ-HĐND")
    assert code_errors(new(session, "001/NQ-HĐND")) == ["Số “001” thừa chữ số 0 ở đầu: viết “01”."]
    assert code_errors(new(session, "01/NQ-HĐND-HĐND")) == [
        "Ký hiệu “NQ-HĐND-HĐND” không phải ký hiệu nghị quyết của HĐND: viết “NQ-HĐND”, như “05/NQ-HĐND”."
    ]
    assert Resolution.objects.count() == 1


def test_the_stored_code_is_the_canonical_one(session):
    saved = save_record(new(session, "số ١٥/nq-hdnd"))
    assert (saved.code, saved.number) == ("15/NQ-HĐND", 15)


def test_individual_and_normative_resolutions_are_numbered_apart(session):
    ResolutionFactory(session=session, code="01/NQ-HĐND")
    new(session, "01/2023/NQ-HĐND", kind=Resolution.Kind.NORMATIVE).full_clean()


def test_an_absurdly_large_number_is_refused(session):
    assert code_errors(new(session, "20000000/NQ-HĐND")) == [
        "Số nghị quyết 20000000 quá lớn: số nghị quyết không vượt quá 9999."
    ]


def test_the_gap_warning_does_not_grow_with_the_size_of_a_number(session, pho_chau):
    """A huge number already stored (before the limit, or by any other way in) once made the
    district dashboard build a set of every number up to it: 7 s and 2.3 GB for 20,000,000."""
    for code in ["01/NQ-HĐND", "02/NQ-HĐND"]:
        ResolutionFactory(session=session, code=code)
    Resolution.objects.filter(code="02/NQ-HĐND").update(number=2_000_000_000)

    warnings = council_year_warnings(pho_chau, 2023, today=D(2024, 1, 29))

    gaps = next(w for w in warnings if w.startswith("Số nghị quyết bị bỏ trống"))
    assert gaps == (
        "Số nghị quyết bị bỏ trống trong năm 2023: "
        "02, 03, 04, 05, 06, 07, 08, 09, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21…."
    )


# --- rows entered together, the database behind them, numbers stored twice -----------------------


def session_page(pho_chau, rows, **fields):
    data = {
        "council": pho_chau.pk,
        "term": pho_chau.terms.get().pk,
        "ordinal": 12,
        "kind": "THUONG_LE",
        "start_date": "11/07/2023",
        "end_date": "12/07/2023",
        "resolutions-TOTAL_FORMS": len(rows),
        "resolutions-INITIAL_FORMS": 0,
        **fields,
    }
    for i, code in enumerate(rows):
        data |= {
            f"resolutions-{i}-code": code,
            f"resolutions-{i}-adopted_on": "12/07/2023",
            f"resolutions-{i}-kind": "CA_BIET",
            f"resolutions-{i}-field": "KTXH",
            f"resolutions-{i}-summary": f"Nghị quyết dòng {i + 1}",
        }
    return data


def test_two_rows_with_one_number_on_the_session_page_are_refused_row_by_row(client, clerk, pho_chau):
    client.force_login(clerk)
    response = client.post(
        reverse("admin:council_sessions_session_add"), session_page(pho_chau, ["12/NQ-HĐND", "12/NQ-HDND"])
    )

    assert response.status_code == 200
    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert forms[0].errors == {}
    assert forms[1].errors["code"] == ["Số 12/NQ-HĐND đã được dùng cho nghị quyết ngày 12/07/2023 (cùng năm 2023)."]
    assert not Session.objects.exists() and not Resolution.objects.exists()

    fixed = session_page(pho_chau, ["12/NQ-HĐND", "13/NQ-HĐND"])
    assert client.post(reverse("admin:council_sessions_session_add"), fixed).status_code == 302
    assert sorted(Resolution.objects.values_list("code", flat=True)) == ["12/NQ-HĐND", "13/NQ-HĐND"]


def test_the_database_refuses_a_number_twice_in_its_scope(session):
    ResolutionFactory(session=session, code="07/NQ-HĐND")
    twin = Resolution(session=session, code="07/NQ-HĐND", number=7, adopted_on=session.start_date, summary="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()  # straight to the database, past every check


def test_numbers_stored_twice_before_the_constraint_are_warned_about(session, pho_chau):
    first = ResolutionFactory(session=session, code="07/NQ-HĐND")
    second = ResolutionFactory(session=session, code="08/NQ-HĐND")
    # What the migration leaves for two resolutions stored with one number: apart, "#<id>".
    Resolution.objects.filter(pk=second.pk).update(
        code="07/NQ-HĐND", number=7, scope_key=f"{first.scope_key}#{second.pk}"
    )

    assert "Số 07/NQ-HĐND được dùng cho 2 nghị quyết (ngày 11/07/2023, 11/07/2023): hãy sửa số cho đúng." in (
        council_year_warnings(pho_chau, 2023, today=D(2024, 1, 29))
    )


def test_changing_the_numbering_moves_resolutions_into_their_new_scope(session, pho_chau):
    later = SessionFactory(council=pho_chau, ordinal=13, start_date=D(2024, 7, 10), end_date=D(2024, 7, 10))
    ResolutionFactory(session=session, code="01/NQ-HĐND")
    ResolutionFactory(session=later, code="01/NQ-HĐND")  # numbering restarts each year

    with pytest.raises(ValidationError, match="Không thể đổi cách đánh số nghị quyết: Số 01/NQ-HĐND đã được dùng"):
        set_resolution_numbering(pho_chau, Council.Numbering.TERM)
    assert Council.objects.get(pk=pho_chau.pk).resolution_numbering == Council.Numbering.YEAR

    Resolution.objects.filter(session=later).update(code="02/NQ-HĐND", number=2)
    set_resolution_numbering(pho_chau, Council.Numbering.TERM)
    term = pho_chau.terms.get()
    assert set(Resolution.objects.values_list("scope_key", flat=True)) == {f"{pho_chau.pk}:T{term.pk}"}


def test_a_session_with_resolutions_keeps_its_council(session, son_tay):
    ResolutionFactory(session=session, code="01/NQ-HĐND")
    session.council, session.term = son_tay, son_tay.terms.get()
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["council"] == ["Kỳ họp đã có nghị quyết: không thể chuyển sang Hội đồng khác."]
