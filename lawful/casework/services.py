"""Every change to a case goes through one of these: the rules checked (lawful.policy.
casework), the audit event written, both in one transaction.

    case = open_case(org, actor=user, person=p, subject="...", description="...", ...)
    add_note(case, actor=user, text="...")
    import_email(case, actor=user, data=eml_bytes)
    add_letter(case, actor=user, data=scan, filename="letter.pdf")
    add_third_party(case, actor=user, person=neighbour, role="neighbour")
    refer_case(case, actor=user, recipient="local-authorities", shared="...", reason="...")
    close_case(case, actor=user, outcome="...")

Errors are `InvalidValue(field, message)` naming the field as the API names it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.disclosures.services import parse_day, record_disclosure
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.organisations.models import Membership
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue
from lawful.people.services import find_by_contact
from lawful.policy import casework as rules
from lawful.policy.vocab import DataCategory
from lawful.staff.models import Role, staff_member

from . import files, search
from .eml import parse_eml
from .models import (
    Attachment,
    Case,
    CaseParty,
    CaseStatus,
    Correspondence,
    CorrespondenceKind,
    Note,
    NoteKind,
    Referral,
)

__all__ = [
    "InvalidValue",
    "add_letter",
    "add_note",
    "add_third_party",
    "close_case",
    "import_email",
    "open_case",
    "record_case_view",
    "refer_case",
]

ASSIGNABLE = {Role.DATA_PROTECTION_LEAD, Role.COUNCILLOR, Role.CASEWORKER}
CRIMINAL = DataCategory.CRIMINAL_OFFENCES.value


def _register(organisation):
    try:
        return register_in_force(organisation)
    except NoRegisterInForce as exc:
        raise InvalidValue("purpose", str(exc)) from None


def _text(field: str, value, max_length: int | None = None, *, required=False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidValue(field, "this is required")
    if max_length and len(text) > max_length:
        raise InvalidValue(field, f"at most {max_length} characters")
    return text


def _assignee(organisation, assigned_to) -> Membership | None:
    if assigned_to in (None, ""):
        return None
    username = getattr(assigned_to, "username", assigned_to)
    membership = (
        Membership.objects.filter(organisation=organisation, user__username=str(username).strip())
        .select_related("user")
        .first()
    )
    if membership is None or not membership.user.is_active:
        raise InvalidValue("assigned_to", f"{username!r} is not a member of staff here")
    if membership.role not in ASSIGNABLE:
        raise InvalidValue(
            "assigned_to",
            f"{username!r} is a {membership.get_role_display().lower()}: only a councillor, a "
            "caseworker or the data protection lead can be given a case",
        )
    return membership


def _refuse_if_unusable(person: Person, field: str = "person") -> None:
    if person.erased_at is not None:
        raise InvalidValue(field, "this person's data has been erased")
    if person.restricted:
        raise InvalidValue(
            field, "processing of this person's data is restricted: no new casework for them"
        )


def open_case(
    organisation,
    *,
    actor,
    person: Person,
    subject: str,
    description: str = "",
    category: str = "",
    ward: str = "",
    special_categories=(),
    special_category_condition: str = "",
    criminal_offence_condition: str = "",
    assigned_to=None,
    due_on=None,
    purpose: str = "",
    opened_on=None,
) -> Case:
    """Open a case for a constituent; refused (naming the field) when it would hold
    special-category or criminal-offence data with no condition the register allows."""
    org_id = getattr(organisation, "pk", organisation)
    if person is None or person.organisation_id != org_id:
        raise InvalidValue("person", "no such person here")
    _refuse_if_unusable(person)
    subject = _text("subject", subject, 200, required=True)
    description = _text("description", description)
    category = _text("category", category, 100)
    ward = _text("ward", ward, 100) or person.ward
    categories = [str(c).strip() for c in (special_categories or []) if str(c).strip()]
    categories = list(dict.fromkeys(categories))
    register = _register(org_id)
    if purpose:
        purpose_id = purpose
    else:
        chosen = rules.default_case_purpose(register, categories)
        if chosen is None:
            raise InvalidValue("purpose", "the register in force has no casework purpose")
        purpose_id = chosen.id
    problems = rules.special_category_problems(
        register,
        purpose_id,
        categories,
        str(special_category_condition or "").strip(),
        str(criminal_offence_condition or "").strip(),
    )
    if problems:
        raise InvalidValue(problems[0].field, problems[0].message)
    special_condition = str(special_category_condition or "").strip()
    criminal_condition = str(criminal_offence_condition or "").strip()
    criminal = CRIMINAL in categories
    special = [c for c in categories if c != CRIMINAL]
    assignee = _assignee(org_id, assigned_to)
    if assignee is None:
        mine = Membership.objects.filter(organisation_id=org_id, user=actor).first()
        if mine is not None and mine.role in (Role.COUNCILLOR, Role.CASEWORKER):
            assignee = mine
    due = parse_day("due_on", due_on) if due_on else None
    opened = parse_day("opened_on", opened_on) if opened_on else timezone.localdate()
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=org_id,
            person=person,
            subject=subject,
            description=description,
            category=category,
            ward=ward,
            councillor=assignee.user if assignee and assignee.role == Role.COUNCILLOR else None,
            caseworker=assignee.user if assignee and assignee.role != Role.COUNCILLOR else None,
            opened_on=opened,
            due_on=due,
            purpose_id=purpose_id,
            special_categories=categories,
            # Each condition kept only where the case holds the data it is for.
            special_category_condition=special_condition if special else "",
            criminal_offence_condition=criminal_condition if criminal else "",
            created_by=staff_member(actor),
        )
        search.add_text(case, description)
        record(
            AuditAction.CREATE,
            actor=actor,
            target=case,
            person=person,
            summary=f"opened case {case.reference} under purpose {purpose_id}"
            + (f" with special-category data ({', '.join(categories)})" if categories else ""),
        )
    return case


def record_case_view(case: Case, *, actor, via: str = "the case page") -> None:
    record(
        AuditAction.VIEW,
        actor=actor,
        target=case,
        person=case.person_id,
        summary=f"viewed case {case.reference} through {via}",
    )


def record_case_list(organisation, *, actor, count: int, via: str) -> None:
    record(
        AuditAction.VIEW,
        actor=actor,
        organisation=organisation,
        summary=f"listed cases through {via}: {count} shown",
    )


def _refuse_if_closed(case: Case, doing: str) -> None:
    if case.status == CaseStatus.CLOSED:
        raise InvalidValue("case", f"the case is closed: reopen it before {doing}")
    if case.restricted or case.person.restricted:
        raise InvalidValue("case", "processing of this case is restricted")


def add_note(case: Case, *, actor, text: str, kind: str = NoteKind.NOTE, happened_on=None) -> Note:
    """A note of a call, surgery, visit or anything else, on the case; audited."""
    text = _text("text", text, 20000, required=True)
    if kind not in NoteKind.values:
        raise InvalidValue("kind", f"{kind!r} is not one of: {', '.join(NoteKind.values)}")
    day = parse_day("happened_on", happened_on) if happened_on else timezone.localdate()
    if day > timezone.localdate():
        raise InvalidValue("happened_on", f"{day} is in the future")
    _refuse_if_closed(case, "adding a note")
    with transaction.atomic():
        note = Note.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            kind=kind,
            text=text,
            happened_on=day,
            by=staff_member(actor),
        )
        _added_to_case(
            case,
            note,
            actor=actor,
            summary=f"added a {note.get_kind_display()} note to case {case.reference}",
            texts=(text,),
        )
    return note


def _added_to_case(case: Case, item, *, actor, summary: str, texts=()) -> None:
    """What follows adding a note, an email, a letter or a referral to a case, in the
    same transaction: the words of its text to the search tokens, the case's time of
    change, and the audit event (about the case's constituent)."""
    if texts:
        search.add_text(case, *texts)
    _touch(case)
    record(AuditAction.CREATE, actor=actor, target=item, person=case.person_id, summary=summary)


def _touch(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def _sender_person(organisation_id, address: str) -> Person | None:
    try:
        return find_by_contact(organisation_id, address).order_by("pk").first()
    except InvalidValue:
        return None


def import_email(case: Case, *, actor, data: bytes) -> Correspondence:
    """An email from an .eml file, with its attachments, on the case; its sender matched
    to a person held by their normalised email address. InvalidValue('file') if the
    file is not an email: nothing is stored then."""
    parsed = parse_eml(data)
    _refuse_if_closed(case, "adding correspondence")
    sender = _sender_person(case.organisation_id, parsed.sender)
    with transaction.atomic():
        item = Correspondence.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            person=sender,
            kind=CorrespondenceKind.EMAIL,
            sender=parsed.sender[:254],
            subject=parsed.subject,
            body=parsed.body,
            received_on=parsed.sent_on or timezone.localdate(),
            message_id=parsed.message_id,
            by=staff_member(actor),
        )
        for attachment in parsed.attachments:
            _attach(item, attachment.filename, attachment.content_type, attachment.data)
        _added_to_case(
            case,
            item,
            actor=actor,
            summary=f"imported an email with {len(parsed.attachments)} attachment(s) to case "
            f"{case.reference}" + (" (sender is a person held)" if sender else ""),
            texts=(parsed.subject, parsed.body),
        )
    return item


def _attach(item: Correspondence, filename: str, content_type: str, data: bytes) -> Attachment:
    name = (filename or "attachment").replace("/", "_").replace("\\", "_")[:255]
    attachment = Attachment(
        organisation_id=item.organisation_id,
        correspondence=item,
        filename=name,
        content_type=(content_type or "application/octet-stream")[:100],
        size=len(data),
    )
    files.store(attachment, data)
    attachment.save()
    return attachment


def add_letter(
    case: Case,
    *,
    actor,
    data: bytes,
    filename: str,
    content_type: str = "",
    sender: str = "",
    summary: str = "",
    received_on=None,
) -> Correspondence:
    """A letter (its scan) on the case; audited."""
    if not data:
        raise InvalidValue("file", "choose the scanned letter to upload")
    if len(data) > 25 * 1024 * 1024:
        raise InvalidValue("file", "the file is larger than 25 MB")
    day = parse_day("received_on", received_on) if received_on else timezone.localdate()
    _refuse_if_closed(case, "adding correspondence")
    with transaction.atomic():
        item = Correspondence.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            kind=CorrespondenceKind.LETTER,
            sender=_text("sender", sender, 254),
            subject=_text("subject", filename, 300),
            body=_text("summary", summary, 20000),
            received_on=day,
            by=staff_member(actor),
        )
        _attach(item, filename, content_type, data)
        _added_to_case(
            case,
            item,
            actor=actor,
            summary=f"added a letter to case {case.reference}",
            texts=(item.subject, item.body),
        )
    return item


