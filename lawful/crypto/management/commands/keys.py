"""`lawful keys`: the keys of the encryption at rest.

`lawful keys rotate [--org SLUG]`: a new data key for the organisation; every encrypted
value and file of it re-encrypted, in batches, resumably (run it again after an
interruption and it continues); the old key retired at the end.
`lawful keys rotate --master [--org SLUG]`: re-wrap every data key (of all organisations,
or the one) with the first key of LAWFUL_MASTER_KEY; after it has run for all, the others
can be removed from the setting.
`lawful keys reindex [--org SLUG]`: rebuild what is keyed by a key derived from each
organisation's data key (casework's search tokens) under its active key: once after the
upgrade that brings search tokens (the migration does it when the master key is there).
`lawful keys status [--org SLUG]`: each organisation's keys, how many values and files
each encrypts, which master key wraps it, and a rotation under way.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from lawful.crypto.envelope import DecryptionError
from lawful.crypto.services import (
    DEFAULT_BATCH,
    KeyRotationError,
    reindex,
    rotate_master,
    rotate_organisation,
    status,
)
from lawful.organisations.models import Organisation
from lawful.organisations.services import OrganisationError, organisation_by_slug


def _wrapped(number):
    if number == 1:
        return "the current master key"
    if number is None:
        return "NO master key given (cannot be read)"
    return f"master key {number} (old: run `lawful keys rotate --master`)"


class Command(BaseCommand):
    help = "Rotate or show the keys that encrypt case notes, correspondence and files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser(
            "rotate",
            help="A new data key for the organisation, everything re-encrypted (resumable); "
            "with --master, re-wrap the data keys with the first master key.",
        )
        rotate.add_argument("--org", default=None, help="The organisation (its short name).")
        rotate.add_argument(
            "--master",
            action="store_true",
            help="Re-wrap data keys with the first key of LAWFUL_MASTER_KEY (every "
            "organisation's, or --org's only).",
        )
        rotate.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"Rows re-encrypted per transaction (default {DEFAULT_BATCH}).",
        )
        again = sub.add_parser(
            "reindex",
            help="Rebuild the search tokens under each organisation's data key (after an "
            "upgrade; idempotent).",
        )
        again.add_argument("--org", default=None, help="Only this organisation.")
        again.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"Cases per transaction (default {DEFAULT_BATCH}).",
        )
        show = sub.add_parser("status", help="Each organisation's keys and what they encrypt.")
        show.add_argument("--org", default=None, help="Only this organisation.")

    def handle(self, *args, action, org=None, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            if action == "status":
                self.show(org)
            elif action == "reindex":
                self.reindex(org, options["batch_size"])
            elif options["master"]:
                self.rotate_master(org)
            else:
                self.rotate(org, options["batch_size"])
        except (ImproperlyConfigured, KeyRotationError, DecryptionError, OrganisationError) as exc:
            raise CommandError(str(exc), returncode=1) from exc

    def rotate(self, org, batch_size):
        if batch_size < 1:
            raise CommandError("--batch-size: at least 1")
        organisation = organisation_by_slug(org)

        def progress(label, values):
            if self.verbosity >= 2:
                self.stdout.write(f"  {label}: {values:,} value(s) re-encrypted")

        report = rotate_organisation(organisation, batch_size=batch_size, after_batch=progress)
        if report.resumed:
            self.stdout.write(f"{organisation.slug}: continued the rotation under way.")
        self.stdout.write(
            f"{organisation.slug}: data key {report.to_key} now encrypts everything "
            f"({report.values:,} value(s) and {report.files:,} file(s) re-encrypted in this run)"
            + (f"; data key {report.from_key} retired." if report.from_key else ".")
        )

    def reindex(self, org, batch_size):
        if batch_size < 1:
            raise CommandError("--batch-size: at least 1")
        organisations = (
            [organisation_by_slug(org)] if org else list(Organisation.objects.order_by("slug"))
        )
        for organisation in organisations:
            written = reindex(organisation, batch_size=batch_size)
            counts = ", ".join(f"{n:,} {label}" for label, n in written.items()) or "nothing"
            self.stdout.write(f"{organisation.slug}: rebuilt under its data key: {counts}.")

    def rotate_master(self, org):
        organisation = organisation_by_slug(org) if org else None
        done = rotate_master(organisation)
        whose = f"{organisation.slug}'s" if organisation else "every organisation's"
        self.stdout.write(
            f"{done:,} data key(s) re-wrapped: {whose} data keys are wrapped by the current "
            "master key."
        )
        if organisation is None:
            self.stdout.write(
                "Keys after the first in LAWFUL_MASTER_KEY can now be removed from it."
            )

    def show(self, org):
        organisations = (
            [organisation_by_slug(org)] if org else list(Organisation.objects.order_by("slug"))
        )
        for organisation in organisations:
            found = status(organisation)
            self.stdout.write(f"{organisation.slug}:")
            if not found["keys"]:
                self.stdout.write("  no data key yet (made when something is first encrypted)")
            for key in found["keys"]:
                when = f"made {key.created_at:%Y-%m-%d %H:%M}"
                if key.retired_at:
                    when += f", retired {key.retired_at:%Y-%m-%d %H:%M}"
                self.stdout.write(
                    f"  data key {key.key_id}: {key.state} ({when}); encrypts {key.values:,} "
                    f"value(s) and file(s); wrapped by {_wrapped(key.wrapped_by)}"
                )
            rotation = found["rotation"]
            if rotation is not None:
                self.stdout.write(
                    f"  rotation {rotation.pk} under way since "
                    f"{rotation.started_at:%Y-%m-%d %H:%M} ({rotation.values_done:,} value(s), "
                    f"{rotation.files_done:,} "
                    "file(s) so far): run `lawful keys rotate` to finish it"
                )
            if found["unknown"]:
                self.stdout.write(
                    f"  {found['unknown']:,} value(s) or file(s) name a key the organisation "
                    "does not have: they cannot be read"
                )
