"""Records made before Lawful served several organisations belong to one organisation.

If the database holds people or notice versions, they are given to an organisation made
from the controller of the register the adopted (else latest) version was made from.
Audit events stay in the installation's chain, whose hashes do not change.
"""

from django.db import migrations


def _controller(text: str) -> dict:
    from lawful.policy.register import parse_register

    register, _ = parse_register(text or "")
    if register is None:
        return {}
    return {
        "name": register.controller.name or "Organisation",
        "kind": register.controller.kind.value,
        "nation": register.controller.nation.value,
    }


def give_existing_records_an_organisation(apps, schema_editor):
    db = schema_editor.connection.alias
    Organisation = apps.get_model("organisations", "Organisation")
    NoticeVersion = apps.get_model("notices", "NoticeVersion")
    models = [
        apps.get_model("people", name) for name in ("Person", "Alias", "ContactPoint", "PurposeLink")
    ]
    models.append(NoticeVersion)
    if not any(m.objects.using(db).filter(organisation__isnull=True).exists() for m in models):
        return
    versions = NoticeVersion.objects.using(db).order_by("-dated", "-id")
    version = versions.filter(status="adopted").first() or versions.first()
    fields = _controller(version.register_text if version else "")
    organisation = Organisation.objects.using(db).create(
        slug="default",
        name=fields.get("name", "Organisation"),
        kind=fields.get("kind", "parish-council"),
        nation=fields.get("nation", "england"),
    )
    for model in models:
        model.objects.using(db).filter(organisation__isnull=True).update(organisation=organisation)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("people", "0002_organisation_restriction_erasure"),
        ("notices", "0002_versions_per_organisation"),
    ]

    operations = [
        migrations.RunPython(give_existing_records_an_organisation, migrations.RunPython.noop),
    ]
