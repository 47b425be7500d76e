"""An uploaded workbook kept between its preview and its confirmation.

The preview page carries only a signed token naming the stored file, the council and the user
it was uploaded by and for: a token of another user or council, older than an hour, or not
signed by this server finds nothing. The file is removed once confirmed, and any kept longer
than a day is removed at the next upload.
"""

import datetime
import uuid

from django.core import signing
from django.core.files.base import ContentFile

from councils.attachments import attachment_storage, forget_older

KEPT_DIR = "workbooks"
SALT = "hdnd.workbook-upload"
MAX_AGE = datetime.timedelta(hours=1)
KEPT_AT_MOST = datetime.timedelta(days=1)  # then removed at the next upload


def keep(data: bytes, *, name: str, council, user, purpose: str = "records") -> str:
    """Store the upload aside; the token that finds it again for this user and council (None: the
    setup workbook, which is no council's) and purpose."""
    storage = attachment_storage()
    forget_older(storage, KEPT_DIR, KEPT_AT_MOST)
    path = storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    owner = {"council": council.pk if council else None, "user": user.pk, "purpose": purpose}
    return signing.dumps({"path": path, "name": name, **owner}, salt=SALT)


def reopen(token: str, *, council, user, purpose: str = "records") -> tuple[bytes, str, str] | None:
    """(the file's bytes, its name, its stored path), or None if the token finds nothing for them."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    storage, path = attachment_storage(), kept.get("path", "")
    owner = {"council": council.pk if council else None, "user": user.pk, "purpose": purpose}
    if any(kept.get(key) != value for key, value in owner.items()):
        return None
    if not path.startswith(f"{KEPT_DIR}/") or not storage.exists(path):
        return None
    with storage.open(path) as handle:
        return handle.read(), kept.get("name", ""), path


def discard(path: str) -> None:
    storage = attachment_storage()
    if path.startswith(f"{KEPT_DIR}/") and storage.exists(path):
        storage.delete(path)