def add_third_party(case: Case, *, actor, person: Person, role: str = "") -> CaseParty:
    """Record another person named in the case as a party to it (idempotent)."""
    if person is None or person.organisation_id != case.organisation_id:
        raise InvalidValue("person", "no such person here")
    if person.pk == case.person_id:
        raise InvalidValue("person", "this is the case's constituent, not a third party")
    if person.erased_at is not None:
        raise InvalidValue("person", "this person's data has been erased")
    role = _text("role", role, 100)
    with transaction.atomic():
        party, created = CaseParty.objects.get_or_create(
            case=case,
            person=person,
            defaults={"organisation_id": case.organisation_id, "role": role},
        )
        if created:
            record(
                AuditAction.CREATE,
                actor=actor,
                target=party,
                person=person,
                summary=f"named as a third party in case {case.reference}",
            )
    return party


def refer_case(
    case: Case, *, actor, recipient: str, shared: str, reason: str = "", referred_on=None
) -> Referral:
    """Share the case (or part of it) with a recipient the register names for a purpose
    covering its data; the disclosure is logged (lawful.disclosures), with what, when,
    on what basis and by whom. Refused, naming `recipient`, otherwise."""
    recipient = _text("recipient", recipient, 100, required=True)
    shared = _text("shared", shared, 500, required=True)
    reason = _text("reason", reason, 5000)
    if case.restricted or case.person.restricted:
        raise InvalidValue("case", "processing of this case is restricted: it may not be shared")
    register = _register(case.organisation_id)
    found = rules.referral_purpose(register, case.special_categories, recipient)
    if isinstance(found, rules.CaseProblem):
        raise InvalidValue(found.field, found.message)
    named = register.recipients[recipient]
    day = parse_day("referred_on", referred_on) if referred_on else timezone.localdate()
    with transaction.atomic():
        disclosure = record_disclosure(
            case.person,
            actor=actor,
            recipient_id=recipient,
            what=f"case {case.reference}: {shared}"[:500],
            disclosed_on=day,
        )
        referral = Referral.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            recipient_id=recipient,
            recipient_name=named.name[:200],
            shared=shared,
            reason=reason,
            purpose_id=found.id,
            basis=rules.basis_words(found)[:300],
            referred_on=day,
            disclosure=disclosure,
            by=staff_member(actor),
        )
        _added_to_case(
            case,
            referral,
            actor=actor,
            summary=f"referred case {case.reference} to {recipient} under {found.id}",
        )
    return referral


