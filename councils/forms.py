import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
