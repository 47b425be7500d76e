"""The annual report as an editable Word document (.docx): offices revise the text before signing.

The wording lives in one place, `templates/reports/annual_report.html`: this module renders it as
the PDF does (`annual.render_html(report, for_pdf=True)`), parses it with WeasyPrint's HTML parser
(tinyhtml5) and maps its elements to python-docx: table.header and table.closing to two borderless
columns; h1 and p.trich-yeu to the centred title; h2–h4 to Word's headings (they show in Word's
navigation pane); p and anything unknown to body text (justified, first-line indent, 6 pt after);
section.annex to a new landscape section, whose tables repeat their head row on each page; a chart
(figure) to its title and a table of its data read from its SVG (Word cannot draw the SVG; a table
stays editable). The looks follow `static/css/report.css` (Decree 30/2020/NĐ-CP): a change to its
sizes or margins needs the same change in LOOKS, STYLES or PAGES below.
"""

import io
import re
from dataclasses import dataclass, replace

import tinyhtml5
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

from reports import annual
from reports.wordxml import cell_margins, fonts, page_number, restart_page_numbers, row_properties, xml

FIRST_LINE = Mm(12.7)  # 1.27 cm, as the stylesheet's text-indent
# (width, height, top, right, bottom, left) in mm, as report.css's @page and @page annex.
PAGES = {"body": (210, 297, 20, 15, 20, 30), "annex": (297, 210, 15, 20, 15, 20)}
HEADINGS = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}  # h4: bold italic
# Word's styles: (first-line indent, pt before, pt after, line spacing); 1.15 lines is about the
# stylesheet's line-height 1.3 for Times.
STYLES = {
    "Normal": (None, 0, 0, 1.0),
    "Body Text": (FIRST_LINE, 0, 6, 1.15),
    "Heading 1": (FIRST_LINE, 10, 6, 1.15),
    "Heading 2": (FIRST_LINE, 8, 6, 1.15),
    "Heading 3": (FIRST_LINE, 6, 6, 1.15),
}
KEPT_TOGETHER = {"ending"}  # report.css: .ending { break-inside: avoid }, section IV with the signature
LAYOUT_TABLES = {"header": (0.42, 0.58), "closing": (0.45, 0.55)}  # column widths, as report.css
RULES = {"short": 0.30, "long": 0.62}  # the short lines under the issuer and the motto
BLOCK_TAGS = {"p", "div", "section", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"}
SKIPPED = {"head", "nav", "script", "style", "template", "svg"}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Look:
    """A paragraph's direct formatting, after one of report.css's classes."""

    size: float | None = None  # pt; None: the style's 14 pt
    bold: bool = False
    italic: bool = False
    caps: bool = False  # text-transform: uppercase
    align: str = "CENTER"  # a WD_ALIGN_PARAGRAPH name
    before: float = 0  # pt
    after: float = 0  # pt
    side: float = 0  # left and right indent, as a share of the width


LOOKS = {
    "caps-12": Look(12.5, bold=True, caps=True),
    "motto": Look(13.5, bold=True),
    "number": Look(13),
    "place-date": Look(14, italic=True),
    "type": Look(14, bold=True, caps=True, before=18),
    "trich-yeu": Look(bold=True, after=12, side=0.08),
    "label": Look(12, bold=True, italic=True, align="LEFT"),
    "recipients": Look(11, align="LEFT"),
    "signature": Look(bold=True),
    "annex-title": Look(12, bold=True),
    "caption": Look(12, italic=True, after=6),
    "figcaption": Look(12, bold=True, before=8, after=4),
}


@dataclass(frozen=True)
class Box:
    """Where blocks go (the body or a table cell), its width, a plain paragraph's look (None: body text)."""

    container: object
    width: Length
    look: Look | None = None
    keep: bool = False  # each paragraph kept with the next (on the same page)


@dataclass
class Cell:
    """A cell of a table of figures."""

    runs: list
    header: bool = False
    numeric: bool = False
    bold: bool = False


def render_docx(report: annual.AnnualReport) -> bytes:
    """The report as a .docx, from the same rendered template as the PDF (kept as it is: annual.kept)."""
    annual.require_data(report)
    return annual.kept("docx", report, draw_docx)


def draw_docx(html: str) -> bytes:
    with translation.override("vi"):
        root = tinyhtml5.parse(html, namespace_html_elements=False)
        writer = Writer()
        writer.doc.core_properties.title = " ".join(root.findtext("head/title", "").split())
        writer.blocks(root.find("body"), writer.body)
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


# --- reading the HTML ----------------------------------------------------------------------------


def _tag(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _classes(element) -> set[str]:
    return set(element.get("class", "").split())


def _text(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", "".join(element.itertext())).strip()


def _inline(element, bold=False, italic=False) -> list:
    found = [(element.text, bold, italic)] if element.text else []
    for child in element:
        tag = _tag(child)
        if tag == "br":
            found.append(("\n", bold, italic))
        elif tag and tag not in SKIPPED:
            found += _inline(child, bold or tag in ("b", "strong"), italic or tag in ("i", "em"))
        if child.tail:
            found.append((child.tail, bold, italic))
    return found


def _runs(element) -> list:
    """The inline content as (text, bold, italic) runs, a line break as a run of its own ("\\n"),
    white space folded as a browser does."""
    runs, space = [], True  # no space at the start of a line
    for text, bold, italic in _inline(element):
        text = text if text == "\n" else re.sub(r"[ \t\r\n]+", " ", text)
        if text.startswith("\n") and runs:
            runs[-1] = (runs[-1][0].rstrip(" "), *runs[-1][1:])
        text = text.lstrip(" ") if space else text
        if text:
            runs.append((text, bold, italic))
            space = text.endswith((" ", "\n"))
    if runs:
        runs[-1] = (runs[-1][0].rstrip(" "), *runs[-1][1:])
    return [run for run in runs if run[0]]


# --- writing the document ------------------------------------------------------------------------


class Writer:
    def __init__(self):
        self.doc = Document()
        self._styles()
        section = self.doc.sections[0]
        self.body = Box(self.doc, self._page(section, "body"))
        section.different_first_page_header_footer = True  # no number on page 1
        page_number(section.header.paragraphs[0])

    def _styles(self):
        """Normal: Times New Roman 14; Body Text: justified, first-line indent, 6 pt after; headings bold."""
        styles = self.doc.styles
        fonts(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
        styles["Normal"].font.size = Pt(14)
        for name, (indent, before, after, line) in STYLES.items():
            fonts(styles[name].element.get_or_add_rPr())
            fmt = styles[name].paragraph_format
            fmt.first_line_indent, fmt.line_spacing = indent, line
            fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        styles["Body Text"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for name in HEADINGS.values():
            font = styles[name].font
            font.size, font.bold, font.italic, font.color.rgb = Pt(14), True, name == "Heading 3", RGBColor(0, 0, 0)
            styles[name].paragraph_format.keep_with_next = True

    @staticmethod
    def _page(section, kind: str) -> Length:
        """Page size and margins; the width left for text."""
        width, height, top, right, bottom, left = PAGES[kind]
        section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = map(Mm, PAGES[kind][2:])
        section.header_distance = Mm(10)
        return Mm(width - left - right)

    # -- blocks --

    def blocks(self, parent, box: Box):
        """The children of `parent` into `box`; text between blocks becomes paragraphs of its own."""
        for element in [None, *parent]:
            if element is not None:
                self.block(element, box)
            if (text := parent.text if element is None else element.tail) and text.strip():
                self.paragraph(box, [(text.strip(), False, False)])

    def block(self, element, box: Box):
        tag, classes = _tag(element), _classes(element)
        if tag in SKIPPED or not tag:
            return
        if tag == "table" and classes & LAYOUT_TABLES.keys():
            self.layout_table(element, box, LAYOUT_TABLES[min(classes & LAYOUT_TABLES.keys())])
        elif tag == "table":
            self.data_table(element, box)
        elif tag == "section" and "annex" in classes:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            width = self._page(section, "annex")
            section.different_first_page_header_footer = True  # as report.css: each annex numbered on its
            restart_page_numbers(section)  # own from its second page (Decree 30)
            self.blocks(element, Box(self.doc, width))
        elif classes & KEPT_TOGETHER:
            self.blocks(element, replace(box, keep=True))
        elif tag == "figure":
            self.chart(element, box)
        elif tag in HEADINGS:
            paragraph = box.container.add_paragraph(style=HEADINGS[tag])
            _add_runs(paragraph, _runs(element), None)
        elif tag == "h1":
            self.paragraph(box, _runs(element), LOOKS["type"])
        elif tag == "span" and "rule" in classes:
            self.rule(box, next((RULES[name] for name in classes if name in RULES), 0.3))
        elif tag == "div" and "space" in classes:
            paragraph = box.container.add_paragraph()
            paragraph.paragraph_format.line_spacing = Mm(28)  # room for the signature, as .signature .space
        elif any(_tag(child) in BLOCK_TAGS for child in element.iter() if child is not element):
            self.blocks(element, box)
        elif _text(element):
            self.paragraph(box, _runs(element), self._look(classes, box.look))

    @staticmethod
    def _look(classes: set[str], default: Look | None) -> Look | None:
        return next((LOOKS[name] for name in sorted(classes) if name in LOOKS), default)

    def paragraph(self, box: Box, runs: list, look: Look | None = None):
        look = look or box.look
        paragraph = box.container.add_paragraph(style=None if look else "Body Text")
        paragraph.paragraph_format.keep_with_next = box.keep or None
        if look:
            fmt = paragraph.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH[look.align]
            fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
            fmt.left_indent = fmt.right_indent = Length(int(box.width * look.side)) if look.side else None
        _add_runs(paragraph, runs, look)

    def rule(self, box: Box, share: float):
        """A short line, centred: an empty paragraph with a top border, indented from both sides."""
        paragraph = box.container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Length(int(box.width * (1 - share) / 2))
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(3), Pt(4), Pt(2)
        paragraph._p.get_or_add_pPr().insert_element_before(
            xml('<w:pBdr {ns}><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'),
            *("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"),
        )

    def layout_table(self, element, box: Box, shares: tuple):
        """The issuer/motto and the Nơi nhận/signature tables: columns, no borders, not split."""
        cells = [td for td in element.iter() if _tag(td) in ("td", "th")]
        shares = shares if len(cells) == len(shares) else (1 / len(cells),) * len(cells)
        table = box.container.add_table(rows=1, cols=len(cells))
        table.autofit = False
        cell_margins(table, 0)
        row_properties(table.rows[0], repeat=False)
        for i, (td, cell) in enumerate(zip(cells, table.rows[0].cells, strict=True)):
            cell.width = table.columns[i].width = Length(int(box.width * shares[i]))
            self.blocks(td, Box(cell, cell.width, self._look(_classes(td), Look())))
            if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:  # the cell's own empty paragraph
                cell._tc.remove(cell.paragraphs[0]._p)

    def data_table(self, element, box: Box):
        """An HTML table (Phụ lục I): head rows repeated on each page, numbers right, total row bold."""
        rows, head = [], 0
        for group in element:
            in_head = _tag(group) == "thead"
            for tr in [group] if _tag(group) == "tr" else [tr for tr in group if _tag(tr) == "tr"]:
                bold, cells = "total" in _classes(tr), [td for td in tr if _tag(td) in ("td", "th")]
                rows.append([Cell(_runs(td), in_head or _tag(td) == "th", "num" in _classes(td), bold) for td in cells])
                head += in_head and len(rows) == head + 1
        if rows:
            self.grid(box, rows, head, full_width=True)

    def chart(self, figure, box: Box):
        """A bar chart as its title and a table: one row per bar, one column per series."""
        if (caption := figure.find("figcaption")) is not None:
            self.paragraph(replace(box, keep=True), _runs(caption), LOOKS["figcaption"])
        series, bars = {}, []
        for el in figure.iter():  # the SVG's texts and bars, in order
            classes, tag = _classes(el), _tag(el)
            if "legend-label" in classes:
                series[el.get("data-colour")] = _text(el)
            elif "bar-label" in classes:
                bars.append([_text(el), {}, ""])
            elif "bar-total" in classes and bars:
                bars[-1][2] = _text(el)
            elif tag == "rect" and bars and len(el):
                bars[-1][1][el.get("fill")] = _text(el)
        if not bars:  # a figure of another kind: its text as body paragraphs
            for el in figure:
                if _tag(el) != "figcaption":
                    self.block(el, box)
            return
        total = [_("Cộng")] if len(series) > 1 else []  # a column of totals when bars are stacked
        rows = [[Cell(_plain(text), header=True) for text in ["", *(series.values() or [""]), *total]]]
        for label, values, bar_total in bars:
            figures = [values.get(colour, "0") for colour in series] if series else [bar_total]
            figures += [bar_total] if total else []
            rows.append([Cell(_plain(label)), *(Cell(_plain(value), numeric=True) for value in figures)])
        self.grid(replace(box, keep=True), rows, 1, full_width=False)  # .chart: page-break-inside: avoid

    def grid(self, box: Box, rows: list[list[Cell]], head: int, *, full_width: bool):
        columns = max(len(row) for row in rows)
        table = box.container.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        cell_margins(table, 57)  # 1 mm each side, as the stylesheet's padding of 3 pt
        weights = [3 + max((_weight(row[i]) for row in rows if i < len(row)), default=1) for i in range(columns)]
        width = box.width if full_width else min(box.width, Mm(1.9 * sum(weights)))
        widths = [Length(int(width * weight / sum(weights))) for weight in weights]
        for i, column in enumerate(table.columns):
            column.width = widths[i]
        for index, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            row_properties(row, repeat=index < head)
            for i, (cell, data) in enumerate(zip(row.cells, cells, strict=False)):
                cell.width = widths[i]
                align = "RIGHT" if data.numeric else "CENTER" if data.header else "LEFT"
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH[align]
                cell.paragraphs[0].paragraph_format.keep_with_next = box.keep and index + 1 < len(rows) or None
                _add_runs(cell.paragraphs[0], data.runs, Look(10, bold=data.header or data.bold))


def _plain(text: str) -> list:
    return [(text, False, False)] if text else []


def _weight(cell: Cell) -> int:
    """How wide a column wants to be, in characters: a header may wrap, a value rather not."""
    text = "".join(run[0] for run in cell.runs)
    return min(len(text), 10 if cell.header else 28)


def _add_runs(paragraph, runs: list, look: Look | None):
    for text, bold, italic in runs:
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        added = paragraph.add_run(text.upper() if look and look.caps else text)
        added.bold = True if bold or (look and look.bold) else None
        added.italic = True if italic or (look and look.italic) else None
        added.font.size = Pt(look.size) if look and look.size else None
