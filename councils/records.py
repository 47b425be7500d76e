"""The one way council records are written: validated, atomic and audited.

Admin, forms, imports and the demo loader all save through `save_record` and delete
through `delete_record`, so no path skips `full_clean()` or the audit trail. A record
that others refer to is protected (on_delete=PROTECT): deleting it raises ProtectedError
and nothing changes.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import AuditEntry, Versioned, council_of, locked_period_message, mark_changed
from councils.text import dmy, nfc, person_name


def _normalise_text(record: models.Model) -> None:
    """Store text in Unicode NFC, whatever keyboard or paste produced it."""
    for field in record._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(record, field.attname)
            if isinstance(value, str):
                setattr(record, field.attname, nfc(value))


# Never copied into the audit trail: a password's hash, and when someone last logged in.
NOT_AUDITED = {"password", "last_login"}


def _audited_fields(record: models.Model) -> list:
    return [
        field
        for field in record._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.name not in NOT_AUDITED
    ]


def snapshot(record: models.Model) -> dict:
    """Field values as text, for comparing and storing in the audit trail."""
    return {field.attname: field.value_to_string(record) for field in _audited_fields(record)}


def _log(record, *, user, action, changes, deleting=None):
    council = council_of(record)
    if deleting is not None and council == deleting:
        council = None  # a council being deleted: the entries name it, and would otherwise hold it
    AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        council=council,
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        object_repr=str(record)[:300],
        action=action,
        changes=changes,
    )


def audit_update(record: models.Model, changes: dict, *, user=None) -> None:
    """The audit entry of a change written without `save_record` ({attname: [before, after]} as
    stored text), where saving the record would do more than the change (a unit's latest parent:
    its dated links are written apart)."""
    _log(record, user=user, action=AuditEntry.Action.UPDATE, changes=changes)


@transaction.atomic
def save_record(
    record: models.Model,
    *,
    user=None,
    validate: bool = True,
    expected_version: int | None = None,
    shown_before: dict | None = None,
):
    """Validate and save a record, logging what changed. `validate=False` only where the
    caller has just run full_clean() itself (a ModelForm has). `shown_before` ({attname: stored
    text}) is what the audit trail records as the value before, where the caller parked the row in
    a temporary state the database's uniqueness needed (renumbering sessions: sessions.services).

    The stored row is locked until the transaction ends, and so is the row of the year it belongs
    to (`locked_period_message`), so a year accepted meanwhile cannot let this save through.
    `expected_version`, where the caller knows which version it edited (a form page), refuses the
    save if someone else saved the record since: nothing is silently undone."""
    _normalise_text(record)
    creating = record._state.adding
    stored = None if creating else type(record)._default_manager.select_for_update().get(pk=record.pk)
    versioned = isinstance(record, Versioned)
    if versioned and stored is not None:
        if expected_version is not None and stored.version != expected_version:
            raise ValidationError(stale_edit_message(record, expected_version), code="stale")
        record.version = stored.version
    before = {} if creating else snapshot(stored)
    if not creating and snapshot(record) == before:
        return record  # nothing to write: no validation, no save, no audit entry
    if validate:
        record.full_clean()
    elif message := locked_period_message(record):  # the form checked; the year's row is held only now
        raise ValidationError(message, code="locked")
    if versioned:
        record.version = (stored.version if stored else 0) + 1
    before = {**before, **(shown_before or {})}
    changes = {name: [before.get(name), value] for name, value in snapshot(record).items() if before.get(name) != value}
    record.save()  # marks the council's year it is in now (post_save: councils.models.tally)
    if stored is not None and hasattr(stored, "tally_keys"):
        mark_changed(stored.tally_keys() - record.tally_keys())  # and the one it moved from
    if creating:  # the primary key, and values the model sets as it saves, exist only now
        changes = {name: [None, value] for name, value in snapshot(record).items() if value is not None}
    _log(
        record,
        user=user,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        changes=changes,
    )
    return record


def stale_edit_message(record: models.Model, loaded_version: int) -> str:
    """What others saved on this record after `loaded_version`: who, when, each field before and after."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
    ).select_related("user")
    later = [e for e in entries.order_by("at", "pk") if _version_after(e) > loaded_version]
    parts, internal = [], _internal(record)
    for entry in later:
        fields = "; ".join(
            f"{_label(record, name)}: “{_shown(record, name, old)}” → “{_shown(record, name, new)}”"
            for name, (old, new) in entry.changes.items()
            if name not in internal
        )
        parts.append(
            _("%(who)s lúc %(when)s — %(fields)s")
            % {"who": _author(entry), "when": local_time(entry.at), "fields": fields}
        )
    return _(
        "Hồ sơ này đã được sửa sau khi bạn mở trang (%(changes)s). Thay đổi của bạn chưa được lưu: hãy xem lại "
        "các giá trị trên; bấm Lưu lần nữa nếu vẫn muốn ghi đè."
    ) % {"changes": " | ".join(parts) or _("không rõ nội dung")}


def _version_after(entry: AuditEntry) -> int:
    version = entry.changes.get("version", [None, None])[1]
    return int(version) if version not in (None, "") else 0


def _field(record, attname: str) -> models.Field | None:
    return next((field for field in record._meta.concrete_fields if field.attname == attname), None)


def _internal(record) -> set[str]:
    """What the system keeps for itself, never shown as a change: the version, `internal_fields`."""
    return {"version", *getattr(record, "internal_fields", ())}


def _label(record, attname: str) -> str:
    field = _field(record, attname)
    return str(field.verbose_name) if field else attname


