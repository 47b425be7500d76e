"""The sentences of the annual report, written from the figures: one place for the wording that the
HTML preview, the PDF and the Word version all print (they render the same template).

The levels are named from the units ("cấp huyện", "các xã, thị trấn"), never assumed; a clause whose
count is zero is left out rather than printed as "00 cuộc khảo sát"; each answered count stands
beside what it answers. The document is Vietnamese whatever the reader's interface language is
(`reports.annual.render_html` renders it under "vi").
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from councils.models import AdministrativeUnit
from councils.models.units import UNIT_TYPE_INFO, Level, UnitType


def pad(n: int) -> str:
    """Counts below 10 are written with two digits in administrative documents: 06 kỳ họp."""
    return f"{n:02d}"


def paragraphs(text: str) -> list[str]:
    """A narrative field as printed paragraphs: every line the clerk typed is one paragraph (with
    its first-line indent), blank lines are only spacing."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The kinds of commune-level unit in the order documents name them: "các xã, phường, thị trấn".
BELOW_ORDER = [
    UnitType.RURAL_DISTRICT,
    UnitType.URBAN_DISTRICT,
    UnitType.DISTRICT_TOWN,
    UnitType.PROVINCIAL_CITY,
    UnitType.COMMUNE,
    UnitType.WARD,
    UnitType.TOWNSHIP,
    UnitType.SPECIAL_ZONE,
]


@dataclass(frozen=True)
class Levels:
    """How the report names its own level and the level below."""

    own: str  # "cấp huyện"
    below: str  # "cấp xã"
    below_units: str  # "các xã, thị trấn"

    @classmethod
    def of(cls, unit: AdministrativeUnit, below_types: set[str]) -> "Levels":
        own = Level(unit.level).label.lower()
        below_levels = {UNIT_TYPE_INFO[t][0] for t in below_types} or {Level.COMMUNE}
        if len(below_levels) > 1:  # a province before July 2025: districts and communes
            return cls(own, _("cấp dưới"), _("cấp huyện, cấp xã"))
        prefixes = [UNIT_TYPE_INFO[t][1] for t in BELOW_ORDER if t in below_types]
        below = Level(below_levels.pop()).label.lower()
        return cls(own, below, _("các %(kinds)s") % {"kinds": ", ".join(prefixes)} if prefixes else below)

    @classmethod
    def of_figures(cls, figures) -> "Levels":
        """The levels of a year's figures (`reports.figures.YearFigures`): its council and the rows below."""
        return cls.of(figures.council.unit, {row.council.unit.unit_type for row in figures.rows})


def below_groups(figures) -> list[tuple[Levels, dict]]:
    """The councils below as the report speaks of them: one group per level ("HĐND các huyện",
    then "HĐND các xã, thị trấn"), each with its totals."""
    if not figures.communes:
        return []
    if len(figures.levels) <= 1:
        return [(Levels.of_figures(figures), figures.communes)]
    unit = figures.council.unit
    return [
        (Levels.of(unit, {r.council.unit.unit_type for r in figures.rows if r.council.unit.level == t.level}), t.cells)
        for t in figures.levels
    ]


def _listing(parts: list[tuple[int, str]], *, last: str = " và ") -> str:
    """ "06 cuộc giám sát chuyên đề và 02 cuộc khảo sát", leaving out the zero counts; `last=", "`
    for a list in brackets: "(02 kỳ họp thường lệ, 04 kỳ họp chuyên đề)"."""
    said = [f"{pad(n)} {what}" for n, what in parts if n]
    return last.join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else "".join(said)


def _value(cells: dict, key: str) -> int:
    return cells[key].value


