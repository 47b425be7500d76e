"""What the clerk is told on a record's page, above the form: why a record cannot be changed
(its year was accepted), which years are closed to new records, and — when a save failed — how
many errors there are and where, each a link to its field."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.collation import vn_order
from councils.models import Submission


@dataclass(frozen=True)
class ErrorPlace:
    where: str
    field: str
    message: str
    anchor: str


def accepted_years(council_ids) -> list[Submission]:
    """The accepted (locked) years of these councils, newest first."""
    return list(
        Submission.objects.filter(council__in=council_ids, status__in=Submission.LOCKED)
        .select_related("council__unit")
        .order_by("-year", vn_order("council__unit__name"))
    )


def locked_years_notice(council_ids) -> str:
    locked = accepted_years(council_ids)
    if not locked:
        return ""
    years = ", ".join(f"{s.year} ({s.council})" for s in locked)
    return ngettext(
        "Năm %(years)s đã được cấp trên duyệt: không thêm, sửa hay xóa được hồ sơ của năm này.",
        "Các năm %(years)s đã được cấp trên duyệt: không thêm, sửa hay xóa được hồ sơ của các năm này.",
        len(locked),
    ) % {"years": years}


def record_lock_notice(lock_message: str | None) -> str:
    return _("Hồ sơ chỉ xem, không sửa được. %(why)s") % {"why": lock_message} if lock_message else ""


def error_places(adminform, inline_formsets) -> list[ErrorPlace]:
    """Every error of the page: the main form's, then each inline row's."""
    places = []
    form = adminform.form
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in messages:
            places.append(ErrorPlace(_("phần chính"), str(label or ""), message, _anchor(form, name)))
    for inline in inline_formsets:
        formset = inline.formset
        title = str(inline.opts.verbose_name_plural)
        for message in formset.non_form_errors():
            places.append(ErrorPlace(title, "", message, ""))
        for index, row in enumerate(formset.forms):
            for name, messages in row.errors.items():
                label = row.fields[name].label if name in row.fields else ""
                for message in messages:
                    where = _("%(section)s, dòng %(n)s") % {"section": title, "n": index + 1}
                    places.append(ErrorPlace(where, str(label or ""), message, _anchor(row, name)))
    return places


def _anchor(form, name: str) -> str:
    if name in form.fields:
        return form[name].auto_id or ""
    return ""


def error_summary(places: list[ErrorPlace]) -> str:
    sections = list(dict.fromkeys(place.where for place in places))
    return ngettext(
        # Django draws a field's error above its box, under its label: the words say so.
        "Chưa lưu: có %(n)s lỗi, ở %(where)s. Lỗi hiện bằng chữ đỏ ngay trên ô cần sửa.",
        "Chưa lưu: có %(n)s lỗi, ở %(where)s. Mỗi lỗi hiện bằng chữ đỏ ngay trên ô cần sửa.",
        len(places),
    ) % {"n": len(places), "where": "; ".join(sections)}
