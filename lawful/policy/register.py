"""The register of processing: its shape, and loading it from a YAML file.

Loading never stops at the first mistake: every problem is collected with the line it
is on, so `lawful register check` can report them all as FILE:LINE: message. The legal
rules a well-formed register must also satisfy live in `checks.py`.
The file format is documented in docs/register-format.md.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import safe_yaml
from .safe_yaml import Mapping as _Mapping
from .safe_yaml import shown
from .vocab import (
    UK,
    ContactChannel,
    CriminalOffenceCondition,
    DataCategory,
    LawfulBasis,
    Nation,
    NotForProfitAim,
    NoticeStatus,
    OrganisationKind,
    RecipientRole,
    RecognisedLegitimateInterest,
    RequirementKind,
    RetentionTrigger,
    Source,
    SpecialCategoryCondition,
    SubjectType,
    TransferSafeguard,
)

_UNPRINTABLE = safe_yaml.UNPRINTABLE
ERROR = "error"
WARNING = "warning"
# Problems reported before checking stops: a file of 100,000 empty purposes would
# otherwise make a million messages and take seconds to say what its first lines show.
MAX_PROBLEMS = 1_000


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a register. An error makes the register wrong (`lawful register
    check` exits 1); a warning is something to look at that may be right."""

    line: int
    message: str
    severity: str = ERROR

    def __post_init__(self):
        # One problem, one line of output: a line break or control character quoted from
        # the file (a key "\r") is shown escaped, never printed.
        if _UNPRINTABLE.search(self.message):
            object.__setattr__(self, "message", safe_yaml.one_line(self.message))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self, filename: str | Path) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{filename}:{self.line}: {prefix}{self.message}"


def _order(problem: Problem) -> tuple:
    return (problem.line, problem.message, problem.severity)


def too_many(line: int) -> Problem:
    return Problem(
        line, f"more than {MAX_PROBLEMS:,} problems; fix these first (the rest was not checked)"
    )


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, by line. Sorted by a key: a file with 100,000 mistakes sorts in
    milliseconds, where the dataclass's own comparison takes most of a second."""
    return sorted(set(problems), key=_order)


