"""Importing an existing list of people from a CSV file (a council's contacts, a party's
supporters): every row checked, then all written in one transaction or none.

The file has a header row. The columns `given_name`, `family_name`, `email`, `phone`,
`address_lines` and `postcode` are read as such; others are mapped to those fields by
`mapping` ({"Surname": "family_name"}), and the rest are not read. Each row is checked
as lawful.people does (lawful.people.normalise): an email address, a UK or international
phone number, a UK postcode, a name. A problem is reported as `FILE:ROW:COLUMN: message`,
ROW as a spreadsheet numbers it (the header is row 1) and COLUMN as the file names it.

People already held are matched by normalised email address or phone number, and so are
rows of the file with each other: a match is merged (its new contact details added), not
doubled. Someone on the do-not-contact list (erased at their request, or objected to
direct marketing: lawful.suppression) is not brought back: their rows are skipped, with
the reason. With a purpose, the consent the organisation holds for the batch (its
evidence stated once) is recorded for everyone imported, in the consent ledger.

This is the import's one service function: the checks, every write, the audit events
(one per person created or changed, and a summary) and the consents commit together.
The work is set-based (queries and inserts in batches), for files of 100,000 rows.
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record, record_many
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.normalise import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from lawful.people.services import check_purpose, normalise_address_lines
from lawful.policy.contact import ConsentMethod, consent_problem
from lawful.policy.vocab import ContactChannel, LawfulBasis, Source
from lawful.sql import copy_rows
from lawful.suppression.models import SuppressionEntry
from lawful.suppression.services import ContactDetails, contact_digest, suppression_reasons

__all__ = ["FIELDS", "ImportError_", "ImportOptions", "ImportReport", "import_people"]

FIELDS = ("given_name", "family_name", "email", "phone", "address_lines", "postcode")
Kind = ContactPoint.Kind
BATCH = 2000
MAX_PROBLEMS = 1000  # a wrong file has a problem per row: the first thousand say enough
METHODS = tuple(ConsentMethod.slugs())


class ImportError_(ValueError):  # noqa: N801 (not the builtin ImportError)
    """The file cannot be imported; `problems` are `FILE:ROW:COLUMN: message` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ImportOptions:
    """The consent to record for the batch (purpose None: none), and the column map."""

    purpose: str | None = None
    channels: tuple[str, ...] = ()
    method: str = "import"
    evidence: str = ""
    wording: str = ""
    mapping: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    consents: int = 0
    problems: list[str] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)
    written: bool = False


@dataclass
class _Row:
    number: int
    given_name: str = ""
    family_name: str = ""
    email: str = ""  # normalised
    email_entered: str = ""
    phone: str = ""
    phone_entered: str = ""
    postcode: str = ""
    postcode_entered: str = ""
    address_lines: str = ""


@dataclass
class _Group:
    """Rows of the file that are one person (sharing an email or a phone number)."""

    rows: list[_Row]
    person_id: int | None = None  # the person already held, if matched
    skipped: str = ""
    new: bool = False  # a person created by this import

    def first(self, name: str) -> str:
        return next((getattr(r, name) for r in self.rows if getattr(r, name)), "")


# --- Checking the options and the file ----------------------------------------------------


def _check_options(organisation, options: ImportOptions) -> list[str]:
    """Problems with the options, each naming the option as typed."""
    problems = []
    for column, target in options.mapping.items():
        if target not in FIELDS:
            problems.append(
                f"--map: {column}={target}: {target!r} is not a field "
                f"(the fields: {', '.join(FIELDS)})"
            )
    if options.purpose is None:
        if options.channels:
            problems.append("--channels: give --purpose too (the consent is for a purpose)")
        return problems
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce as exc:
        return [*problems, f"--purpose: {exc}"]
    purpose = next((p for p in register.purposes if p.id == options.purpose), None)
    if purpose is None:
        known = ", ".join(p.id for p in register.purposes)
        return [
            *problems,
            f"--purpose: {options.purpose!r} is not a purpose in the register "
            f"in force (it has: {known})",
        ]
    if LawfulBasis.CONSENT not in purpose.basis_set:
        problems.append(f"--purpose: {purpose.id!r} does not rest on consent in the register")
    if not options.channels:
        problems.append("--channels: give the channels consented to (e.g. email,sms)")
    for channel in options.channels:
        if channel not in ContactChannel.slugs():
            problems.append(
                f"--channels: {channel!r} is not a channel "
                f"(the channels: {', '.join(ContactChannel.slugs())})"
            )
        elif LawfulBasis.CONSENT in purpose.basis_set:
            wrong = consent_problem(purpose, purpose.id, channel)
            if wrong:
                problems.append(f"--channels: {wrong}")
    if options.method not in METHODS:
        problems.append(f"--method: {options.method!r} is not one of: {', '.join(METHODS)}")
    if not options.evidence.strip():
        problems.append(
            "--evidence: say how these people consented (the form, the date, where the "
            "signed forms are kept): it is the consent's evidence"
        )
    return problems


