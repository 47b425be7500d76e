"""The workbook in the browser: download, upload, preview (nothing written), confirm (all written),
for a commune's clerk and for the district's reviewer; the links on the council's page."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import AuditEntry
from councils.records import save_record
from oversight.models import Petition, PetitionType
from sessions.models import Session, StandingCommitteeMeeting
from tests.workbooks.books import fill, sheet_rows
from workbooks import views

SESSION = {"Kỳ họp thứ": 7, "Ngày khai mạc": "10/07/2023", "Ngày bế mạc": "11/07/2023"}
MEETING = {"Ngày họp": "05/03/2023", "Nội dung": "Chuẩn bị kỳ họp"}


def get_template(client, slug="pho-chau", year=2023) -> bytes:
    response = client.get(reverse("workbook_template", args=[slug, year]))
    assert response.status_code == 200
    assert response["Content-Type"] == views.export.XLSX
    assert response["Content-Disposition"] == f'attachment; filename="mau-nhap-{slug}-{year}.xlsx"'
    return response.content


def upload(client, data: bytes, slug="pho-chau"):
    file = SimpleUploadedFile("so-lieu.xlsx", data, content_type=views.export.XLSX)
    return client.post(reverse("workbook_upload", args=[slug]), {"file": file})


def test_a_clerk_previews_then_confirms_a_workbook(client, clerk, pho_chau):
    save_record(StandingCommitteeMeeting(council=pho_chau, date=datetime.date(2023, 3, 5), content="Cũ"))
    client.force_login(clerk)
    data = fill(get_template(client), {"Kỳ họp": [SESSION], "Phiên họp Thường trực": [MEETING]})

    preview = upload(client, data)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Xem trước: số liệu năm 2023" in page
    assert "Phiên họp Thường trực, dòng 2: Phiên họp Thường trực ngày 05/03/2023" in page
    assert "Nội dung: “Cũ” → “Chuẩn bị kỳ họp”" in page
    assert preview.context["result"].total_created == 1 and preview.context["result"].total_changed == 1
    assert Session.objects.count() == 0  # a preview writes nothing

    done = client.post(reverse("workbook_confirm", args=["pho-chau"]), {"token": preview.context["token"]})

    assert "Đã ghi số liệu năm 2023" in done.content.decode()
    assert Session.objects.get().ordinal == 7
    assert StandingCommitteeMeeting.objects.get().content == "Chuẩn bị kỳ họp"
    actions = AuditEntry.objects.filter(council=pho_chau, user=clerk).values_list("action", flat=True)
    assert sorted(actions) == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    again = client.post(reverse("workbook_confirm", args=["pho-chau"]), {"token": preview.context["token"]})
    assert again.status_code == 302  # the kept file is gone once written


def test_an_upload_with_errors_lists_them_and_offers_no_confirmation(client, clerk, pho_chau):
    client.force_login(clerk)
    data = fill(get_template(client), {"Kỳ họp": [{**SESSION, "Ngày bế mạc": "09/07/2023"}]})

    response = upload(client, data)

    page = response.content.decode()
    assert "Tệp có lỗi: chưa ghi dòng nào" in page
    assert '<td>Kỳ họp</td><td class="num">2</td><td>Ngày bế mạc</td>' in page
    assert "Ngày bế mạc không được trước ngày khai mạc." in page
    assert response.context["token"] is None and 'name="token"' not in page
    assert Session.objects.count() == 0


def test_the_districts_reviewer_loads_a_communes_year_without_seeing_its_senders(client, reviewer, pho_chau):
    save_record(
        Petition(
            council=pho_chau,
            type=PetitionType.DENUNCIATION,
            received_on=datetime.date(2023, 5, 8),
            sender_name="Nguyễn Văn An",
            subject="Tố cáo",
        )
    )
    client.force_login(reviewer)
    exported = client.get(reverse("workbook_download", args=["pho-chau", 2023])).content
    assert sheet_rows(exported, "Đơn thư")[0]["Người gửi"] is None
    data = fill(exported, {"Phiên họp Thường trực": [MEETING]})

    preview = upload(client, data)
    assert "Nguyễn Văn An" not in preview.content.decode()
    client.post(reverse("workbook_confirm", args=["pho-chau"]), {"token": preview.context["token"]})

    assert StandingCommitteeMeeting.objects.get().council == pho_chau
    assert Petition.objects.get().sender_name == "Nguyễn Văn An"


def test_a_preview_confirms_only_for_its_council_and_uploader(client, clerk, reviewer, pho_chau, son_tay):
    client.force_login(reviewer)
    preview = upload(client, fill(get_template(client), {"Kỳ họp": [SESSION]}))
    token = preview.context["token"]

    elsewhere = client.post(reverse("workbook_confirm", args=["son-tay"]), {"token": token}, follow=True)
    assert "Bản xem trước đã hết hạn hoặc không hợp lệ" in elsewhere.content.decode()
    client.force_login(clerk)
    assert client.post(reverse("workbook_confirm", args=["pho-chau"]), {"token": token}).status_code == 302
    assert Session.objects.count() == 0


def test_a_file_too_large_is_refused_before_reading(client, clerk, pho_chau, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD", 1024)
    client.force_login(clerk)

    response = upload(client, b"x" * 2048)

    assert "Tệp lớn quá" in response.content.decode()


def test_the_council_page_links_to_the_workbook_for_those_who_may_load_it(client, clerk, viewer, pho_chau):
    links = [
        reverse("workbook_template", args=["pho-chau", 2022]),
        reverse("workbook_download", args=["pho-chau", 2022]),
        reverse("workbook_upload", args=["pho-chau"]) + "?nam=2022",
    ]
    client.force_login(clerk)
    page = client.get(reverse("council_home", args=["pho-chau"]), {"nam": 2022}).content.decode()
    assert all(f'href="{link}"' in page for link in links)
    client.force_login(viewer)
    page = client.get(reverse("council_home", args=["pho-chau"]), {"nam": 2022}).content.decode()
    assert not any(link in page for link in links)


def test_the_upload_page_offers_the_chosen_years_downloads(client, clerk, pho_chau):
    client.force_login(clerk)
    page = client.get(reverse("workbook_upload", args=["pho-chau"]), {"nam": 2021}).content.decode()
    assert reverse("workbook_template", args=["pho-chau", 2021]) in page
    template = load_workbook(io.BytesIO(get_template(client, year=2021)))
    assert template["Hướng dẫn"]["B4"].value == 2021
