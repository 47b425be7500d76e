"""At a merger the open follow-up items and petitions pass to the new council, still linked to their
source; closed ones stay; clerk accounts move on request (issue 13, point 3)."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from councils import reorganise
from councils.models import AuditEntry, Council, Membership
from councils.records import save_record
from oversight.models import CitizenReception, FollowUpItem, Petition
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, UserFactory
from tests.oversight.test_register import activity

D = datetime.date


def open_work(council, petition_type: str = "KIEN_NGHI") -> SimpleNamespace:
    """A reception of 05/05/2025 with a petition handed in there, and an oversight of May 2025 with
    a register item due 31/12/2025: open work of the year of the change."""
    reception = save_record(
        CitizenReception(council=council, date=D(2025, 5, 5), receiver="Chủ tịch HĐND xã", place="Trụ sở")
    )
    subject = {"KIEN_NGHI": "Đường liên thôn", "TO_CAO": "Tố cáo cán bộ địa chính"}[petition_type]
    petition = save_record(
        Petition(
            council=council,
            reception=reception,
            type=petition_type,
            received_on=D(2025, 5, 5),
            sender_name="Lê Thị Đơn",
            subject=subject,
        )
    )
    source = save_record(
        activity(council, start_date=D(2025, 5, 10), report_date=D(2025, 5, 20), bodies_overseen="UBND xã")
    )
    item = save_record(
        FollowUpItem(oversight=source, content="Sửa cầu tràn", addressee="UBND xã", due_date=D(2025, 12, 31))
    )
    return SimpleNamespace(reception=reception, petition=petition, source=source, item=item)


def test_open_work_passes_to_the_successor_and_closed_work_stays(province):  # noqa: F811
    a1 = Council.objects.get(unit__slug="a1")
    work = open_work(a1)
    reception, open_petition, open_item = work.reception, work.petition, work.item
    closed_petition = save_record(
        Petition(
            council=a1,
            type="PHAN_ANH",
            received_on=D(2025, 3, 1),
            sender_name="Hồ Văn B",
            subject="Đèn đường",
            decided_on=D(2025, 4, 1),
        )
    )
    clerk = MembershipFactory(user=UserFactory(username="thuky.a1"), council=a1).user

    reorganise.apply(reorganise.read(two_tier_file()), move_accounts=True)

    successor = Council.objects.get(unit__slug="a-moi")
    open_petition.refresh_from_db()
    assert open_petition.council == successor and open_petition.reception == reception  # traceable
    open_petition.full_clean()  # the reception of the council it came from is still accepted
    closed_petition.refresh_from_db()
    assert closed_petition.council == a1
    open_item.refresh_from_db()
    assert open_item.council == successor and open_item.oversight == work.source
    moved = AuditEntry.objects.filter(object_id=str(open_petition.pk), content_type__model="petition").first()
    assert moved.changes["council_id"] == [str(a1.pk), str(successor.pk)]
    assert Membership.objects.get(user=clerk).council == successor


# --- what a page of the old council shows of the work handed over (found by an access review) ---


@pytest.fixture
def handed_over(province):  # noqa: F811
    """a1's reception of 05/05/2025 with a denunciation, and its oversight of May 2025 with an item,
    both open: passed to A Mới on 01/07/2025 (accounts not moved), where its clerk works on them."""
    a1 = Council.objects.get(unit__slug="a1")
    work = open_work(a1, "TO_CAO")
    reception, petition, source, item = work.reception, work.petition, work.source, work.item
    old_clerk = MembershipFactory(user=UserFactory(username="thuky.a1"), council=a1).user
    district = Council.objects.get(unit__slug="huyen-a")
    old_district = MembershipFactory(
        user=UserFactory(username="huyen.a"), council=district, role=Membership.Role.REVIEWER
    ).user
    reorganise.apply(reorganise.read(two_tier_file()))
    successor = Council.objects.get(unit__slug="a-moi")
    new_clerk = MembershipFactory(user=UserFactory(username="thuky.amoi"), council=successor).user
    petition.refresh_from_db()
    petition.sender_name = "Lê Thị Đơn Mới"
    save_record(petition, user=new_clerk)
    item.refresh_from_db()
    item.response_text, item.response_date = "UBND xã A Mới đã bố trí 2 tỷ đồng", D(2025, 9, 1)
    save_record(item, user=new_clerk)
    return SimpleNamespace(
        reception=reception,
        petition=petition,
        source=source,
        item=item,
        successor=successor,
        old_clerk=old_clerk,
        old_district=old_district,
    )


def reception_post(reception, petition, **changed) -> dict:
    """The reception's page posted with its petition's row, `changed` in that row."""
    row = {"id": petition.pk, "reception": reception.pk, "type": petition.type, "received_on": "05/05/2025"}
    row |= {"sender_name": petition.sender_name, "subject": petition.subject, "loaded_version": petition.version}
    return {
        "council": reception.council_id,
        "date": "05/05/2025",
        "receiver": reception.receiver,
        "place": reception.place,
        "citizens": reception.citizens,
        "content": "",
        "loaded_version": reception.version,
        "petitions-TOTAL_FORMS": "1",
        "petitions-INITIAL_FORMS": "1",
        "petitions-MIN_NUM_FORMS": "0",
        "petitions-MAX_NUM_FORMS": "1000",
        **{f"petitions-0-{name}": value for name, value in (row | changed).items()},
    }


def test_the_old_councils_page_does_not_show_or_change_work_it_no_longer_reads(client, handed_over):
    """a1's clerk, who no longer reads the petition (its page is a 404), read its new sender on the
    reception's page and could rewrite it there; huyện A's reviewer read A Mới's September answer
    on a1's oversight page."""
    h = handed_over
    client.force_login(h.old_clerk)
    assert client.get(reverse("admin:oversight_petition_change", args=[h.petition.pk])).status_code == 404
    page = reverse("admin:oversight_citizenreception_change", args=[h.reception.pk])
    assert "Lê Thị Đơn" not in client.get(page).content.decode()
    client.post(page, reception_post(h.reception, h.petition, sender_name="Đã bị sửa"))
    h.petition.refresh_from_db()
    assert h.petition.sender_name == "Lê Thị Đơn Mới"

    client.force_login(h.old_district)
    assert client.get(reverse("admin:oversight_followupitem_change", args=[h.item.pk])).status_code == 404
    oversight = client.get(reverse("admin:oversight_oversightactivity_change", args=[h.source.pk]))
    assert oversight.status_code == 200 and "2 tỷ đồng" not in oversight.content.decode()