def _read(path: Path, mapping: Mapping[str, str], report: ImportReport) -> list[_Row]:
    name = str(path)
    problems = report.problems
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        problems.append(f"{name}: {exc.strerror}")
        return []
    rows: list[_Row] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError):
            header = None
        if not header:
            problems.append(f"{name}:1: no header row (the columns: {', '.join(FIELDS)})")
            return []
        columns: dict[int, tuple[str, str]] = {}  # index: (field, column as in the file)
        lower_map = {k.strip().lower(): v for k, v in mapping.items()}
        for index, title in enumerate(header):
            title = title.strip()
            target = lower_map.get(title.lower()) or (
                title.lower() if title.lower() in FIELDS else None
            )
            if target is None:
                report.unread_columns.append(title)
            elif target in (f for f, _ in columns.values()):
                problems.append(f"{name}:1:{title}: a second column for {target}")
            else:
                columns[index] = (target, title)
        titles = {f: t for f, t in columns.values()}
        if not ({"email", "phone", "postcode"} & set(titles)):
            problems.append(
                f"{name}:1: no email, phone or postcode column: people could not be told "
                'apart (map a column with --map "Column=email")'
            )
            return []
        try:
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                values = {f: "" for f in FIELDS}
                for index, (target, _) in columns.items():
                    if index < len(cells):
                        values[target] = cells[index].strip()
                row = _check_row(name, number, values, titles, problems)
                if row is not None:
                    rows.append(row)
                if len(problems) >= MAX_PROBLEMS:
                    problems.append(f"{name}: stopped after {MAX_PROBLEMS} problems")
                    break
        except UnicodeDecodeError:
            problems.append(f"{name}: not a CSV file in UTF-8 (save it as 'CSV UTF-8')")
        except csv.Error as exc:
            problems.append(f"{name}:{reader.line_num}: not read as CSV: {exc}")
    report.rows = len(rows)
    return rows


def _check_row(name, number, values, titles, problems) -> _Row | None:
    row = _Row(number)
    found = []

    def problem(target: str, message: str) -> None:
        found.append(f"{name}:{number}:{titles.get(target, target)}: {message}")

    for target in ("given_name", "family_name"):
        limit = Person._meta.get_field(target).max_length
        if len(values[target]) > limit:
            problem(target, f"at most {limit} characters, not {len(values[target])}")
        setattr(row, target, values[target][:limit])
    if not (row.given_name or row.family_name):
        problem(
            "family_name" if "family_name" in titles else "given_name",
            "a given name or a family name is needed",
        )
    for target, normalise in (
        ("email", normalise_email),
        ("phone", normalise_phone),
        ("postcode", normalise_postcode),
    ):
        entered = values[target]
        if not entered:
            continue
        try:
            setattr(row, target, normalise(entered))
            setattr(row, f"{target}_entered", entered)
        except InvalidValue as exc:
            problem(target, exc.message)
    row.address_lines = normalise_address_lines(values["address_lines"])
    if row.address_lines and not values["postcode"]:
        problem("postcode", "an address needs its postcode")
    if values["postcode"] and not row.address_lines:
        problem("address_lines", "a postcode needs the address lines it goes with")
    if not (values["email"] or values["phone"] or values["postcode"]):
        problem("email", "no email, phone or postcode: nothing to contact or match them by")
    problems.extend(found)
    return None if found else row


# --- Matching -----------------------------------------------------------------------------


