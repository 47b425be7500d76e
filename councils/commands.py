"""What the management commands share: a bad argument is a Vietnamese line (CommandError: exit
status 1, no traceback), never a Python error."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from councils.validation import validate_year


def checked_year(year: int) -> int:
    """The year if the system holds records for it (`validate_year`)."""
    try:
        validate_year(year)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    return year


def read_input(path: str) -> bytes:
    """A command's file, or a Vietnamese line saying why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        why = _("không có tệp này")
    except IsADirectoryError:
        why = _("đây là một thư mục")
    except OSError as error:
        why = _("không có quyền đọc") if isinstance(error, PermissionError) else error.strerror
    raise CommandError(_("Không đọc được %(path)s: %(why)s.") % {"path": path, "why": why})


def write_output(path: str, data: bytes) -> None:
    """Write a command's file, or say in Vietnamese why it cannot be written."""
    try:
        Path(path).write_bytes(data)
        return
    except FileNotFoundError:
        why = _("thư mục %(folder)s chưa có") % {"folder": Path(path).parent}
    except OSError as error:
        why = _("không có quyền ghi") if isinstance(error, PermissionError) else error.strerror
    raise CommandError(_("Không ghi được %(path)s: %(why)s.") % {"path": path, "why": why})
