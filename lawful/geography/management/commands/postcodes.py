"""`lawful postcodes load FILE [--wards NAMES] [--constituencies NAMES]`."""

from django.core.management.base import BaseCommand, CommandError

from lawful.geography.loading import LoadError, load_postcodes


class Command(BaseCommand):
    help = (
        "The ONS National Statistics Postcode Lookup: which ward and constituency each "
        "postcode lies in (installation-wide public reference data)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load",
            help="replace the lookup with an NSPL CSV file (all or nothing)",
        )
        load.add_argument("file", help="the NSPL CSV (e.g. NSPL_MAY_2025_UK.csv)")
        load.add_argument("--wards", help="the NSPL's ward names and codes CSV")
        load.add_argument("--constituencies", help="the NSPL's constituency names and codes CSV")

    def handle(self, *args, **options):
        try:
            result = load_postcodes(
                options["file"],
                wards=options.get("wards"),
                constituencies=options.get("constituencies"),
            )
        except LoadError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("nothing loaded") from None
        self.stdout.write(
            f"Loaded {result.postcodes:,} postcodes, {result.wards:,} ward names and "
            f"{result.constituencies:,} constituency names."
        )