def _groups(rows: list[_Row]) -> list[_Group]:
    """Rows sharing an email address or a phone number, joined (union-find)."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        for key in ((Kind.EMAIL, row.email), (Kind.PHONE, row.phone)):
            if not key[1]:
                continue
            if key in owner:
                a, b = root(owner[key]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[key] = i
    grouped: dict[int, list[_Row]] = {}
    for i, row in enumerate(rows):
        grouped.setdefault(root(i), []).append(row)
    return [_Group(members) for _, members in sorted(grouped.items())]


# The parameters one statement may have: SQLite's limit (999), or for PostgreSQL (65,535)
# a good many, for fewer round trips.
def _parameters() -> int:
    return 900 if connection.vendor == "sqlite" else 20000


def _select_in(model, columns: str, where: str, params: list, values: list) -> list[tuple]:
    """SELECT columns FROM the model's table WHERE `where` AND the last condition's
    column IN a batch of `values`, batch by batch (plain SQL: Django's IN lookup prepares
    each of a hundred thousand values on the way, the import's hot path)."""
    found: list[tuple] = []
    table = connection.ops.quote_name(model._meta.db_table)
    per_statement = _parameters() - len(params)
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {where} IN "
                f"({', '.join(['%s'] * len(chunk))})",
                [*params, *chunk],
            )
            found.extend(cursor.fetchall())
    return found


def _held(organisation, kind: str, values: list[str]) -> dict[str, int]:
    """{normalised value: id of the (earliest) person holding it} in the organisation."""
    held: dict[str, int] = {}
    rows = _select_in(
        ContactPoint,
        "normalised, person_id",
        "organisation_id = %s AND kind = %s AND normalised",
        [organisation.pk, kind],
        values,
    )
    for value, person_id in sorted(rows, key=lambda row: row[1]):
        held.setdefault(value, person_id)
    return held


def _match(organisation, groups: list[_Group]) -> None:
    """Each group's person already held: by email address first, then phone number."""
    emails = sorted({r.email for g in groups for r in g.rows if r.email})
    phones = sorted({r.phone for g in groups for r in g.rows if r.phone})
    by_email, by_phone = (
        _held(organisation, Kind.EMAIL, emails),
        _held(organisation, Kind.PHONE, phones),
    )
    for group in groups:
        found = [by_email[r.email] for r in group.rows if r.email in by_email]
        found += [by_phone[r.phone] for r in group.rows if r.phone in by_phone]
        group.person_id = found[0] if found else None
    matched = sorted({g.person_id for g in groups if g.person_id})
    unusable: dict[int, str] = {}
    for pk, restricted, erased_at in _select_in(
        Person,
        "id, restricted, erased_at",
        "organisation_id = %s AND id",
        [organisation.pk],
        matched,
    ):
        if erased_at is not None:
            unusable[pk] = "erased at their request"
        elif restricted:
            unusable[pk] = "processing of their data is restricted (Art 18)"
    for group in groups:
        if group.person_id in unusable:
            group.skipped = unusable[group.person_id]


def _suppressed(organisation, groups: list[_Group]) -> None:
    details = [
        ContactDetails(
            emails=tuple(r.email for r in g.rows if r.email),
            phones=tuple(r.phone for r in g.rows if r.phone),
            postal=tuple((r.postcode, r.family_name) for r in g.rows if r.postcode),
        )
        for g in groups
    ]
    for group, reasons in zip(groups, suppression_reasons(organisation, details), strict=True):
        if group.skipped or not reasons:
            continue
        reason = (
            SuppressionEntry.Reason.ERASURE
            if SuppressionEntry.Reason.ERASURE in reasons
            else SuppressionEntry.Reason.OBJECTION_TO_MARKETING
        )
        group.skipped = f"on the do-not-contact list: {reason.label}"


# --- Writing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PersonRef:
    """A person just inserted, as the audit log reads an event's target (its model's
    label, pk and organisation): what a Person instance gives it, without building a
    model instance for each of a hundred thousand people."""

    pk: int
    organisation_id: int
    _meta = Person._meta


