import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from councils import records
from councils.models import Versioned

YEAR_TOO_LONG = re.compile(r"\d{1,2}/\d{1,2}/(\d{5,})$")


class VNDateField(forms.DateField):
    """dd/mm/yyyy, with a clear word for the commonest slip: a five-digit year (“20023”)."""

    default_error_messages = {"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 11/07/2023.")}

    def to_python(self, value):
        if isinstance(value, str) and (match := YEAR_TOO_LONG.match(value.strip())):
            raise ValidationError(
                _("Năm “%(year)s” không hợp lệ: năm phải có 4 chữ số (ví dụ 2023)."),
                params={"year": match[1]},
                code="invalid_year",
            )
        return super().to_python(value)


class VersionedModelForm(forms.ModelForm):
    """A form for a record that counts its saves (councils.models.Versioned): the page carries the
    version it showed, and saving over a change someone made since is refused with what they
    changed. The refused form then carries the newest version: saving again overwrites, knowingly.

    Run inside the transaction that saves (the admin's is): the row stays locked until then."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
