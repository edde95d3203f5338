"""`lawful jobs daily` queues the daily work; `lawful jobs list` shows recent jobs."""

from django.core.management.base import BaseCommand

from lawful.jobs.models import Job
from lawful.jobs.services import start_job
from lawful.jobs.tasks import DAILY


class Command(BaseCommand):
    help = "Queue the daily background work, or list recent jobs and their progress."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("daily", help="Queue the daily jobs for the worker (run by a timer).")
        listing = sub.add_parser("list", help="The most recent jobs, newest first.")
        listing.add_argument("--limit", type=int, default=20)

    def handle(self, *args, action, **options):
        if action == "daily":
            for kind, task in DAILY.items():
                job = start_job(kind, task)
                self.stdout.write(f"Queued {job.kind} (job {job.pk}).")
            return
        for job in Job.objects.all()[: options["limit"]]:
            progress = f"{job.done}/{job.total}" if job.total is not None else f"{job.done}"
            line = f"{job.pk}\t{job.kind}\t{job.status}\t{progress}"
            self.stdout.write(f"{line}\t{job.message}" if job.message else line)
