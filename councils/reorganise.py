"""Reorganisations as data: a CSV file of mergers, moves and the end of a level, checked as a whole,
then applied all or nothing, audited, with one UnitChangeEvent per row. Applying it twice changes
nothing. The file format is in docs/reorganise-format.md.

    hieu_luc,can_cu,thao_tac,don_vi,ten_moi,loai,truc_thuoc
    01/07/2025,Nghị quyết 1665/NQ-UBTVQH15,giu_nguyen,son-kim-1,,,ha-tinh
    01/07/2025,Nghị quyết 1665/NQ-UBTVQH15,sap_nhap,son-tay;son-lam,Sơn Tây Mới,XA,ha-tinh
    01/07/2025,Luật 72/2025/QH15,ket_thuc_cap,huong-son,,,

What moves with a merger (open follow-up items, petitions, clerk accounts) is not here: this
module knows only the tree (the layer above hands those over; see docs/reorganise-format.md).
"""

import csv
import datetime
import io
import itertools
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from councils.forms import VNDateField
from councils.models import (
    AdministrativeUnit,
    Council,
    Membership,
    Term,
    UnitChangeEvent,
    UnitLink,
    UnitType,
)
from councils.records import audit_update, save_record
from councils.text import dmy, vn_slugify
from councils.validation import check_plausible_day

COLUMNS = ["hieu_luc", "can_cu", "thao_tac", "don_vi", "ten_moi", "loai", "truc_thuoc"]
MERGE, KEEP, END_LEVEL = "sap_nhap", "giu_nguyen", "ket_thuc_cap"
EVENT_KIND = {
    MERGE: UnitChangeEvent.Kind.MERGE,
    KEEP: UnitChangeEvent.Kind.TRANSFER,
    END_LEVEL: UnitChangeEvent.Kind.DISSOLVE_LEVEL,
}
ONE_DAY = datetime.timedelta(days=1)

# Sent inside the reorganisation's transaction after each merger, with `predecessors` (the councils
# that ended), `successor` (the new council), `day` and `user`: the apps above hand over what is
# still open (oversight.handover); an exception undoes the whole file.
councils_merged = Signal()


@dataclass
class Row:
    line: int
    day: datetime.date
    basis: str
    action: str
    units: list[AdministrativeUnit]
    new_name: str = ""
    new_type: str = ""
    parent: AdministrativeUnit | None = None

    @property
    def last_day(self) -> datetime.date:
        return self.day - ONE_DAY

    @property
    def action_label(self) -> str:
        """What the row does, as the change event it makes is named ("Nhập"), not the file's code."""
        return UnitChangeEvent.Kind(EVENT_KIND[self.action]).label


@dataclass
class Plan:
    rows: list[Row]
    errors: list[str] = field(default_factory=list)
    done: list[int] = field(default_factory=list)  # lines already applied (a second run)

    def summary(self) -> str:
        to_do = [row for row in self.rows if row.line not in self.done]
        return _("%(n)s thao tác sẽ thực hiện, %(done)s thao tác đã có từ trước.") % {
            "n": len(to_do),
            "done": len(self.done),
        }


