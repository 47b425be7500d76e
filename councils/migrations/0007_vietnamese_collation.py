from django.db import migrations

from councils.collation import POSTGRES_CREATE, POSTGRES_DROP


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    """The vi_natural collation for Vietnamese order (SQLite registers it per connection)."""

    dependencies = [("councils", "0006_versions_and_limits")]
    operations = [migrations.RunPython(create, drop)]
