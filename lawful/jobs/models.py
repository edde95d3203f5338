"""A job: one piece of long work run by the worker, with the progress a page can show.

The task framework (django-tasks) keeps its own queue rows; a Job is what Lawful shows
people: what kind of work, how far it has got and how it ended, in words without any
personal data. A job belongs to the organisation it works for (none for installation-wide
work such as the daily checks), and is reached through `Job.objects.for_org(org)`.
"""

from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text="Empty for installation-wide work (the daily checks).",
    )
    kind = models.CharField(max_length=64, help_text="What the work is, e.g. access-pack.")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Unknown until counted.")
    message = models.CharField(
        max_length=500, blank=True, help_text="How it ended, in words with no personal data."
    )
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display().lower()})"

    @property
    def percent(self) -> int | None:
        """Whole per cent done, or None while the total is unknown."""
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
