"""Vietnamese everywhere a clerk looks: the admin's pages that showed English words or crashed."""

import datetime

from django.urls import reverse

from councils.records import save_record
from oversight.models import CitizenReception
from tests.factories import ResolutionFactory, SessionFactory, UserFactory


def test_the_changelist_counts_by_council_and_year(client, clerk, pho_chau):
    """ "Show counts" (facets) counts the choices of the council and year filters too."""
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=datetime.date(2023, 7, 11))
    ResolutionFactory(session=session)
    client.force_login(clerk)
    response = client.get(reverse("admin:council_sessions_session_changelist"), {"_facets": "True", "nam": "2023"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2023 (1)" in page and "HĐND thị trấn Phố Châu (1)" in page


def test_the_history_page_says_yes_and_no(client, clerk, pho_chau):
    reception = CitizenReception(council=pho_chau, date=datetime.date(2023, 3, 15), receiver="Chủ tịch", place="UBND")
    save_record(reception, user=clerk)
    client.force_login(clerk)
    page = client.get(reverse("admin:oversight_citizenreception_history", args=[reception.pk])).content.decode()
    assert "<td>Đoàn đông người</td><td><strong>Không</strong></td>" in page
    assert ">False<" not in page


def test_the_hidden_version_field_is_labelled_in_vietnamese(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("admin:council_sessions_session_add")).content.decode()
    assert "Loaded version" not in page and '<label for="id_loaded_version">lần sửa:</label>' in page


def test_the_superusers_list_of_units(client, district):
    client.force_login(UserFactory(username="quan.tri", is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:councils_administrativeunit_changelist")).content.decode()
    assert "Full name" not in page and ">Tên</a>" in page
