"""The printed report reads right (issue 12, points 10–12): each answered count beside what it answers,
levels named, no zero clauses, section 7 in sentences, the body pointing to its annexes, every annex
with its caption, the petitions chart, no near-empty page, annex pages numbered per annex (Decree 30),
and narrative paragraphs printed as paragraphs."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from councils.models import AdministrativeUnit
from reports.models import ReportNarrative
from reports.wording import Levels, paragraphs
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.reports.test_annual_report import pdf_text

_RENDERED = {}


@pytest.fixture
def pages(demo_report_pdf) -> list[str]:
    """The text of each page of the demo's 2023 report (rendered once: tests/conftest.py)."""
    if "pages" not in _RENDERED:
        pdf = demo_report_pdf
        _RENDERED["pdf"] = pdf
        read = [read_page(page) for page in PdfReader(io.BytesIO(pdf)).pages]
        _RENDERED["pages"] = [text for text, _number in read]
        _RENDERED["numbers"] = [number for _text, number in read]
    return _RENDERED["pages"]


def read_page(page) -> tuple[str, str]:
    """The page's text, white space folded, and what is printed in its top margin (above 15 mm from
    the top edge): its number, if any. One reading of the page for both."""
    top = float(page.mediabox.top)
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text's origin in page space
        if text.strip() and y > top - 15 * 72 / 25.4:
            found.append(text.strip())

    text = page.extract_text(visitor_text=visit)
    return re.sub(r"\s+", " ", text).strip(), "".join(found)


def test_section_4_pairs_each_answered_count_with_what_it_answers(pages):
    """It read "300 … tại cấp xã và 36 … tại các cuộc do cấp này tổ chức; trong đó 12 và 100 … đã được
    trả lời": 100 of 36 answered."""
    text = " ".join(pages)
    assert (
        "Thường trực HĐND huyện Hương Sơn đã phối hợp tổ chức 12 cuộc tiếp xúc cử tri cho đại biểu Quốc hội, "
        "đại biểu HĐND các cấp trước và sau các kỳ họp; cử tri nêu 36 ý kiến, kiến nghị, trong đó 12 ý kiến, "
        "kiến nghị đã được trả lời."
    ) in text
    assert (
        "Thường trực HĐND các xã, thị trấn đã phối hợp tổ chức 100 cuộc tiếp xúc cử tri cho đại biểu Quốc hội, "
        "đại biểu HĐND các cấp trước và sau các kỳ họp; cử tri nêu 300 ý kiến, kiến nghị, trong đó 100 ý kiến, "
        "kiến nghị đã được trả lời."
    ) in text
    assert "cấp này" not in text


def test_levels_are_named_and_zero_clauses_left_out(pages):
    text = " ".join(pages)
    assert not re.search(r"\b00 ", text)
    assert "Thường trực HĐND, các Ban của HĐND cấp xã đã tổ chức 129 cuộc giám sát chuyên đề." in text
    assert "Số kiến nghị, cam kết quá hạn: 12 ở cấp huyện và 128 ở cấp xã." in text


def test_section_7_is_sentences_not_a_raw_list(pages):
    text = " ".join(pages)
    assert "Mới: 70;" not in text
    assert (
        "Tổng số kiến nghị sau giám sát, kiến nghị cử tri và cam kết khi trả lời chất vấn đang theo dõi là 510, "
        "trong đó: mới 70, đang thực hiện 184, đã thực hiện 188, chưa thực hiện 68."
    ) in text


def test_the_body_points_to_its_annexes_and_each_annex_has_its_caption(pages):
    text = " ".join(pages)
    assert "(chi tiết tại Phụ lục I)" in text
    assert "Số liệu chi tiết của từng đơn vị cấp xã tại Phụ lục I; biểu đồ tại Phụ lục II kèm theo Báo cáo này." in text
    annex_pages = [page for page in pages if re.search(r"Phụ lục (I|II) [A-ZĐ]", page)]
    assert len(annex_pages) == 2
    for page in annex_pages:
        assert "(Kèm theo Báo cáo số 05/BC-HĐND ngày 25/01/2024 của Thường trực HĐND huyện Hương Sơn)" in page


def test_the_petitions_chart_is_printed(pages):
    text = " ".join(pages)
    assert "Đơn thư tiếp nhận theo loại" in text
    assert "Cấp huyện" in text and "Cấp xã" in text  # its series, named by level


def test_no_page_is_nearly_empty(pages):
    """The chart annex used to put its title alone on one page and its last chart alone on another;
    the signature block stood alone on a page."""
    words = [len(page.split()) for page in pages]
    assert min(words) >= 40, words
    signature_page = next(page for page in pages if "Nơi nhận:" in page)
    assert "IV. KIẾN NGHỊ, ĐỀ XUẤT" in signature_page