def sections(figures, unit: AdministrativeUnit, levels: Levels, annexes: dict[str, str]) -> dict[str, list[str]]:
    """{section: [paragraph, …]} for part I, sections 2–7, and the pointer to the annexes."""
    own, below = figures.own, figures.communes
    name = {"name": unit.full_name}
    text = {
        "sessions": [_sessions(own, _("HĐND %(name)s") % name, _("Thường trực HĐND %(name)s") % name)],
        "oversight": [_oversight(own, _("Thường trực và các Ban HĐND %(name)s") % name)],
        "voters": [_voters(own, _("Thường trực HĐND %(name)s") % name)],
        "petitions": [_petitions(own, _("Thường trực HĐND %(name)s") % name)],
    }
    questions = [_questions(own, _("đại biểu HĐND %(name)s") % name)]
    groups = below_groups(figures)
    for group, cells in groups:
        units = {"units": group.below_units}
        text["sessions"].append(_below_sessions(cells, group, annexes["table"]))
        text["oversight"].append(
            _oversight(
                cells, _("Thường trực HĐND, các Ban của HĐND %(level)s") % {"level": group.below}, _("đã tổ chức")
            )
        )
        text["voters"].append(_voters(cells, _("Thường trực HĐND %(units)s") % units))
        text["petitions"].append(_petitions(cells, _("Thường trực HĐND %(units)s") % units))
        questions.append(_questions(cells, _("đại biểu HĐND %(units)s") % units))
    text["questions"] = [
        _(
            "Tại các kỳ họp, phiên họp Thường trực và bằng văn bản, %(done)s. Các cam kết khi trả lời chất vấn "
            "được theo dõi cùng với kiến nghị (mục 7)."
        )
        % {"done": "; ".join(questions)}
    ]
    text["follow_up"] = [_follow_up(figures, levels, groups)]
    text["annexes"] = [_annex_pointer(annexes, levels if below else None)]
    return text


def _questions(cells: dict, who: str) -> str:
    n = cells["questions"].value
    if not n:
        return _("%(who)s chưa thực hiện lượt chất vấn nào") % {"who": who}
    return _("%(who)s đã thực hiện %(n)s lượt chất vấn") % {"who": who, "n": pad(n)}


def _below_sessions(cells: dict, levels: Levels, annex: str) -> str:
    units = levels.below_units
    if not cells["sessions"].value:
        held = _("HĐND %(units)s chưa tổ chức kỳ họp nào") % {"units": units}
    else:
        held = _("Tại các địa phương đã tổ chức %(n)s kỳ họp HĐND %(units)s, trong đó có %(kinds)s, %(issued)s") % {
            "n": pad(cells["sessions"].value),
            "units": units,
            "kinds": _session_kinds(cells, last=" và "),
            "issued": _issued(cells),
        }
    met = _met(cells, _("Thường trực HĐND %(units)s") % {"units": units})
    return _("%(held)s; %(met)s (chi tiết tại Phụ lục %(annex)s).") % {"held": held, "met": met, "annex": annex}


def _met(cells: dict, committee: str) -> str:
    """ "Thường trực HĐND … tổ chức 11 phiên họp", or that it held none."""
    sc = cells["sc_meetings"].value
    if not sc:
        return _("%(committee)s chưa tổ chức phiên họp nào") % {"committee": committee}
    return _("%(committee)s tổ chức %(sc)s phiên họp") % {"committee": committee, "sc": pad(sc)}


def _issued(cells: dict) -> str:
    """ "ban hành 29 nghị quyết", or that none was issued."""
    n = cells["resolutions"].value
    return _("ban hành %(n)s nghị quyết") % {"n": pad(n)} if n else _("chưa ban hành nghị quyết nào")


def _session_kinds(cells: dict, *, last: str) -> str:
    return _listing(
        [
            (_value(cells, "regular_sessions"), _("kỳ họp thường lệ")),
            (_value(cells, "thematic_sessions"), _("kỳ họp chuyên đề")),
            (_value(cells, "other_sessions"), _("kỳ họp giải quyết công việc phát sinh đột xuất")),
        ],
        last=last,
    )


def _sessions(cells: dict, council: str, committee: str) -> str:
    n = _value(cells, "sessions")
    if n:
        held = _("%(council)s đã tổ chức %(n)s kỳ họp (%(kinds)s), %(issued)s") % {
            "council": council,
            "n": pad(n),
            "kinds": _session_kinds(cells, last=", "),
            "issued": _issued(cells),
        }
    else:
        held = _("%(council)s chưa tổ chức kỳ họp nào") % {"council": council}
    return _("Trong năm, %(held)s. %(met)s.") % {"held": held, "met": _met(cells, committee)}


def _oversight(cells: dict, who: str, held: str = "") -> str:
    done = _listing(
        [
            (_value(cells, "thematic_oversight"), _("cuộc giám sát chuyên đề")),
            (_value(cells, "surveys"), _("cuộc khảo sát")),
        ]
    )
    if not done:
        return _("%(who)s không tổ chức cuộc giám sát chuyên đề, khảo sát nào.") % {"who": who}
    return _("%(who)s %(held)s %(done)s.") % {"who": who, "held": held or _("đã tổ chức triển khai"), "done": done}


