"""Statutory clocks as pure date arithmetic: no database, no models (the rules come in as arguments).

- Calendar-day limits start the day after the event (Civil Code 2015, Art. 147) and, when
  the last day is a weekend or public holiday, end on the next working day (Art. 148).
- Working-day limits skip Saturdays, Sundays and Vietnamese public holidays, Tết included,
  as the maintained `holidays` package lists them (with the government's swapped days).
- Remote-area units get the longer complaint limits (the rule says how much longer).
"""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils.translation import gettext as _

from councils.text import dmy

ONE_DAY = datetime.timedelta(days=1)


@cache
def _vietnam_holidays(year: int):
    return holidays.country_holidays("VN", years=[year - 1, year, year + 1])


def is_day_off(day: datetime.date) -> bool:
    return day.weekday() >= 5 or day in _vietnam_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    day = start
    while days:
        day += ONE_DAY
        if not is_day_off(day):
            days -= 1
    return day


def add_calendar_days(start: datetime.date, days: int) -> datetime.date:
    day = start + datetime.timedelta(days=days)
    while is_day_off(day):
        day += ONE_DAY
    return day


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    explanation: str


def rule_for(rules: list, petition_type: str, stage: str, on: datetime.date):
    """The rule (a DeadlineRule) in force on `on`, from `rules` ordered newest first."""
    for rule in rules:
        if (
            (rule.petition_type, rule.stage) == (petition_type, stage)
            and rule.valid_from <= on
            and (rule.valid_to is None or on <= rule.valid_to)
        ):
            return rule
    return None


def compute(rule, start: datetime.date, *, complex_case=False, remote=False, extensions=0) -> Deadline:
    days, why = rule.days, []
    if remote and complex_case and rule.days_remote_complex:
        days, why = rule.days_remote_complex, [_("vùng sâu, vùng xa"), _("vụ việc phức tạp")]
    elif remote and rule.days_remote:
        days, why = rule.days_remote, [_("vùng sâu, vùng xa")]
    elif complex_case and rule.days_complex:
        days, why = rule.days_complex, [_("vụ việc phức tạp")]
    if extensions and rule.extension_days:
        days += extensions * rule.extension_days
        why.append(_("gia hạn %(n)s lần × %(d)s ngày") % {"n": extensions, "d": rule.extension_days})
    if rule.working_days:
        due = add_working_days(start, days)
        unit = _("ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết)")
    else:
        due = add_calendar_days(start, days)
        unit = _("ngày")
        if due != start + datetime.timedelta(days=days):
            unit = _("ngày; ngày cuối rơi vào ngày nghỉ nên lùi đến ngày làm việc tiếp theo")
    explanation = _("%(start_label)s %(start)s + %(days)s %(unit)s%(why)s = %(due)s. Căn cứ: %(basis)s.") % {
        "start_label": rule.get_starts_display().capitalize(),
        "start": dmy(start),
        "days": days,
        "unit": unit,
        "why": f" ({', '.join(why)})" if why else "",
        "due": dmy(due),
        "basis": rule.legal_basis,
    }
    return Deadline(due, explanation)


# The stages and petition types a deadline depends on (the codes stored by oversight.models).
ACCEPTANCE, RESOLUTION = "ACCEPT", "RESOLVE"
RESOLVED_BY_DECISION = ("KHIEU_NAI", "TO_CAO")  # complaints and denunciations are decided, the rest answered


def extendable(rules: list, petition_type: str, accepted_on: datetime.date) -> bool:
    """Whether the deadline to decide a petition of this type accepted on that day may be extended:
    the rule in force says by how many days each extension is (DeadlineRule.extension_days; the
    2018 Law on Denunciations' 30, the Law on Complaints none). On a day no rule of its type is in
    force (a denunciation of 2016–2018, before the first), whether some rule of the type is extended."""
    rule = rule_for(rules, petition_type, RESOLUTION, accepted_on)
    if rule is None:
        return any(r.extension_days for r in rules if (r.petition_type, r.stage) == (petition_type, RESOLUTION))
    return bool(rule.extension_days)


def petition_deadline(petition, rules: list, *, closed: bool, remote: bool) -> Deadline | None:
    """The next statutory deadline a petition (anything with the petition's fields) faces, or None
    when nothing more is owed: acceptance counts from receipt; the decision on a complaint or a
    denunciation from acceptance. Pure: the petition's closure and its unit's remoteness come in."""
    if closed:
        return None
    if petition.accepted_on is None:
        stage, start = ACCEPTANCE, petition.received_on
    elif petition.type in RESOLVED_BY_DECISION:
        stage, start = RESOLUTION, petition.accepted_on
    else:
        return None
    rule = rule_for(rules, petition.type, stage, start)
    if rule is None:
        return None
    return compute(rule, start, complex_case=petition.is_complex, remote=remote, extensions=petition.extensions)