def test_annex_pages_are_numbered_per_annex(pages):
    """Decree 30/2020/NĐ-CP, Appendix I: the first page carries no number; each annex is numbered on
    its own (checked from memory of the decree's text: see docs/annual-report.md)."""
    numbers = _RENDERED["numbers"]
    annex_starts = [i for i, page in enumerate(pages) if re.search(r"Phụ lục (I|II) [A-ZĐ]", page)]
    body = range(annex_starts[0])
    assert numbers[0] == ""
    assert [numbers[i] for i in body][1:] == [str(n) for n in range(2, len(body) + 1)]
    for first in annex_starts:
        assert numbers[first] == ""  # an annex's first page: no number
    assert numbers[annex_starts[1] + 1] == "2"  # the charts annex's second page is its page 2


def test_narrative_lines_are_printed_as_paragraphs(client, reviewer, demo_2023):
    """A second paragraph used to print as a line break, without its indent."""
    ReportNarrative.objects.update_or_create(
        council=demo_2023, year=2023, defaults={"assessment": "Đoạn thứ nhất.\nĐoạn thứ hai.\n\n  Đoạn thứ ba."}
    )
    client.force_login(reviewer)
    html = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    assert "<p>Đoạn thứ nhất.</p>" in html and "<p>Đoạn thứ hai.</p>" in html and "<p>Đoạn thứ ba.</p>" in html
    assert "<br>" not in html.split("II. ĐÁNH GIÁ CHUNG")[1].split("III.")[0]
    assert paragraphs(" \n\n") == []


def test_the_narrative_editor_gives_room_and_says_how_paragraphs_print(client, reviewer, demo_2023):
    client.force_login(reviewer)
    page = client.get(reverse("annual_report_edit", args=["huong-son", 2023]))
    form = page.context["form"]
    assert form.fields["assessment"].widget.attrs["rows"] == 8
    assert "Mỗi dòng là một đoạn văn" in page.content.decode()


def test_a_province_report_names_its_levels():
    ha_tinh = AdministrativeUnit(name="Hà Tĩnh", unit_type="TINH")
    levels = Levels.of(ha_tinh, {"PHUONG", "XA"})
    assert (levels.own, levels.below, levels.below_units) == ("cấp tỉnh", "cấp xã", "các xã, phường")
    district = AdministrativeUnit(name="Hương Sơn", unit_type="HUYEN")
    assert Levels.of(district, {"THI_TRAN", "XA"}).below_units == "các xã, thị trấn"


def test_the_whole_text_is_unchanged_between_html_and_pdf(client, reviewer, demo_2023, pages):
    """One place for the wording: the preview states what the PDF prints."""
    client.force_login(reviewer)
    html = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    sentence = "cử tri nêu 300 ý kiến, kiến nghị, trong đó 100 ý kiến, kiến nghị đã được trả lời."
    assert sentence in html and sentence in pdf_text(_RENDERED["pdf"])


def test_the_skeleton_names_the_councils_below_as_they_are(province):  # noqa: F811
    """The skeleton of a province's report said "phối hợp với Thường trực HĐND các xã, thị trấn",
    written for a district, whatever the levels below were."""
    from councils import reorganise
    from councils.models import Council
    from reports.annual import skeleton

    reorganise.apply(reorganise.read(two_tier_file()))
    council = Council.objects.get(unit__slug="tinh-thu")
    guidance = {year: skeleton(council, year).guidance for year in (2024, 2025, 2026)}
    assert "phối hợp với Thường trực HĐND các huyện trong" in guidance[2024]
    assert "phối hợp với Thường trực HĐND cấp huyện, cấp xã trong" in guidance[2025]
    assert "phối hợp với Thường trực HĐND các xã, phường trong" in guidance[2026]
    assert "thị trấn" not in " ".join(guidance.values())


def test_no_overdue_item_is_said_in_words_not_as_00(pho_chau):
    """A commune's report said "Số kiến nghị, cam kết quá hạn: 00."."""
    import datetime

    from councils.records import save_record
    from oversight.models import FollowUpItem
    from reports import annual
    from tests.oversight.test_register import activity

    source = save_record(activity(pho_chau, report_date=datetime.date(2023, 5, 20)))
    save_record(FollowUpItem(oversight=source, content="Sửa cầu", addressee="UBND", due_date=datetime.date(2030, 1, 1)))
    html = annual.render_html(annual.build(pho_chau, 2023))
    assert "quá hạn: 00" not in html and "Không có kiến nghị, cam kết nào quá hạn." in html