def read(text: str) -> Plan:
    """The file's rows with their units found, and every problem of the file as a whole."""
    plan = Plan(rows=[])
    reader = csv.DictReader(io.StringIO(unicodedata.normalize("NFC", text.lstrip("\ufeff"))))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        plan.errors.append(_("Tệp thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)})
        return plan
    slugs, line = {}, 1
    while True:
        line += 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a quote never closed swallowed the rest of the file into one field
            message = _('một dấu ngoặc kép (") mở mà không đóng, hoặc một ô quá dài: không đọc được tệp từ đây.')
            plan.errors.append(_("Dòng %(line)s: %(message)s") % {"line": line, "message": message})
            break
        row = _read_row(line, {k: (v or "").strip() for k, v in raw.items() if k}, slugs, plan.errors)
        if row:
            plan.rows.append(row)
    if not plan.errors:
        plan.done = [row.line for row in plan.rows if _applied(row)]
        _check(plan)
    return plan


def _read_row(line: int, raw: dict, slugs: dict, errors: list[str]) -> Row | None:
    def error(message):
        errors.append(_("Dòng %(line)s: %(message)s") % {"line": line, "message": message})

    try:
        day = VNDateField().clean(raw["hieu_luc"])
    except ValidationError as problem:
        return error(_("ngày hiệu lực (cột hieu_luc): %(why)s") % {"why": " ".join(problem.messages)})
    if far := check_plausible_day(day):
        return error(_("ngày hiệu lực (cột hieu_luc): %(why)s") % {"why": far})
    if raw["thao_tac"] not in EVENT_KIND:
        return error(
            _("thao tác “%(value)s” không có; chọn sap_nhap, giu_nguyen hoặc ket_thuc_cap.")
            % {"value": raw["thao_tac"]}
        )
    if not raw["can_cu"]:
        return error(_("thiếu căn cứ pháp lý (cột can_cu)."))
    for column, limited in (
        ("can_cu", UnitChangeEvent._meta.get_field("legal_basis")),
        ("ten_moi", AdministrativeUnit._meta.get_field("name")),
    ):
        if len(raw[column]) > limited.max_length:
            return error(
                _("cột %(column)s dài quá %(max)s ký tự (đang có %(n)s).")
                % {"column": column, "max": limited.max_length, "n": len(raw[column])}
            )
    units = []
    for slug in [s.strip() for s in raw["don_vi"].split(";") if s.strip()]:
        unit = _unit(slug, slugs)
        if unit is None:
            return error(_("không có đơn vị “%(slug)s”.") % {"slug": slug})
        units.append(unit)
    if not units or (raw["thao_tac"] != MERGE and len(units) != 1):
        return error(
            _("cột don_vi phải có %(n)s.")
            % {"n": _("đúng một đơn vị") if raw["thao_tac"] != MERGE else _("ít nhất một đơn vị")}
        )
    parent = None
    if raw["thao_tac"] != END_LEVEL:
        parent = _unit(raw["truc_thuoc"], slugs) if raw["truc_thuoc"] else None
        if parent is None:
            return error(_("không có đơn vị cấp trên “%(slug)s” (cột truc_thuoc).") % {"slug": raw["truc_thuoc"]})
    row = Row(line, day, raw["can_cu"], raw["thao_tac"], units, raw["ten_moi"], raw["loai"], parent)
    if row.action == MERGE:
        if not row.new_name:
            return error(_("sáp nhập cần tên đơn vị mới (cột ten_moi)."))
        if row.new_type not in UnitType.values:
            return error(_("loại đơn vị “%(value)s” không có (cột loai).") % {"value": row.new_type})
    return row


def _unit(slug: str, cache: dict) -> AdministrativeUnit | None:
    if slug not in cache:
        cache[slug] = AdministrativeUnit.objects.filter(slug=slug).first()
    return cache[slug]


def _applied(row: Row) -> bool:
    """Whether a run of this file has already made this row's change (a merger: the same new unit,
    made from exactly the same units)."""
    if row.action == END_LEVEL:
        return row.units[0].valid_to == row.last_day
    if row.action == KEEP:
        return UnitLink.objects.filter(unit=row.units[0], parent=row.parent, valid_from=row.day).exists()
    made = AdministrativeUnit.objects.filter(
        name=row.new_name, unit_type=row.new_type, valid_from=row.day, parent_links__parent=row.parent
    )  # two new units may share a name (each from its own units)
    events = UnitChangeEvent.objects.filter(successors__in=made, kind=UnitChangeEvent.Kind.MERGE)
    return any({u.pk for u in event.predecessors.all()} == {u.pk for u in row.units} for event in events)


def _check(plan: Plan) -> None:
    """Refuses a file that would leave a gap, an overlap, a unit under two parents or under nothing."""
    errors, seen = plan.errors, {}
    ending = {unit.pk: row for row in plan.rows if row.action != KEEP for unit in row.units}  # units the file ends
    for row in plan.rows:
        for unit in row.units:
            if unit.pk in seen:
                errors.append(
                    _("Dòng %(line)s: %(unit)s đã có ở dòng %(first)s; mỗi đơn vị chỉ được ở một dòng.")
                    % {"line": row.line, "unit": unit, "first": seen[unit.pk]}
                )
            seen[unit.pk] = row.line
        if row.line in plan.done:
            continue
        for unit in row.units:
            if not unit.is_valid_on(row.last_day) or (unit.valid_to is not None and unit.valid_to <= row.last_day):
                errors.append(
                    _("Dòng %(line)s: %(unit)s không còn hiệu lực ngày %(day)s.")
                    % {"line": row.line, "unit": unit, "day": dmy(row.last_day)}
                )
            elif row.action == KEEP and unit.parent_links.filter(valid_from__gte=row.day).exists():
                errors.append(  # a change may not go back before the unit's latest move
                    _("Dòng %(line)s: %(unit)s đã chuyển cấp trên từ một ngày sau ngày %(day)s.")
                    % {"line": row.line, "unit": unit, "day": dmy(row.day)}
                )
        if row.action == MERGE:
            levels = {unit.level for unit in row.units}
            if levels != {AdministrativeUnit(unit_type=row.new_type).level}:
                errors.append(
                    _("Dòng %(line)s: chỉ sáp nhập các đơn vị cùng cấp với đơn vị mới (%(type)s).")
                    % {"line": row.line, "type": UnitType(row.new_type).label}
                )
        if row.parent is not None:
            _check_parent(row, ending, errors)
    for row in plan.rows:  # units that end must leave no unit under them
        if row.line in plan.done or row.action == KEEP:
            continue
        for unit in row.units:
            for child in unit.subunits_on(row.last_day):
                # not moved by this file, nor already under another parent from that day (an earlier file)
                if child.pk not in seen and child.parent_on(row.day) == unit:
                    errors.append(
                        _("Dòng %(line)s: %(child)s vẫn trực thuộc %(unit)s, nhưng không dòng nào chuyển đơn vị này.")
                        % {"line": row.line, "child": child, "unit": unit}
                    )


def _check_parent(row: Row, ending: dict, errors: list[str]) -> None:
    parent = row.parent
    unit_type = row.new_type if row.action == MERGE else row.units[0].unit_type
    probe = AdministrativeUnit(unit_type=unit_type)
    if not probe.may_sit_under(parent, row.day):
        errors.append(
            _("Dòng %(line)s: %(parent)s không thể là cấp trên trực tiếp của đơn vị %(level)s.")
            % {"line": row.line, "parent": parent, "level": probe.level.label.lower()}
        )
    if not parent.is_valid_on(row.day) or parent.pk in ending:
        errors.append(
            _("Dòng %(line)s: %(parent)s không còn hiệu lực từ ngày %(day)s, không thể là cấp trên.")
            % {"line": row.line, "parent": parent, "day": dmy(row.day)}
        )


def rehearse(plan: Plan, *, move_accounts: bool = False) -> Plan:
    """Apply the plan and take it back, so that a preview says what applying would refuse (a record
    that a unit's new last day would leave outside its life): those messages join `plan.errors`."""
    if plan.errors:
        return plan
    with transaction.atomic():
        try:
            apply(plan, move_accounts=move_accounts)
        except ValidationError as refused:
            plan.errors.extend(refused.messages)
        transaction.set_rollback(True)
    return plan


@transaction.atomic
def apply(plan: Plan, *, user=None, move_accounts: bool = False) -> dict[str, int]:
    """Applies the rows not yet applied; all or nothing. Returns counts of what changed.
    `move_accounts`: the merged councils' members become members of the new council."""
    if plan.errors:
        raise ValidationError(plan.errors)
    counts = {"created": 0, "moved": 0, "ended": 0, "events": 0, "accounts": 0}
    for row in plan.rows:
        if row.line in plan.done:
            continue
        if row.action == MERGE:
            successors = [_merge(row, user)]
            counts["created"] += 1
            counts["ended"] += len(row.units)
        elif row.action == KEEP:
            _move(row.units[0], row.parent, row.day, user)
            counts["moved"] += 1
            successors = row.units
        else:
            _end(row.units[0], row.last_day, user)
            counts["ended"] += 1
            successors = []
        event = save_record(
            UnitChangeEvent(kind=EVENT_KIND[row.action], effective_date=row.day, legal_basis=row.basis),
            user=user,
        )
        event.predecessors.set(row.units)
        event.successors.set(successors)
        counts["events"] += 1
        if row.action == MERGE:  # after the event: the new council now succeeds the old ones
            olds, new = list(Council.objects.filter(unit__in=row.units)), successors[0].council
            councils_merged.send(Plan, predecessors=olds, successor=new, day=row.day, user=user)
            if move_accounts:
                counts["accounts"] += _move_accounts(olds, new, user)
    return counts


def _move_accounts(olds: list[Council], successor: Council, user) -> int:
    """Each member of a merged council becomes a member of the new one, in the same role."""
    moved = 0
    for membership in Membership.objects.filter(council__in=olds).select_related("user"):
        if Membership.objects.filter(user=membership.user, council=successor).exists():
            continue
        membership.council = successor
        save_record(membership, user=user)
        moved += 1
    return moved


def _close_link(unit: AdministrativeUnit, last_day: datetime.date, user) -> None:
    """The unit's open link to its parent ends on `last_day` (audited)."""
    for link in UnitLink.objects.filter(unit=unit, valid_to=None):
        link.valid_to = last_day
        save_record(link, user=user)


def _end(unit: AdministrativeUnit, last_day: datetime.date, user) -> None:
    """The unit, its link to its parent and its council's open term end on `last_day`."""
    _close_link(unit, last_day, user)
    unit.valid_to = last_day
    save_record(unit, user=user)
    for term in Term.objects.filter(council__unit=unit, end_date=None, start_date__lt=last_day):
        term.end_date = last_day
        save_record(term, user=user)


def _move(unit: AdministrativeUnit, parent: AdministrativeUnit, day: datetime.date, user) -> None:
    _close_link(unit, day - ONE_DAY, user)
    save_record(UnitLink(unit=unit, parent=parent, valid_from=day), user=user)
    before = None if unit.parent_id is None else str(unit.parent_id)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(parent=parent)  # the latest parent; links hold the rest
    audit_update(unit, {"parent_id": [before, str(parent.pk)]}, user=user)


def _free_slug(unit: AdministrativeUnit) -> str:
    """The new unit's address: from its name ("son-tay"), with its first year where a unit has that
    already (a merger that keeps a merged unit's name: "son-tay-2025"), then a number."""
    longest = AdministrativeUnit._meta.get_field("slug").max_length
    base, year = vn_slugify(unit.name)[:longest], unit.valid_from.year
    suffixes = itertools.chain([""], [f"-{year}"], (f"-{year}-{n}" for n in itertools.count(2)))
    candidates = (base[: longest - len(suffix)] + suffix for suffix in suffixes)  # each fits the field
    common = base[: longest - len(f"-{year}-999")]  # what every candidate up to the 999th begins with
    taken = set(AdministrativeUnit.objects.filter(slug__startswith=common).values_list("slug", flat=True))
    return next(slug for slug in candidates if slug not in taken)


def _merge(row: Row, user) -> AdministrativeUnit:
    """A new unit under the row's parent from its day, whose council continues the merged councils'
    term (same ordinal and election); the merged units end the day before."""
    predecessors = row.units
    flags = {f: any(getattr(u, f) for u in predecessors) for f in ("is_mountainous", "is_remote", "is_border")}
    unit = AdministrativeUnit(name=row.new_name, unit_type=row.new_type, parent=row.parent, valid_from=row.day, **flags)
    unit.slug = _free_slug(unit)
    save_record(unit, user=user)
    council = save_record(Council(unit=unit), user=user)
    term = Term.objects.filter(council__unit__in=predecessors).on(row.last_day).order_by("-start_date").first()
    save_record(
        Term(
            council=council,
            ordinal=term.ordinal if term else None,
            election_date=term.election_date if term else None,
            start_date=row.day,
        ),
        user=user,
    )
    for old in predecessors:
        _end(old, row.last_day, user)
    return unit
