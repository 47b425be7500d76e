"""The annual report as a Word document: read back with python-docx, it states what the PDF states
(the PDF's text read with pypdf), in the Decree 30 layout."""

import io
import re

import docx
import pytest
import tinyhtml5
from django.core.management import call_command
from django.urls import reverse
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from councils.records import save_record
from reports import annual
from reports.docx import CONTENT_TYPE, Writer, render_docx
from reports.models import ReportNarrative

SECTIONS = [
    "2. Tổ chức kỳ họp, phiên họp",
    "3. Hoạt động giám sát, khảo sát",
    "4. Tiếp xúc cử tri",
    "5. Tiếp công dân, xử lý đơn thư",
    "6. Chất vấn và trả lời chất vấn",
    "7. Theo dõi kiến nghị sau giám sát, kiến nghị cử tri và cam kết khi trả lời chất vấn",
]
_RENDERED = {}


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[tuple[str, str]]:
    """Each page's (page number printed in its top margin, text without it)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height, header = float(page.mediabox.height), []

        def in_top_margin(text, cm, tm, *_font, height=height, header=header):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and height - y < 13 * 72 / 25.4:  # above the text of both page kinds
                header.append(text.strip())

        text = page.extract_text(visitor_text=in_top_margin).rstrip()
        number = "".join(header)
        assert text.endswith(number), (number, text[-40:])  # pypdf reads the margin box last
        pages.append((number, text.removesuffix(number)))
    return pages


def pdf_text(pdf: bytes, pages: list[tuple[str, str]] | None = None) -> str:
    """The PDF's text, white space folded, without the page numbers (`pages`: its `pdf_pages`, read)."""
    return fold(" ".join(text for _number, text in pages or pdf_pages(pdf)))


@pytest.fixture
def rendered(demo_2023, demo_report_pdf):
    """The demo's 2023 report as PDF text and as a python-docx Document, rendered once for the tests
    that only read them (the PDF shared with the other modules that read it: tests/conftest.py)."""
    if not _RENDERED:
        report = annual.build(demo_2023, 2023)
        pdf = demo_report_pdf
        pages = pdf_pages(pdf)
        _RENDERED["pdf"], _RENDERED["pdf_numbers"] = pdf_text(pdf, pages), [number for number, _text in pages]
        _RENDERED["docx"] = render_docx(report)
        _RENDERED["html"] = annual.render_html(report, for_pdf=True)
    return _RENDERED["pdf"], docx.Document(io.BytesIO(_RENDERED["docx"]))


def sections(document) -> dict[str, list[str]]:
    """{heading: the body paragraphs under it}, from the document's headings."""
    found, current = {}, None
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            current = found.setdefault(paragraph.text, [])
        elif current is not None and paragraph.text and paragraph.style.name == "Body Text":
            current.append(paragraph.text)
    return found