def _points_held(person_ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    held: dict[int, set[tuple[str, str]]] = {}
    for pk, kind, value in _select_in(
        ContactPoint, "person_id, kind, normalised", "person_id", [], person_ids
    ):
        held.setdefault(pk, set()).add((kind, value))
    return held


def _new_points(
    organisation, group: _Group, person_id: int, held: set, now, family_name: str
) -> list[tuple]:
    """The contact points of the group's rows the person does not hold yet, as rows of
    POINT_COLUMNS (the first of each kind the person has is their primary one), each
    with its do-not-contact digest (of the person's family name, for a postal address)."""
    kinds_held = {kind for kind, _ in held}
    points = []
    for row in group.rows:
        wanted = (
            (Kind.EMAIL, row.email, row.email_entered, ""),
            (Kind.PHONE, row.phone, row.phone_entered, ""),
            (Kind.POSTAL, row.postcode, row.postcode_entered, row.address_lines),
        )
        for kind, normalised, entered, lines in wanted:
            if not normalised or (kind, normalised) in held:
                continue
            held.add((kind, normalised))
            points.append(
                (
                    organisation.pk,
                    person_id,
                    kind,
                    entered[:254],
                    normalised,
                    lines,
                    normalised if kind == Kind.POSTAL else "",
                    kind not in kinds_held,
                    now,
                    contact_digest(organisation.pk, kind, normalised, family_name),
                )
            )
            kinds_held.add(kind)
    return points


POINT_COLUMNS = (
    "organisation",
    "person",
    "kind",
    "value",
    "normalised",
    "address_lines",
    "postcode",
    "is_primary",
    "created_at",
    "suppression_digest",
)


def _write(organisation, groups: list[_Group], options: ImportOptions, actor, report) -> None:
    live = [g for g in groups if not g.skipped]
    fresh = [g for g in live if g.person_id is None]
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    ids = _insert(
        Person,
        ("organisation", "given_name", "family_name", "created_at", "updated_at"),
        [(organisation.pk, g.first("given_name"), g.first("family_name"), at, at) for g in fresh],
        returning=True,
    )
    for group, pk in zip(fresh, ids, strict=True):
        group.person_id, group.new = pk, True
    merged_ids = [g.person_id for g in live if not g.new]
    held = _points_held(merged_ids)
    # A postal address's digest is of the family name the person holds (not the row's).
    family_names = dict(_select_in(Person, "id, family_name", "id", [], merged_ids))
    points: list[tuple] = []
    changed: set[int] = set()
    for group in live:
        family_name = group.first("family_name") if group.new else family_names[group.person_id]
        new = _new_points(
            organisation,
            group,
            group.person_id,
            held.setdefault(group.person_id, set()),
            at,
            family_name,
        )
        if new and not group.new:
            changed.add(group.person_id)
        points.extend(new)
    _insert(ContactPoint, POINT_COLUMNS, points)
    if changed:
        Person.objects.filter(pk__in=changed).update(updated_at=now)

    everyone = list(dict.fromkeys(g.person_id for g in live))
    if options.purpose:
        _link_purpose(organisation, everyone, options.purpose)
    entries = [
        {
            "action": AuditAction.CREATE,
            "actor": actor,
            "target": _PersonRef(pk, organisation.pk),
            "summary": "created person (import)",
        }
        for pk in ids
    ]
    entries += [
        {
            "action": AuditAction.CHANGE,
            "actor": actor,
            "person": pk,
            "summary": "added contact points (import)",
        }
        for pk in sorted(changed)
    ]
    record_many(entries, organisation=organisation)
    report.created, report.merged = len(ids), len(set(everyone) - set(ids))
    if options.purpose:
        report.consents = _record_consents(organisation, everyone, options, actor)
    record(
        AuditAction.CREATE,
        actor=actor,
        organisation=organisation,
        summary=(
            f"imported people from a CSV file: {report.rows} rows, {report.created} created, "
            f"{report.merged} merged, {len(report.skipped)} skipped"
            + (
                f"; consent to {options.purpose} by {', '.join(options.channels)} recorded "
                f"({options.method})"
                if options.purpose
                else ""
            )
        ),
    )


def _insert(model, names: tuple[str, ...], rows: list[tuple], *, returning=False) -> list[int]:
    """Insert rows of these fields' values (ready for the database: dates and datetimes
    adapted by the caller) by plain multi-row INSERTs (COPY on PostgreSQL), the model's
    other fields taking their defaults; with `returning`, the new ids in the rows' order
    (what bulk_create does, without building a model instance per row and preparing
    every value: the import's hot path)."""
    if not rows:
        return []
    given = [model._meta.get_field(name) for name in names]
    rest = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in {g.attname for g in given}
    ]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    fields = given + rest
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = connection.ops.quote_name(model._meta.db_table)
    per_statement = max(1, min(BATCH, _parameters() // len(fields)))
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows, defaults, returning=returning)
    ids: list[int] = []
    back = returning and connection.features.can_return_rows_from_bulk_insert
    suffix = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}" if back else ""
    with connection.cursor() as cursor:
        if returning and not back:  # SQLite before 3.35: no RETURNING, a row at a time
            for values in rows:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {row}", [*values, *defaults]
                )
                ids.append(cursor.lastrowid)
            return ids
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for values in chunk for value in (*values, *defaults)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))}" + suffix,
                params,
            )
            if back:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _copy(model, fields, rows: list[tuple], defaults: tuple, *, returning: bool) -> list[int]:
    """PostgreSQL's COPY of the rows (several times faster than INSERTs for thousands of
    rows); with `returning`, the ids are drawn from the table's sequence first and
    copied with the rows, so they are known in the rows' order."""
    table = model._meta.db_table
    columns = [f.column for f in fields]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            pk = model._meta.pk.column
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, len(rows)],
            )
            ids = [i for (i,) in cursor.fetchall()]
            copy_rows(
                cursor,
                table,
                [pk, *columns],
                ((i, *values, *defaults) for i, values in zip(ids, rows, strict=True)),
            )
        else:
            copy_rows(cursor, table, columns, ((*values, *defaults) for values in rows))
    return ids