class RegisterError(ValueError):
    """A register that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem], filename: str | Path = "register"):
        self.problems = sorted(problems, key=_order)
        self.filename = filename
        super().__init__("\n".join(p.format(filename) for p in self.problems))


@dataclass(frozen=True)
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Controller:
    name: str
    kind: OrganisationKind
    nation: Nation
    address: str
    email: str
    phone: str
    website: str
    ico_registration: str
    public_authority: bool
    data_protection_lead: Contact
    dpo: Contact | None
    # Registered under the Political Parties, Elections and Referendums Act 2000: only
    # then may DPA 2018 Sch 1 para 22 (political parties) be used.
    registered_party: bool = False
    # UK GDPR Art 9(2)(d): a not-for-profit body with a political, philosophical,
    # religious or trade-union aim may use that condition; None for any other body.
    not_for_profit_aim: NotForProfitAim | None = None
    line: int = 0
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class Period:
    """A length of time, as a register states it: '6 years', '30 days'."""

    count: int
    unit: str  # day, week, month, year

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"

    @property
    def approximate_days(self) -> int:
        return self.count * {"day": 1, "week": 7, "month": 30, "year": 365}[self.unit]


_PERIOD = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$")


def parse_period(text: str) -> Period | None:
    match = _PERIOD.match(str(text))
    return Period(int(match[1]), match[2]) if match else None


@dataclass(frozen=True)
class RetentionRule:
    trigger: RetentionTrigger
    period: Period | None  # None: open-ended until the trigger, or permanent
    permanent: bool = False
    then: str = ""  # what is kept afterwards, e.g. a minimal closed-case summary
    reason: str = ""
    line: int = 0


@dataclass(frozen=True)
class BasisChoice:
    """One lawful basis for a purpose; several when the notice states alternatives."""

    basis: LawfulBasis
    applies_to: str = ""  # e.g. "newsletters by post"
    explanation: str = ""
    # The marketing channels this basis covers (PECR is per channel); empty: not stated.
    channels: tuple[ContactChannel, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Requirement:
    """UK GDPR Art 13(2)(e): whether giving the data is a statutory or contractual
    requirement, or needed to enter a contract, and what happens if it is not given."""

    kind: RequirementKind
    consequence: str
    line: int = 0


@dataclass(frozen=True)
class AutomatedDecision:
    """A decision about people taken solely by automated means (UK GDPR Arts 22A-22D)."""

    description: str
    # Art 22A(1)(b): a "significant decision" has a legal or similarly significant effect.
    significant: bool = True
    # Art 22B(2): for a significant decision based on special category data, the
    # explicit consent of the person, or a contract or the law together with Art 9(2)(g).
    condition: str = ""
    line: int = 0


@dataclass(frozen=True)
class Transfer:
    recipient: str
    country: str  # ISO 3166 alpha-2, e.g. US
    safeguard: TransferSafeguard | None
    # Partial adequacy (the US data bridge, Canada, Japan, Korea) covers only some
    # recipients; true when the register has checked this recipient is one of them.
    in_scope: bool = False
    line: int = 0


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    role: RecipientRole
    why: str = ""
    examples: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Purpose:
    id: str
    name: str
    description: str
    data_subjects: tuple[SubjectType, ...]
    data_categories: tuple[DataCategory, ...]
    sources: tuple[Source, ...]
    bases: tuple[BasisChoice, ...]
    retention: RetentionRule | None
    legitimate_interest: str = ""
    special_category_condition: SpecialCategoryCondition | None = None
    criminal_offence_condition: CriminalOffenceCondition | None = None
    recipients: tuple[str, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    direct_marketing: bool = False
    marketing_channels: tuple[ContactChannel, ...] = ()
    automated_means: bool = True
    requirement: Requirement | None = None
    # Profiling for direct marketing (Art 21(2)): e.g. targeting by ward or by the issues
    # people care about, for campaigning. Objection to it is absolute.
    marketing_profiling: bool = False
    # Kept because it is needed to establish, exercise or defend legal claims (Art 17(3)(e)).
    legal_claims: bool = False
    recognised_interest: RecognisedLegitimateInterest | None = None
    automated_decision: AutomatedDecision | None = None
    line: int = 0
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def special_categories(self) -> tuple[DataCategory, ...]:
        return tuple(c for c in self.data_categories if c.is_special_category)

    @property
    def has_criminal_offence_data(self) -> bool:
        return any(c.is_criminal_offence for c in self.data_categories)

    @property
    def basis_set(self) -> frozenset[LawfulBasis]:
        return frozenset(b.basis for b in self.bases)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class NoticeVersionRecord:
    version: str
    status: NoticeStatus
    date: date
    minute: str = ""
    description: str = ""
    line: int = 0


@dataclass(frozen=True)
class DocumentControl:
    title: str
    review_cycle: str
    next_review: date | None
    versions: tuple[NoticeVersionRecord, ...]
    author: str = ""
    line: int = 0
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @property
    def version_states(self) -> dict[str, NoticeVersionRecord]:
        return version_states(self.versions)

    @property
    def current_version(self) -> NoticeVersionRecord | None:
        return current_version(self.versions)


def version_states(history: Iterable[NoticeVersionRecord]) -> dict[str, NoticeVersionRecord]:
    """Each version's latest entry: a history lists a version once per change of status
    (drafted, then adopted, then superseded)."""
    states: dict[str, NoticeVersionRecord] = {}
    for record in history:
        states.pop(record.version, None)
        states[record.version] = record
    return states


def current_version(history: Iterable[NoticeVersionRecord]) -> NoticeVersionRecord | None:
    """The version in force: the latest one whose latest entry is an adoption."""
    adopted = [v for v in version_states(history).values() if v.status is NoticeStatus.ADOPTED]
    return adopted[-1] if adopted else None


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    duration: str
    essential: bool
    line: int = 0


@dataclass(frozen=True)
class Register:
    controller: Controller
    purposes: tuple[Purpose, ...]
    recipients: dict[str, Recipient]
    document: DocumentControl
    cookies: tuple[Cookie, ...] = ()
    appropriate_policy_document: str = ""
    automated_decision_making: str = ""  # empty: none takes place
    source: str = ""  # the YAML text it was loaded from, kept for notice versions
    # Every text value in the source with its line, for checks that read the words
    # (placeholders left in) without parsing the file a second time.
    texts: tuple[tuple[int, str], ...] = field(default=(), compare=False, repr=False)

    def purpose(self, purpose_id: str) -> Purpose:
        return next(p for p in self.purposes if p.id == purpose_id)


# --- Loading -----------------------------------------------------------------------


def _empty_mapping(line: int) -> _Mapping:
    empty = _Mapping()
    empty.line, empty.key_lines, empty.raw = line, {}, {}
    return empty


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class _TooMany(Exception):
    def __init__(self, line: int):
        self.line = line


class _Reader:
    """Reads typed fields out of mappings, collecting a Problem for each mistake."""

    def __init__(self):
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany(line)
        self.problems.append(Problem(line, message))

    def mapping(self, value, line: int, where: str) -> _Mapping:
        if isinstance(value, _Mapping):
            return value
        if value is not None:
            self.problem(line, f"{where} must be a mapping of fields")
        return _empty_mapping(line)

    def known_fields(self, m: _Mapping, allowed: set[str], where: str) -> None:
        for key in m:
            if key not in allowed:
                self.problem(m.line_of(key), f"{where}: unknown field '{shown(key)}'")

    def text(self, m: _Mapping, key: str, where: str, required: bool = False) -> str:
        value = m.get(key)
        if value is None or value == "":
            if required:
                self.problem(m.line_of(key), f"{where}: '{key}' is required")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(m.line_of(key), f"{where}: '{key}' must be text, not a list or mapping")
            return ""
        if not isinstance(value, str):  # 12, 2026-01-01, yes: text as the author wrote it
            value = m.raw.get(key, str(value))
        return value.strip()

    def flag(self, m: _Mapping, key: str, where: str, default: bool) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            self.problem(m.line_of(key), f"{where}: '{key}' must be true or false")
            return default
        return value

    def day(self, m: _Mapping, key: str, where: str, required: bool = False) -> date | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line_of(key), f"{where}: '{key}' is required")
            return None
        if isinstance(value, datetime):
            self.problem(m.line_of(key), f"{where}: '{key}' must be a date YYYY-MM-DD, not a time")
            return None
        if isinstance(value, date):
            return value
        text = value.strip() if isinstance(value, str) else ""
        if _DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                self.problem(m.line_of(key), f"{where}: '{key}' {text} is not a day of the year")
                return None
        self.problem(m.line_of(key), f"{where}: '{key}' must be a date YYYY-MM-DD")
        return None

    def term(self, vocabulary, value, line: int, where: str):
        allowed = ", ".join(vocabulary.slugs())
        name = _vocab_name(vocabulary)
        if isinstance(value, (dict, list)):
            self.problem(line, f"{where}: the {name} must be one word ({allowed}), not a list")
            return None
        try:
            return vocabulary(value)
        except ValueError:
            self.problem(line, f"{where}: unknown {name} '{shown(value)}' ({allowed})")
            return None

    def optional_term(self, vocabulary, m: _Mapping, key: str, where: str):
        value = m.get(key)
        if value in (None, ""):
            return None
        if not isinstance(value, (str, dict, list)):
            value = m.raw.get(key, str(value))  # `no` read as text, not as false
        return self.term(vocabulary, value, m.line_of(key), where)

    def terms(self, vocabulary, m: _Mapping, key: str, where: str, required: bool = True):
        value = m.get(key)
        if value in (None, []):
            if required:
                self.problem(m.line_of(key), f"{where}: '{key}' must list at least one")
            return ()
        if not isinstance(value, list):
            value = [value]
        found = (self.term(vocabulary, v, m.line_of(key), where) for v in value)
        return tuple(t for t in found if t is not None)

    def items(self, m: _Mapping, key: str, where: str) -> list:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(m.line_of(key), f"{where}: '{key}' must be a list")
            return []
        return value

    def words(self, m: _Mapping, key: str, where: str) -> tuple[str, ...]:
        """A list of plain words, such as recipient ids or examples."""
        found = []
        for item in self.items(m, key, where):
            if isinstance(item, (dict, list)):
                self.problem(m.line_of(key), f"{where}: '{key}' must list plain words")
            elif item is not None:
                found.append(str(item).strip())
        return tuple(found)


def _vocab_name(vocabulary) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", vocabulary.__name__).lower()


CONTROLLER_FIELDS = {
    "name",
    "kind",
    "nation",
    "address",
    "email",
    "phone",
    "website",
    "ico_registration",
    "public_authority",
    "data_protection_lead",
    "dpo",
    "registered_party",
    "not_for_profit_aim",
}
PURPOSE_FIELDS = {
    "id",
    "name",
    "description",
    "data_subjects",
    "data_categories",
    "sources",
    "lawful_basis",
    "legitimate_interest",
    "special_category_condition",
    "criminal_offence_condition",
    "retention",
    "recipients",
    "transfers",
    "direct_marketing",
    "marketing_channels",
    "automated_means",
    "requirement",
    "marketing_profiling",
    "legal_claims",
    "recognised_interest",
    "automated_decision",
}
TOP_FIELDS = {
    "controller",
    "notice",
    "recipients",
    "purposes",
    "cookies",
    "appropriate_policy_document",
    "automated_decision_making",
}


def _contact(r: _Reader, value, line: int, where: str) -> Contact:
    m = r.mapping(value, line, where)
    r.known_fields(m, {"name", "role", "email", "phone", "address"}, where)
    return Contact(
        **{k: r.text(m, k, where) for k in ("name", "role", "email", "phone", "address")}
    )


def _controller(r: _Reader, m: _Mapping) -> Controller:
    where = "controller"
    r.known_fields(m, CONTROLLER_FIELDS, where)
    lead = m.get("data_protection_lead")
    if lead is None:
        r.problem(
            m.line_of("data_protection_lead"), "controller: 'data_protection_lead' is required"
        )
    dpo = m.get("dpo")
    return Controller(
        name=r.text(m, "name", where, required=True),
        kind=r.optional_term(OrganisationKind, m, "kind", where) or OrganisationKind.PARISH_COUNCIL,
        nation=r.optional_term(Nation, m, "nation", where) or Nation.ENGLAND,
        address=r.text(m, "address", where, required=True),
        email=r.text(m, "email", where),
        phone=r.text(m, "phone", where),
        website=r.text(m, "website", where),
        # Elected representatives pay no fee, so many have no registration number.
        ico_registration=r.text(
            m, "ico_registration", where, required=m.get("kind") != OrganisationKind.COUNCILLOR
        ),
        public_authority=r.flag(m, "public_authority", where, False),
        data_protection_lead=_contact(r, lead, m.line_of("data_protection_lead"), where),
        dpo=_contact(r, dpo, m.line_of("dpo"), "controller dpo") if dpo else None,
        registered_party=r.flag(m, "registered_party", where, False),
        not_for_profit_aim=r.optional_term(NotForProfitAim, m, "not_for_profit_aim", where),
        line=m.line,
        lines=dict(m.key_lines),
    )


def _retention(r: _Reader, value, line: int, where: str) -> RetentionRule | None:
    if value is None:
        return None
    m = r.mapping(value, line, f"{where} retention")
    where = f"{where} retention"
    r.known_fields(m, {"period", "trigger", "then", "reason"}, where)
    trigger = r.optional_term(RetentionTrigger, m, "trigger", where)
    if trigger is None and "trigger" not in m:
        r.problem(m.line, f"{where}: 'trigger' is required")
    raw_period = m.get("period")
    period, permanent = None, False
    if raw_period == "permanent":
        permanent = True
    elif raw_period is not None:
        period = parse_period(raw_period)
        if period is None:
            r.problem(
                m.line_of("period"),
                f"{where}: period '{shown(raw_period)}' is not a length of time "
                "such as '6 years', '30 days' or 'permanent'",
            )
    return RetentionRule(
        trigger=trigger or RetentionTrigger.COLLECTION,
        period=period,
        permanent=permanent,
        then=r.text(m, "then", where),
        reason=r.text(m, "reason", where),
        line=m.line,
    )


def _bases(r: _Reader, m: _Mapping, where: str) -> tuple[BasisChoice, ...]:
    value = m.get("lawful_basis")
    line = m.line_of("lawful_basis")
    if value is None:
        r.problem(line, f"{where}: 'lawful_basis' is required")
        return ()
    if isinstance(value, str):
        basis = r.term(LawfulBasis, value, line, where)
        return (BasisChoice(basis, line=line),) if basis else ()
    choices = []
    for item in value if isinstance(value, list) else [value]:
        b = r.mapping(item, line, f"{where} lawful_basis")
        r.known_fields(
            b, {"basis", "applies_to", "explanation", "channels"}, f"{where} lawful_basis"
        )
        basis = r.optional_term(LawfulBasis, b, "basis", where)
        if basis is None:
            if "basis" not in b:
                r.problem(b.line, f"{where}: each lawful_basis entry needs a 'basis'")
            continue
        choices.append(
            BasisChoice(
                basis,
                applies_to=r.text(b, "applies_to", where),
                explanation=r.text(b, "explanation", where),
                channels=r.terms(ContactChannel, b, "channels", where, required=False),
                line=b.line,
            )
        )
    return tuple(choices)


def _transfers(r: _Reader, m: _Mapping, where: str) -> tuple[Transfer, ...]:
    transfers = []
    for item in r.items(m, "transfers", where):
        t = r.mapping(item, m.line_of("transfers"), f"{where} transfer")
        r.known_fields(t, {"recipient", "country", "safeguard", "in_scope"}, f"{where} transfer")
        country = r.text(t, "country", f"{where} transfer", required=True).upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            r.problem(
                t.line_of("country"),
                f"{where} transfer: country '{shown(country)}' is not a two-letter ISO code "
                "such as US",
            )
        transfers.append(
            Transfer(
                recipient=r.text(t, "recipient", f"{where} transfer", required=True),
                country=country or UK,
                safeguard=r.optional_term(TransferSafeguard, t, "safeguard", f"{where} transfer"),
                in_scope=r.flag(t, "in_scope", f"{where} transfer", False),
                line=t.line,
            )
        )
    return tuple(transfers)


def _requirement(r: _Reader, m: _Mapping, where: str) -> Requirement | None:
    if m.get("requirement") is None:
        return None  # checks.py reports it: every purpose must say (Art 13(2)(e))
    where = f"{where} requirement"
    q = r.mapping(m["requirement"], m.line_of("requirement"), where)
    r.known_fields(q, {"kind", "consequence"}, where)
    kind = r.optional_term(RequirementKind, q, "kind", where)
    if "kind" not in q:
        allowed = ", ".join(RequirementKind.slugs())
        r.problem(q.line, f"{where}: 'kind' is required ({allowed})")
    consequence = r.text(q, "consequence", where, required=True)
    if kind is None:
        return None
    return Requirement(kind, consequence, line=q.line)


AUTOMATED_DECISION_CONDITIONS = ("explicit-consent", "contract", "law")


def _automated_decision(r: _Reader, m: _Mapping, where: str) -> AutomatedDecision | None:
    if m.get("automated_decision") is None:
        return None
    where = f"{where} automated_decision"
    a = r.mapping(m["automated_decision"], m.line_of("automated_decision"), where)
    r.known_fields(a, {"description", "significant", "condition"}, where)
    condition = r.text(a, "condition", where)
    if condition and condition not in AUTOMATED_DECISION_CONDITIONS:
        allowed = ", ".join(AUTOMATED_DECISION_CONDITIONS)
        r.problem(
            a.line_of("condition"), f"{where}: unknown condition '{shown(condition)}' ({allowed})"
        )
        condition = ""
    return AutomatedDecision(
        description=r.text(a, "description", where, required=True),
        significant=r.flag(a, "significant", where, True),
        condition=condition,
        line=a.line,
    )


def _purpose(r: _Reader, m: _Mapping) -> Purpose:
    pid = r.text(m, "id", "purpose", required=True) or f"line-{m.line}"
    where = f"purpose '{shown(pid)}'"
    r.known_fields(m, PURPOSE_FIELDS, where)
    return Purpose(
        id=pid,
        name=r.text(m, "name", where, required=True),
        description=r.text(m, "description", where, required=True),
        data_subjects=r.terms(SubjectType, m, "data_subjects", where),
        data_categories=r.terms(DataCategory, m, "data_categories", where),
        sources=r.terms(Source, m, "sources", where),
        bases=_bases(r, m, where),
        retention=_retention(r, m.get("retention"), m.line_of("retention"), where),
        legitimate_interest=r.text(m, "legitimate_interest", where),
        special_category_condition=r.optional_term(
            SpecialCategoryCondition, m, "special_category_condition", where
        ),
        criminal_offence_condition=r.optional_term(
            CriminalOffenceCondition, m, "criminal_offence_condition", where
        ),
        recipients=r.words(m, "recipients", where),
        transfers=_transfers(r, m, where),
        direct_marketing=r.flag(m, "direct_marketing", where, False),
        marketing_channels=r.terms(ContactChannel, m, "marketing_channels", where, required=False),
        automated_means=r.flag(m, "automated_means", where, True),
        requirement=_requirement(r, m, where),
        marketing_profiling=r.flag(m, "marketing_profiling", where, False),
        legal_claims=r.flag(m, "legal_claims", where, False),
        recognised_interest=r.optional_term(
            RecognisedLegitimateInterest, m, "recognised_interest", where
        ),
        automated_decision=_automated_decision(r, m, where),
        line=m.line,
        lines=dict(m.key_lines),
    )


def _recipient(r: _Reader, m: _Mapping) -> Recipient:
    rid = r.text(m, "id", "recipient", required=True) or f"line-{m.line}"
    where = f"recipient '{shown(rid)}'"
    r.known_fields(m, {"id", "name", "role", "why", "examples"}, where)
    role = r.optional_term(RecipientRole, m, "role", where)
    if "role" not in m:
        r.problem(m.line, f"{where}: 'role' is required (controller, joint-controller, processor)")
    return Recipient(
        id=rid,
        name=r.text(m, "name", where, required=True),
        role=role or RecipientRole.CONTROLLER,
        why=r.text(m, "why", where),
        examples=r.words(m, "examples", where),
        line=m.line,
    )


def _document(r: _Reader, m: _Mapping) -> DocumentControl:
    where = "notice"
    r.known_fields(m, {"title", "author", "review_cycle", "next_review", "versions"}, where)
    versions = []
    for item in r.items(m, "versions", where):
        v = r.mapping(item, m.line_of("versions"), "notice version")
        r.known_fields(v, {"version", "status", "date", "minute", "description"}, "notice version")
        versions.append(
            NoticeVersionRecord(
                version=r.text(v, "version", "notice version", required=True),
                status=r.optional_term(NoticeStatus, v, "status", "notice version")
                or NoticeStatus.DRAFT,
                date=r.day(v, "date", "notice version", required=True) or date.min,
                minute=r.text(v, "minute", "notice version"),
                description=r.text(v, "description", "notice version"),
                line=v.line,
            )
        )
    return DocumentControl(
        title=r.text(m, "title", where) or "Privacy notice",
        author=r.text(m, "author", where),
        review_cycle=r.text(m, "review_cycle", where, required=True),
        next_review=r.day(m, "next_review", where, required=True),
        versions=tuple(versions),
        line=m.line,
        lines=dict(m.key_lines),
    )


def _cookie(r: _Reader, m: _Mapping) -> Cookie:
    where = "cookie"
    r.known_fields(m, {"name", "purpose", "duration", "essential"}, where)
    return Cookie(
        name=r.text(m, "name", where, required=True),
        purpose=r.text(m, "purpose", where, required=True),
        duration=r.text(m, "duration", where, required=True),
        essential=r.flag(m, "essential", where, False),
        line=m.line,
    )


def parse_register(text: str) -> tuple[Register | None, list[Problem]]:
    """Parse register YAML; returns the register (None if unusable) and the problems.

    Never raises for what the text holds: anchors, tags, over-deep nesting, impossible
    dates and the like are problems with their line (see safe_yaml)."""
    try:
        root, texts, form = safe_yaml.load(text)
    except safe_yaml.Refused as refused:
        return None, [Problem(line, message) for line, message in refused.problems]
    r = _Reader()
    r.problems += [Problem(line, message) for line, message in form]
    try:
        return _register(r, root, text, texts), r.problems
    except _TooMany as stop:
        return None, [*r.problems, too_many(stop.line)]


def _register(r: _Reader, root: _Mapping, text: str, texts: list) -> Register:
    r.known_fields(root, TOP_FIELDS, "register")
    for key in ("controller", "notice", "purposes"):
        if key not in root:
            r.problem(1, f"register: '{key}' section is required")
    controller = _controller(
        r, r.mapping(root.get("controller"), root.line_of("controller"), "controller")
    )
    recipients = {}
    for item in r.items(root, "recipients", "register"):
        recipient = _recipient(r, r.mapping(item, root.line_of("recipients"), "recipient"))
        if recipient.id in recipients:
            r.problem(recipient.line, f"recipient '{shown(recipient.id)}' is listed twice")
        recipients[recipient.id] = recipient
    purposes, seen = [], set()
    for item in r.items(root, "purposes", "register"):
        purpose = _purpose(r, r.mapping(item, root.line_of("purposes"), "purpose"))
        if purpose.id in seen:
            r.problem(purpose.line, f"purpose '{shown(purpose.id)}' is listed twice")
        seen.add(purpose.id)
        purposes.append(purpose)
    cookies = [
        _cookie(r, r.mapping(c, root.line_of("cookies"), "cookie"))
        for c in r.items(root, "cookies", "register")
    ]
    return Register(
        controller=controller,
        purposes=tuple(purposes),
        recipients=recipients,
        document=_document(r, r.mapping(root.get("notice"), root.line_of("notice"), "notice")),
        cookies=tuple(cookies),
        appropriate_policy_document=r.text(root, "appropriate_policy_document", "register"),
        automated_decision_making=r.text(root, "automated_decision_making", "register"),
        source=text,
        texts=tuple(texts),
    )


def read_register_text(path: str | Path) -> tuple[str | None, list[Problem]]:
    """The text of a register file, or the problem that stops it being read as one: over
    1 MB, not UTF-8, binary. OSError (a missing file) is left to the caller."""
    try:
        return safe_yaml.decode(safe_yaml.read_bytes(path)), []
    except safe_yaml.Refused as refused:
        return None, [Problem(refused.line, refused.message)]


def load_register(path: str | Path) -> Register:
    """Load a register for use; raises RegisterError listing every problem in the file.

    Only problems of form stop a register loading; the legal checks (checks.py) are
    reported by `lawful register check` and shown to the data protection lead.
    """
    path = Path(path)
    text, problems = read_register_text(path)
    register = None
    if text is not None:
        register, problems = parse_register(text)
    if problems or register is None:
        raise RegisterError(problems, path)
    return register