def effective(paragraph, run, attribute: str):
    """A run's font attribute as Word resolves it: the run, then the paragraph's style and its bases."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.font, attribute), style.base_style
    return value


def test_sections_2_to_7_state_the_pdfs_sentences_and_figures(rendered):
    text, document = rendered
    found = sections(document)
    headings = list(found)

    for heading in SECTIONS:
        assert found[heading], heading
        for paragraph in found[heading]:
            assert fold(paragraph) in text, paragraph
        following = headings[headings.index(heading) + 1]
        in_pdf = text[text.index(heading) + len(heading) : text.index(following, text.index(heading))]
        assert re.findall(r"\d+", " ".join(found[heading])) == re.findall(r"\d+", in_pdf), heading
    assert "ban hành 336 nghị quyết" in " ".join(found[SECTIONS[0]])
    assert "129 cuộc giám sát chuyên đề" in " ".join(found[SECTIONS[1]])


def test_the_annex_table_has_the_pdfs_cells_and_figures_totals(rendered, demo_2023):
    text, document = rendered
    figures = annual.build(demo_2023, 2023).figures
    annex = next(table for table in document.tables if table.cell(0, 0).text == "STT")
    rows = [[cell.text for cell in row.cells] for row in annex.rows]

    assert len(rows) == 1 + len(figures.rows) + 1
    assert rows[0][2:] == [str(header) for header in figures.table_headers]
    assert [row[1] for row in rows[1:-1]] == [row.council.unit.full_name for row in figures.rows]
    assert rows[-1][1:] == ["TỔNG CỘNG", *(str(cell.value) for cell in figures.totals)]
    for row in rows:
        assert fold(" ".join(row)) in text, row


def test_the_charts_are_tables_of_the_pdfs_bars(rendered):
    text, document = rendered
    charts = [table for table in document.tables if table.cell(0, 0).text == ""]
    captions = [Paragraph(table._tbl.getprevious(), document).text for table in charts]  # the title above

    assert captions == re.findall(r"<figcaption>(.*?)</figcaption>", _RENDERED["html"])  # every chart, in order
    assert "Kỳ họp HĐND các xã, thị trấn năm 2023 theo loại" in captions
    assert all(caption in text for caption in captions)
    sessions = [[cell.text for cell in row.cells] for row in charts[0].rows]
    assert sessions[0] == ["", "Thường lệ", "Chuyên đề", "Đột xuất", "Cộng"]
    assert ["Phố Châu", "2", "2", "0", "4"] in sessions
    for chart in charts:
        for row in chart.rows[1:]:
            label, total = row.cells[0].text, row.cells[-1].text
            assert f"{label} {total}" in text, (label, total)  # the PDF prints each bar's label and total
            if len(row.cells) > 2:
                assert sum(int(cell.text) for cell in row.cells[1:-1]) == int(total)


def test_page_a4_margins_and_times_new_roman_14(rendered):
    _text, document = rendered
    body, *annexes = document.sections

    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    mm = {side: round(getattr(body, f"{side}_margin").mm, 1) for side in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25, mm  # Word keeps twips: 15 mm is 14.99
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20, mm
    assert len(annexes) == 2
    for annex in annexes:  # landscape, as the PDF's annex pages, each starting on a new page
        assert annex.start_type == WD_SECTION.NEW_PAGE and annex.orientation == WD_ORIENT.LANDSCAPE
        assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)

    paragraphs = [p for p in document.paragraphs if p.style.name == "Body Text" and p.text]
    assert len(paragraphs) >= 12
    for paragraph in paragraphs:
        fmt = paragraph.style.paragraph_format
        assert paragraph.paragraph_format.alignment is None and fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 <= fmt.first_line_indent.cm <= 1.27 and fmt.space_after == Pt(6)
        for run in paragraph.runs:
            assert effective(paragraph, run, "name") == "Times New Roman"
            assert effective(paragraph, run, "size") == Pt(14)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over Times New Roman

    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings if p.style.name == "Heading 1"][0] == "I. KẾT QUẢ THỰC HIỆN NĂM 2023"
    assert all(p.style.font.bold and effective(p, p.runs[0], "name") == "Times New Roman" for p in headings)


def test_issuer_and_motto_table_title_and_page_numbers(rendered):
    _text, document = rendered
    header = document.tables[0]
    issuer, motto = (cell.paragraphs for cell in header.rows[0].cells)
    texts = [[p.text for p in cell if p.text] for cell in (issuer, motto)]

    assert texts[0] == ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN HƯƠNG SƠN", "Số: 05/BC-HĐND"]
    assert texts[1] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hương Sơn, ngày 25 tháng 01 năm 2024",
    ]
    assert header.style.name == "Normal Table" and header._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert all(run.bold for p in issuer[:2] + motto[:2] for run in p.runs)
    assert all(run.italic for run in motto[-1].runs)
    rules = [p for cell in (issuer, motto) for p in cell if p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(rules) == 2 and rules[0].paragraph_format.left_indent > rules[1].paragraph_format.left_indent

    title, subject = [p for p in document.paragraphs if p.text][:2]
    assert title.text == "BÁO CÁO" and subject.text.startswith("Kết quả công tác phối hợp giữa")
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs) for p in (title, subject))

    body, *annexes = document.sections
    assert body.different_first_page_header_footer  # page 1 has no number
    assert "PAGE" in body.header._element.xml and "PAGE" not in body.first_page_header._element.xml
    assert body.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert body._sectPr.find(qn("w:pgNumType")) is None
    # As the PDF (Decree 30): each annex numbered on its own, from its second page.
    assert _RENDERED["pdf_numbers"] == ["", "2", "3", "", "", "2"]
    for annex in annexes:
        assert annex.different_first_page_header_footer and annex.header.is_linked_to_previous
        assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_closing_table_recipients_and_signature(rendered):
    _text, document = rendered
    closing = next(table for table in document.tables if table.cell(0, 0).text.startswith("Nơi nhận:"))
    recipients, signature = (cell.paragraphs for cell in closing.rows[0].cells)

    label, *lines = recipients
    assert all(run.bold and run.italic and run.font.size == Pt(12) for run in label.runs)
    assert [line.text for line in lines][-1] == "- Lưu: VT." and len(lines) == 7
    assert all(run.font.size == Pt(11) for line in lines for run in line.runs)
    signed = [p for p in signature if p.text]
    assert [p.text for p in signed] == ["TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", "Bùi Nhân Sâm"]
    assert all(run.bold for p in signed for run in p.runs) and all(p.text.isupper() for p in signed[:-1])
    assert closing._tbl.tblPr.find(qn("w:tblBorders")) is None
    # Section IV is kept with the signature, as the PDF (.ending): its paragraphs keep with the next.
    proposals = sections(document)["IV. KIẾN NGHỊ, ĐỀ XUẤT"]
    kept = [p for p in document.paragraphs if p.text in proposals]
    assert kept and all(p.paragraph_format.keep_with_next for p in kept)
    assert Paragraph(closing._tbl.getprevious(), document).text == proposals[-1]


def test_annexes_start_a_page_with_their_captions_and_repeat_the_table_head(rendered):
    _text, document = rendered
    annex = next(table for table in document.tables if table.cell(0, 0).text == "STT")
    repeated = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in annex.rows]

    assert repeated[0] and not any(repeated[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in annex.rows)
    body = document.element.body
    breaks = [p for p in body.iter(qn("w:p")) if p.pPr is not None and p.pPr.sectPr is not None]
    assert len(breaks) == 2  # body | Phụ lục I | Phụ lục II
    after_break = [p for p in document.paragraphs if p.text.startswith("Phụ lục")]
    assert [p.text for p in after_break] == ["Phụ lục I", "Phụ lục II"]
    assert "(Kèm theo Báo cáo số 05/BC-HĐND ngày 25/01/2024 của Thường trực HĐND huyện Hương Sơn)" in [
        p.text for p in document.paragraphs
    ]


def test_command_writes_a_docx(tmp_path, demo_2023):
    output = tmp_path / "bao-cao.docx"
    call_command(
        "annual_report", "--council", "huong-son", "--year", "2023", "--format", "docx", "--output", str(output),
        stdout=io.StringIO(),
    )  # fmt: skip
    text = "\n".join(p.text for p in docx.Document(output).paragraphs)
    assert "Thường trực HĐND, các Ban của HĐND cấp xã đã tổ chức 129 cuộc giám sát chuyên đề" in text


def test_download_for_readers_only(client, reviewer, clerk, demo_2023):
    client.force_login(reviewer)
    response = client.get(reverse("annual_report_docx", args=["huong-son", 2023]))
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-nam_huong-son_2023.docx"'
    assert "ban hành 336 nghị quyết" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs
    )
    preview = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    assert f'href="{reverse("annual_report_docx", args=["huong-son", 2023])}"' in preview and "Tải bản Word" in preview

    client.force_login(clerk)  # a commune's clerk may not read the district's report: as for the PDF
    pdf = client.get(reverse("annual_report_pdf", args=["huong-son", 2023]))
    word = client.get(reverse("annual_report_docx", args=["huong-son", 2023]))
    assert word.status_code == pdf.status_code == 404 and word["Content-Type"].startswith("text/html")
    client.logout()
    assert client.get(reverse("annual_report_docx", args=["huong-son", 2023])).status_code == 302


def test_a_commune_downloads_its_own_report(client, clerk, demo_2023):
    client.force_login(clerk)
    response = client.get(reverse("annual_report_docx", args=["pho-chau", 2023]))
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]

    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-nam_pho-chau_2023.docx"'
    assert (
        "Kết quả hoạt động của Hội đồng nhân dân thị trấn Phố Châu năm 2023; phương hướng, nhiệm vụ năm 2024" in texts
    )
    assert "Phụ lục I" in texts and "STT" not in [table.cell(0, 0).text for table in document.tables]


def test_a_year_without_records_gives_the_message_not_a_docx(client, reviewer, demo_2023, tmp_path):
    client.force_login(reviewer)
    response = client.get(reverse("annual_report_docx", args=["huong-son", 2025]))
    assert (
        response.status_code == 404
        and "Năm 2025 chưa có hồ sơ nào của HĐND huyện Hương Sơn" in response.content.decode()
    )


def test_narrative_lines_print_as_the_pdfs_paragraphs_and_markup_as_text(demo_2023):
    narrative = ReportNarrative.objects.get(council=demo_2023, year=2023)
    narrative.assessment = 'Dòng một,\ndòng hai.\n\nĐoạn <b>hai</b> <script>alert("x")</script>.'
    save_record(narrative)
    report = annual.build(demo_2023, 2023)
    document = docx.Document(io.BytesIO(render_docx(report)))
    strengths = sections(document)["1. Ưu điểm"]

    assert strengths == ["Dòng một,", "dòng hai.", 'Đoạn <b>hai</b> <script>alert("x")</script>.']
    printed = pdf_text(annual.render_pdf(report))
    assert all(paragraph in printed for paragraph in strengths)


def test_unknown_elements_print_as_body_text():
    writer = Writer()
    html = (
        "<body><div class='new'><p class='unheard-of'>Một <b>đậm</b> <i>nghiêng</i></p>"
        "<ul><li>Hai<br>dòng</li></ul>Ba<figure><figcaption>Hình</figcaption><p>Bốn</p></figure></div></body>"
    )
    writer.blocks(tinyhtml5.parse(html, namespace_html_elements=False).find("body"), writer.body)
    paragraphs = [(p.style.name, p.text) for p in writer.doc.paragraphs]

    assert paragraphs == [
        ("Body Text", "Một đậm nghiêng"),
        ("Body Text", "Hai\ndòng"),
        ("Body Text", "Ba"),
        ("Normal", "Hình"),
        ("Body Text", "Bốn"),
    ]
    first = writer.doc.paragraphs[0].runs
    assert [(r.text, r.bold, r.italic) for r in first] == [
        ("Một ", None, None),
        ("đậm", True, None),
        (" ", None, None),
        ("nghiêng", None, True),
    ]
