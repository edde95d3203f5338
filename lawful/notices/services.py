"""Changing notice versions: each change audited, in one transaction."""

from datetime import date

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.policy.notice import build_notice, render_markdown
from lawful.policy.register import NoticeVersionRecord, Register
from lawful.policy.vocab import NoticeStatus

from .models import NoticeVersion


class NoticeError(ValueError):
    pass


def draft_version(
    register: Register, *, version: str, dated: date, actor=None, description: str = ""
) -> NoticeVersion:
    """Record the notice the register generates now, as a draft for adoption."""
    with transaction.atomic():
        if NoticeVersion.objects.filter(version=version).exists():
            raise NoticeError(f"version: {version!r} already exists")
        draft = NoticeVersion.objects.create(
            version=version,
            status=NoticeStatus.DRAFT,
            dated=dated,
            description=description,
            register_text=register.source,
            rendered_markdown=render_markdown(build_notice(register)),
        )
        record(AuditAction.CREATE, actor=actor, target=draft, summary=f"drafted notice {version}")
    return draft


def adopt_version(
    draft: NoticeVersion, *, adopted_on: date, minute: str, actor=None
) -> NoticeVersion:
    """Adopt a draft by a council minute; the version adopted before is superseded."""
    if not minute.strip():
        raise NoticeError("minute: the minute reference that adopted the notice is required")
    with transaction.atomic():
        draft = NoticeVersion.objects.select_for_update().get(pk=draft.pk)
        if draft.status != NoticeStatus.DRAFT:
            raise NoticeError(f"version: {draft.version} is {draft.status}, not a draft")
        _supersede_adopted(actor)
        draft.status = NoticeStatus.ADOPTED
        draft.dated = adopted_on
        draft.minute = minute.strip()
        draft.adopted_by = actor
        draft.save(update_fields=["status", "dated", "minute", "adopted_by"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=draft,
            summary=f"adopted notice {draft.version} by minute {draft.minute}",
        )
    return draft


def _supersede_adopted(actor) -> None:
    """Mark the version in force superseded, audited; call inside the caller's transaction."""
    for old in NoticeVersion.objects.filter(status=NoticeStatus.ADOPTED):
        old.status = NoticeStatus.SUPERSEDED
        old.save(update_fields=["status"])
        record(
            AuditAction.CHANGE, actor=actor, target=old, summary=f"superseded notice {old.version}"
        )


def import_document_control(register: Register, actor=None) -> int:
    """Record the register's own version history (e.g. when first installing Lawful).

    Versions already recorded are left alone. Returns how many were added.
    """
    added = 0
    notice = render_markdown(build_notice(register))
    with transaction.atomic():
        for v in register.document.version_states.values():
            if NoticeVersion.objects.filter(version=v.version).exists():
                continue
            if v.status is NoticeStatus.ADOPTED:
                _supersede_adopted(actor)
            created = NoticeVersion.objects.create(
                version=v.version,
                status=v.status,
                dated=v.date,
                minute=v.minute,
                description=v.description,
                register_text=register.source,
                rendered_markdown=notice,
            )
            record(
                AuditAction.CREATE,
                actor=actor,
                target=created,
                summary=f"recorded notice {v.version} from the register",
            )
            added += 1
    return added


def recorded_history() -> list[NoticeVersionRecord]:
    """The notice's version history as Lawful has recorded it, oldest first."""
    return [
        NoticeVersionRecord(
            version=v.version,
            status=NoticeStatus(v.status),
            date=v.dated,
            minute=v.minute,
            description=v.description,
        )
        for v in NoticeVersion.objects.order_by("dated", "id")
    ]


def adopted_version() -> NoticeVersion | None:
    return NoticeVersion.objects.filter(status=NoticeStatus.ADOPTED).first()


def changed_since_adoption(register: Register) -> bool:
    """Whether the live register differs from the one the adopted notice was made from.

    A register that changes what is processed, why, for how long or with whom needs a
    new version of the notice drafted and adopted.
    """
    adopted = adopted_version()
    return adopted is None or adopted.register_text != register.source
