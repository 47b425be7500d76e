"""Setting up a district or province from one workbook (docs/import-format.md, "Setting up"):
units with their council and current term on the sheet "Đơn vị", accounts and their role in a
council on the sheet "Tài khoản". All or nothing, every row saved through `save_record`
(`full_clean()`: a unit's parent one level up, terms that do not overlap, a reviewer only above
the commune level; audited), natural keys (a unit's slug, a term's start, a username), so running
it again changes nothing. New accounts get a one-time password, returned to the caller to write
to a file — never printed, never logged, never stored but as a hash.
"""

import io
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from councils.collation import vn_order
from councils.models import AdministrativeUnit, Council, Membership, Term
from councils.records import save_record, snapshot
from councils.text import vn_slugify
from sessions.services import set_resolution_numbering
from workbooks import cells, export
from workbooks.importer import CHANGE, CREATE, SAME, Outcome, SheetResult
from workbooks.layout import BOOL, CHOICE, DATE, INT, LISTS, TEXT, YES_NO, Column, field_column, read_cell
from workbooks.reader import Problem

UNITS, ACCOUNTS = gettext_lazy("Đơn vị"), gettext_lazy("Tài khoản")


def unit_columns() -> list[Column]:
    u, t = AdministrativeUnit, Term
    return [
        field_column(u, "slug", help=str(_("Định danh dùng trong đường dẫn; để trống thì tạo từ tên."))),
        field_column(u, "name"),
        field_column(u, "unit_type"),
        Column("parent", str(_("Trực thuộc (định danh)")), TEXT, str(_("Định danh của đơn vị cấp trên.")), width=18),
        field_column(u, "code"),
        field_column(u, "valid_from"),
        field_column(u, "valid_to"),
        field_column(u, "is_mountainous"),
        field_column(u, "is_remote"),
        field_column(u, "is_border"),
        Column("has_council", str(_("Có Hội đồng nhân dân")), BOOL, str(_("Để trống là “Có”.")), width=10),
        field_column(Council, "resolution_numbering"),
        Column(
            "term_ordinal", str(_("Khóa")), INT, str(_("Nhiệm kỳ hiện tại: khóa số mấy (20 cho khóa XX).")), width=8
        ),
        Column("election_date", str(_("Ngày bầu cử")), DATE, "", width=13),
        Column(
            "term_start", str(_("Nhiệm kỳ từ ngày")), DATE, str(t._meta.get_field("start_date").help_text), width=13
        ),
        Column("term_end", str(_("Nhiệm kỳ đến ngày")), DATE, str(_("Để trống nếu nhiệm kỳ chưa kết thúc."))),
    ]


def account_columns() -> list[Column]:
    return [
        Column("username", str(_("Tên đăng nhập")), TEXT, "", required=True, width=20),
        Column("full_name", str(_("Họ và tên")), TEXT, str(_("Họ trước, tên sau: Hà Thị Huyền.")), width=24),
        Column("email", str(_("Thư điện tử")), TEXT, str(_("Để nhận thư đặt lại mật khẩu.")), width=26),
        Column("council", str(_("Hội đồng (định danh đơn vị)")), TEXT, "", required=True, width=18),
        field_column(Membership, "role"),
    ]


UNIT_FIELDS = ["name", "unit_type", "code", "valid_from", "valid_to", "is_mountainous", "is_remote", "is_border"]


def _stored(model, name: str, value):
    """A blank cell as the field stores nothing: its default, "" for text, else None."""
    if value is not None:
        return value
    f = model._meta.get_field(name)
    if f.has_default():
        return f.get_default()
    return "" if not f.null else None


@dataclass
class SetupResult:
    dry_run: bool
    problems: list = field(default_factory=list)
    sheets: list = field(default_factory=list)
    passwords: list = field(default_factory=list)  # [(username, full name, council slug, password)]

    @property
    def ok(self) -> bool:
        return not self.problems

    def total(self, action: str) -> int:
        return sum(sheet.count(action) for sheet in self.sheets)


def setup_councils(data: bytes, *, user=None, dry_run: bool = False, keep_passwords=None) -> SetupResult:
    """Create or bring up to date the units, councils, terms, accounts and memberships of the
    workbook. `keep_passwords(list)` is called with the new accounts' passwords before the
    transaction commits (so a file that cannot be written leaves nothing written)."""
    with translation.override("vi"):
        result = SetupResult(dry_run)
        sheets = _read(data, result.problems)
        if result.problems:
            return result
        with transaction.atomic():
            run = _Run(user, result)
            run.units(sheets.get(str(UNITS), []))
            run.accounts(sheets.get(str(ACCOUNTS), []))
            if result.ok and not dry_run and result.passwords:
                if keep_passwords is None:
                    message = _("Có %(n)s tài khoản mới: cần nơi ghi mật khẩu lần đầu của họ.")
                    result.problems.append(Problem(str(ACCOUNTS), None, "", message % {"n": len(result.passwords)}))
                else:
                    keep_passwords(result.passwords)
            if not result.ok or dry_run:
                transaction.set_rollback(True)
        return result


