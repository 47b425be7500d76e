"""Statutory clocks on known dates: calendar and working days, Tết 2024, remote areas, extensions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from councils.models import Council
from councils.records import save_record
from oversight.clocks import add_working_days, is_day_off
from oversight.models import DeadlineRule, Petition, PetitionType

D = datetime.date


@pytest.fixture
def son_kim_1(district):
    """A remote border commune (is_remote in the demo data)."""
    council = Council.objects.get(unit__slug="son-kim-1")
    assert council.unit.is_remote
    return council


def petition(council, type_, received, **fields):
    return Petition(
        council=council,
        type=type_,
        received_on=received,
        sender_name="Nguyễn Văn An",
        subject="Tranh chấp đất đai",
        **fields,
    )


def due(p):
    return p.deadline().due


def test_tet_2024_is_seven_days_off():
    assert [is_day_off(D(2024, 2, d)) for d in range(7, 16)] == [False] + [True] * 7 + [False]
    assert add_working_days(D(2024, 2, 5), 3) == D(2024, 2, 15)


def test_complaint_acceptance_10_days_ending_in_tet_moves_to_the_next_working_day(pho_chau):
    p = petition(pho_chau, PetitionType.COMPLAINT, D(2024, 1, 29))

    deadline = p.deadline()

    assert deadline.due == D(2024, 2, 15)  # 08/02 is 29 Tết; the office reopens on 15/02
    assert deadline.explanation == (
        "Kể từ ngày nhận đơn 29/01/2024 + 10 ngày; ngày cuối rơi vào ngày nghỉ nên lùi đến ngày làm việc tiếp theo"
        " = 15/02/2024. Căn cứ: Luật Khiếu nại số 02/2011/QH13, Điều 27."
    )


def test_complaint_resolution_30_or_45_days(pho_chau):
    accepted = D(2023, 3, 1)
    assert due(petition(pho_chau, PetitionType.COMPLAINT, accepted, accepted_on=accepted)) == D(2023, 3, 31)
    complex_case = petition(pho_chau, PetitionType.COMPLAINT, accepted, accepted_on=accepted, is_complex=True)
    assert due(complex_case) == D(2023, 4, 17)  # 45 days = Saturday 15/04 -> Monday 17/04


def test_complaint_resolution_in_a_remote_area_45_or_60_days(son_kim_1):
    accepted = D(2023, 3, 1)
    remote = petition(son_kim_1, PetitionType.COMPLAINT, accepted, accepted_on=accepted)
    remote_complex = petition(son_kim_1, PetitionType.COMPLAINT, accepted, accepted_on=accepted, is_complex=True)

    assert due(remote) == D(2023, 4, 17)
    assert due(remote_complex) == D(2023, 5, 4)  # 60 days = 30/04, then 01–03/05 are holidays
    assert "(vùng sâu, vùng xa, vụ việc phức tạp)" in remote_complex.deadline().explanation


def test_denunciation_acceptance_in_working_days_across_tet(pho_chau):
    received = D(2024, 2, 5)
    assert due(petition(pho_chau, PetitionType.DENUNCIATION, received)) == D(2024, 2, 21)
    assert due(petition(pho_chau, PetitionType.DENUNCIATION, received, is_complex=True)) == D(2024, 2, 26)


def test_denunciation_resolution_with_extensions(pho_chau):
    accepted = D(2024, 1, 10)
    base = {"accepted_on": accepted, "is_complex": True}

    assert due(petition(pho_chau, PetitionType.DENUNCIATION, accepted, accepted_on=accepted)) == D(2024, 2, 15)
    one = petition(pho_chau, PetitionType.DENUNCIATION, accepted, extensions=1, **base)
    assert due(one) == D(2024, 3, 11)  # 60 days = Sunday 10/03
    assert "gia hạn 1 lần × 30 ngày" in one.deadline().explanation
    assert due(petition(pho_chau, PetitionType.DENUNCIATION, accepted, extensions=2, **base)) == D(2024, 4, 9)


def test_recommendation_processing_10_working_days_across_tet(pho_chau):
    p = petition(pho_chau, PetitionType.RECOMMENDATION, D(2024, 2, 5))
    assert due(p) == D(2024, 2, 26)
    assert "ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết)" in p.deadline().explanation
    assert due(petition(pho_chau, PetitionType.REFLECTION, D(2024, 2, 5))) == D(2024, 2, 26)


def test_nothing_owed_no_deadline(pho_chau):
    decided = petition(
        pho_chau, PetitionType.COMPLAINT, D(2023, 3, 1), accepted_on=D(2023, 3, 2), decided_on=D(2023, 3, 20)
    )
    forwarded = petition(pho_chau, PetitionType.REFLECTION, D(2023, 3, 1), forwarded_on=D(2023, 3, 3))
    accepted_recommendation = petition(pho_chau, PetitionType.RECOMMENDATION, D(2023, 3, 1), accepted_on=D(2023, 3, 2))
    assert decided.deadline() is None
    assert forwarded.deadline() is None
    assert accepted_recommendation.deadline() is None


def test_overdue_appears_when_the_deadline_passes(pho_chau):
    p = save_record(petition(pho_chau, PetitionType.COMPLAINT, D(2023, 3, 1), accepted_on=D(2023, 3, 1)))
    assert p.due_on == due(p) == D(2023, 3, 31)

    def late(today):
        return Petition.objects.overdue(today).filter(pk=p.pk).exists()

    assert not late(D(2023, 3, 31))
    assert late(D(2023, 4, 1))
    p.decided_on = D(2023, 4, 5)
    save_record(p)
    assert p.due_on is None and not late(D(2023, 4, 6))


def test_a_new_version_of_a_rule_applies_from_its_date(pho_chau):
    DeadlineRule.objects.create(
        petition_type=PetitionType.COMPLAINT,
        stage=DeadlineRule.Stage.RESOLUTION,
        starts=DeadlineRule.Start.ACCEPTED,
        days=20,
        legal_basis="Luật sửa đổi (giả định)",
        valid_from=D(2026, 1, 1),
    )
    old = petition(pho_chau, PetitionType.COMPLAINT, D(2025, 12, 1), accepted_on=D(2025, 12, 1))
    new = petition(pho_chau, PetitionType.COMPLAINT, D(2026, 2, 2), accepted_on=D(2026, 2, 2))
    assert due(old) == D(2025, 12, 31)
    assert due(new) == D(2026, 2, 23)  # 22/02 is a Sunday
    assert "Luật sửa đổi (giả định)" in new.deadline().explanation


def errors_of(record):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


def test_a_petition_accepted_before_it_was_received_is_refused(pho_chau):
    p = petition(pho_chau, PetitionType.COMPLAINT, D(2023, 3, 10), accepted_on=D(2023, 3, 9))
    assert errors_of(p)["accepted_on"] == ["Ngày thụ lý không được trước ngày nhận đơn (10/03/2023)."]


def test_petition_date_rules(pho_chau):
    received = D(2023, 3, 10)
    assert errors_of(petition(pho_chau, PetitionType.REFLECTION, received, forwarded_on=D(2023, 3, 1)))[
        "forwarded_on"
    ] == ["Ngày chuyển đơn không được trước ngày nhận đơn (10/03/2023)."]
    assert errors_of(petition(pho_chau, PetitionType.COMPLAINT, received, decided_on=D(2023, 4, 1)))["accepted_on"] == [
        "Khiếu nại, tố cáo phải có ngày thụ lý trước khi ghi kết quả giải quyết."
    ]
    assert errors_of(
        petition(pho_chau, PetitionType.COMPLAINT, received, accepted_on=received, extensions=1, is_complex=True)
    )["extensions"] == ["Theo quy định đang áp dụng, thời hạn giải quyết khiếu nại không được gia hạn."]
    assert errors_of(petition(pho_chau, PetitionType.DENUNCIATION, received, accepted_on=received, extensions=1))[
        "extensions"
    ] == ["Chỉ vụ việc phức tạp mới được gia hạn."]


def test_the_stored_due_date_follows_the_rules_and_the_units_remoteness(pho_chau):
    """`due_on` (what "overdue" is counted by, in SQL) equals the deadline computed now, after the
    petition changes, after a rule changes, and after its unit becomes remote."""
    petition = save_record(
        Petition(council=pho_chau, type="KHIEU_NAI", received_on=D(2023, 3, 1), sender_name="A", subject="Đất")
    )

    def stored_equals_computed() -> bool:
        petition.refresh_from_db()
        deadline = Petition.objects.get(pk=petition.pk).deadline()
        return petition.due_on == (deadline.due if deadline else None)

    first = petition.due_on
    assert first is not None and stored_equals_computed()
    assert list(Petition.objects.overdue(first + datetime.timedelta(days=1))) == [petition]
    assert not Petition.objects.overdue(first).exists()

    petition.accepted_on = D(2023, 3, 5)  # now the decision's clock runs
    save_record(petition)
    assert petition.due_on != first and stored_equals_computed()

    rule = DeadlineRule.objects.get(petition_type="KHIEU_NAI", stage="RESOLVE", valid_to__isnull=True)
    rule.days += 5
    before = petition.due_on
    rule.save()
    assert stored_equals_computed() and petition.due_on != before

    unit = pho_chau.unit
    unit.is_remote = True
    before = petition.due_on
    unit.save()
    assert stored_equals_computed() and petition.due_on != before

    petition.decided_on = D(2023, 4, 1)
    save_record(petition)
    assert petition.due_on is None and not Petition.objects.overdue(D(2030, 1, 1)).exists()


def test_who_may_extend_is_the_rule_in_force_not_a_fixed_type(pho_chau):
    """Whether a decision's deadline may be extended, and by how much, is the rule's (its days per
    extension): a (supposed) law that gives complaints 15 days per extension from 2026 lets a complex
    complaint of 2026 be extended, one that gives denunciations none refuses it, and the deadline
    counts what the entry allowed. Before, only denunciations could be, whatever the rules said."""

    def rule(type_, extension_days):
        DeadlineRule.objects.create(
            petition_type=type_,
            stage=DeadlineRule.Stage.RESOLUTION,
            starts=DeadlineRule.Start.ACCEPTED,
            days=30,
            extension_days=extension_days,
            legal_basis="Luật sửa đổi (giả định)",
            valid_from=D(2026, 1, 1),
        )

    rule(PetitionType.COMPLAINT, 15)
    rule(PetitionType.DENUNCIATION, None)
    accepted = D(2026, 3, 2)
    complaint = petition(
        pho_chau, PetitionType.COMPLAINT, accepted, accepted_on=accepted, is_complex=True, extensions=1
    )
    complaint.full_clean()
    assert due(complaint) == D(2026, 4, 16) and "gia hạn 1 lần × 15 ngày" in complaint.deadline().explanation
    denunciation = petition(
        pho_chau, PetitionType.DENUNCIATION, accepted, accepted_on=accepted, is_complex=True, extensions=1
    )
    assert errors_of(denunciation)["extensions"] == [
        "Theo quy định đang áp dụng, thời hạn giải quyết tố cáo không được gia hạn."
    ]
    earlier = petition(
        pho_chau, PetitionType.DENUNCIATION, D(2025, 3, 3), accepted_on=D(2025, 3, 3), is_complex=True, extensions=1
    )
    earlier.full_clean()  # accepted under the 2018 law, which allows it
    before_the_rules = petition(
        pho_chau, PetitionType.DENUNCIATION, D(2018, 10, 1), accepted_on=D(2018, 10, 5), is_complex=True, extensions=1
    )
    before_the_rules.full_clean()  # no rule in force yet (2016–2018): a type that is extended, as recorded
