"""Signed PDFs, agendas and minutes attached to records.

- Only PDFs, recognised by their content (the %PDF- signature), not by their name.
- At most ATTACHMENT_MAX_MB megabytes.
- Stored under a random name, and served only through `serve_attachment`, which finds the
  record that owns the file and checks that the user may read its council.
"""

import datetime
import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"
URL_PREFIX = "/tep/"


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def validate_pdf(file) -> None:
    if file.size > max_bytes():
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size).1f MB); tối đa %(max)s MB."),
            params={"name": file.name, "size": file.size / 1024 / 1024, "max": settings.ATTACHMENT_MAX_MB},
            code="too_large",
        )
    position = file.tell()
    file.seek(0)
    head = file.read(len(PDF_SIGNATURE))
    file.seek(position)
    if head != PDF_SIGNATURE:
        raise ValidationError(
            _("Tệp “%(name)s” không phải tệp PDF. Hãy đính kèm bản PDF (bản scan có chữ ký, dấu)."),
            params={"name": file.name},
            code="not_pdf",
        )


def attachment_path(instance, filename: str) -> str:
    """A name nobody can guess; the original name is not kept in the path."""
    return f"attachments/{uuid.uuid4().hex}.pdf"


def attachment_storage():
    """The default storage (settings.STORAGES: MEDIA_ROOT, or an S3-compatible bucket), whose URLs
    point at the checking view (URL_PREFIX), not at files. Read through it (`open`), never by a
    path on disk: a bucket has none. Lazy, so it follows STORAGES however they are set."""
    return default_storage


class PdfField(models.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", attachment_path)
        kwargs.setdefault("storage", attachment_storage)
        kwargs.setdefault("validators", [validate_pdf])
        kwargs.setdefault("blank", True)
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)


def forget_older(storage, directory: str, age: datetime.timedelta) -> None:
    """Delete the files kept in `directory` that are older than `age` (files kept aside between two
    requests: councils.kept_uploads, workbooks.uploads)."""
    try:  # not storage.exists(directory): a bucket has no directories, only names that share a prefix
        _dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{directory}/{name}"
        if storage.get_modified_time(path) < timezone.now() - age:
            storage.delete(path)


def find_attachment(name: str):
    """(record, file) for the record whose PdfField holds this stored name, or (None, None)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, PdfField):
                record = model._default_manager.filter(**{field.name: name}).first()
                if record is not None:
                    return record, getattr(record, field.name)
    return None, None
