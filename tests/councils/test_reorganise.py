"""Two tiers from 01/07/2025, as data: a fictional province of three districts and 20 communes
reorganised by a CSV file — the tree on both sides of the change, all-or-nothing refusals, a second
apply that changes nothing, records and access kept across the change (issue 13)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from councils import access, reorganise, tree
from councils.models import AdministrativeUnit, AuditEntry, Council, Term, UnitChangeEvent, UnitLink, UnitType
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date
BEFORE, AFTER = D(2025, 6, 30), D(2025, 7, 1)
BASIS = "Nghị quyết thử nghiệm 1/NQ-UBTVQH15"
HEADER = "hieu_luc,can_cu,thao_tac,don_vi,ten_moi,loai,truc_thuoc\n"


def unit(name, slug, unit_type, parent=None):
    made = AdministrativeUnit.objects.create(
        name=name, slug=slug, unit_type=unit_type, parent=parent, valid_from=D(2016, 1, 1)
    )
    council = Council.objects.create(unit=made)
    Term.objects.create(
        council=council, ordinal=20 if unit_type != UnitType.COMMUNE else None, start_date=D(2021, 6, 25)
    )
    return made


@pytest.fixture
def province(db):
    """Tỉnh Thử: huyện A (7 xã), huyện B (6 xã), huyện C (7 xã)."""
    top = unit("Thử", "tinh-thu", UnitType.PROVINCE)
    for letter, n in [("a", 7), ("b", 6), ("c", 7)]:
        district = unit(f"{letter.upper()} Thử", f"huyen-{letter}", UnitType.RURAL_DISTRICT, top)
        for i in range(1, n + 1):
            unit(f"{letter.upper()}{i}", f"{letter}{i}", UnitType.COMMUNE, district)
    return top


def two_tier_file() -> str:
    """Every commune moves under the province from 01/07/2025; a1+a2 and c1+c2+c3 merge."""
    rows = [
        f"01/07/2025,{BASIS},sap_nhap,a1;a2,A Mới,XA,tinh-thu",
        f"01/07/2025,{BASIS},sap_nhap,c1;c2;c3,C Mới,PHUONG,tinh-thu",
    ]
    kept = [f"a{i}" for i in range(3, 8)] + [f"b{i}" for i in range(1, 7)] + [f"c{i}" for i in range(4, 8)]
    rows += [f"01/07/2025,{BASIS},giu_nguyen,{slug},,,tinh-thu" for slug in kept]
    rows += [f"01/07/2025,Luật 72/2025/QH15,ket_thuc_cap,huyen-{x},,," for x in "abc"]
    return HEADER + "\n".join(rows) + "\n"


def state() -> tuple:
    return (
        AdministrativeUnit.objects.count(),
        UnitLink.objects.count(),
        UnitChangeEvent.objects.count(),
        AdministrativeUnit.objects.filter(valid_to__isnull=False).count(),
        AuditEntry.objects.count(),
    )


def slugs(units) -> set[str]:
    return {u.slug for u in units}


def test_the_tree_on_either_side_of_the_change(province):
    counts = reorganise.apply(reorganise.read(two_tier_file()))
    assert counts == {"created": 2, "moved": 15, "ended": 8, "events": 20, "accounts": 0}

    assert slugs(province.subunits_on(BEFORE)) == {"huyen-a", "huyen-b", "huyen-c"}
    after = slugs(province.subunits_on(AFTER))
    assert len(after) == 17 and {"a3", "b1", "c7"} <= after and "a1" not in after and "huyen-a" not in after
    assert slugs(AdministrativeUnit.objects.get(slug="huyen-a").subunits_on(BEFORE)) == {f"a{i}" for i in range(1, 8)}
    assert not AdministrativeUnit.objects.get(slug="huyen-a").subunits_on(AFTER).exists()

    a3 = AdministrativeUnit.objects.get(slug="a3")
    assert a3.parent_on(BEFORE).slug == "huyen-a" and a3.parent_on(AFTER).slug == "tinh-thu"
    assert a3.valid_to is None  # the same unit, continuing
    # 2025 sees both parents: the province's councils of the year include the districts and the communes.
    assert {"huyen-a", "a3", "a-moi"} <= slugs(province.subunits_in_year(2025))


def test_above_names_every_council_whose_figures_a_write_may_change(province):
    """councils.tree.above: the council itself and every council its unit was ever under, one or
    two levels up, on either side of the change (what reports.fragments renews after a write)."""

    def above(*slugs):
        ids = set(Council.objects.filter(unit__slug__in=slugs).values_list("pk", flat=True))
        return slugs_of(Council.objects.filter(pk__in=tree.above(ids)))

    def slugs_of(councils):
        return {council.unit.slug for council in councils.select_related("unit")}

    assert above("b1") == {"b1", "huyen-b", "tinh-thu"}
    assert above("huyen-b") == {"huyen-b", "tinh-thu"}
    assert above("tinh-thu") == {"tinh-thu"}
    assert above("a1", "b1") == {"a1", "b1", "huyen-a", "huyen-b", "tinh-thu"}
    assert above() == set()

    reorganise.apply(reorganise.read(two_tier_file()))
    assert above("b1") == {"b1", "huyen-b", "tinh-thu"}  # under the district until 30/06/2025, then the province
    assert above("a-moi") == {"a-moi", "tinh-thu"}
    assert above("a1") == {"a1", "huyen-a", "tinh-thu"}


def test_a_merger_makes_a_council_that_continues_the_term(province):
    reorganise.apply(reorganise.read(two_tier_file()))
    merged = AdministrativeUnit.objects.get(slug="a-moi")
    assert merged.valid_from == AFTER and merged.parent_on(AFTER) == province
    term = merged.council.terms.get()
    assert term.start_date == AFTER and term.end_date is None
    for old in ["a1", "a2"]:
        gone = AdministrativeUnit.objects.get(slug=old)
        assert gone.valid_to == BEFORE and gone.council.terms.get().end_date == BEFORE
    event = UnitChangeEvent.objects.get(successors=merged)
    assert event.kind == "MERGE" and event.legal_basis == BASIS and slugs(event.predecessors.all()) == {"a1", "a2"}


def test_a_merger_may_name_the_new_unit_as_one_of_the_merged(province):
    """Many communes of 01/07/2025 kept a merged commune's name (xã Sơn Tây from Sơn Tây, Sơn Lâm
    and Sơn Lĩnh). The preview said it would apply; applying said "Đã có đơn vị dùng định danh
    này." without a row or a unit, and the new commune could not be made. Its address gets the
    year, and a second one the next number."""
    b_file = (
        HEADER + f"01/07/2025,{BASIS},sap_nhap,b1;b2,B1,XA,tinh-thu\n01/07/2025,{BASIS},sap_nhap,b3;b4,B1,XA,tinh-thu\n"
    )
    plan = reorganise.read(b_file)
    assert plan.errors == []
    reorganise.apply(plan)
    made = AdministrativeUnit.objects.filter(name="B1", valid_from=AFTER).order_by("pk")
    assert [unit.slug for unit in made] == ["b1-2025", "b1-2025-2"]
    assert AdministrativeUnit.objects.get(slug="b1").valid_to == BEFORE
    assert reorganise.read(b_file).done == [2, 3]  # applied: the same file again changes nothing


def test_records_and_access_cross_the_change(province):
    a3 = Council.objects.get(unit__slug="a3")
    session_2024 = SessionFactory(council=a3, ordinal=10, start_date=D(2024, 7, 10))
    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    district_reviewer = MembershipFactory(
        user=UserFactory(username="huyen.a"), council=Council.objects.get(unit__slug="huyen-a"), role="REVIEWER"
    ).user
    reorganise.apply(reorganise.read(two_tier_file()))

    session_2024.refresh_from_db()
    assert session_2024.council == a3  # records stay with the council that held them
    readable = access.readable_councils(reviewer)
    assert readable.filter(unit__slug__in=["a3", "a-moi", "huyen-a", "a1"]).count() == 4
    assert access.reviewable_councils(reviewer).filter(unit__slug="a-moi").exists()
    # the district's reviewer still reads its communes' past (records up to 30/06/2025)
    assert access.readable_councils(district_reviewer).filter(unit__slug="a3").exists()
    assert not access.readable_councils(district_reviewer).filter(unit__slug="a-moi").exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (  # a gap: huyện A ends, a7 stays under it
            [f"01/07/2025,{BASIS},giu_nguyen,a{i},,,tinh-thu" for i in range(1, 7)]
            + ["01/07/2025,Luật 72/2025/QH15,ket_thuc_cap,huyen-a,,,"],
            "xã A7 vẫn trực thuộc huyện A Thử, nhưng không dòng nào chuyển đơn vị này",
        ),
        (  # an overlap: a1 merged and kept
            [f"01/07/2025,{BASIS},sap_nhap,a1;a2,A Mới,XA,tinh-thu", f"01/07/2025,{BASIS},giu_nguyen,a1,,,tinh-thu"],
            "Dòng 3: xã A1 đã có ở dòng 2; mỗi đơn vị chỉ được ở một dòng.",
        ),
        ([f"01/07/2025,{BASIS},giu_nguyen,khong-co,,,tinh-thu"], "Dòng 2: không có đơn vị “khong-co”."),
        ([f"01/07/2025,{BASIS},giu_nguyen,a1,,,khong-co"], "không có đơn vị cấp trên “khong-co”"),
        ([f"31/02/2025,{BASIS},giu_nguyen,a1,,,tinh-thu"], "Ngày 31/02/2025 không có"),
        ([f"01/07/2025,{BASIS},doi_ten,a1,,,tinh-thu"], "thao tác “doi_ten” không có"),
        (  # a commune under a commune
            [f"01/07/2025,{BASIS},giu_nguyen,a1,,,a2"],
            "xã A2 không thể là cấp trên trực tiếp của đơn vị cấp xã",
        ),
        (  # before the two tiers, a commune cannot sit under the province
            [f"01/01/2025,{BASIS},giu_nguyen,a1,,,tinh-thu"],
            "tỉnh Thử không thể là cấp trên trực tiếp của đơn vị cấp xã",
        ),
        (  # under a district the same file ends
            [f"01/07/2025,{BASIS},giu_nguyen,b1,,,huyen-a", "01/07/2025,Luật 72/2025/QH15,ket_thuc_cap,huyen-a,,,"],
            "huyện A Thử không còn hiệu lực từ ngày 01/07/2025, không thể là cấp trên",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_and_writes_nothing(province, rows, message, tmp_path):
    before = state()
    plan = reorganise.read(HEADER + "\n".join(rows) + "\n")
    assert any(message in error for error in plan.errors), plan.errors
    with pytest.raises(ValidationError):
        reorganise.apply(plan)
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không có gì thay đổi"):
        call_command("reorganise", str(path))
    assert state() == before


def test_applying_the_same_file_twice_changes_nothing(province, tmp_path):
    path = tmp_path / "hai-cap.csv"
    path.write_text(two_tier_file(), encoding="utf-8")
    before = state()
    call_command("reorganise", str(path), "--dry-run")
    assert state() == before  # a dry run writes nothing
    call_command("reorganise", str(path))
    after_first = state()
    plan = reorganise.read(two_tier_file())
    assert plan.errors == [] and len(plan.done) == len(plan.rows) == 20
    call_command("reorganise", str(path))
    assert state() == after_first


def test_every_change_is_audited(province):
    reorganise.apply(reorganise.read(two_tier_file()))
    moved = AdministrativeUnit.objects.get(slug="b1")
    entries = AuditEntry.objects.filter(content_type__model="unitlink", object_repr__startswith=str(moved))
    assert entries.count() == 2  # the old link closed, the new one opened
    # and the unit's own "trực thuộc", which its history page shows, from the district to the province
    district = AdministrativeUnit.objects.get(slug="huyen-b")
    own = AuditEntry.objects.filter(content_type__model="administrativeunit", object_id=str(moved.pk))
    assert {"parent_id": [str(district.pk), str(province.pk)]} in [entry.changes for entry in own]


def test_a_new_term_for_every_council_and_2026_counts_both_terms(province, client):
    """Councils for 2026–2031 were elected on 15/03/2026: one command opens the term for all."""
    a3 = Council.objects.get(unit__slug="a3")
    reorganise.apply(reorganise.read(two_tier_file()))
    SessionFactory(council=a3, ordinal=13, start_date=D(2026, 1, 20), term=a3.terms.get())  # the old term
    call_command("new_term", "--bat-dau", "20/04/2026", "--bau-cu", "15/03/2026")
    new = a3.terms.get(start_date=D(2026, 4, 20))
    assert new.election_date == D(2026, 3, 15) and a3.terms.get(start_date=D(2021, 6, 25)).end_date == D(2026, 4, 20)
    assert province.council.terms.get(start_date=D(2026, 4, 20)).ordinal == 21  # khóa XX → XXI
    assert not Council.objects.get(unit__slug="huyen-a").terms.filter(start_date=D(2026, 4, 20)).exists()  # ended
    SessionFactory(council=a3, ordinal=1, start_date=D(2026, 4, 20), term=new)  # ordinals restart
    before = Term.objects.count()
    call_command("new_term", "--bat-dau", "20/04/2026")
    assert Term.objects.count() == before  # a second run changes nothing

    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    client.force_login(reviewer)
    figures = client.get("/bao-cao/tinh-thu/2026/").context["figures"]
    row = next(r for r in figures.rows if r.council == a3)
    assert row.cells["sessions"].value == 2 and row.warnings == []  # both terms; a split year is not held to 2
    with pytest.raises(CommandError, match="Ngày 31/02/2026 không có"):
        call_command("new_term", "--bat-dau", "31/02/2026")


def test_an_administrator_opens_the_new_term_from_the_council_list(client, province, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quan.tri", password="x"))
    chosen = list(Council.objects.filter(unit__slug__in=["a3", "b1"]).values_list("pk", flat=True))
    changelist = "/quan-tri/councils/council/"
    asked = client.post(changelist, {"action": "new_term", "_selected_action": chosen})
    assert asked.status_code == 200 and "Ngày bắt đầu (kỳ họp thứ nhất)" in asked.content.decode()
    assert not Term.objects.filter(start_date=D(2026, 4, 20)).exists()  # asking changes nothing

    wrong = {
        "action": "new_term",
        "_selected_action": chosen,
        "apply": "1",
        "start": "20/04/2026",
        "election": "15/05/2026",
    }
    assert "Ngày bầu cử phải trước ngày bắt đầu nhiệm kỳ." in client.post(changelist, wrong).content.decode()
    done = client.post(changelist, {**wrong, "election": "15/03/2026"}, follow=True)
    assert "Đã mở 2 nhiệm kỳ mới; 0 Hội đồng đã có nhiệm kỳ này." in done.content.decode()
    assert Term.objects.filter(start_date=D(2026, 4, 20)).count() == 2


def test_a_long_name_taken_still_gets_an_address_that_fits(province):
    """A name of 100 characters already used: its slug and "-2025" made 103, over the field's 100."""
    from councils.text import vn_slugify

    long_name = "Nông trường Tây Hiếu Một Hai Ba Bốn Năm Sáu Bảy Tám Chín Mười Mười Một Mười Hai Mười Ba Mười Bốn"
    assert len(vn_slugify(long_name)) > 95
    unit(long_name, vn_slugify(long_name), UnitType.COMMUNE, AdministrativeUnit.objects.get(slug="huyen-b"))
    reorganise.apply(reorganise.read(HEADER + f"01/07/2025,{BASIS},sap_nhap,b1;b2,{long_name},XA,tinh-thu\n"))
    made = AdministrativeUnit.objects.get(name=long_name, valid_from=AFTER)
    assert len(made.slug) <= 100 and made.slug.endswith("-2025")


def test_the_rest_of_the_change_applies_after_a_file_that_moved_some_units_already(district):
    """The shipped Hà Tĩnh file moves Sơn Kim 1 under the province from 01/07/2025; a second file
    keeping the other communes and ending the district was refused: "xã Sơn Kim 1 vẫn trực thuộc
    huyện Hương Sơn, nhưng không dòng nào chuyển đơn vị này", though it had moved already."""
    from pathlib import Path

    from django.conf import settings

    shipped = Path(settings.BASE_DIR, "councils/data/ha-tinh-2025.csv").read_text(encoding="utf-8")
    reorganise.apply(reorganise.read(shipped))
    huong_son = AdministrativeUnit.objects.get(slug="huong-son")
    left = [u.slug for u in huong_son.subunits_on(AFTER)]
    assert left and "son-kim-1" not in left
    rows = [f"01/07/2025,{BASIS},giu_nguyen,{slug},,,ha-tinh" for slug in left]
    plan = reorganise.read(HEADER + "\n".join([*rows, f"01/07/2025,{BASIS},ket_thuc_cap,huong-son,,,"]) + "\n")
    assert plan.errors == []
    reorganise.apply(plan)
    assert AdministrativeUnit.objects.get(slug="huong-son").valid_to == BEFORE
