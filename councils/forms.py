import calendar
import itertools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from councils import records
from councils.models import Versioned
from councils.text import nfc

# A year of five digits or more, however the date was typed: 11/07/20023, 20023-07-11.
YEAR_TOO_LONG = re.compile(r"^(?:\d{1,2}/\d{1,2}/(\d{5,})|(\d{5,})-\d{1,2}-\d{1,2})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class VNDateField(forms.DateField):
    """dd/mm/yyyy, with a clear word for the commonest slips: a five-digit year (“20023”) and a
    day the calendar does not have (“31/02/2024”)."""

    default_error_messages = {"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 11/07/2023.")}

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            if match := YEAR_TOO_LONG.match(text):
                raise ValidationError(
                    _("Năm “%(year)s” không hợp lệ: năm phải có 4 chữ số (ví dụ 2023)."),
                    params={"year": match[1] or match[2]},
                    code="invalid_year",
                )
            if (match := DAY_MONTH_YEAR.match(text)) and (problem := _impossible_day(*map(int, match.groups()))):
                raise ValidationError(problem, code="no_such_day")
        return super().to_python(value)


def _impossible_day(day: int, month: int, year: int) -> str | None:
    """Why a date typed dd/mm/yyyy is not in the calendar, or None if it is."""
    if not 1 <= month <= 12:
        return _("Tháng %(month)s không có: tháng chỉ từ 01 đến 12.") % {"month": f"{month:02d}"}
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        return _("Ngày %(day)s không có: tháng %(month)s năm %(year)s chỉ có %(last)s ngày.") % {
            "day": f"{day:02d}/{month:02d}/{year}",
            "month": f"{month:02d}",
            "year": year,
            "last": last,
        }
    return None


class DateInput(forms.DateInput):
    """A date box that shows the format it wants."""

    def __init__(self, attrs=None, format=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "autocomplete": "off", **(attrs or {})}, format)


class NfcForm:
    """Form mixin: what was typed is read in Unicode NFC before any field checks it, as it will be
    stored (councils.records): Unikey's "Unicode tổ hợp" types "ệ" as three characters, which the
    length limits counted as three."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(nfc_data(data), *args, **kwargs)


def nfc_data(data):
    """The submitted `data` with its text in NFC, copied once: the page's form and each row of its
    inlines are given the same request data, and share the one copy kept on it."""
    if data is None or not hasattr(data, "lists") or getattr(data, "is_nfc", False):
        return data
    if getattr(data, "nfc_copy", None) is None:
        copy = data.copy()
        for key, values in list(copy.lists()):
            copy.setlist(key, [nfc(value) if isinstance(value, str) else value for value in values])
        copy.is_nfc = True
        data.nfc_copy = copy
    return data.nfc_copy


class NfcModelForm(NfcForm, forms.ModelForm):
    pass


class VersionedModelForm(NfcModelForm):
    """A form for a record that counts its saves (councils.models.Versioned): the page carries the
    version it showed, and saving over a change someone made since is refused with what they
    changed. The refused form then carries the newest version: saving again overwrites, knowingly.

    Run inside the transaction that saves (the admin's is): the row stays locked until then."""

    loaded_version = forms.IntegerField(label=_("lần sửa"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not isinstance(self.instance, Versioned):
            del self.fields["loaded_version"]  # a model that does not count its saves
        elif self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
            if connection.in_atomic_block:
                stored = stored.select_for_update()
            current = stored.values_list("version", flat=True).first()
            if current is not None and current != loaded:
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_version")] = current
                raise ValidationError(records.stale_edit_message(self.instance, loaded), code="stale")
        return cleaned


class GroupedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for group, objects in itertools.groupby(self.queryset, key=self.field.group_by):
            yield (group, [self.choice(obj) for obj in objects])


class GroupedModelChoiceField(forms.ModelChoiceField):
    """Choices in groups (an <optgroup> each): `group_by(obj)` names an object's group; the queryset
    must be ordered by it. "Kỳ họp thứ 11 (08/06/2023)" under "HĐND thị trấn Phố Châu"."""

    iterator = GroupedModelChoiceIterator

    def __init__(self, *args, group_by, **kwargs):
        self.group_by = group_by
        super().__init__(*args, **kwargs)
