"""Statutory clocks for petitions, computed from DeadlineRule reference data.

- Calendar-day limits start the day after the event (Civil Code 2015, Art. 147) and, when
  the last day is a weekend or public holiday, end on the next working day (Art. 148).
- Working-day limits skip Saturdays, Sundays and Vietnamese public holidays, Tết included,
  as the maintained `holidays` package lists them (with the government's swapped days).
- Remote-area units (AdministrativeUnit.is_remote) get the longer complaint limits.
"""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils.translation import gettext as _

from councils.text import dmy
from oversight.models import DeadlineRule, Petition, PetitionType

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


def rule_for(rules: list[DeadlineRule], petition_type: str, stage: str, on: datetime.date) -> DeadlineRule | None:
    """The rule in force on `on` (rules ordered newest first, as DeadlineRule.Meta orders them)."""
    for rule in rules:
        if (
            (rule.petition_type, rule.stage) == (petition_type, stage)
            and rule.valid_from <= on
            and (rule.valid_to is None or on <= rule.valid_to)
        ):
            return rule
    return None


def compute(rule: DeadlineRule, start: datetime.date, *, complex_case=False, remote=False, extensions=0) -> Deadline:
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


def deadlines_for(petitions) -> dict[int, Deadline | None]:
    """{petition id: its deadline}, reading the rules once (lists, dashboards, exports)."""
    rules = list(DeadlineRule.objects.all())
    return {p.pk: petition_deadline(p, rules) for p in petitions}


def prepare_for_listing(petitions, user) -> None:
    """Before showing petitions in a list or an export: each learns its deadline (rules read
    once) and whether its sender may be shown to `user` (only to the council's own people)."""
    own = None if user.is_superuser else set(user.memberships.values_list("council", flat=True))
    deadlines = deadlines_for(petitions)
    for petition in petitions:
        petition.listed_deadline = deadlines[petition.pk]
        petition.sender_visible = own is None or petition.council_id in own


def overdue_petitions(petitions, today: datetime.date) -> list[Petition]:
    """The open petitions among `petitions` (a queryset) whose statutory deadline has passed.
    One query for the open petitions, one for the rules; the clocks run in Python."""
    open_ones = list(petitions.open().select_related("council__unit"))
    deadlines = deadlines_for(open_ones)
    return [p for p in open_ones if deadlines[p.pk] and deadlines[p.pk].due < today]


def petition_deadline(petition: Petition, rules: list[DeadlineRule] | None = None) -> Deadline | None:
    """The next statutory deadline the petition faces, or None when nothing more is owed."""
    if petition.is_closed:
        return None
    if petition.accepted_on is None:
        stage, start = DeadlineRule.Stage.ACCEPTANCE, petition.received_on
    elif petition.type in (PetitionType.KHIEU_NAI, PetitionType.TO_CAO):
        stage, start = DeadlineRule.Stage.RESOLUTION, petition.accepted_on
    else:
        return None
    rule = rule_for(rules if rules is not None else list(DeadlineRule.objects.all()), petition.type, stage, start)
    if rule is None:
        return None
    return compute(
        rule,
        start,
        complex_case=petition.is_complex,
        remote=petition.council.unit.is_remote,
        extensions=petition.extensions,
    )
