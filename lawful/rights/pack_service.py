"""Building, reviewing and handing over the access pack; portability exports.

    copy = request_pack(rights_request, actor=clerk)         # queues the worker's job
    decide_flag(flag, actor=clerk, decision="withhold", reason="...")
    copy = ready_pack(rights_request)                         # latest built copy, or None
    record_pack_download(copy, actor=clerk, via="the staff page")

The worker gathers the pack (lawful.rights.pack), records each other person found in it
as a ThirdPartyFlag (withheld until the clerk releases it), and stores the zip in the
database. Every step is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lawful import registry
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.jobs.services import JobError, job_task, report_progress, start_job
from lawful.people.normalise import InvalidValue
from lawful.policy.fees import fee_problem
from lawful.policy.vocab import LawfulBasis

from .pack import gather_pack, redacted
from .pack_files import pack_zip, records_csv
from .pack_models import AccessPackCopy, Decision, PackStatus, ThirdPartyFlag

JOB_KIND = "access-pack"


class PackRefused(ValueError):
    """What cannot be done, in words fit for the clerk; `field` names what was wrong."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _request_model():
    from .models import RequestKind, RightsRequest

    return RightsRequest, RequestKind


def request_pack(
    rights_request, *, actor, fee_pence: int = 0, fee_ground: str = "", fee_reason: str = ""
) -> AccessPackCopy:
    """Queue the building of a copy of the pack for an access request.

    A rebuild of a copy not yet given (after decisions on other people's data) replaces
    it; a new copy after one was downloaded is a further copy, for which a fee may be set.
    """
    _, RequestKind = _request_model()
    if rights_request.kind != RequestKind.ACCESS:
        raise PackRefused("kind", "only an access request has a response pack")
    if rights_request.person_id is None:
        raise PackRefused("person", "confirm which person held the requester is first")
    with transaction.atomic():
        copies = AccessPackCopy.objects.for_org(rights_request.organisation_id).filter(
            request=rights_request
        )
        latest = copies.order_by("-copy_number").first()
        given = latest is not None and _was_given(latest)
        copy_number = (latest.copy_number + 1) if given else (latest.copy_number if latest else 1)
        problem = fee_problem(
            copy_number=copy_number, fee_pence=fee_pence, ground=fee_ground, reason=fee_reason
        )
        if problem:
            raise PackRefused(problem.field, problem.message)
        if latest is not None and not given:
            copy = latest
            copy.status, copy.content, copy.size, copy.built_at = PackStatus.BUILDING, None, 0, None
            copy.fee_pence, copy.fee_ground, copy.fee_reason = fee_pence, fee_ground, fee_reason
            copy.requested_by = actor
            copy.save()
        else:
            copy = AccessPackCopy.objects.create(
                organisation_id=rights_request.organisation_id,
                request=rights_request,
                copy_number=copy_number,
                fee_pence=fee_pence,
                fee_ground=fee_ground,
                fee_reason=fee_reason,
                requested_by=actor,
            )
        fee_text = f", fee {fee_pence / 100:.2f} ({fee_ground})" if fee_pence else ", free"
        if fee_pence:
            _fee_asked_for(rights_request, copy, actor=actor)
        record(
            AuditAction.CREATE,
            actor=actor,
            target=copy,
            person=rights_request.person_id,
            organisation=rights_request.organisation_id,
            summary=f"asked for copy {copy.copy_number} of the access pack of request "
            f"{rights_request.reference}{fee_text}",
        )
        job = start_job(
            JOB_KIND, build_access_pack_task, copy.pk, organisation=rights_request.organisation
        )
        AccessPackCopy.objects.filter(pk=copy.pk, job__isnull=True).update(job=job)
    copy.refresh_from_db()
    return copy


