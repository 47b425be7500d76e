"""The annual coordination report: rendered from the records, checked by reading the PDF's text."""

import datetime
import functools
import hashlib
import io
import re

import docx
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from councils.models import Council
from councils.records import save_record
from reports import annual
from reports.models import ReportNarrative, ReportVersion
from sessions.models import Resolution, Session

D = datetime.date


@functools.lru_cache(maxsize=8)
def pdf_text(pdf: bytes) -> str:
    """The PDF's text with runs of white space folded to one space (read once per PDF: pypdf takes
    about a quarter of a second for the demo's, which several tests read)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def embedded_fonts(pdf: bytes) -> dict[str, tuple[str, str]]:
    """{PDF font name: (family, version)} read from the font programs embedded in the PDF."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            fonts[str(font["/BaseFont"])] = (program["name"].getDebugName(1), program["name"].getDebugName(5))
    return fonts


def test_the_pdf_states_the_articles_figures_in_their_sentences(demo_report_pdf):
    text = pdf_text(demo_report_pdf)

    assert "HỘI ĐỒNG NHÂN DÂN HUYỆN HƯƠNG SƠN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/BC-HĐND" in text
    assert "Hương Sơn, ngày 25 tháng 01 năm 2024" in text
    assert "BÁO CÁO" in text
    assert (
        "Kết quả công tác phối hợp giữa Thường trực HĐND huyện với Thường trực HĐND các xã, thị trấn năm 2023; "
        "phương hướng, nhiệm vụ năm 2024"
    ) in text
    assert (
        "HĐND huyện Hương Sơn đã tổ chức 06 kỳ họp (02 kỳ họp thường lệ, 04 kỳ họp chuyên đề), ban hành 29 nghị quyết"
        in text
    )
    assert "Thường trực HĐND huyện Hương Sơn tổ chức 11 phiên họp" in text
    assert (
        "Tại các địa phương đã tổ chức 82 kỳ họp HĐND các xã, thị trấn, trong đó có 50 kỳ họp thường lệ và 32 kỳ "
        "họp chuyên đề, ban hành 336 nghị quyết"
    ) in text
    assert "Thường trực và các Ban HĐND huyện Hương Sơn đã tổ chức triển khai 06 cuộc giám sát chuyên đề" in text
    assert "Thường trực HĐND, các Ban của HĐND cấp xã đã tổ chức 129 cuộc giám sát chuyên đề" in text
    assert "TM. THƯỜNG TRỰC HĐND CHỦ TỊCH" in text and "Bùi Nhân Sâm" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text


def test_the_annex_total_row_equals_the_narrative_figures(demo_report_pdf, demo_2023):
    text = pdf_text(demo_report_pdf)
    figures = annual.build(demo_2023, 2023).figures

    assert "Phụ lục I" in text and "(Kèm theo Báo cáo số 05/BC-HĐND ngày 25/01/2024" in text
    total = " ".join(str(cell.value) for cell in figures.totals)
    assert total.startswith("50 32 82 336")
    assert f"TỔNG CỘNG {total}" in text
    assert [row.council.unit.full_name for row in figures.rows if row.council.unit.full_name not in text] == []


def test_the_embedded_font_is_the_shipped_one(demo_report_pdf):
    fonts = embedded_fonts(demo_report_pdf)

    assert fonts, "no embedded font"
    # "HdndSerif" is the family our stylesheet declares with @font-face from static/fonts/;
    # the program inside is the shipped Liberation Serif 2.1.5, with Vietnamese glyphs.
    assert all(re.fullmatch(r"/[A-Z]{6}\+HdndSerif(-Bold|-Italic|-Bold-Italic)?", name) for name in fonts), fonts
    assert set(fonts.values()) == {("Liberation Serif", "Version 2.1.5")}


def test_the_charts_go_into_the_pdf_as_text(demo_report_pdf):
    text = pdf_text(demo_report_pdf)
    assert "Kỳ họp HĐND các xã, thị trấn năm 2023 theo loại" in text
    assert "Phố Châu" in text and "Kiến nghị, cam kết theo tình trạng" in text


def test_html_preview_and_pdf_download(client, reviewer, demo_2023):
    client.force_login(reviewer)
    preview = client.get(reverse("annual_report", args=["huong-son", 2023]))
    download = client.get(reverse("annual_report_pdf", args=["huong-son", 2023]))

    assert "82 kỳ họp HĐND các xã, thị trấn" in preview.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert "336 nghị quyết" in pdf_text(download.content)


