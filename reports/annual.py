"""The annual coordination report: figures (reports.figures), layout (a template and print CSS,
Decree 30/2020/NĐ-CP) and the runner (render to HTML or PDF, sign a version).

Nothing here computes a figure: the report reads `year_figures()`, as the dashboard does.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from councils import access, tree
from councils.models import AuditEntry, Council
from reports.charts import year_charts
from reports.figures import YearFigures, year_figures
from reports.models import ReportNarrative, ReportVersion
from reports.specs import SPECS, TABLE_KEYS
from reports.wording import Levels, pad, paragraphs, sections

DEFAULT_RECIPIENTS = {
    True: [
        "Thường trực HĐND tỉnh",
        "Thường trực Huyện ủy",
        "Thường trực HĐND, UBND huyện",
        "Ủy ban MTTQ huyện",
        "Các Ban HĐND huyện",
        "Thường trực HĐND các xã, thị trấn",
    ],
    False: ["Thường trực HĐND huyện", "Thường trực Đảng ủy", "Thường trực HĐND, UBND xã", "Ủy ban MTTQ xã"],
}


def skeleton(council: Council, year: int) -> ReportNarrative:
    """A narrative pre-filled with the usual headings' opening words, for the Standing Committee to edit."""
    types = set(council.unit.subunits_in_year(year).values_list("unit_type", flat=True))
    below = (
        _("Thường trực HĐND %(units)s") % {"units": Levels.of(council.unit, types).below_units}
        if types
        else _("các cơ quan, tổ chức liên quan")
    )
    return ReportNarrative(
        council=council,
        year=year,
        guidance=_(
            "Thường trực HĐND đã ban hành kế hoạch, hướng dẫn và phối hợp với %(below)s trong tổ chức kỳ họp, "
            "hoạt động giám sát, tiếp xúc cử tri, tiếp công dân năm %(year)s."
        )
        % {"below": below, "year": year},
        assessment=_(
            "Công tác phối hợp ngày càng chặt chẽ, hiệu quả; các kỳ họp được tổ chức đúng luật; hoạt động "
            "giám sát có trọng tâm, trọng điểm."
        ),
        shortcomings=_(
            "Một số kiến nghị sau giám sát và kiến nghị cử tri chưa được giải quyết dứt điểm; việc cập nhật "
            "số liệu ở một số đơn vị còn chậm. Nguyên nhân: …"
        ),
        directions=_(
            "Tiếp tục đổi mới, nâng cao chất lượng kỳ họp, phiên họp; thực hiện tốt chương trình giám sát "
            "năm %(next)s; tăng cường tiếp xúc cử tri theo chuyên đề; theo dõi, đôn đốc giải quyết kiến nghị."
        )
        % {"next": year + 1},
        proposals=_(
            "Đề nghị Thường trực HĐND tỉnh tiếp tục quan tâm tập huấn, bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND."
        ),
        recipients="\n".join(DEFAULT_RECIPIENTS[bool(types)]),
    )


def narrative_for(council: Council, year: int) -> ReportNarrative:
    return ReportNarrative.objects.filter(council=council, year=year).first() or skeleton(council, year)


@dataclass
class AnnualReport:
    council: Council
    year: int
    figures: YearFigures
    narrative: ReportNarrative
    issued_on: datetime.date

    @property
    def has_data(self) -> bool:
        values = [cell.value for cell in self.figures.own.values()]
        if self.figures.communes:
            values += [cell.value for cell in self.figures.communes.values()]
        return any(values)

    def figures_snapshot(self) -> dict:
        """The figures as stored with a signed version."""
        snapshot = {"own": {k: c.value for k, c in self.figures.own.items()}}
        if self.figures.communes:
            snapshot["communes"] = {k: c.value for k, c in self.figures.communes.items()}
            snapshot["by_commune"] = {
                row.council.slug: {key: row.cells[key].value for key in TABLE_KEYS} for row in self.figures.rows
            }
        return snapshot


def build(
    council: Council, year: int, today: datetime.date | None = None, *, with_communes: bool = True
) -> AnnualReport:
    """The report as `year_figures` gives it; `with_communes=False` for a reader who may not read
    the councils below (their figures are then not in it)."""
    narrative = narrative_for(council, year)
    issued_on = narrative.issued_on or today or timezone.localdate()
    figures = year_figures(council, year, today, with_communes=with_communes)
    return AnnualReport(council, year, figures, narrative, issued_on)


NARRATIVE_FIELDS = ["guidance", "assessment", "shortcomings", "directions", "proposals"]