def _fee_asked_for(rights_request, copy: AccessPackCopy, *, actor) -> None:
    """A fee asked for is a `fee-requested` event on the request, so that the clock
    waits for it and starts again the day it arrives (lawful.policy.clock). A fee for
    a further copy of a request already answered is noted on it (its clock is over)."""
    from .models import EventType, RequestStatus
    from .services import record_event

    if rights_request.status == RequestStatus.AWAITING_FEE:
        return  # asked for already (a rebuild of the same copy): one wait, not two
    words = (
        f"fee of £{copy.fee_pence / 100:.2f} for copy {copy.copy_number} of the access "
        f"pack: {copy.get_fee_ground_display()} ({copy.fee_reason.strip()})"
    )
    kind = EventType.FEE_REQUESTED if rights_request.is_open else EventType.NOTE
    try:
        record_event(rights_request, type=kind, on=timezone.localdate(), actor=actor, reason=words)
    except InvalidValue as refused:
        raise PackRefused(refused.field, refused.message) from None


def _was_given(copy: AccessPackCopy) -> bool:
    """Whether a copy reached the person (was downloaded to be sent)."""
    return copy.given_at is not None


@job_task
def build_access_pack_task(job, copy_id: int) -> str:
    """Gather, flag other people, withhold what is not released, and store the zip."""
    copy = AccessPackCopy.objects.select_related("request", "request__person").get(pk=copy_id)
    rights_request = copy.request
    person = rights_request.person
    if person is None:
        raise JobError("The request has no confirmed person: confirm the person first.")
    organisation = rights_request.organisation
    report_progress(job.pk, 0, 3)
    pack = gather_pack(organisation, person)
    report_progress(job.pk, 1, 3)
    flags = _record_flags(rights_request, pack.mentions)
    withheld = [(f.where, f.what) for f in flags if f.withheld]
    pack = redacted(pack, withheld)
    content = pack_zip(pack)
    report_progress(job.pk, 2, 3)
    copy.content, copy.size = content, len(content)
    copy.records, copy.withheld = pack.record_count(), len({w for w, _ in withheld})
    copy.status, copy.built_at = PackStatus.READY, timezone.now()
    copy.save(update_fields=["content", "size", "records", "withheld", "status", "built_at"])
    record(
        AuditAction.CREATE,
        target=copy,
        person=person,
        organisation=organisation,
        summary=f"built copy {copy.copy_number} of the access pack of request "
        f"{rights_request.reference}: {copy.records} records, {len(flags)} mentions of "
        f"other people, {copy.withheld} places withheld",
    )
    return f"Pack built: {copy.records} records, {copy.withheld} places withheld."


def _record_flags(rights_request, mentions) -> list[ThirdPartyFlag]:
    """A flag for each mention not flagged before; decisions already made stand."""
    existing = {
        (f.where, f.what): f
        for f in ThirdPartyFlag.objects.for_org(rights_request.organisation_id).filter(
            request=rights_request
        )
    }
    new = [
        ThirdPartyFlag(
            organisation_id=rights_request.organisation_id,
            request=rights_request,
            where=m.where[:500],
            what=m.what[:300],
            other_person_id=m.other_person_id,
        )
        for m in mentions
        if (m.where[:500], m.what[:300]) not in existing
    ]
    ThirdPartyFlag.objects.bulk_create(new)
    found = {(m.where[:500], m.what[:300]) for m in mentions}
    return [f for k, f in existing.items() if k in found] + new


def decide_flag(flag: ThirdPartyFlag, *, actor, decision: str, reason: str) -> ThirdPartyFlag:
    """Withhold or release another person's data found in the pack, with the reason."""
    if decision not in (Decision.WITHHOLD, Decision.RELEASE):
        raise PackRefused("decision", "choose withhold or release")
    if not reason.strip():
        raise PackRefused(
            "reason",
            "say why (e.g. the other person consented, or it is reasonable to disclose "
            "because the requester already knows it)",
        )
    with transaction.atomic():
        flag.decision, flag.reason = decision, reason.strip()
        flag.decided_by, flag.decided_at = actor, timezone.now()
        flag.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=flag,
            person=flag.request.person_id,
            organisation=flag.organisation_id,
            summary=f"decided to {decision} another person's data in the access pack of "
            f"request {flag.request.reference}",
        )
    return flag


def pending_flags(rights_request) -> int:
    return (
        ThirdPartyFlag.objects.for_org(rights_request.organisation_id)
        .filter(request=rights_request, decision=Decision.UNDECIDED)
        .count()
    )


