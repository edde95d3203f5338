"""`lawful worker [--until-done]`: run the background work queued in the database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


class Command(BaseCommand):
    help = (
        "Run queued background work (access packs, imports, sends, sweeps) until stopped "
        "with Ctrl-C or SIGTERM; the task in hand finishes first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-done",
            action="store_true",
            help="Run what is queued, then exit (for cron, timers and tests).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between looks at an empty queue (default 1).",
        )

    def handle(self, *args, until_done, interval, verbosity, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "The worker runs the database task backend; TASKS['default'] is "
                f"{type(task_backends['default']).__name__}."
            )
        call_command(
            "db_worker",
            queue_name="*",
            batch=until_done,
            interval=interval,
            reload=False,
            startup_delay=not until_done,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )
