"""Start long work in the background and follow it: the one API every app uses.

    @job_task                      # all-or-nothing: the work runs in one transaction
    def import_register(job, upload_id): ...

    @job_task(atomic=False)        # step by step: each step commits with its progress
    def sweep(job, purpose_id):
        for done, chunk in enumerate(chunks, start=1):
            with transaction.atomic():
                ...                # idempotent, so a re-run resumes where it stopped
            report_progress(job.pk, done, len(chunks))

    job = start_job("sweep", sweep, purpose.pk)   # from a view or a command; returns at once

Task arguments are ids, never personal data: they are stored in the queue's table and in
its logs. A task's work happens in the worker process (`lawful worker`), never inside a
web request.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task as django_task

from lawful.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is fit to show staff: plain words, no personal data."""


def start_job(kind: str, task, *args: Any, **job_fields: Any) -> Job:
    """Record a queued Job of `kind` and enqueue `task(job.pk, *args)`; return the Job.

    `job_fields` are extra fields of the Job itself (e.g. organisation=...). If called
    inside a transaction, the job and its queue entry commit (or roll back) together.
    """
    for value in args:
        if not isinstance(value, int | str | None):
            raise TypeError(f"Job arguments are ids (int or str), not {type(value).__name__}")
    job = Job.objects.create(kind=kind, **job_fields)
    result = task.enqueue(job.pk, *args)
    # An immediate backend may have run the job already: update only the id, keep its state.
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


def report_progress(job_id: int, done: int, total: int | None = None) -> None:
    """Record how far a job has got (`done` of `total` steps).

    Visible to pages once committed: in an `atomic=False` job call it between steps,
    outside their transactions; in an all-or-nothing job it shows at the end.
    """
    fields = {"done": done} if total is None else {"done": done, "total": total}
    Job.objects.filter(pk=job_id).update(**fields)


def job_task(function: Callable | None = None, *, atomic: bool = True, **task_options: Any):
    """Make `function(job, *ids)` a background task that keeps its Job up to date.

    The Job is marked running, then done (with its progress complete) or failed (with a
    message: a JobError's own words, otherwise the kind of error only, since an
    exception's text may quote personal data; the worker's log has the traceback).
    With atomic=True (the default) a failure leaves nothing of the work written.
    """

    def decorate(work: Callable) -> Any:
        @functools.wraps(work)
        def run(job_id: int, *args: Any) -> str:
            job = _mark_running(job_id)
            try:
                if atomic:
                    with transaction.atomic():
                        outcome = work(job, *args)
                else:
                    outcome = work(job, *args)
            except Exception as error:
                _mark_failed(job_id, _failure_message(error))
                raise
            _mark_done(job_id, outcome)
            return JobStatus.DONE

        return django_task(**task_options)(run)

    return decorate(function) if function is not None else decorate


def _mark_running(job_id: int) -> Job:
    job = Job.objects.get(pk=job_id)
    job.status, job.started_at, job.finished_at = JobStatus.RUNNING, timezone.now(), None
    job.message = ""
    job.save(update_fields=["status", "started_at", "finished_at", "message"])
    return job


def _mark_done(job_id: int, outcome: Any) -> None:
    job = Job.objects.get(pk=job_id)
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    if job.total is not None:
        job.done = job.total
    job.message = str(outcome)[:500] if isinstance(outcome, str) else ""
    job.save(update_fields=["status", "finished_at", "done", "message"])


def _mark_failed(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:500]
    )


def _failure_message(error: Exception) -> str:
    if isinstance(error, JobError):
        return str(error)
    logger.exception("Job failed with %s", type(error).__name__)
    return f"Stopped by an unexpected error ({type(error).__name__}); the worker's log has details."
