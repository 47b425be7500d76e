"""The bits of WordprocessingML (the XML inside a .docx) that python-docx has no API for, used by
`reports.docx`: fonts for every script, cell margins, rows kept whole and repeated, page numbers."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

FONT = "Times New Roman"


def xml(text: str):
    """An element from its XML, `{ns}` standing for the declaration of the w: namespace."""
    return parse_xml(text.replace("{ns}", nsdecls("w")))


def fonts(rpr):
    """Times New Roman for every script, the theme's fonts dropped; the language is Vietnamese."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, xml(f'<w:rFonts {{ns}} w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'))
    for lang in rpr.findall(qn("w:lang")):
        lang.set(qn("w:val"), "vi-VN")


def cell_margins(table, twips: int):
    """The left and right margin of every cell of the table."""
    margins = f'<w:left w:w="{twips}" w:type="dxa"/><w:right w:w="{twips}" w:type="dxa"/>'
    table._tbl.tblPr.insert_element_before(
        xml(f"<w:tblCellMar {{ns}}>{margins}</w:tblCellMar>"), "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def row_properties(row, *, repeat: bool):
    """A row is never split across pages; a head row is repeated on each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(xml("<w:cantSplit {ns}/>"))
    if repeat:
        properties.append(xml("<w:tblHeader {ns}/>"))


def page_number(paragraph):
    """A PAGE field, 13 pt, centred: Word and LibreOffice fill in each page's number."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for field in (
        '<w:fldChar {ns} w:fldCharType="begin"/>',
        '<w:instrText {ns} xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar {ns} w:fldCharType="separate"/>',
        "<w:t {ns}>2</w:t>",
        '<w:fldChar {ns} w:fldCharType="end"/>',
    ):
        run = paragraph.add_run()
        run.font.size = Pt(13)
        run._r.append(xml(field))


def restart_page_numbers(section):
    """The section's pages are numbered from 1 (Decree 30: each annex's pages on their own)."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    successors = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:docGrid")
    sect_pr.insert_element_before(xml('<w:pgNumType {ns} w:start="1"/>'), *successors)
