import datetime

import pytest
from django.core.exceptions import ValidationError

from councils.models import AdministrativeUnit, Council, Term, UnitChangeEvent, UnitType
from councils.text import fold, vn_slugify
from tests.factories import CouncilFactory, TermFactory, UnitFactory


def names(units):
    return sorted(unit.name for unit in units)


def test_district_communes_before_and_after_the_2020_mergers(district):
    huong_son = district.unit

    in_2019 = names(huong_son.subunits_on(datetime.date(2019, 6, 1)))
    in_2023 = names(huong_son.subunits_on(datetime.date(2023, 6, 1)))

    assert len(in_2023) == 25
    assert "An Hòa Thịnh" in in_2023 and "Sơn An" not in in_2023
    assert len(in_2019) == 32
    assert {"Sơn An", "Sơn Hòa", "Sơn Thịnh", "Sơn Phúc"} <= set(in_2019)
    assert "An Hòa Thịnh" not in in_2019
    assert sum(1 for u in huong_son.subunits_on(datetime.date(2023, 6, 1)) if u.unit_type == UnitType.TOWNSHIP) == 2


def test_merger_event_links_old_and_new_units_with_legal_basis(district):
    event = UnitChangeEvent.objects.get(successors__slug="an-hoa-thinh")

    assert event.kind == UnitChangeEvent.Kind.MERGE
    assert event.legal_basis == "Nghị quyết số 819/NQ-UBTVQH14"
    assert event.effective_date == datetime.date(2020, 1, 1)
    assert names(event.predecessors.all()) == ["Sơn An", "Sơn Hòa", "Sơn Thịnh"]
    # The old commune keeps its own council, so its 2019 records stay attached to it.
    assert Council.objects.get(unit__slug="son-an").unit.valid_to == datetime.date(2019, 12, 31)


def test_slugs_are_ascii_from_the_plain_name():
    assert vn_slugify("Hương Sơn") == "huong-son"
    assert vn_slugify("An Hòa Thịnh") == "an-hoa-thinh"
    assert vn_slugify("Đức Thọ") == "duc-tho"
    assert vn_slugify("Sơn Kim 1") == "son-kim-1"
    assert fold("Hòa giải ĐỊA BÀN") == "hoa giai dia ban"


def test_demo_slugs(district):
    slugs = set(AdministrativeUnit.objects.values_list("slug", flat=True))
    assert {"ha-tinh", "huong-son", "pho-chau", "son-tay", "an-hoa-thinh", "tay-son"} <= slugs


def test_blank_slug_is_made_from_the_name(db):
    unit = AdministrativeUnit(name="Đức Lĩnh", unit_type=UnitType.COMMUNE, valid_from=datetime.date(2016, 1, 1))
    unit.full_clean()
    assert unit.slug == "duc-linh"


def test_validity_ending_before_it_starts_is_refused(db):
    unit = UnitFactory.build(valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 12, 31))

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert error.value.message_dict["valid_to"] == ["Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."]


def test_a_cycle_in_the_tree_is_refused(district):
    province = district.unit.parent
    province.parent = AdministrativeUnit.objects.get(slug="pho-chau")

    with pytest.raises(ValidationError) as error:
        province.full_clean()

    assert error.value.message_dict["parent"] == [
        "Không thể chọn đơn vị này làm đơn vị cấp trên: sẽ tạo thành vòng lặp."
    ]


def test_a_unit_cannot_be_its_own_parent(db):
    unit = UnitFactory()
    unit.parent = unit
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "vòng lặp" in error.value.message_dict["parent"][0]


def test_parent_must_be_one_level_up(district):
    """Before 01/07/2025 a commune sits under a district; from then on, under its province."""
    ended = UnitFactory.build(parent=district.unit.parent, valid_to=datetime.date(2025, 6, 30))

    with pytest.raises(ValidationError) as error:
        ended.full_clean()

    assert error.value.message_dict["parent"] == ["Đơn vị cấp trên phải ở cấp liền trên (Cấp huyện)."]
    UnitFactory.build(parent=district.unit.parent, valid_from=datetime.date(2025, 7, 1)).full_clean()  # two tiers
    with pytest.raises(ValidationError):  # but not for the years before
        UnitFactory.build(parent=district.unit.parent).full_clean()
    under_a_commune = UnitFactory.build(parent=UnitFactory())
    with pytest.raises(ValidationError):
        under_a_commune.full_clean()


def test_duplicate_official_code_is_refused(district):
    copy = UnitFactory.build(code="439", unit_type=UnitType.RURAL_DISTRICT, parent=district.unit.parent)

    with pytest.raises(ValidationError) as error:
        copy.full_clean()

    assert error.value.messages == ["Mã đơn vị hành chính này đã được dùng cho một đơn vị khác."]


def test_blank_codes_do_not_clash(db):
    UnitFactory(code="")
    UnitFactory.build(code="").full_clean()