def _link_purpose(organisation, person_ids: list[int], purpose_id: str) -> None:
    """An open purpose link (on consent) for everyone imported who has none."""
    register = register_in_force(organisation)
    purpose = register.purpose(purpose_id)
    source = Source.DATA_SUBJECT if Source.DATA_SUBJECT in purpose.sources else purpose.sources[0]
    claim = check_purpose(register, (purpose_id, LawfulBasis.CONSENT, source))
    linked = {
        pk
        for (pk,) in _select_in(
            PurposeLink,
            "person_id",
            "purpose_id = %s AND ended IS NULL AND person_id",
            [purpose_id],
            person_ids,
        )
    }
    since = connection.ops.adapt_datefield_value(claim.since)
    _insert(
        PurposeLink,
        ("organisation", "person", "purpose_id", "basis", "source", "since"),
        [
            (organisation.pk, pk, claim.purpose_id, claim.basis, claim.source, since)
            for pk in person_ids
            if pk not in linked
        ],
    )


def _record_consents(organisation, person_ids: list[int], options: ImportOptions, actor) -> int:
    from lawful.consent.services import record_consents_bulk

    try:
        result = record_consents_bulk(
            organisation,
            person_ids,
            purpose=options.purpose,
            channels=list(options.channels),
            method=options.method,
            evidence=options.evidence,
            wording=options.wording or options.evidence,
            actor=actor,
        )
    except InvalidValue as exc:
        raise ImportError_([f"--{exc.field}: {exc.message}"]) from None
    return result.recorded


# --- The service --------------------------------------------------------------------------


def import_people(
    organisation,
    path,
    *,
    actor=None,
    options: ImportOptions | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row of the file and, unless `dry_run` or there is any problem, import
    it in one transaction. Raises ImportError_ listing every problem (nothing written)."""
    options = options or ImportOptions()
    report = ImportReport()
    report.problems.extend(_check_options(organisation, options))
    if report.problems:
        raise ImportError_(report.problems)
    rows = _read(Path(path), options.mapping, report)
    if report.problems:
        raise ImportError_(report.problems)
    groups = _groups(rows)
    _match(organisation, groups)
    _suppressed(organisation, groups)
    for group in groups:
        if group.skipped:
            report.skipped.extend((row.number, group.skipped) for row in group.rows)
    report.skipped.sort()
    if dry_run:
        live = [g for g in groups if not g.skipped]
        report.created = sum(1 for g in live if g.person_id is None)
        report.merged = len({g.person_id for g in live if g.person_id is not None})
        return report
    with transaction.atomic():
        _write(organisation, groups, options, actor, report)
    report.written = True
    return report


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """--map "Surname=family_name" (repeated, or comma-separated) as {column: field}."""
    mapping = {}
    for item in items:
        for part in str(item).split(","):
            if not part.strip():
                continue
            column, sep, target = part.partition("=")
            if not sep or not column.strip() or not target.strip():
                raise InvalidValue("--map", f"{part!r} is not COLUMN=FIELD")
            mapping[column.strip()] = target.strip().lower()
    return mapping
