"""The one way council records are written: validated, atomic and audited.

Admin, forms, imports and the demo loader all save through `save_record` and delete
through `delete_record`, so no path skips `full_clean()` or the audit trail. A record
that others refer to is protected (on_delete=PROTECT): deleting it raises ProtectedError
and nothing changes.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from councils.models import AuditEntry, council_of, locked_period_message
from councils.text import nfc


def _normalise_text(record: models.Model) -> None:
    """Store text in Unicode NFC, whatever keyboard or paste produced it."""
    for field in record._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(record, field.attname)
            if isinstance(value, str):
                setattr(record, field.attname, nfc(value))


def snapshot(record: models.Model) -> dict:
    """Field values as text, for comparing and storing in the audit trail."""
    return {
        field.attname: field.value_to_string(record)
        for field in record._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    }


def _log(record, *, user, action, changes):
    AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        council=council_of(record),
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        object_repr=str(record)[:300],
        action=action,
        changes=changes,
    )


@transaction.atomic
def save_record(record: models.Model, *, user=None, validate: bool = True) -> models.Model:
    """Validate and save a record, logging what changed. `validate=False` only where the
    caller has just run full_clean() itself (a ModelForm has)."""
    _normalise_text(record)
    creating = record._state.adding
    before = {} if creating else snapshot(type(record)._default_manager.get(pk=record.pk))
    if not creating and snapshot(record) == before:
        return record  # nothing to write: no validation, no save, no audit entry
    if validate:
        record.full_clean()
    changes = {name: [before.get(name), value] for name, value in snapshot(record).items() if before.get(name) != value}
    if not (creating or changes):
        return record  # validation normalised the change away
    record.save()
    if creating:  # the primary key, and values the model sets as it saves, exist only now
        changes = {name: [None, value] for name, value in snapshot(record).items() if value is not None}
    _log(
        record,
        user=user,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        changes=changes,
    )
    return record


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
    _log(
        record, user=user, action=AuditEntry.Action.DELETE, changes={k: [v, None] for k, v in snapshot(record).items()}
    )
    record.delete()