def _template_context(report: AnnualReport) -> dict:
    figures, council = report.figures, report.council
    unit, narrative = council.unit, report.narrative
    levels = Levels.of_figures(figures)
    # Decree 30: annexes are numbered in Roman numerals and the body points to each.
    annexes = {"table": "I", "charts": "II"} if figures.communes else {"charts": "I"}
    dated = year_charts(figures, width=620, dated=True)
    return {
        "report": report,
        "council": council,
        "unit": unit,
        "year": report.year,
        "next_year": report.year + 1,
        "communes": bool(figures.communes),
        "levels": levels,
        "annexes": annexes,
        "body": sections(figures, unit, levels, annexes),
        "text": {field: paragraphs(getattr(narrative, field)) for field in NARRATIVE_FIELDS},
        "figures": figures,
        "narrative": narrative,
        "number": pad(report.narrative.number) if report.narrative.number else "",
        "issued_on": report.issued_on,
        "place": unit.name,
        "recipients": [line.strip() for line in report.narrative.recipients.splitlines() if line.strip()],
        "table_headers": figures.table_headers,
        "charts": [dated[key] for key in ("sessions", "petitions", "follow_up") if key in dated],
        "specs": SPECS,
    }


def render_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    with translation.override("vi"):
        return render_to_string("reports/annual_report.html", {**_template_context(report), "for_pdf": for_pdf})


def require_data(report: AnnualReport) -> None:
    """A year without records gives no report (PDF or Word), only this message."""
    if not report.has_data:
        raise ValidationError(
            _("Năm %(year)s chưa có hồ sơ nào của %(council)s: chưa thể lập báo cáo.")
            % {"year": report.year, "council": report.council}
        )


KEPT_SECONDS = 300


def render_pdf(report: AnnualReport) -> bytes:
    """The report as a PDF (kept: see `kept`)."""
    require_data(report)
    return kept("pdf", report, draw_pdf)


def kept(kind: str, report: AnnualReport, draw: Callable[[str], bytes]) -> bytes:
    """The report's PDF or Word document (`kind`), drawn from its HTML (`render_html(report,
    for_pdf=True)`) by `draw` and kept for a few minutes: WeasyPrint takes about half a second to
    draw the PDF, python-docx a fifth of one for the Word version. Each report has one slot in the
    cache (`kept_slot`) holding the digest of the HTML with the document, so the next download of an
    unchanged report — by the reviewer, the clerk, a second click — comes from the cache, and
    whatever changes what the report prints (a record, the narrative, a name, the day; in
    production the stylesheet and its fonts too, whose hashed names the HTML holds) is drawn anew
    and takes the slot's place. A signed version is always drawn anew (`sign`); a preview drawn by
    the release before an upgrade may be served until it expires (KEPT_SECONDS)."""
    html = render_html(report, for_pdf=True)
    slot, digest = kept_slot(kind, report), html_digest(html)
    found = cache.get(slot)
    if found is not None and found[0] == digest:
        return found[1]
    document = draw(html)
    cache.set(slot, (digest, document), KEPT_SECONDS)
    return document


def kept_slot(kind: str, report: AnnualReport) -> str:
    """One per document, council, year and reader's view (the councils below in it or not)."""
    below = "below" if report.figures.communes else "own"
    return f"hdnd:report-{kind}:{report.council.pk}:{report.year}:{below}"


def html_digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def draw_pdf(html: str) -> bytes:
    """The PDF of the report's HTML (`render_html(report, for_pdf=True)`), drawn now by WeasyPrint,
    which is imported here, not with this module: see reports.pdf."""
    from reports import pdf

    return pdf.draw(html)


# --- signing ----------------------------------------------------------------------------------


def can_sign(user, council: Council) -> bool:
    """Who signs the council's report: councils.access.can_sign_report."""
    return access.can_sign_report(user, council)


@transaction.atomic
def sign(council: Council, year: int, *, user) -> ReportVersion:
    """Render the report now and keep it, with its figures and checksum, as the next version;
    if nothing changed since the latest version (a second click), that version is the answer."""
    if not can_sign(user, council):
        raise PermissionDenied
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one signature at a time
    latest = latest_version(council, year)
    if latest is not None and not changed_after(latest, council, year):
        return latest
    report = build(council, year)
    require_data(report)
    pdf = draw_pdf(render_html(report, for_pdf=True))  # drawn by this release, never a kept preview
    last = ReportVersion.objects.filter(council=council, year=year).aggregate(n=Max("version"))["n"] or 0
    return ReportVersion.objects.create(
        council=council,
        year=year,
        version=last + 1,
        pdf=pdf,
        figures=report.figures_snapshot(),
        sha256=hashlib.sha256(pdf).hexdigest(),
        signer=report.narrative.signature,
        signed_by=user,
    )


def latest_version(council: Council, year: int) -> ReportVersion | None:
    """The latest signed version of the year's report (without its PDF)."""
    return ReportVersion.objects.filter(council=council, year=year).defer("pdf").order_by("-version").first()


def changed_after(version: ReportVersion, council: Council, year: int) -> bool:
    """Whether records of the council or the councils below it changed after this version was signed."""
    below = {entry.council for entry in tree.below([council.unit_id], *tree.year_bounds(year))}
    return AuditEntry.objects.filter(council__in=[council.pk, *below], at__gt=version.signed_at).exists()
