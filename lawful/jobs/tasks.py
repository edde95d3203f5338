"""Lawful's own background work. Other apps keep their tasks beside their services."""

from lawful.audit.models import AuditEvent
from lawful.audit.services import verify_chain
from lawful.jobs.services import JobError, job_task, report_progress


@job_task(atomic=False)  # reads only
def verify_audit_chain(job) -> str:
    """The daily check that the audit log is complete and unaltered."""
    report_progress(job.pk, 0, AuditEvent.objects.count())
    report = verify_chain()
    if not report.ok:
        where = f" at event {report.first_broken_seq}" if report.first_broken_seq else ""
        raise JobError(f"Audit chain broken{where}: {report.reason}")
    report_progress(job.pk, report.events_checked, report.events_checked)
    return f"Audit chain intact: {report.events_checked:,} events."


# The work `lawful jobs daily` starts (the deploy/ timer runs it once a day).
DAILY = {"verify-audit-chain": verify_audit_chain}


def _rights_pack_daily():
    # rights-pack: access packs of closed requests are deleted after their retention.
    from lawful.rights.pack_service import purge_expired_packs_task

    DAILY["purge-access-packs"] = purge_expired_packs_task


_rights_pack_daily()