def test_term_dates_and_overlap_are_checked(db):
    term = TermFactory(start_date=datetime.date(2021, 6, 25), end_date=datetime.date(2026, 6, 1))
    backwards = Term(council=term.council, start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2021, 1, 1))
    overlapping = Term(council=term.council, start_date=datetime.date(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert error.value.message_dict["end_date"] == ["Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."]
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert error.value.messages == ["Nhiệm kỳ này trùng thời gian với một nhiệm kỳ khác của cùng Hội đồng."]


def test_term_outside_the_units_life_is_refused(db):
    council = CouncilFactory(unit=UnitFactory(valid_to=datetime.date(2019, 12, 31)))
    with pytest.raises(ValidationError) as error:
        Term(council=council, start_date=datetime.date(2021, 6, 25)).full_clean()
    assert error.value.message_dict["start_date"][0].startswith("Ngày bắt đầu nằm ngoài thời gian tồn tại của xã")


def test_district_term_is_khoa_xx(district):
    term = district.term_on(datetime.date(2023, 6, 1))
    assert str(term) == "Khóa XX (2021–…)"
    assert district.name == "HĐND huyện Hương Sơn"


def test_a_council_is_set_up_for_a_unit_that_has_none(client, district):
    """The unit choice once listed only units that already had a council."""
    from django.urls import reverse

    from tests.factories import UserFactory

    new_unit = UnitFactory(name="Sơn Mới", slug="son-moi", parent=district.unit)
    client.force_login(UserFactory(username="quan.tri", is_superuser=True, is_staff=True))
    form = client.get(reverse("admin:councils_council_add")).context["adminform"].form
    units = list(form.fields["unit"].queryset)
    assert new_unit in units and district.unit not in units

    response = client.post(
        reverse("admin:councils_council_add"),
        {"unit": new_unit.pk, "resolution_numbering": "YEAR", "terms-TOTAL_FORMS": 0, "terms-INITIAL_FORMS": 0},
    )
    assert response.status_code == 302
    assert Council.objects.get(unit=new_unit)


def test_a_units_life_cannot_be_shortened_past_its_councils_records_or_terms(pho_chau):
    """A record's day must be a day of its unit's life (checked on the record); the unit's dates
    were not checked against the records already there, so a later start or an earlier end cut
    them out of every reader's span and figure without a word."""
    from councils.records import save_record
    from tests.factories import SessionFactory

    SessionFactory(council=pho_chau, ordinal=3, start_date=datetime.date(2023, 7, 11))
    unit = AdministrativeUnit.objects.get(pk=pho_chau.unit_id)
    unit.valid_to = datetime.date(2023, 6, 30)
    with pytest.raises(ValidationError) as error:
        save_record(unit)
    assert error.value.messages == [
        "HĐND thị trấn Phố Châu đã có kỳ họp “Kỳ họp thứ 3 (11/07/2023)” ngày 11/07/2023, ngoài thời gian tồn tại mới "
        f"({unit.valid_from:%d/%m/%Y} – 30/06/2023): hãy sửa hồ sơ ấy trước."
    ]
    unit.valid_to, unit.valid_from = None, datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError) as error:
        save_record(unit)
    first_term = Term.objects.filter(council=pho_chau).earliest("start_date")
    assert error.value.messages == [
        f"HĐND thị trấn Phố Châu có nhiệm kỳ bắt đầu ngày {first_term.start_date:%d/%m/%Y}, "
        "trước ngày hiệu lực mới 01/01/2024: hãy sửa nhiệm kỳ ấy trước."
    ]
    stored = AdministrativeUnit.objects.get(pk=unit.pk)
    assert stored.valid_to is None
    unit.valid_from, unit.valid_to = stored.valid_from, datetime.date(2023, 7, 11)
    save_record(unit)  # a life that still holds them all


def test_a_life_cut_at_both_ends_names_the_end_that_leaves_a_record_out(db):
    """The first day moved later and the last day earlier in one edit: a session after the new
    last day was reported on the first day's field, which the clerk had set right."""
    from councils.records import save_record
    from tests.factories import SessionFactory

    council = CouncilFactory(unit=UnitFactory(valid_from=datetime.date(2016, 1, 1)))
    SessionFactory(council=council, start_date=datetime.date(2023, 7, 11))  # its term starts 25/06/2021
    unit = AdministrativeUnit.objects.get(pk=council.unit_id)
    unit.valid_from, unit.valid_to = datetime.date(2020, 1, 1), datetime.date(2023, 6, 30)
    with pytest.raises(ValidationError) as error:
        save_record(unit)
    assert list(error.value.message_dict) == ["valid_to"]
    assert "ngày 11/07/2023, ngoài thời gian tồn tại mới (01/01/2020 – 30/06/2023)" in error.value.messages[0]


def test_a_council_with_nothing_of_its_own_is_deleted_and_its_deletion_kept(admin_client, district):
    """Its deletion's audit entry named the council itself, which the entry protects: the delete
    the confirmation page had offered ended in a server error."""
    from django.urls import reverse

    from councils.models import AuditEntry

    merged_away = UnitChangeEvent.objects.filter(kind="MERGE").first().predecessors.first()
    council = Council.objects.get(unit=merged_away)  # no records, terms or members
    response = admin_client.post(reverse("admin:councils_council_delete", args=[council.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Council.objects.filter(pk=council.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(council.pk), action=AuditEntry.Action.DELETE)
    assert entry.council is None and entry.object_repr == str(council)


def test_a_council_whose_counts_were_kept_is_deleted_too(admin_client, district):
    """Its kept counts (a dashboard read once keeps them) went with it into the trail, each entry
    holding it: a 500 again. What is derived from records is not kept in the trail."""
    from django.urls import reverse

    from councils.models import YearTally

    council = Council.objects.get(unit=UnitChangeEvent.objects.filter(kind="MERGE").first().predecessors.first())
    assert admin_client.get(reverse("dashboard", args=[district.slug, 2019])).status_code == 200
    assert YearTally.objects.filter(council=council).exists()
    response = admin_client.post(reverse("admin:councils_council_delete", args=[council.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Council.objects.filter(pk=council.pk).exists()
