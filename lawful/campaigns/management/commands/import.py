"""`lawful import people FILE --org SLUG [--map COLUMN=FIELD] [--purpose P --channels
C1,C2 --method M --evidence TEXT] [--dry-run]`: the work is lawful.campaigns.imports."""

from django.core.management.base import BaseCommand, CommandError

from lawful.campaigns.imports import (
    FIELDS,
    METHODS,
    ImportError_,
    ImportOptions,
    import_people,
    parse_mapping,
)
from lawful.organisations.commands import organisation_for_command
from lawful.people.normalise import InvalidValue


class Command(BaseCommand):
    help = "Import an existing list of people from a CSV file, all rows or none."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        people = sub.add_parser(
            "people",
            help=f"people from a CSV with a header (columns read: {', '.join(FIELDS)})",
        )
        people.add_argument("file", help="the CSV file (UTF-8, a header row)")
        people.add_argument("--org", required=True, help="the organisation's short name")
        people.add_argument(
            "--map",
            action="append",
            default=[],
            dest="mapping",
            help='read another column as a field: --map "Surname=family_name" (repeatable)',
        )
        people.add_argument("--purpose", help="the purpose the batch consented to")
        people.add_argument("--channels", default="", help="the channels, e.g. email,sms")
        people.add_argument(
            "--method", default="import", help=f"how they consented: {', '.join(METHODS)}"
        )
        people.add_argument("--evidence", default="", help="the batch's evidence of consent")
        people.add_argument(
            "--wording", default="", help="the words they agreed to (default: the evidence)"
        )
        people.add_argument(
            "--dry-run", action="store_true", help="check every row, report, write nothing"
        )

    def handle(self, *args, what, org, file, dry_run, **options):
        organisation = organisation_for_command(org)
        try:
            mapping = parse_mapping(options["mapping"])
        except InvalidValue as exc:
            raise CommandError(str(exc)) from None
        channels = tuple(c.strip() for c in options["channels"].split(",") if c.strip())
        import_options = ImportOptions(
            purpose=options.get("purpose") or None,
            channels=channels,
            method=options["method"],
            evidence=options["evidence"],
            wording=options["wording"],
            mapping=mapping,
        )
        try:
            report = import_people(organisation, file, options=import_options, dry_run=dry_run)
        except ImportError_ as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        if report.unread_columns:
            self.stdout.write(f"Columns not read: {', '.join(report.unread_columns)}")
        for row, reason in report.skipped:
            self.stdout.write(f"{file}:{row}: skipped: {reason}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {report.rows} rows: {report.created} people new, {report.merged} "
            f"merged with people held, {len(report.skipped)} rows skipped"
            + (f"; {report.consents} consents recorded" if report.consents else "")
            + (" (dry run: nothing written)" if dry_run else "")
            + "."
        )
