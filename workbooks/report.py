"""An import's result as lines of text (the command prints them; the upload page shows the same)."""

from django.utils.translation import gettext as _

from workbooks.importer import ImportResult


def summary_lines(result: ImportResult) -> list[str]:
    lines = []
    if not result.ok:
        return lines  # nothing was written: the errors say why
    for sheet in result.sheets:
        lines.append(
            _("%(sheet)s: %(created)s tạo mới, %(changed)s thay đổi, %(same)s giữ nguyên")
            % {"sheet": sheet.title, "created": sheet.created, "changed": sheet.changed, "same": sheet.unchanged}
            + (_(" (%(n)s hồ sơ đã có không nằm trong tệp: giữ nguyên)") % {"n": sheet.absent} if sheet.absent else "")
        )
    totals = {"created": result.total("create"), "changed": result.total("change"), "same": result.total("same")}
    if result.dry_run:
        lines.append(_("Thử (không ghi): sẽ tạo %(created)s, sửa %(changed)s, giữ nguyên %(same)s.") % totals)
    else:
        lines.append(_("Đã ghi: tạo %(created)s, sửa %(changed)s, giữ nguyên %(same)s.") % totals)
    return lines


def problem_lines(result: ImportResult) -> list[str]:
    lines = []
    for problem in result.problems:
        where = [problem.sheet or _("Tệp")]
        if problem.row:
            where.append(_("dòng %(n)s") % {"n": problem.row})
        if problem.column:
            where.append(_("cột “%(c)s”") % {"c": problem.column})
        lines.append(f"{', '.join(where)}: {problem.message}")
    return lines
