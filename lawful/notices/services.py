"""An organisation's register versions: loaded as drafts, compared, adopted by a minute.

Each change is audited (as the member of staff who made it) in one transaction with
the change. The version adopted is the register in force (`registry.register_in_force`);
drafts are never public and never allow processing.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.policy.checks import COUNCILS, check_text
from lawful.policy.notice import build_notice, render_markdown
from lawful.policy.register import NoticeVersionRecord, Problem, Register, parse_register
from lawful.policy.vocab import NoticeStatus

from .models import NoticeVersion

# 1, 2.1, 2026.1: numbers separated by dots, as councils number their documents.
VERSION_NAME = re.compile(r"\d{1,6}(?:\.\d{1,6}){0,3}")


class NoticeError(ValueError):
    pass


class RegisterProblems(ValueError):
    """A register that may not be stored: carries every problem, with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"the register has {len(self.problems)} problem(s)")

    def lines(self, filename) -> list[str]:
        return [p.format(filename) for p in self.problems]


def check_version_name(version: str) -> str:
    """The version name, stripped; NoticeError unless it is numbers separated by dots."""
    name = str(version or "").strip()
    if not VERSION_NAME.fullmatch(name):
        raise NoticeError(
            f"version: {name!r} is not a version name: use numbers separated by dots, "
            "e.g. 1, 2.1 or 2026.1"
        )
    return name


def _is_staff(actor) -> bool:
    return actor is not None and not actor.is_anonymous


def draft_version(
    organisation,
    register: Register,
    *,
    version: str,
    dated: date,
    actor=None,
    description: str = "",
) -> NoticeVersion:
    """Record a register (already checked) and the notice it generates as a draft."""
    version = check_version_name(version)
    with transaction.atomic():
        if NoticeVersion.objects.for_org(organisation).filter(version=version).exists():
            raise NoticeError(f"version: {version!r} already exists")
        draft = NoticeVersion.objects.create(
            organisation=organisation,
            version=version,
            status=NoticeStatus.DRAFT,
            dated=dated,
            description=description.strip()[:300],
            register_text=register.source,
            rendered_markdown=render_markdown(build_notice(register)),
        )
        record(AuditAction.CREATE, actor=actor, target=draft, summary=f"drafted notice {version}")
    return draft


def load_draft(
    organisation, text: str, *, version: str, today: date, actor=None, description: str = ""
) -> NoticeVersion:
    """Check register YAML text with every check of `lawful register check` and store it
    as draft `version`. Raises RegisterProblems (every problem, with its line) or
    NoticeError, and stores nothing, if it may not be stored."""
    version = check_version_name(version)
    # Warnings are for the lead to weigh; only errors stop a register being stored.
    problems = [p for p in check_text(text, today) if p.is_error]
    if problems:
        raise RegisterProblems(problems)
    register, problems = parse_register(text)
    if problems or register is None:  # check_text found none, so this cannot happen
        raise RegisterProblems(problems)
    return draft_version(
        organisation, register, version=version, dated=today, actor=actor, description=description
    )


def adopt_version(
    draft: NoticeVersion, *, adopted_on: date, minute: str = "", actor=None
) -> NoticeVersion:
    """Adopt a draft, by `actor` (a member of staff; None only for a scheduled job), on
    `adopted_on`, by a minute (required of councils). The version in force is superseded;
    the adoption may not be dated before that version's adoption."""
    minute = (minute or "").strip()
    with transaction.atomic():
        draft = (
            NoticeVersion.objects.select_for_update()
            .select_related("organisation")
            .get(pk=draft.pk)
        )
        organisation = draft.organisation
        if organisation.kind in COUNCILS and not minute:
            raise NoticeError(
                "minute: the minute reference of the meeting that adopted the notice is "
                "required for a council"
            )
        if draft.status != NoticeStatus.DRAFT:
            raise NoticeError(f"version: {draft.version} is {draft.status}, not a draft")
        in_force = adopted_version(organisation)
        if in_force is not None and adopted_on < in_force.dated:
            raise NoticeError(
                f"adopted on: {adopted_on.isoformat()} is before version {in_force.version} "
                f"in force was adopted ({in_force.dated.isoformat()})"
            )
        _supersede_adopted(organisation, actor)
        draft.status = NoticeStatus.ADOPTED
        draft.dated = adopted_on
        draft.minute = minute
        draft.adopted_by = actor if _is_staff(actor) else None
        draft.save(update_fields=["status", "dated", "minute", "adopted_by"])
        by_minute = f" by minute {minute}" if minute else ""
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=draft,
            summary=f"adopted notice {draft.version}{by_minute}",
        )
    return draft


