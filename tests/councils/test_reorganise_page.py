"""The administrators' page for a reorganisation file: a preview of every row (or every error and
nothing written), then apply; and the shipped Hà Tĩnh 2025 file applies to the demo tree."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from councils import reorganise
from councils.models import AdministrativeUnit, UnitChangeEvent
from tests.councils.test_reorganise import BASIS, HEADER, province, two_tier_file  # noqa: F401  (fixture)

TWO_TIERS = datetime.date(2025, 7, 1)
HA_TINH_2025 = Path(__file__).resolve().parents[2] / "councils" / "data" / "ha-tinh-2025.csv"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("to-chuc-lai.csv", text.encode("utf-8"), content_type="text/csv")


def test_an_administrator_previews_then_applies(client, province, django_user_model):  # noqa: F811
    client.force_login(django_user_model.objects.create_superuser("quan.tri", password="x"))
    events = UnitChangeEvent.objects.count()
    preview = client.post(reverse("reorganise"), {"file": upload(two_tier_file())})
    text = preview.content.decode()
    assert "Xem trước (chưa ghi gì)" in text and "20 thao tác sẽ thực hiện" in text
    table = text[text.index('<table class="figures">') : text.index("</table>")]
    assert "<td>Nhập</td>" in table and "<td>Kết thúc cấp hành chính</td>" in table  # the actions by name
    assert "sap_nhap" not in table and "giu_nguyen" not in table  # not the file's codes
    assert UnitChangeEvent.objects.count() == events  # a preview writes nothing

    applied = client.post(reverse("reorganise"), {"text": preview.context["text"], "apply": "1"}, follow=True)
    assert "Đã áp dụng: 2 đơn vị mới, 15 đơn vị chuyển cấp trên, 8 đơn vị kết thúc." in applied.content.decode()
    assert UnitChangeEvent.objects.count() == events + 20
    again = client.post(reverse("reorganise"), {"file": upload(two_tier_file())}).content.decode()
    assert "0 thao tác sẽ thực hiện, 20 thao tác đã có từ trước." in again


def test_a_bad_file_shows_every_error_and_writes_nothing(client, province, django_user_model):  # noqa: F811
    client.force_login(django_user_model.objects.create_superuser("quan.tri", password="x"))
    bad = HEADER + f"01/07/2025,{BASIS},giu_nguyen,khong-co,,,tinh-thu\n"
    events = UnitChangeEvent.objects.count()
    text = client.post(reverse("reorganise"), {"file": upload(bad), "apply": "1"}).content.decode()
    assert "Tệp không được áp dụng; không có gì thay đổi." in text and "không có đơn vị “khong-co”" in text
    assert UnitChangeEvent.objects.count() == events


def test_the_preview_says_what_applying_would_refuse(client, province, django_user_model, tmp_path):  # noqa: F811
    """a1, merged away on 30/06/2025, holds a Standing Committee meeting of 15/10/2025: the preview
    said "20 thao tác sẽ thực hiện", and only "Áp dụng" refused the file. The preview now applies
    it and takes it back, and says every refusal; still nothing is written."""
    from councils.models import AuditEntry, Council
    from councils.records import save_record
    from sessions.models import StandingCommitteeMeeting

    a1 = Council.objects.get(unit__slug="a1")
    save_record(StandingCommitteeMeeting(council=a1, date=datetime.date(2025, 10, 15), content="Giao ban"))
    client.force_login(django_user_model.objects.create_superuser("quan.tri", password="x"))
    events, entries = UnitChangeEvent.objects.count(), AuditEntry.objects.count()
    text = client.post(reverse("reorganise"), {"file": upload(two_tier_file())}).content.decode()
    assert "Tệp không được áp dụng; không có gì thay đổi." in text and "15/10/2025" in text
    assert "Áp dụng</button>" not in text
    assert (UnitChangeEvent.objects.count(), AuditEntry.objects.count()) == (events, entries)
    assert AdministrativeUnit.objects.get(slug="a1").valid_to is None
    path = tmp_path / "to-chuc-lai.csv"
    path.write_text(two_tier_file(), encoding="utf-8")
    with pytest.raises(CommandError, match="15/10/2025"):
        call_command("reorganise", str(path), "--dry-run")
    assert UnitChangeEvent.objects.count() == events


def test_only_administrators(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reorganise")).status_code == 403


def test_the_shipped_ha_tinh_file_applies_to_the_demo_tree(district):
    """Only what was checked against Nghị quyết 1665/NQ-UBTVQH15: Sơn Kim 1 and 2 kept whole,
    under the province from 01/07/2025 (README: what is not shipped and why)."""
    plan = reorganise.read(HA_TINH_2025.read_text(encoding="utf-8"))
    assert plan.errors == [] and len(plan.rows) == 2
    reorganise.apply(plan)
    son_kim_1 = AdministrativeUnit.objects.get(slug="son-kim-1")
    assert son_kim_1.parent_on(son_kim_1.valid_from).slug == "huong-son"
    under_province = AdministrativeUnit.objects.get(slug="ha-tinh").subunits_on(TWO_TIERS)
    assert set(under_province.filter(slug__startswith="son-kim").values_list("slug", flat=True)) == {
        "son-kim-1",
        "son-kim-2",
    }
