"""Attachments that survive a failed save: a PDF chosen on a form whose other fields had errors is
kept (stored aside, under an unguessable name) and offered again with the re-shown form, so the
clerk does not have to find the file a second time. Saving the form then attaches it as usual.

The page carries only a signed token naming the stored file; a token older than a day, or not
signed by this server, is ignored. Files kept and never saved are removed after a day.
"""

import datetime
import uuid

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext as _

from councils.attachments import attachment_storage, forget_older

KEPT_DIR = "kept"
SALT = "hdnd.kept-upload"
MAX_AGE = datetime.timedelta(days=1)


def keep(upload) -> str:
    """Store a freshly uploaded file aside; the token that finds it again."""
    storage = attachment_storage()
    forget_older(storage, KEPT_DIR, MAX_AGE)
    upload.seek(0)
    stored = storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}.pdf", upload)
    upload.seek(0)
    return signing.dumps({"path": stored, "name": upload.name}, salt=SALT)


def reopen(token: str) -> UploadedFile | None:
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    storage = attachment_storage()
    if not kept["path"].startswith(f"{KEPT_DIR}/") or not storage.exists(kept["path"]):
        return None
    upload = UploadedFile(
        storage.open(kept["path"]), name=kept["name"], content_type="application/pdf", size=storage.size(kept["path"])
    )
    upload.kept_token = token
    return upload


class KeptFileField(forms.FileField):
    """A file field whose valid new upload is kept aside, in case the rest of the form fails."""

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile) and not getattr(cleaned, "kept_token", None):
            cleaned.kept_token = keep(cleaned)
        return cleaned

    def bound_data(self, data, initial):
        # Django shows a file box empty again after a failed post; a kept file is shown instead.
        return data if getattr(data, "kept_token", None) else super().bound_data(data, initial)


class KeptFileWidget(AdminFileWidget):
    """The admin's file box, which names the file it keeps and carries its token."""

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None or upload is False:
            kept = reopen(data.get(f"{name}__kept", ""))
            if kept is not None and upload is None:
                return kept
        return upload

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        token = getattr(value, "kept_token", None)
        if not token:
            return html
        return format_html(
            '{}<p class="kept-file" role="status">{} <input type="hidden" name="{}__kept" value="{}"></p>',
            html,
            _("Đã giữ tệp “%(name)s”: tệp sẽ được lưu khi biểu mẫu được lưu (chọn tệp khác để thay).")
            % {"name": value.name},
            name,
            token,
        )
