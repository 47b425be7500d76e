"""Vietnamese order, the same in Python and in the database (PostgreSQL's ICU collation, SQLite's
registered one): ă, â, đ, ơ… are letters of their own, tones come after, numbers by value."""

import datetime

import pytest

from councils.collation import vn_order, vn_sorted
from councils.models import AdministrativeUnit, UnitType

EXPECTED = [
    "An Hòa Thịnh",
    "Đức Thọ",
    "Ô Lâm",
    "Ơ Lâm",
    "Phố Châu",
    "Phượng",
    "Sơn An",
    "Sơn Ân",
    "Sơn Bằng",
    "Sơn Bình",
    "Sơn Kim 1",
    "Sơn Kim 2",
    "Sơn Lâm",
    "Sơn Long",
    "Tân Mỹ Hà",
    "Tây Sơn",
    "Thử Nghiệm 2",
    "Thử Nghiệm 10",
    "Ư",
    "Yên",
]


def test_python_puts_names_in_vietnamese_order():
    assert vn_sorted(reversed(EXPECTED)) == EXPECTED
    assert vn_sorted(["Sơn Bình", "Sơn Bằng"]) == ["Sơn Bằng", "Sơn Bình"]  # code points say otherwise
    assert vn_sorted(["Xã 10", "Xã 2", "Xã 1"]) == ["Xã 1", "Xã 2", "Xã 10"]
    assert vn_sorted(["á", "ạ", "a", "à", "ả", "ã"]) == ["a", "à", "ả", "ã", "á", "ạ"]


@pytest.mark.django_db
def test_the_database_orders_as_python_does():
    for i, name in enumerate(reversed(EXPECTED)):
        AdministrativeUnit.objects.create(
            name=name, slug=f"thu-{i}", unit_type=UnitType.COMMUNE, valid_from=datetime.date(2016, 1, 1)
        )
    names = AdministrativeUnit.objects.filter(slug__startswith="thu-").order_by(vn_order("name"))
    assert list(names.values_list("name", flat=True)) == EXPECTED


def test_the_admin_offers_and_sorts_units_in_vietnamese_order(admin_client, district):
    """The new council's unit choices, and the unit list sorted by its name column, as the lists are."""
    from django.urls import reverse

    province = district.unit.parent
    for i, name in enumerate(["Đông", "Dương", "Ân", "Bắc"]):
        AdministrativeUnit.objects.create(
            name=name,
            slug=f"moi-{i}",
            unit_type=UnitType.COMMUNE,
            parent=province,
            valid_from=datetime.date(2025, 7, 1),
        )
    form = admin_client.get(reverse("admin:councils_council_add")).context["adminform"].form
    assert [unit.name for unit in form.fields["unit"].queryset] == ["Ân", "Bắc", "Dương", "Đông"]

    listed = admin_client.get(reverse("admin:councils_administrativeunit_changelist"), {"o": "1", "q": "moi"})
    names = [unit.name for unit in listed.context["cl"].result_list if unit.slug.startswith("moi-")]
    assert names == ["Ân", "Bắc", "Dương", "Đông"]
