"""Each contact point keeps the keyed digest the do-not-contact list would hold for it,
so that checking an organisation against the list is a join in SQL; existing points are
filled in here (with LAWFUL_SUPPRESSION_KEY as set now: without a key there can be no
entries, and a blank digest is hashed when checked)."""

from django.db import migrations, models

BATCH = 5000


def fill_digests(apps, schema_editor):
    from lawful.suppression.services import contact_digest

    ContactPoint = apps.get_model("people", "ContactPoint")
    points = ContactPoint.objects.order_by("pk").values_list(
        "pk", "organisation_id", "kind", "normalised", "person__family_name"
    )
    last = 0
    while True:
        rows = list(points.filter(pk__gt=last)[:BATCH])
        if not rows:
            break
        last = rows[-1][0]
        changed = []
        for pk, org_id, kind, normalised, family_name in rows:
            digest = contact_digest(org_id, kind, normalised, family_name or "")
            if digest:
                changed.append(ContactPoint(pk=pk, suppression_digest=digest))
        ContactPoint.objects.bulk_update(changed, ["suppression_digest"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_existing_records"),
        ("people", "0006_person_deceased_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactpoint",
            name="suppression_digest",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name="contactpoint",
            index=models.Index(
                fields=["organisation", "suppression_digest"], name="people_contact_digest_idx"
            ),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
    ]