def test_a_row_read_but_not_edited_is_not_changed_through_the_page_it_is_shown_on(client, handed_over):
    """a1's clerk who also reads A Mới (a viewer there) sees the petition on a1's reception, sender
    included, as A Mới's own people do; changing it there is refused, and nothing changes."""
    h = handed_over
    MembershipFactory(user=h.old_clerk, council=h.successor, role=Membership.Role.VIEWER)
    client.force_login(h.old_clerk)
    page = reverse("admin:oversight_citizenreception_change", args=[h.reception.pk])
    assert "Lê Thị Đơn Mới" in client.get(page).content.decode()
    response = client.post(page, reception_post(h.reception, h.petition, sender_name="Đã bị sửa"))
    assert response.status_code == 200
    assert "thuộc HĐND xã A Mới: bạn không sửa được" in response.content.decode()
    h.petition.refresh_from_db()
    assert h.petition.sender_name == "Lê Thị Đơn Mới"


def test_a_row_no_longer_on_the_page_is_said_not_dropped(client, handed_over):
    """a1's clerk opened the reception before the merger and saved after it: the petition row they
    changed is no longer theirs, and the page said it was saved, the change silently dropped."""
    h = handed_over
    client.force_login(h.old_clerk)
    page = reverse("admin:oversight_citizenreception_change", args=[h.reception.pk])
    response = client.post(page, reception_post(h.reception, h.petition, sender_name="Sửa của thư ký cũ"))
    assert response.status_code == 200
    assert "Dòng này không còn ở trang này" in response.content.decode()
    h.petition.refresh_from_db()
    assert h.petition.sender_name == "Lê Thị Đơn Mới"


def test_an_untouched_row_of_another_council_does_not_hold_the_page(client, handed_over):
    """A browser posts a text's line breaks as CRLF: a handed-over petition stored with LF (by a
    workbook) counted as changed, and a1's reception could not be saved by a1's own clerk."""
    h = handed_over
    h.petition.subject = "Tố cáo cán bộ địa chính\nxã A1"
    save_record(h.petition)
    MembershipFactory(user=h.old_clerk, council=h.successor, role=Membership.Role.VIEWER)
    client.force_login(h.old_clerk)
    data = reception_post(h.reception, h.petition, subject=h.petition.subject.replace("\n", "\r\n"))
    data["place"] = "Nhà văn hóa"
    response = client.post(reverse("admin:oversight_citizenreception_change", args=[h.reception.pk]), data)
    assert response.status_code == 302
    h.reception.refresh_from_db()
    assert h.reception.place == "Nhà văn hóa"


def test_a_row_no_longer_on_the_page_marked_for_deletion_is_said_too(client, handed_over):
    """Its "Xóa" ticked: the petition stayed (right), but the page said it saved."""
    h = handed_over
    client.force_login(h.old_clerk)
    data = reception_post(h.reception, h.petition, DELETE="on")
    response = client.post(reverse("admin:oversight_citizenreception_change", args=[h.reception.pk]), data)
    assert response.status_code == 200 and "Dòng này không còn ở trang này" in response.content.decode()
    assert Petition.objects.filter(pk=h.petition.pk).exists()
