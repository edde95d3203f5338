"""Lawful's own background work. Other apps keep their tasks beside their services."""

from lawful.audit.services import INSTALLATION, chains, seal
from lawful.jobs.services import JobError, job_task, report_progress
from lawful.organisations.models import Organisation


@job_task(atomic=False)  # seals, then reads
def verify_audit_chain(job) -> str:
    """The daily check that every audit chain (the installation's and each
    organisation's) is complete and unaltered. Events still awaiting their seal are
    sealed first, so the check covers everything committed."""
    organisations = list(Organisation.objects.order_by("slug"))
    report_progress(job.pk, 0, len(organisations) + 1)
    for organisation in (None, *organisations):
        seal(organisation)
    reports = chains()
    broken = [(org, report) for org, report in reports if not report.ok]
    if broken:
        org, report = broken[0]
        where = f" at event {report.first_broken_seq}" if report.first_broken_seq else ""
        name = org.slug if org else INSTALLATION
        raise JobError(f"Audit chain {name} broken{where}: {report.reason}")
    report_progress(job.pk, len(reports), len(reports))
    events = sum(report.events_checked for _, report in reports)
    return f"Audit chains intact: {len(reports)} chain(s), {events:,} events."


# The work `lawful jobs daily` starts (the deploy/ timer runs it once a day).
DAILY = {"verify-audit-chain": verify_audit_chain}


def _rights_pack_daily():
    # rights-pack: access packs of closed requests are deleted after their retention.
    from lawful.rights.pack_service import purge_expired_packs_task

    DAILY["purge-access-packs"] = purge_expired_packs_task


_rights_pack_daily()
