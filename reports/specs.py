"""Which figures a year has: their labels, their drill-down lists and filters, which way is good
news, and the per-commune table's columns. reports.figures computes them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from oversight.models import PetitionType
from oversight.selectors import ConstituentWork
from sessions.models import Session
from sessions.selectors import WorkCounts


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str
    list_slug: str
    params: dict
    value: Callable[[WorkCounts, ConstituentWork], int]
    better: str = "none"  # which way is good news: "more", "less", or "none" (petitions received)


@dataclass(frozen=True)
class Trend:
    """How a figure moved since last year, and whether that is good news."""

    arrow: str  # ▲ or ▼
    meaning: str  # "good", "bad" or "neutral"
    label: str


def trend(spec: FigureSpec, now: int, before: int | None) -> Trend | None:
    if before is None or now == before:
        return None
    up = now > before
    meaning = "neutral" if spec.better == "none" else ("good" if up == (spec.better == "more") else "bad")
    change = _("tăng %(n)s so với năm trước") if up else _("giảm %(n)s so với năm trước")
    return Trend("▲" if up else "▼", meaning, change % {"n": abs(now - before)})


SPECS = [
    FigureSpec("sessions", _("Kỳ họp"), "ky-hop", {}, lambda w, c: w.sessions),
    FigureSpec(
        "regular_sessions", _("— kỳ họp thường lệ"), "ky-hop", {"loai": "THUONG_LE"}, lambda w, c: w.regular_sessions
    ),
    FigureSpec(
        "thematic_sessions", _("— kỳ họp chuyên đề"), "ky-hop", {"loai": "CHUYEN_DE"}, lambda w, c: w.thematic_sessions
    ),
    FigureSpec(
        "other_sessions",
        _("— kỳ họp giải quyết công việc đột xuất"),
        "ky-hop",
        {"loai": [Session.Kind.URGENT, Session.Kind.EXTRAORDINARY]},
        lambda w, c: w.other_sessions,
    ),
    FigureSpec("resolutions", _("Nghị quyết"), "nghi-quyet", {}, lambda w, c: w.resolutions),
    FigureSpec("sc_meetings", _("Phiên họp Thường trực"), "phien-hop", {}, lambda w, c: w.sc_meetings),
    FigureSpec("questions", _("Lượt chất vấn"), "chat-van", {}, lambda w, c: w.questions),
    FigureSpec(
        "thematic_oversight",
        _("Giám sát chuyên đề"),
        "giam-sat",
        {"hinh_thuc": "CHUYEN_DE"},
        lambda w, c: c.thematic_oversight,
        better="more",
    ),
    FigureSpec("surveys", _("Khảo sát"), "giam-sat", {"hinh_thuc": "KHAO_SAT"}, lambda w, c: c.surveys),
    FigureSpec("voter_meetings", _("Cuộc tiếp xúc cử tri"), "tiep-xuc", {}, lambda w, c: c.voter_meeting_total),
    FigureSpec("opinions_raised", _("Ý kiến, kiến nghị cử tri"), "y-kien", {}, lambda w, c: c.opinions_raised),
    FigureSpec(
        "opinions_answered",
        _("— đã được trả lời"),
        "y-kien",
        {"da_tra_loi": "true"},
        lambda w, c: c.opinions_answered,
        better="more",
    ),
    FigureSpec("petitions", _("Đơn thư tiếp nhận"), "don-thu", {}, lambda w, c: c.petition_total),
    *[
        FigureSpec(key, label, "don-thu", {"loai": kind}, lambda w, c, kind=kind: c.petitions[kind])
        for key, label, kind in [
            ("complaints", _("— khiếu nại"), PetitionType.COMPLAINT),
            ("denunciations", _("— tố cáo"), PetitionType.DENUNCIATION),
            ("recommendation_petitions", _("— kiến nghị"), PetitionType.RECOMMENDATION),
            ("reflections", _("— phản ánh"), PetitionType.REFLECTION),
        ]
    ],
    FigureSpec(
        "petitions_overdue",
        _("Đơn thư quá hạn xử lý"),
        "don-thu",
        {"qua_han": "true"},
        lambda w, c: c.petitions_overdue,
        better="less",
    ),
    FigureSpec(
        "follow_up_overdue",
        _("Kiến nghị, cam kết quá hạn"),
        "kien-nghi",
        {"qua_han": "true"},
        lambda w, c: c.follow_up_overdue,
        better="less",
    ),
]
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}
# The per-commune table: the same figures, fewer columns.
TABLE_KEYS = [
    "regular_sessions",
    "thematic_sessions",
    "sessions",
    "resolutions",
    "sc_meetings",
    "thematic_oversight",
    "voter_meetings",
    "opinions_raised",
    "opinions_answered",
    "petitions",
    "follow_up_overdue",
]
