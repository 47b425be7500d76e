"""The admin's council filter (`hoi_dong`): the whole list while the user reads a few councils, a
search box (`hoi_dong_tim`) above a threshold, which offers only councils the user may read."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils import access
from councils.admin import filters
from councils.collation import vn_sorted
from councils.models import AdministrativeUnit, Council, UnitType
from councils.text import fold
from tests.factories import CouncilFactory, SessionFactory, UnitFactory, UserFactory

URL = "admin:council_sessions_session_changelist"


@pytest.fixture
def superuser(district):
    return UserFactory(username="quan.tri", is_superuser=True, is_staff=True)


@pytest.fixture
def few_listed(monkeypatch):
    """A threshold below the demo tree's councils, so that it behaves as a country does."""
    monkeypatch.setattr(filters, "LISTED_IN_FULL_UP_TO", 5)
    return filters.LISTED_IN_FULL_UP_TO


@pytest.fixture
def son_ngoai(district) -> Council:
    """A council outside Hương Sơn (and outside any district the reviewer reads)."""
    return CouncilFactory(unit=UnitFactory(name="Sơn Ngoài", slug="son-ngoai"))


def council_filter(response):
    return next(f for f in response.context["cl"].filter_specs if f.parameter_name == "hoi_dong")


def offered(response) -> list[str]:
    """The ids the filter offers (its choices besides "All")."""
    return [value for value, _label in council_filter(response).lookup_choices]


def labels(response) -> list[str]:
    return [label for _value, label in council_filter(response).lookup_choices]


def search_form(response) -> str:
    match = re.search(rb'<form[^>]*class="council-search".*?</form>', response.content, re.S)
    return match.group().decode() if match else ""


def test_a_superuser_gets_a_search_box_instead_of_every_council(client, superuser, few_listed):
    client.force_login(superuser)
    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert Council.objects.count() > few_listed
    assert offered(response) == []
    assert 'name="hoi_dong_tim"' in search_form(response)
    assert "HĐND xã Sơn Bằng" not in response.content.decode()
    assert " Theo Hội đồng nhân dân " in response.content.decode()  # the admin's heading, in Vietnamese


def test_the_search_finds_a_council_without_its_accents(client, superuser, few_listed, pho_chau):
    client.force_login(superuser)
    response = client.get(reverse(URL), {"hoi_dong_tim": "pho chau"})

    assert response.status_code == 200
    assert offered(response) == [str(pho_chau.pk)]
    assert labels(response)[0].startswith("HĐND thị trấn Phố Châu")
    assert 'value="pho chau"' in search_form(response)


def test_the_search_offers_at_most_a_few_councils_in_vietnamese_order(client, superuser, few_listed, monkeypatch):
    monkeypatch.setattr(filters, "FOUND_AT_MOST", 4)
    client.force_login(superuser)
    response = client.get(reverse(URL), {"hoi_dong_tim": "son"})

    matching = [c for c in Council.objects.with_unit() if "son" in fold(c.unit.name)]
    assert len(matching) > filters.FOUND_AT_MOST
    expected = vn_sorted(matching, key=lambda c: c.unit.name)[: filters.FOUND_AT_MOST]
    assert offered(response) == [str(c.pk) for c in expected]
    assert "gõ thêm" in response.content.decode()


def test_the_search_form_keeps_the_lists_other_parameters(client, superuser, few_listed, pho_chau):
    client.force_login(superuser)
    response = client.get(reverse(URL), {"nam": "2023", "q": "hội trường", "hoi_dong": pho_chau.pk, "p": "1"})

    form = search_form(response)
    assert '<input type="hidden" name="nam" value="2023">' in form
    assert '<input type="hidden" name="q" value="hội trường">' in form
    assert f'<input type="hidden" name="hoi_dong" value="{pho_chau.pk}">' in form
    assert 'name="p"' not in form  # a new search starts on the first page
    assert 'type="hidden" name="hoi_dong_tim"' not in form


def test_a_reviewers_search_offers_only_councils_they_read(client, reviewer, few_listed, son_ngoai, district):
    province = Council.objects.get(unit__unit_type=UnitType.PROVINCE)
    client.force_login(reviewer)
    readable = {str(pk) for pk in access.readable_council_ids(reviewer)}
    assert len(readable) > few_listed

    for term in ["son", "son ngoai", "ha tinh", "42", "huong son", "tinh", "x"]:
        response = client.get(reverse(URL), {"hoi_dong_tim": term})
        assert response.status_code == 200
        assert set(offered(response)) <= readable, term
        assert str(province.pk) not in offered(response), term
        assert "Sơn Ngoài" not in response.content.decode(), term

    assert offered(client.get(reverse(URL), {"hoi_dong_tim": "huong son"})) == [str(district.pk)]
    assert offered(client.get(reverse(URL), {"hoi_dong_tim": "son ngoai"})) == []