def word_text(document: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(document)).paragraphs)


def kept_entry(kind: str, council: Council) -> tuple[str, str]:
    """Where the council's 2023 report is kept as `kind` (reports.annual.kept), and the digest of its
    HTML as the records stand now."""
    report = annual.build(council, 2023)
    return annual.kept_slot(kind, report), annual.html_digest(annual.render_html(report, for_pdf=True))


@pytest.mark.parametrize("kind, text_of", [("pdf", pdf_text), ("docx", word_text)])
def test_an_unchanged_report_is_served_as_kept_and_a_change_is_drawn_anew_then_kept(
    client, reviewer, demo_2023, kind, text_of
):
    """WeasyPrint takes half a second, python-docx a fifth: each document is kept, in one place per
    report, with the digest of the HTML it was drawn from (reports.annual.kept)."""
    client.force_login(reviewer)
    url = reverse(f"annual_report_{kind}", args=["huong-son", 2023])
    slot, digest = kept_entry(kind, demo_2023)
    cache.set(slot, (digest, b"the kept one"))
    assert client.get(url).content == b"the kept one"  # the unchanged report is served as kept

    narrative = ReportNarrative.objects.get(council=demo_2023, year=2023)
    narrative.proposals = "Đề nghị cấp trên hỗ trợ kinh phí giám sát."
    save_record(narrative)
    drawn = client.get(url).content  # a change: drawn anew, and kept in the report's one slot
    assert "Đề nghị cấp trên hỗ trợ kinh phí giám sát." in text_of(drawn)
    slot_now, digest_now = kept_entry(kind, demo_2023)
    assert slot_now == slot and cache.get(slot) == (digest_now, drawn)


def test_command_line(tmp_path, demo_2023):
    output = tmp_path / "bao-cao.pdf"
    call_command(
        "annual_report", "--council", "huong-son", "--year", "2023", "--output", str(output), stdout=io.StringIO()
    )
    assert "129 cuộc giám sát chuyên đề" in pdf_text(output.read_bytes())


