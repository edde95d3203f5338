from django.db import migrations

GENESIS_HASH = "0" * 64


def create_genesis_head(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditChainHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_genesis_head, migrations.RunPython.noop),
    ]