def test_the_superusers_search_reaches_every_council(client, superuser, few_listed, son_ngoai):
    client.force_login(superuser)
    assert offered(client.get(reverse(URL), {"hoi_dong_tim": "son ngoai"})) == [str(son_ngoai.pk)]


@pytest.mark.parametrize("search", ["", "son"])
def test_an_unreadable_council_in_the_url_shows_nothing_of_it(client, reviewer, few_listed, son_ngoai, search):
    SessionFactory(council=son_ngoai, ordinal=1, start_date=datetime.date(2023, 3, 1))
    province = Council.objects.get(unit__unit_type=UnitType.PROVINCE)
    client.force_login(reviewer)

    for council in (son_ngoai, province):
        response = client.get(reverse(URL), {"hoi_dong": council.pk, "hoi_dong_tim": search})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
        assert str(council.pk) not in offered(response)
        assert council.unit.name not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "²", "9" * 25])
def test_a_chosen_value_that_is_no_council_id_is_the_admins_usual_error(client, superuser, few_listed, value):
    client.force_login(superuser)
    response = client.get(reverse(URL), {"hoi_dong": value, "hoi_dong_tim": "pho"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_the_chosen_council_stays_offered_and_filters_the_rows(client, superuser, few_listed, pho_chau, son_tay):
    ours = SessionFactory(council=pho_chau, ordinal=1, start_date=datetime.date(2023, 3, 1))
    SessionFactory(council=son_tay, ordinal=1, start_date=datetime.date(2023, 3, 1))
    client.force_login(superuser)

    response = client.get(reverse(URL), {"hoi_dong": pho_chau.pk})
    assert offered(response) == [str(pho_chau.pk)]
    assert list(response.context["cl"].result_list) == [ours]
    chosen = [c for c in council_filter(response).choices(response.context["cl"]) if c["selected"]]
    assert [c["display"] for c in chosen] == [labels(response)[0]]

    response = client.get(reverse(URL), {"hoi_dong": pho_chau.pk, "hoi_dong_tim": "son tay"})
    assert offered(response)[0] == str(pho_chau.pk)  # the chosen one first, then what the search found
    assert str(son_tay.pk) in offered(response)[1:]
    assert list(response.context["cl"].result_list) == [ours]


def test_the_search_shows_counts_when_asked(client, superuser, few_listed, pho_chau):
    SessionFactory(council=pho_chau, ordinal=1, start_date=datetime.date(2023, 3, 1))
    client.force_login(superuser)
    response = client.get(reverse(URL), {"hoi_dong_tim": "pho chau", "_facets": "True"})
    assert labels(response) and "(1)" in response.content.decode()


@pytest.mark.parametrize("role", ["clerk", "reviewer", "superuser"])
def test_below_the_threshold_every_readable_council_is_offered_as_before(client, db, request, role):
    user = request.getfixturevalue(role)
    assert len(access.readable_councils(user)) <= filters.LISTED_IN_FULL_UP_TO
    client.force_login(user)
    response = client.get(reverse(URL))

    assert council_filter(response).lookup_choices == [
        (str(c.pk), str(c)) for c in access.readable_councils(user).with_unit()
    ]
    assert search_form(response) == ""
    # The search parameter is accepted (and changes nothing) below the threshold too.
    assert offered(client.get(reverse(URL), {"hoi_dong_tim": "pho"})) == offered(response)


def add_councils(count: int, start: int) -> None:
    """`count` more commune councils, written in two statements."""
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            name=f"Sơn Thêm {n}", slug=f"son-them-{n}", unit_type=UnitType.COMMUNE, valid_from=datetime.date(2016, 1, 1)
        )
        for n in range(start, start + count)
    )
    Council.objects.bulk_create(Council(unit=unit) for unit in units)


def count_queries(client, params) -> tuple[int, int]:
    """Queries of a changelist request once process-wide caches are warm, and the councils it offers."""
    client.get(reverse(URL), params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(URL), params)
        assert response.status_code == 200
    return len(captured), len(offered(response))


@pytest.mark.parametrize(("search", "chosen"), [("", False), ("son them", False), ("son", True)])
def test_a_changelists_queries_do_not_grow_with_the_councils(client, superuser, few_listed, pho_chau, search, chosen):
    params = {"hoi_dong_tim": search} | ({"hoi_dong": pho_chau.pk} if chosen else {})
    client.force_login(superuser)
    add_councils(filters.FOUND_AT_MOST, start=1)
    few = count_queries(client, params)
    add_councils(3 * filters.FOUND_AT_MOST, start=filters.FOUND_AT_MOST + 1)
    many = count_queries(client, params)

    assert few[0] == many[0]
    assert many[1] <= filters.FOUND_AT_MOST + 1