def ready_pack(rights_request) -> AccessPackCopy | None:
    """The latest built copy of the request's pack, or None."""
    return (
        AccessPackCopy.objects.for_org(rights_request.organisation_id)
        .filter(request=rights_request, status=PackStatus.READY)
        .order_by("-copy_number")
        .first()
    )


def latest_pack(rights_request) -> AccessPackCopy | None:
    return (
        AccessPackCopy.objects.for_org(rights_request.organisation_id)
        .filter(request=rights_request)
        .select_related("job")
        .order_by("-copy_number")
        .first()
    )


def record_pack_download(copy: AccessPackCopy, *, actor, via: str) -> None:
    if copy.given_at is None:
        copy.given_at = timezone.now()
        copy.save(update_fields=["given_at"])
    record(
        AuditAction.EXPORT,
        actor=actor,
        target=copy,
        person=copy.request.person_id,
        organisation=copy.organisation_id,
        summary=f"downloaded copy {copy.copy_number} of the access pack of request "
        f"{copy.request.reference} through {via}",
    )


def pack_filename(copy: AccessPackCopy) -> str:
    return f"access-pack-{copy.request.reference}-copy-{copy.copy_number}.zip"


def purge_expired_packs(today: date | None = None) -> int:
    """Delete the packs of requests closed more than LAWFUL_PACK_RETENTION_DAYS ago."""
    today = today or timezone.localdate()
    days = getattr(settings, "LAWFUL_PACK_RETENTION_DAYS", 90)
    cutoff = timezone.make_aware(
        timezone.datetime.combine(today - timedelta(days=days), timezone.datetime.min.time())
    )
    expired = AccessPackCopy.objects.filter(
        request__closed_at__lt=cutoff, content__isnull=False
    ).exclude(status=PackStatus.PURGED)
    count = 0
    for copy in expired.select_related("request"):
        with transaction.atomic():
            AccessPackCopy.objects.filter(pk=copy.pk).update(
                content=None, size=0, status=PackStatus.PURGED
            )
            record(
                AuditAction.DELETE,
                target=copy,
                person=copy.request.person_id,
                organisation=copy.organisation_id,
                summary=f"deleted copy {copy.copy_number} of the access pack of request "
                f"{copy.request.reference}: its retention period ended",
            )
            count += 1
    return count


# --- Portability (UK GDPR Art 20) ----------------------------------------------------------

PORTABLE_BASES = (LawfulBasis.CONSENT, LawfulBasis.CONTRACT)


@dataclass(frozen=True)
class PortabilityExport:
    data: dict
    json_text: str
    csv_text: str


def portability_export(organisation, person) -> PortabilityExport:
    """What the person provided, held under consent or a contract, as JSON and CSV.

    The purposes with those bases whose source is the person themselves, and the data
    the person gave: their names and contact details (the people source).
    """
    from lawful.people.models import PurposeLink
    from lawful.policy.vocab import Source

    links = list(
        PurposeLink.objects.for_org(organisation).filter(
            person=person, basis__in=[b.value for b in PORTABLE_BASES]
        )
    )
    purposes = [
        {
            "purpose": link.purpose_id,
            "basis": link.basis,
            "since": link.since.isoformat(),
            "ended": link.ended.isoformat() if link.ended else None,
        }
        for link in links
        if link.source == Source.DATA_SUBJECT
    ]
    provided: list[dict] = []
    if purposes:
        people_rows = registry.source("people").export(organisation, person)
        provided = [row for row in people_rows if row.get("type") != "people.purposelink"]
    data = {
        "format": "lawful-portability/1",
        "controller": organisation.name,
        "person": person.pk,
        "purposes": purposes,
        "provided": provided,
    }
    rows = [{"kind": "purpose", **p} for p in purposes] + [
        {"kind": row.get("label", ""), **row} for row in provided
    ]
    return PortabilityExport(
        data=data,
        json_text=json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        csv_text=records_csv(rows),
    )


@job_task
def purge_expired_packs_task(job) -> str:
    """The daily sweep: packs of requests closed past their retention are deleted."""
    count = purge_expired_packs()
    return f"Deleted {count} access pack{'' if count == 1 else 's'} past retention."
