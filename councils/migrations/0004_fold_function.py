from django.db import migrations

from councils.search import POSTGRES_CREATE, POSTGRES_DROP


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    """hdnd_fold(text) for accent-insensitive search (SQLite registers it per connection)."""

    dependencies = [("councils", "0003_audit_and_numbering")]
    operations = [migrations.RunPython(create, drop)]