def _supersede_adopted(organisation, actor) -> None:
    """Mark the version in force superseded, audited; call inside the caller's transaction."""
    for old in NoticeVersion.objects.for_org(organisation).filter(status=NoticeStatus.ADOPTED):
        old.status = NoticeStatus.SUPERSEDED
        old.save(update_fields=["status"])
        record(
            AuditAction.CHANGE, actor=actor, target=old, summary=f"superseded notice {old.version}"
        )


def import_document_control(organisation, register: Register, actor=None) -> int:
    """Record the register's own version history as the organisation's (e.g. when it
    starts using Lawful), so that the version it records as adopted is in force at once.

    Versions already recorded are left alone. Returns how many were added.
    """
    added = 0
    notice = render_markdown(build_notice(register))
    versions = NoticeVersion.objects.for_org(organisation)
    with transaction.atomic():
        for v in register.document.version_states.values():
            if versions.filter(version=v.version).exists():
                continue
            if v.status is NoticeStatus.ADOPTED:
                _supersede_adopted(organisation, actor)
            created = NoticeVersion.objects.create(
                organisation=organisation,
                version=v.version,
                status=v.status,
                dated=v.date,
                minute=v.minute,
                description=v.description[:300],
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


def recorded_history(organisation) -> list[NoticeVersionRecord]:
    """The organisation's notice history as Lawful has recorded it, oldest first."""
    return [
        NoticeVersionRecord(
            version=v.version,
            status=NoticeStatus(v.status),
            date=v.dated,
            minute=v.minute,
            description=v.description,
        )
        for v in NoticeVersion.objects.for_org(organisation).order_by("dated", "id")
    ]


def adopted_version(organisation) -> NoticeVersion | None:
    """The organisation's version in force, or None if it has adopted none."""
    return NoticeVersion.objects.for_org(organisation).filter(status=NoticeStatus.ADOPTED).first()


def drafts(organisation):
    """The organisation's drafts awaiting adoption, newest first."""
    return NoticeVersion.objects.for_org(organisation).filter(status=NoticeStatus.DRAFT)


def changed_since_adoption(organisation, register: Register) -> bool:
    """Whether a register differs from the one the organisation's version in force was
    made from (a change of what is processed, why, how long or with whom needs a new
    version adopted)."""
    adopted = adopted_version(organisation)
    return adopted is None or adopted.register_text != register.source


# --- Comparing a draft with the notice in force --------------------------------------


@dataclass(frozen=True)
class DiffLine:
    op: str  # "added", "removed" or "same"
    text: str


@dataclass(frozen=True)
class NoticeDiff:
    """What a draft's notice changes in the notice in force, line by line (Markdown)."""

    old_version: str | None
    new_version: str
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def added(self) -> list[str]:
        return [line.text for line in self.lines if line.op == "added"]

    @property
    def removed(self) -> list[str]:
        return [line.text for line in self.lines if line.op == "removed"]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def notice_diff(draft: NoticeVersion, against: NoticeVersion | None = None) -> NoticeDiff:
    """The draft's notice compared with `against` (default: the notice in force of the
    draft's organisation; with none in force, every line is added). Only changed lines
    and a line of context either side are kept, so a long notice reads quickly."""
    if against is None:
        against = adopted_version(draft.organisation_id)
    old = against.rendered_markdown.splitlines() if against is not None else []
    new = draft.rendered_markdown.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(1):
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", text) for text in old[i1:i2]]
                continue
            lines += [DiffLine("removed", text) for text in old[i1:i2]]
            lines += [DiffLine("added", text) for text in new[j1:j2]]
    return NoticeDiff(
        old_version=against.version if against is not None else None,
        new_version=draft.version,
        lines=lines,
    )