def _voters(cells: dict, who: str) -> str:
    meetings, raised, answered = (_value(cells, k) for k in ("voter_meetings", "opinions_raised", "opinions_answered"))
    if not meetings and not raised:
        return _("%(who)s chưa tổ chức cuộc tiếp xúc cử tri nào.") % {"who": who}
    said = (
        _(
            "%(who)s đã phối hợp tổ chức %(n)s cuộc tiếp xúc cử tri cho đại biểu Quốc hội, "
            "đại biểu HĐND các cấp trước và sau các kỳ họp"
        )
        % {"who": who, "n": pad(meetings)}
        if meetings
        else _("%(who)s chưa tổ chức cuộc tiếp xúc cử tri nào") % {"who": who}
    )
    if not raised:
        return said + _("; cử tri không nêu ý kiến, kiến nghị nào.")
    if not answered:
        return said + _("; cử tri nêu %(raised)s ý kiến, kiến nghị, chưa ý kiến, kiến nghị nào được trả lời.") % {
            "raised": pad(raised)
        }
    return said + _(
        "; cử tri nêu %(raised)s ý kiến, kiến nghị, trong đó %(answered)s ý kiến, kiến nghị đã được trả lời."
    ) % {
        "raised": pad(raised),
        "answered": pad(answered),
    }


def _petitions(cells: dict, who: str) -> str:
    total = _value(cells, "petitions")
    if not total:
        return _("%(who)s không tiếp nhận đơn thư nào.") % {"who": who}
    kinds = _listing(
        [
            (_value(cells, "complaints"), _("khiếu nại")),
            (_value(cells, "denunciations"), _("tố cáo")),
            (_value(cells, "recommendation_petitions"), _("kiến nghị")),
            (_value(cells, "reflections"), _("phản ánh")),
        ],
        last=", ",
    )
    overdue = _value(cells, "petitions_overdue")
    late = _("trong đó %(n)s đơn quá hạn xử lý") % {"n": pad(overdue)} if overdue else _("không có đơn quá hạn xử lý")
    return _("%(who)s đã tiếp nhận %(n)s đơn thư (%(kinds)s), %(late)s.") % {
        "who": who,
        "n": pad(total),
        "kinds": kinds,
        "late": late,
    }


def _follow_up(figures, levels: Levels, groups: list[tuple[Levels, dict]]) -> str:
    status = figures.follow_up_status
    total = sum(status.values())
    if not total:
        return _("Không có kiến nghị, cam kết nào phải theo dõi trong năm.")
    parts = ", ".join(f"{str(label)[0].lower()}{str(label)[1:]} {pad(n)}" for label, n in status.items() if n)
    said = _(
        "Tổng số kiến nghị sau giám sát, kiến nghị cử tri và cam kết khi trả lời chất vấn đang theo dõi "
        "là %(total)s, trong đó: %(parts)s."
    ) % {
        "total": pad(total),
        "parts": parts,
    }
    own_late = _value(figures.own, "follow_up_overdue")
    if not groups and own_late:
        return said + " " + _("Số kiến nghị, cam kết quá hạn: %(n)s.") % {"n": pad(own_late)}
    places = [(own_late, levels.own)] + [(_value(cells, "follow_up_overdue"), group.below) for group, cells in groups]
    at = [_("%(n)s ở %(level)s") % {"n": pad(n), "level": level} for n, level in places if n]
    if not at:  # none anywhere (a commune's report too): in words, not "00"
        return said + " " + _("Không có kiến nghị, cam kết nào quá hạn.")
    listed = _("%(first)s và %(last)s") % {"first": ", ".join(at[:-1]), "last": at[-1]} if len(at) > 1 else at[0]
    return said + " " + _("Số kiến nghị, cam kết quá hạn: %(where)s.") % {"where": listed}


def _annex_pointer(annexes: dict[str, str], levels: Levels | None) -> str:
    if levels:
        return _(
            "Số liệu chi tiết của từng đơn vị %(level)s tại Phụ lục %(table)s; biểu đồ tại Phụ lục %(charts)s "
            "kèm theo Báo cáo này."
        ) % {
            "level": levels.below,
            "table": annexes["table"],
            "charts": annexes["charts"],
        }
    return _("Biểu đồ tại Phụ lục %(charts)s kèm theo Báo cáo này.") % {"charts": annexes["charts"]}
