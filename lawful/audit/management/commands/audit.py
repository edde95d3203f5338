"""The audit log's commands, one chain per organisation (and the installation's own):

`lawful audit verify [--org SLUG] [--since-checkpoint HEAD ...]`: check that chains are
complete and unaltered, and that each still extends its checkpoint. Exits 1 naming what
is wrong.
`lawful audit checkpoint [--org SLUG]`: seal what awaits its seal, verify, and print each
chain's head as SLUG:SEQ:MAC, the last line, to keep outside Lawful.
`lawful audit seal [--org SLUG]`: seal the events still awaiting their seal.
`lawful audit export [--org SLUG]`: one chain as JSON Lines, to keep or check elsewhere.

Without --org, verify, checkpoint and seal work on every chain; export writes the
installation's chain.
"""

import json

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from lawful.audit.services import (
    ChainReport,
    Checkpoint,
    CheckpointError,
    chain_name,
    chains,
    export_chain,
    seal,
    verify_chain,
)
from lawful.organisations.services import OrganisationError, organisation_by_slug


def _line(name: str, report: ChainReport) -> str:
    if report.ok:
        noun = "event" if report.events_checked == 1 else "events"
        line = f"{name}: audit chain intact: {report.events_checked:,} {noun}."
        if report.checkpoint is not None:
            line += f" It extends the checkpoint at event {report.checkpoint.seq:,}."
        if report.awaiting_seal:
            line += f" {report.awaiting_seal:,} more awaiting their seal (`lawful audit seal`)."
        return line
    where = f" at event {report.first_broken_seq}" if report.first_broken_seq else ""
    return f"{name}: audit chain broken{where}: {report.reason}"


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="Recompute every event's MAC and check each chain has no gap, alteration "
            "or missing end, and still extends its checkpoint. Exits 1 if any is broken.",
        )
        verify.add_argument("--org", default=None, help="Only this organisation's chain.")
        verify.add_argument(
            "--since-checkpoint",
            action="append",
            default=[],
            metavar="HEAD",
            help="A head printed by `lawful audit checkpoint` (SLUG:SEQ:MAC); the chain must "
            "still extend it. Give it once for each chain to check so.",
        )
        checkpoint = sub.add_parser(
            "checkpoint",
            help="Seal, verify, and print each chain's head (last line: SLUG:SEQ:MAC) to keep "
            "outside Lawful for `verify --since-checkpoint`.",
        )
        checkpoint.add_argument("--org", default=None, help="Only this organisation's chain.")
        sealer = sub.add_parser("seal", help="Seal the events still awaiting their seal.")
        sealer.add_argument("--org", default=None, help="Only this organisation's chain.")
        export = sub.add_parser(
            "export", help="Write one chain's events as JSON Lines, oldest first, with MACs."
        )
        export.add_argument("--org", default=None, help="This organisation's chain.")

    def handle(self, *args, **options):
        try:
            self.run(**options)
        except ImproperlyConfigured as exc:  # no audit key: say so, without a traceback
            raise CommandError(str(exc), returncode=1) from exc

    def run(self, *, action, org=None, since_checkpoint=(), **options):
        organisation = self.organisation(org)
        if action == "export":
            for event in export_chain(organisation):
                self.stdout.write(json.dumps(event, sort_keys=True))
            return
        if action == "seal":
            for chain in self.chains(org, organisation):
                sealed = seal(chain)
                noun = "event" if sealed == 1 else "events"
                self.stdout.write(f"{chain_name(chain)}: sealed {sealed:,} {noun}.")
            return
        if action == "checkpoint":
            for chain in self.chains(org, organisation):
                seal(chain)
            reports = self.verify(org, organisation, [])
            self.stdout.write(
                "Keep the line(s) below outside Lawful (the daily email, an external log); "
                "`lawful audit verify --since-checkpoint LINE` proves the chain still "
                "extends it."
            )
            for _, report in reports:
                self.stdout.write(str(report.head))
            return
        self.verify(org, organisation, since_checkpoint, say_intact=True)

    def verify(self, org, organisation, since_checkpoint, say_intact=False):
        try:
            checkpoints = [Checkpoint.parse(text) for text in since_checkpoint]
            if org:
                if len(checkpoints) > 1:
                    raise CheckpointError("--since-checkpoint: give one checkpoint with --org")
                checkpoint = checkpoints[0] if checkpoints else None
                reports = [(organisation, verify_chain(organisation, checkpoint=checkpoint))]
            else:
                reports = chains(checkpoints)
        except CheckpointError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        broken = []
        for chain, report in reports:
            line = _line(chain_name(chain), report)
            if not report.ok:
                broken.append(line)
            elif say_intact:
                self.stdout.write(line)
        if broken:
            raise CommandError("\n".join(broken), returncode=1)
        return reports

    def organisation(self, org):
        if not org:
            return None
        try:
            return organisation_by_slug(org)
        except OrganisationError as exc:
            raise CommandError(str(exc)) from exc

    def chains(self, org, organisation):
        if org:
            return [organisation]
        from lawful.organisations.models import Organisation

        return [None, *Organisation.objects.order_by("slug")]