def _read(data: bytes, problems: list) -> dict:
    """{sheet title: [(row, {column key: value})]} of the two sheets, read as the records sheets are."""
    unreadable = Problem("", None, "", _("Tệp này không đọc được như một sổ Excel (.xlsx)."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any file that is not a workbook
        problems.append(unreadable)
        return {}
    found = {}
    try:  # sheets are parsed as they are read: a broken or hostile one (XML entities) fails here
        names = {cells.squeeze(name): name for name in book.sheetnames}
        for title, columns in ((str(UNITS), unit_columns()), (str(ACCOUNTS), account_columns())):
            if (name := names.get(cells.squeeze(title))) is not None:
                found[title] = _read_rows(book[name], title, columns, problems)
    except Exception:
        problems[:] = [unreadable]
        return {}
    finally:
        book.close()
    if not found:
        problems.append(Problem("", None, "", _("Tệp không có trang “Đơn vị” hay “Tài khoản”.")))
    return found


def _read_rows(ws, title: str, columns: list[Column], problems: list) -> list:
    rows = ws.iter_rows(values_only=True)
    by_header = {cells.squeeze(c.header): c for c in columns}
    header = [by_header.get(cells.squeeze(cells.read_text(text))) for text in next(rows, ()) or ()]
    for column in columns:
        if column.required and column not in header:
            message = _("Trang thiếu cột bắt buộc “%(c)s”.") % {"c": column.header}
            problems.append(Problem(title, 1, column.header, message))
    found = []
    for number, raw in enumerate(rows, start=2):
        values = {}
        for column, value in zip(header, raw, strict=False):
            if column is None:
                continue
            try:
                values[column.key] = read_cell(column, value, None)
            except ValueError as error:
                problems.append(Problem(title, number, column.header, str(error)))
        if any(value not in (None, "") for value in values.values()):
            found.append((number, values))
    return found


class _Run:
    def __init__(self, user, result: SetupResult):
        self.user, self.result = user, result

    def report(self, sheet, row, column, message):
        self.result.problems.append(Problem(str(sheet), row, column, str(message)))

    def save(self, sheet: SheetResult, row: int, record, columns: dict, title, write=save_record) -> bool:
        """Save through `write` (save_record) in a savepoint, noting what it did; False (and the
        errors) if refused."""
        before = None if record.pk is None else snapshot(type(record)._default_manager.get(pk=record.pk))
        try:
            with transaction.atomic():
                write(record, user=self.user)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            for name, texts in messages.items():
                for text in texts:
                    self.report(title, row, columns.get(name, ""), text)
            return False
        after = snapshot(record)
        if before is None:
            sheet.outcomes.append(Outcome(row, str(record), CREATE))
        elif {k: v for k, v in before.items() if k != "version"} != {k: v for k, v in after.items() if k != "version"}:
            sheet.outcomes.append(Outcome(row, str(record), CHANGE))
        else:
            sheet.outcomes.append(Outcome(row, str(record), SAME))
        return True

    def sheet(self, title) -> SheetResult:
        sheet = SheetResult(str(title))
        self.result.sheets.append(sheet)
        return sheet

    def units(self, rows: list) -> None:
        columns = {c.key: c.header for c in unit_columns()}
        headers = {**columns, "start_date": columns["term_start"], "end_date": columns["term_end"]}
        headers.update({"ordinal": columns["term_ordinal"], "council": columns["has_council"]})
        units, councils, terms = self.sheet(UNITS), self.sheet(_("Hội đồng")), self.sheet(_("Nhiệm kỳ"))
        for row, values in rows:
            slug = values.get("slug") or vn_slugify(values.get("name") or "")
            unit = AdministrativeUnit.objects.filter(slug=slug).first() or AdministrativeUnit(slug=slug)
            for name in UNIT_FIELDS:
                if name in values:
                    setattr(unit, name, _stored(AdministrativeUnit, name, values[name]))
            parent = values.get("parent")
            unit.parent = AdministrativeUnit.objects.filter(slug=parent).first() if parent else None
            if parent and unit.parent is None:
                message = _("Không có đơn vị nào có định danh “%(slug)s” (ở dòng trên hay đã có).") % {"slug": parent}
                self.report(UNITS, row, columns["parent"], message)
                continue
            if not self.save(units, row, unit, headers, UNITS) or values.get("has_council") is False:
                continue
            council = Council.objects.filter(unit=unit).first() or Council(unit=unit)
            write = save_record
            if values.get("resolution_numbering"):
                if council.pk and values["resolution_numbering"] != council.resolution_numbering:
                    write = _renumbered  # its resolutions move into their new scopes, as on its page
                council.resolution_numbering = values["resolution_numbering"]
            if not self.save(councils, row, council, headers, UNITS, write) or values.get("term_start") is None:
                continue
            term = Term.objects.filter(council=council, start_date=values["term_start"]).first()
            term = term or Term(council=council, start_date=values["term_start"])
            term.ordinal, term.election_date = values.get("term_ordinal"), values.get("election_date")
            term.end_date = values.get("term_end")
            self.save(terms, row, term, headers, UNITS)

    def accounts(self, rows: list) -> None:
        columns = {c.key: c.header for c in account_columns()}
        headers = {**columns, "first_name": columns["full_name"], "last_name": columns["full_name"], "__all__": ""}
        accounts, memberships = self.sheet(ACCOUNTS), self.sheet(_("Phân quyền"))
        User, seen = get_user_model(), {}
        for row, values in rows:
            username = values.get("username") or ""
            last, _sep, first = (values.get("full_name") or "").rpartition(" ")
            person = (first, last, values.get("email") or "")
            if username in seen and seen[username][1] != person:
                message = _("Tài khoản “%(u)s” đã có ở dòng %(row)s với họ tên, thư điện tử khác.")
                self.report(ACCOUNTS, row, columns["full_name"], message % {"u": username, "row": seen[username][0]})
                continue
            seen.setdefault(username, (row, person))
            council = Council.objects.filter(unit__slug=values.get("council") or "").first()
            if council is None:
                message = _("Không có Hội đồng của đơn vị có định danh “%(slug)s”.") % {"slug": values.get("council")}
                self.report(ACCOUNTS, row, columns["council"], message)
                continue
            account = User.objects.filter(username=username).first()
            password = None
            if account is None:
                account, password = User(username=username), secrets.token_urlsafe(12)
                account.set_password(password)
            account.first_name, account.last_name, account.email = person
            if seen[username][0] == row and not self.save(accounts, row, account, headers, ACCOUNTS):
                continue
            if password:
                self.result.passwords.append((username, values.get("full_name") or "", council.slug, password))
            membership = Membership.objects.filter(user=account, council=council).first()
            membership = membership or Membership(user=account, council=council)
            membership.role = values.get("role") or ""
            self.save(memberships, row, membership, headers, ACCOUNTS)


def _renumbered(council: Council, *, user=None) -> Council:
    return set_resolution_numbering(council, council.resolution_numbering, user=user)


def setup_workbook_bytes(root: AdministrativeUnit) -> bytes:
    """The setup workbook of `root`'s tree: the units above it (so that an empty database can take
    it), the unit and every unit below it with its council and latest term, and the accounts of
    the councils of `root`'s tree with their roles. Passwords are never in it."""
    with translation.override("vi"):
        chain, unit = [], root.parent
        while unit is not None:
            chain.insert(0, unit)
            unit = unit.parent
        tree, level = [root], [root]
        while level:
            level = list(AdministrativeUnit.objects.filter(parent__in=level).select_related("parent"))
            tree += level
        units = chain + tree
        councils = {c.unit_id: c for c in Council.objects.filter(unit__in=units)}
        terms = {}
        for term in Term.objects.filter(council__in=councils.values()).order_by("start_date"):
            terms[term.council_id] = term  # the latest
        unit_rows = [_unit_row(u, councils.get(u.pk), terms) for u in units]
        memberships = (
            Membership.objects.filter(council__unit__in=tree)
            .select_related("user", "council__unit")
            .order_by(vn_order("council__unit__name"), "user__username")
        )
        account_rows = [
            {
                "username": m.user.username,
                "full_name": f"{m.user.last_name} {m.user.first_name}".strip(),
                "email": m.user.email,
                "council": m.council.slug,
                "role": m.get_role_display(),
            }
            for m in memberships
        ]
        book = Workbook()
        book.active.title = str(UNITS)
        lists = book.create_sheet(str(LISTS))
        drop = {"yes_no": [str(label) for _code, label in YES_NO]}
        for prefix, columns in (("units", unit_columns()), ("accounts", account_columns())):
            for column in columns:
                if column.kind == CHOICE:
                    drop[f"{prefix}.{column.key}"] = [label for _code, label in column.choices]
        ranges = export.write_lists(lists, drop)
        for ws, prefix, columns, rows in (
            (book.active, "units", unit_columns(), unit_rows),
            (book.create_sheet(str(ACCOUNTS)), "accounts", account_columns(), account_rows),
        ):
            export.write_table(ws, columns, rows, {c.key: ranges.get(export.list_key(c, prefix)) for c in columns})
        book.move_sheet(lists, offset=len(book.sheetnames))
        lists.sheet_state = "hidden"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _unit_row(unit: AdministrativeUnit, council: Council | None, terms: dict) -> dict:
    term = terms.get(council.pk) if council else None
    yes, no = str(YES_NO[0][1]), str(YES_NO[1][1])
    return {
        "slug": unit.slug,
        "name": unit.name,
        "unit_type": unit.get_unit_type_display(),
        "parent": unit.parent.slug if unit.parent_id else None,
        "code": unit.code or None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "is_mountainous": yes if unit.is_mountainous else no,
        "is_remote": yes if unit.is_remote else no,
        "is_border": yes if unit.is_border else no,
        "has_council": yes if council else no,
        "resolution_numbering": council.get_resolution_numbering_display() if council else None,
        "term_ordinal": term.ordinal if term else None,
        "election_date": term.election_date if term else None,
        "term_start": term.start_date if term else None,
        "term_end": term.end_date if term else None,
    }
