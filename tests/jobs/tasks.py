"""Tasks the job tests run: they write audit events, so a test can see what was kept."""

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.jobs.services import JobError, job_task, report_progress


@job_task(atomic=False)
def export_in_steps(job, steps: int) -> str:
    for step in range(1, steps + 1):
        with transaction.atomic():
            record(AuditAction.EXPORT, summary=f"step {step} of a test export")
        report_progress(job.pk, step, steps)
    return f"Exported in {steps} steps."


@job_task
def import_then_refuse(job, steps: int) -> None:
    for step in range(1, steps + 1):
        record(AuditAction.CREATE, summary=f"row {step} of a test import")
        report_progress(job.pk, step, steps + 1)
    raise JobError("Line 3 of the upload has no family name.")


@job_task
def crash_quoting_personal_data(job) -> None:
    record(AuditAction.CHANGE, summary="a change that must not survive the crash")
    raise ValueError("could not parse 'Ann Example, 1 High Street'")
