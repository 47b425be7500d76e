"""Years and filters nobody meant: a clear answer (404, or the list saying what is wrong),
never an error page, and nothing stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils.models import Submission
from oversight.models import VoterMeeting

D = datetime.date


@pytest.mark.parametrize("year", ["0", "0000", "1800", "2015", "2031", "10000", "32767"])
def test_a_year_outside_the_records_in_a_url_is_not_found(client, reviewer, year):
    client.force_login(reviewer)
    for path in [f"/bao-cao/huong-son/{year}/", f"/bao-cao/huong-son/{year}/bao-cao-nam/"]:
        assert client.get(path).status_code == 404, path


def test_impossible_submission_years_are_never_stored(client, clerk, pho_chau):
    client.force_login(clerk)
    for year in ["0", "32767", "9999"]:
        assert client.post(f"/bao-cao/pho-chau/{year}/gui/").status_code == 404
    assert not Submission.objects.exists()
    with pytest.raises(ValidationError) as error:
        Submission(council=pho_chau, year=32767, status=Submission.Status.SUBMITTED).full_clean()
    assert error.value.message_dict["year"] == ["Năm 32767 không hợp lệ: chỉ các năm 2016–2027."]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"nam": "10000"}, "nam"),
        ({"nam": "abc"}, "nam"),
        ({"hoi_dong": "abc"}, "hoi_dong"),
        ({"hoi_dong": "99999"}, "hoi_dong"),
        ({"cap_duoi": "-1"}, "cap_duoi"),
    ],
)
def test_a_list_filter_that_cannot_apply_says_so_and_lists_nothing(client, clerk, params, field):
    client.force_login(clerk)
    response = client.get(reverse("record_list", args=["ky-hop"]), params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert field in response.context["filter"].form.errors
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "[invalid name]" not in page  # django-filter's label for a filter that names no field


def test_a_council_the_user_may_not_read_is_not_silently_replaced_by_their_own(client, clerk, son_tay):
    client.force_login(clerk)
    response = client.get(reverse("record_list", args=["ky-hop"]), {"hoi_dong": son_tay.pk})
    assert response.context["page"].paginator.count == 0
    assert "hoi_dong" in response.context["filter"].form.errors


@pytest.mark.parametrize(
    "params",
    [
        {"hoi_dong": "abc"},
        {"nam": "abc"},
        {"nam": "10000"},
        {"nam": "0"},
        # digits to str.isdigit() but not to int(), and an id no database column holds
        {"hoi_dong": "²"},
        {"nam": "²"},
        {"hoi_dong": "9" * 25},
    ],
)
def test_admin_list_filters_with_values_that_make_no_sense(client, clerk, params):
    client.force_login(clerk)
    response = client.get(reverse("admin:council_sessions_session_changelist"), params)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_a_count_postgresql_would_refuse_is_refused_on_every_database(client, clerk, pho_chau):
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "deputy_level": "DBQH",
        "timing": "CHUYEN_DE",
        "date": "20/04/2023",
        "mode": "TRUC_TIEP",
        "place": "Nhà văn hóa",
        "voters_attending": 99_999_999_999,
        "opinions-TOTAL_FORMS": 0,
        "opinions-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:oversight_votermeeting_add"), data)
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["voters_attending"]
    assert "100000" in message
    assert not VoterMeeting.objects.exists()


@pytest.mark.parametrize(("kind", "name"), [("don-thu", "qua_han"), ("kien-nghi", "qua_han"), ("y-kien", "da_chuyen")])
def test_a_yes_no_filter_offers_all_yes_and_no(client, clerk, kind, name):
    """ "Quá hạn" offered "Chưa xác định" (Django's "Unknown") for "no filter"."""
    client.force_login(clerk)
    field = client.get(reverse("record_list", args=[kind])).context["filter"].form[name]
    assert [label for _value, label in field.field.widget.choices] == ["Tất cả", "Có", "Không"]
    for spelling in ["true", "True"]:  # an address of before, too: the choice that filters is the one shown
        chosen = client.get(reverse("record_list", args=[kind]), {name: spelling}).context["filter"].form[name]
        assert '<option value="true" selected>Có</option>' in str(chosen)