def close_case(case: Case, *, actor, outcome: str, closed_on=None) -> Case:
    """Close with an outcome; records the date the register's retention rule counts
    from (the closing date, or the opening date for a rule counted from collection)."""
    outcome = _text("outcome", outcome, 5000, required=True)
    if case.status == CaseStatus.CLOSED:
        raise InvalidValue("case", "the case is already closed")
    day = parse_day("closed_on", closed_on) if closed_on else timezone.localdate()
    if day < case.opened_on:
        raise InvalidValue("closed_on", "a case cannot close before it opened")
    try:
        purpose = {p.id: p for p in register_in_force(case.organisation_id).purposes}.get(
            case.purpose_id
        )
    except NoRegisterInForce:
        purpose = None
    counts_from = rules.retention_counts_from(purpose)
    with transaction.atomic():
        case.status = CaseStatus.CLOSED
        case.closed_on = day
        case.outcome = outcome
        case.retention_from = case.opened_on if counts_from == "opened" else day
        case.save(update_fields=["status", "closed_on", "outcome", "retention_from", "updated_at"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=case,
            person=case.person_id,
            summary=f"closed case {case.reference}; retention counts from {case.retention_from}",
        )
    return case


def minimise_case(case: Case, *, actor=None) -> list[str]:
    """What the retention rule keeps of a closed case once its period has run: the
    rest (description, outcome, notes, correspondence, attachments) is deleted."""
    if case.status != CaseStatus.CLOSED:
        raise InvalidValue("case", "only a closed case is minimised")
    with transaction.atomic():
        counts = [
            f"{case.notes.count()} note(s)",
            f"{case.correspondence.count()} correspondence item(s)",
        ]
        for item in case.correspondence.all():
            for attachment in item.attachments.all():
                files.remove(attachment)
        case.notes.all().delete()
        case.correspondence.all().delete()
        # The words of the text deleted no longer find the case (the subject still does).
        search.forget(case)
        case.parties.all().delete()
        case.description = ""
        case.outcome = ""
        case.special_categories = []
        case.minimised_at = timezone.now()
        case.save(
            update_fields=[
                "description",
                "outcome",
                "special_categories",
                "minimised_at",
                "updated_at",
            ]
        )
        record(
            AuditAction.DELETE,
            actor=actor,
            target=case,
            person=case.person_id,
            summary=f"minimised closed case {case.reference} to its summary",
        )
    return ["description and outcome", *counts]


def erase_case(case: Case, *, actor) -> None:
    """Delete a case and everything on it (erasure); its referrals' disclosure log rows
    are kept by the disclosures app. Audited."""
    with transaction.atomic():
        for item in case.correspondence.all():
            for attachment in item.attachments.all():
                files.remove(attachment)
        reference, person_id, org_id = case.reference, case.person_id, case.organisation_id
        search.forget(case)
        record(
            AuditAction.DELETE,
            actor=actor,
            person=person_id,
            organisation=org_id,
            summary=f"erased case {reference}",
        )
        case.delete()


def set_case_restricted(case: Case, *, actor, restricted: bool = True) -> None:
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(restricted=restricted)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=case,
            person=case.person_id,
            summary=f"{'restricted' if restricted else 'lifted restriction of'} case "
            f"{case.reference}",
        )


def today() -> date:
    return timezone.localdate()