def _shown(record, attname: str, value, related: dict | None = None) -> str:
    """A stored value as a clerk reads it: dates dd/mm/yyyy, choices by their label, a related
    record by its name (`related` keeps the names read, by model and id, across calls)."""
    if value in (None, "", "None"):
        return "—"
    field = _field(record, attname)
    if field is None:
        return str(value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return dmy(datetime.date.fromisoformat(value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value in (True, "True") else _("Không")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        names = {} if related is None else related
        if (field.related_model, value) not in names:
            found = field.related_model._default_manager.filter(pk=value).first()
            names[field.related_model, value] = str(found) if found is not None else str(value)  # deleted since
        return names[field.related_model, value]
    return str(value)


def describe_changes(record: models.Model, changes: dict) -> list[tuple[str, str, str]]:
    """{attname: [before, after]} as a clerk reads it: [(field's label, before, after)]."""
    return [
        (_label(record, name), _shown(record, name, old), _shown(record, name, new))
        for name, (old, new) in changes.items()
    ]


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _author(entry: AuditEntry) -> str:
    """Who made an audit entry, family name first, or the system (a command, the demo loader)."""
    return person_name(entry.user) if entry.user else _("hệ thống")


def entry_line(record: models.Model, entry: AuditEntry) -> str:
    """An audit entry in one line: "30/11/2026 22:36 — Trần Thị Châu — Sửa: nội dung; tình trạng"
    (local time, the person's name, the changed fields by their labels; a creation by itself)."""
    line = f"{local_time(entry.at)} — {_author(entry)} — {entry.get_action_display()}"
    if entry.action != AuditEntry.Action.UPDATE:
        return line
    order = {field.attname: index for index, field in enumerate(record._meta.concrete_fields)}
    internal = _internal(record)
    names = sorted(  # in the fields' order, not as stored (PostgreSQL's jsonb sorts its keys)
        (name for name in entry.changes if name not in internal), key=lambda name: (order.get(name, len(order)), name)
    )
    return f"{line}: " + "; ".join(_label(record, name) for name in names)


# --- the history of a record, and restoring a version ---------------------------------------------


@dataclass
class Version:
    """An audit entry and the record's values just after it: [(label, value as shown, changed?)]."""

    entry: AuditEntry
    values: dict  # attname -> stored text
    shown: list
    is_current: bool


def history(record: models.Model, hidden: tuple[str, ...] = ()) -> list[Version]:
    """The record's audit entries, newest first, each with the values the record had after it
    (today's values with every later change taken back), without the `hidden` fields (those the
    reader may not see: `councils.access.hidden_fields`)."""
    entries = list(
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
        .select_related("user")
        .order_by("-at", "-pk")
    )
    state = snapshot(type(record)._default_manager.get(pk=record.pk))
    for name in hidden:
        state.pop(name, None)
    shown_names = [name for name in state if name not in _internal(record)]
    versions, related = [], {}
    for index, entry in enumerate(entries):
        shown = [
            (_label(record, name), _shown(record, name, state[name], related), name in entry.changes)
            for name in shown_names
        ]
        versions.append(Version(entry, dict(state), shown, is_current=index == 0))
        for name, (before, _after) in entry.changes.items():  # step back to before this entry
            if name in state:
                state[name] = before
    return versions


def restore(record: models.Model, version: Version, *, user=None) -> models.Model:
    """Give the record the values it had after `version`, through `save_record`: validated (a
    locked year stays locked), audited like any edit, the version counted on."""
    for field in _audited_fields(record):
        if field.attname == "version" or field.attname not in version.values:
            continue
        text = version.values[field.attname]
        value = None if (text in ("", "None") and field.null) else field.to_python(text)
        setattr(record, field.attname, value)
    return save_record(record, user=user)


def upsert_record(model, keys: dict, values: dict, *, user=None) -> models.Model:
    """Find a record by its natural key (or start a new one), set its values and save it
    through `save_record`: how the demo loader (and an import) stays idempotent and validated."""
    record = model._default_manager.filter(**keys).first() or model(**keys)
    for name, value in values.items():
        setattr(record, name, value)
    return save_record(record, user=user)


@transaction.atomic
def delete_record(record: models.Model, *, user=None) -> None:
    """Delete a record (refused with ProtectedError if others refer to it, or ValidationError if its
    year is locked), keeping its last values."""
    message = locked_period_message(record)
    if message:
        raise ValidationError(message, code="locked")
    if message := deletion_refusal(record):
        raise ValidationError(message, code="refused")
    for deleted in [record, *_taken_with(record)]:
        changes = {k: [v, None] for k, v in snapshot(deleted).items()}
        _log(deleted, user=user, action=AuditEntry.Action.DELETE, changes=changes, deleting=record)
    record.delete()  # its council's year is marked changed by post_delete (councils.models.tally)


def deletion_refusal(record: models.Model) -> str | None:
    """Why the record may not be deleted, as it says itself (`deletion_refusal()`: a term that
    Standing Committee meetings need), beyond what refers to it by a key."""
    refusal = getattr(record, "deletion_refusal", None)
    return refusal() if refusal else None


def _taken_with(record: models.Model) -> list[models.Model]:
    """The project's records that deleting `record` deletes with it (its cascades: an account's
    memberships, a unit's dated links), each kept in the trail as `record` is; not what is derived
    from records (`kept_in_trail = False`: a council's kept counts), nor Django's own or other
    packages' rows (the admin's log, login attempts). Raises ProtectedError as the delete would."""
    collector = Collector(using=router.db_for_write(type(record)), origin=record)
    collector.collect([record])
    found = [obj for instances in collector.data.values() for obj in instances]
    found += [obj for queryset in collector.fast_deletes for obj in queryset]
    return [
        obj
        for obj in found
        if not (type(obj) is type(record) and obj.pk == record.pk)
        and Path(obj._meta.app_config.path).parent == Path(settings.BASE_DIR)  # an app of this repository
        and getattr(obj, "kept_in_trail", True)
    ]
