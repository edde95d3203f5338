"""Search tokens for the cases already held: their descriptions, notes and correspondence
decrypted and their words keyed (lawful.casework.search). This needs the master key
(LAWFUL_MASTER_KEY); without it the migration says so and `lawful keys reindex` does it
later (search finds those cases by their subjects only until then)."""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations


def index_existing(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    if not Case.objects.exists():
        return
    # The services and current models: the tokens are keyed by the live data keys.
    from lawful.crypto.envelope import DecryptionError
    from lawful.crypto.services import reindex

    org_ids = Case.objects.order_by().values_list("organisation_id", flat=True).distinct()
    try:
        for org_id in list(org_ids):
            reindex(org_id)
    except (ImproperlyConfigured, DecryptionError) as exc:
        sys.stderr.write(
            f"\nCase search tokens not built ({exc}): run `lawful keys reindex` with "
            "LAWFUL_MASTER_KEY set.\n"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_search_tokens"),
        ("crypto", "0001_initial"),
    ]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