def test_a_year_without_records_gives_a_clear_message_not_a_pdf(client, reviewer, demo_2023, tmp_path):
    client.force_login(reviewer)
    response = client.get(reverse("annual_report_pdf", args=["huong-son", 2025]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Năm 2025 chưa có hồ sơ nào của HĐND huyện Hương Sơn" in response.content.decode()
    with pytest.raises(
        CommandError, match="Năm 2025 chưa có hồ sơ nào của HĐND huyện Hương Sơn: chưa thể lập báo cáo."
    ):
        call_command("annual_report", "--council", "huong-son", "--year", "2025", "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_narrative_with_html_is_shown_as_text(client, reviewer, demo_2023):
    narrative = ReportNarrative.objects.get(council=demo_2023, year=2023)
    narrative.assessment = '<script>alert("x")</script><b>Đậm</b>'
    save_record(narrative)
    client.force_login(reviewer)

    html = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    text = pdf_text(annual.render_pdf(annual.build(demo_2023, 2023)))

    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script><b>Đậm</b>' in text


def test_the_standing_committee_edits_the_narrative(client, reviewer, viewer, demo_2023):
    url = reverse("annual_report_edit", args=["huong-son", 2023])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    form = client.get(url).context["form"]
    data = {name: value if value is not None else "" for name, value in form.initial.items() if name in form.fields}
    data |= {"issued_on": "26/01/2024", "directions": "Tổ chức tốt kỳ họp thường lệ giữa năm 2024."}

    assert client.post(url, data).status_code == 302
    text = pdf_text(annual.render_pdf(annual.build(demo_2023, 2023)))
    assert "Tổ chức tốt kỳ họp thường lệ giữa năm 2024." in text and "ngày 26 tháng 01 năm 2024" in text


def test_skeleton_is_prefilled_for_a_new_year(demo_2023):
    narrative = annual.narrative_for(demo_2023, 2024)
    assert narrative.pk is None
    assert "năm 2025" in narrative.directions
    assert "Thường trực HĐND tỉnh" in narrative.recipients


# --- signing ---------------------------------------------------------------------------------


def test_signed_versions_stay_byte_identical_after_records_change(client, reviewer, demo_2023):
    client.force_login(reviewer)
    sign = reverse("annual_report_sign", args=["huong-son", 2023])
    slot, digest = kept_entry("pdf", demo_2023)
    cache.set(slot, (digest, b"kept"))  # a kept preview is never what gets signed: drawn anew
    client.post(sign)
    first = ReportVersion.objects.get(council=demo_2023, year=2023, version=1)
    first_bytes = bytes(first.pdf)
    assert first_bytes.startswith(b"%PDF-")
    assert hashlib.sha256(first_bytes).hexdigest() == first.sha256
    assert first.figures["communes"]["resolutions"] == 336 and first.signed_by == reviewer

    session = Session.objects.filter(council=demo_2023).in_year(2023).order_by("start_date").last()
    save_record(
        Resolution(
            session=session,
            code="130/NQ-HĐND",
            adopted_on=session.start_date,
            summary="Về việc bổ sung nhiệm vụ năm 2024",
        ),
        user=reviewer,
    )

    dashboard = client.get(reverse("dashboard", args=["huong-son", 2023])).content.decode()
    assert "Hồ sơ đã thay đổi sau khi ký bản báo cáo số 1" in dashboard
    stored = client.get(reverse("annual_report_version", args=["huong-son", 2023, 1]))
    assert stored.content == first_bytes
    assert "ban hành 29 nghị quyết" in pdf_text(stored.content)

    client.post(sign)
    second = ReportVersion.objects.get(council=demo_2023, year=2023, version=2)
    assert "ban hành 30 nghị quyết" in pdf_text(bytes(second.pdf))
    assert client.get(reverse("annual_report_version", args=["huong-son", 2023, 1])).content == first_bytes
    assert (
        "Hồ sơ đã thay đổi sau khi" not in client.get(reverse("dashboard", args=["huong-son", 2023])).content.decode()
    )


def test_only_the_councils_own_editors_sign(client, viewer, clerk, demo_2023):
    client.force_login(viewer)
    assert client.post(reverse("annual_report_sign", args=["huong-son", 2023])).status_code == 403
    client.force_login(clerk)
    assert client.post(reverse("annual_report_sign", args=["huong-son", 2023])).status_code == 404
    assert client.get(reverse("annual_report", args=["huong-son", 2023])).status_code == 404
    assert not ReportVersion.objects.exists()


def test_a_commune_prints_its_own_report(client, clerk, demo_2023):
    client.force_login(clerk)
    html = client.get(reverse("annual_report", args=["pho-chau", 2023])).content.decode()
    assert "Kết quả hoạt động của Hội đồng nhân dân thị trấn Phố Châu năm 2023" in html
    assert Council.objects.get(unit__slug="pho-chau").unit.full_name in html


def test_questioning_is_reported_from_the_records(demo_report_pdf, demo_2023):
    from sessions.models import Question

    district_questions = Question.objects.for_council_year(demo_2023, 2023).count()
    assert district_questions == 5
    sentence = f"đại biểu HĐND huyện Hương Sơn đã thực hiện {district_questions:02d} lượt chất vấn"
    assert sentence in pdf_text(demo_report_pdf)


def test_a_second_click_on_sign_stores_no_second_version(client, reviewer, demo_2023):
    client.force_login(reviewer)
    sign = reverse("annual_report_sign", args=["huong-son", 2023])
    client.post(sign)
    response = client.post(sign, follow=True)

    assert ReportVersion.objects.filter(council=demo_2023, year=2023).count() == 1
    assert "Số liệu và nội dung chưa thay đổi từ bản số 1: không lập bản mới." in response.content.decode()


def test_a_signing_that_fails_says_so_in_vietnamese_and_keeps_nothing(client, reviewer, demo_2023, settings, caplog):
    """A report that could not be drawn (here the report's fonts are missing from the static files,
    as on a server deployed without them) said "Không lập được bản báo cáo: weasyprint.urls.FatalURLFetchingError".
    The clerk reads what happened and what to do; the server's log keeps the cause (django.tasks)."""
    settings.STATICFILES_DIRS = []  # the report's stylesheet and fonts: a drawing stops without them
    client.force_login(reviewer)
    with caplog.at_level("ERROR"):
        response = client.post(reverse("annual_report_sign", args=["huong-son", 2023]), follow=True)
    said = " ".join(str(message) for message in response.context["messages"])
    assert said == (
        "Không lập được bản báo cáo: không có bản mới nào được chốt. Hãy thử lại sau ít phút; "
        "nếu vẫn không được, xin báo người quản trị hệ thống."
    )
    assert not ReportVersion.objects.exists()
    assert "No static file for https://hdnd.invalid/static/" in caplog.text
