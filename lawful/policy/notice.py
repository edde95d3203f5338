"""The privacy notice, generated from the register, in layers (the ICO's layered approach).

`build_notice` turns a Register into a structured document: first a summary a resident
can read on one screen (who we are, what we hold, the main uses, your rights, how to
complain), then the detail: each use of personal information, the rights table (once,
by lawful basis, every purpose pointing to its row), sharing, transfers, complaints and
the notice's history. Every statement is derived from the register and from the rights
table (rights.py), so the notice cannot say what the organisation does not do.
`render_markdown`, `render_html` and `render_json` only lay the same document out.
"""

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

import phonenumbers

from .register import NoticeVersionRecord, Purpose, Register, RetentionRule, current_version
from .rights import Applies, RightRule, condition_consent, rights_for_purpose
from .vocab import ICO_CONTACT, UK, LawfulBasis, OrganisationKind, Right

# --- The document --------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # mailto:, tel:, https: or #fragment


@dataclass(frozen=True)
class Legal:
    """A legal reference: kept, but as small print beside the words a resident reads."""

    text: str


@dataclass(frozen=True)
class Small:
    """A gloss in small print, e.g. the plain words under a lawful basis's name."""

    text: str


Inline = str | Link | Legal | Small
Text = str | tuple[Inline, ...]


@dataclass
class Paragraph:
    text: Text


@dataclass
class Items:
    items: list[Text]


@dataclass
class Facts:
    """Label: value pairs, e.g. 'How long we keep it: 6 years'."""

    rows: list[tuple[str, Text]]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Text]]
    # With row ids, each row's first cell is its header (<th scope="row" id=...>), so a
    # purpose can link to "its row" of the rights table.
    row_ids: list[str] = field(default_factory=list)


@dataclass
class LegalDetail:
    """The legal references for what a section says, in one small line."""

    references: list[str]


Block = Paragraph | Items | Facts | Table | LegalDetail


@dataclass
class Section:
    id: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    # The detail a reader opens when they want it (<details> in HTML; inline in Markdown).
    more: list[Block] = field(default_factory=list)
    more_label: str = "More about this"


@dataclass
class NoticePurpose:
    """One use of personal information, with the rights the rights table gives it."""

    purpose: Purpose
    rights: dict[LawfulBasis, dict[Right, RightRule]]
    rights_rows: dict[LawfulBasis, str]  # basis -> id of its row in the rights table
    rights_labels: dict[LawfulBasis, str] = field(default_factory=dict)  # and its name


@dataclass
class Notice:
    title: str
    intro: str
    controller: dict[str, str]
    summary: Section
    sections: list[Section]
    purposes: list[NoticePurpose]


# --- Plain words ---------------------------------------------------------------------


def notice_date(day: date) -> str:
    """The one date style of the notice: 14 May 2026."""
    return f"{day.day} {day:%B %Y}"


def tel_href(number: str) -> str:
    """A telephone link in E.164 (tel:+441632960123), as the UK number is written."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "tel:" + re.sub(r"[^\d+]", "", number)
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _email(address: str) -> Link:
    return Link(address, f"mailto:{address}")


def _phone(number: str) -> Link:
    return Link(number, tel_href(number))


def _web(url: str) -> Link:
    return Link(re.sub(r"^https?://", "", url).rstrip("/"), url)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    # "The law requires it" -> "the law requires it", but leave "DVLA ..." alone.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _join(parts: list[Inline], sep: str = "; ") -> tuple[Inline, ...]:
    out: list[Inline] = []
    for i, part in enumerate(parts):
        if i:
            out.append(sep)
        out.append(part)
    return tuple(out)


def plain(text: Text) -> str:
    """Text without its links or small print, as a resident hears it read."""
    if isinstance(text, str):
        return text
    return "".join(
        p if isinstance(p, str) else f" ({p.text})" if isinstance(p, Small) else p.text
        for p in text
        if not isinstance(p, Legal)
    )


# What a right lets you do, in a few words (the rights table says when and why).
RIGHT_IN_SHORT = {
    Right.ACCESS: "get a copy of your information",
    Right.RECTIFICATION: "have it corrected",
    Right.ERASURE: "have it deleted",
    Right.RESTRICTION: "limit how we use it",
    Right.PORTABILITY: "take it to another organisation",
    Right.OBJECTION: "object to how we use it",
    Right.WITHDRAW_CONSENT: "withdraw your consent",
    Right.AUTOMATED_DECISIONS: "challenge a decision made about you by automated means",
}

# The names the ICO's guidance gives the lawful bases: short enough for a table row.
BASIS_NAME = {
    LawfulBasis.CONSENT: "Consent",
    LawfulBasis.CONTRACT: "Contract",
    LawfulBasis.LEGAL_OBLIGATION: "Legal obligation",
    LawfulBasis.VITAL_INTERESTS: "Vital interests",
    LawfulBasis.PUBLIC_TASK: "Public task",
    LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS: "Recognised legitimate interest",
    LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interests",
}

_ANSWER = {
    Applies.YES: "Yes",
    Applies.NO: "No",
    Applies.BALANCED: "Yes, with limits",
    Applies.ABSOLUTE: "Yes, always",
}


# --- Wording derived from the register ------------------------------------------------


def describe_retention(rule: RetentionRule | None) -> str:
    if rule is None:
        return "No retention period has been set."
    if rule.permanent:
        text = f"Permanently, because {_uncap(rule.reason.rstrip('.'))}"
    elif rule.trigger.is_open_ended and rule.period is None:
        text = rule.trigger.label[0].upper() + rule.trigger.label[1:]
    elif rule.trigger.is_open_ended:
        text = f"{rule.trigger.label[0].upper()}{rule.trigger.label[1:]}, then {rule.period}"
    else:
        text = f"{rule.period} {rule.trigger.label}"
    text = text.rstrip(".") + "."
    if rule.then:
        text += f" After that we keep only: {_uncap(rule.then)}"
    if rule.reason and not rule.permanent:
        text += f" Why: {rule.reason}"
    return text


def describe_basis(purpose: Purpose) -> list[str]:
    """Each lawful basis in plain words; the article goes in the legal detail line."""
    lines = []
    for choice in purpose.bases:
        text = _cap(choice.basis.label)
        if choice.applies_to:
            text = f"For {choice.applies_to}: {choice.basis.label}"
        if choice.explanation:
            text += f". {choice.explanation}"
        if choice.basis is LawfulBasis.LEGITIMATE_INTERESTS and purpose.legitimate_interest:
            text += f". Our legitimate interest: {purpose.legitimate_interest}"
        lines.append(text.rstrip(".") + ".")
    return lines


def _contact_links(register: Register) -> tuple[Inline, ...]:
    c = register.controller
    parts: list[Inline] = []
    if c.email:
        parts += ["email ", _email(c.email)]
    if c.phone:
        parts += ["; telephone " if parts else "telephone ", _phone(c.phone)]
    parts.append(f"{'; ' if parts else ''}or write to us at {c.name}, {c.address}")
    return tuple(parts)


_NO_ICO_FEE = "None: elected representatives are exempt from the data protection fee"
_NO_ICO_FEE_LAW = "Data Protection (Charges and Information) (Amendment) Regulations 2019"

# --- The summary: the first screen -------------------------------------------------------


def _what_we_hold(register: Register) -> str:
    counts: dict = {}
    for p in register.purposes:
        for c in p.data_categories:
            counts[c] = counts.get(c, 0) + 1
    common = [_uncap(c.label) for c in sorted(counts, key=lambda c: -counts[c])[:3]]
    # Semicolons: the labels have commas of their own ("your name, title and ...").
    if len(common) > 1:
        text = "Mostly " + "; ".join(common[:-1]) + f"; and {common[-1]}"
    else:
        text = _cap(common[0]) if common else "Nothing"
    text += ". Each use below says what else it needs."
    sensitive = sorted(
        {c for c in counts if c.is_special_category or c.is_criminal_offence},
        key=list(counts).index,
    )
    if sensitive:
        text += (
            " For some uses we hold sensitive information: "
            + "; ".join(c.label for c in sensitive)
            + "."
        )
    return text


def _summary(register: Register, purposes: list[NoticePurpose]) -> Section:
    c = register.controller
    available = [
        r
        for r in RIGHT_IN_SHORT
        if any(rule[r].available for np in purposes for rule in np.rights.values() if r in rule)
    ]
    rights: list[Block] = [
        Paragraph(
            (
                "You can ask to "
                + ", ".join(RIGHT_IN_SHORT[r] for r in available[:-1])
                + f" or {RIGHT_IN_SHORT[available[-1]]}. Some rights depend on why we hold "
                "your information: ",
                Link("your rights for each use", "#your-rights"),
                ".",
            )
        )
    ]
    if any(rule[Right.OBJECTION].absolute for np in purposes for rule in np.rights.values()):
        rights.append(
            Paragraph(
                "You can always tell us to stop sending you marketing or campaign material, "
                "and we will stop at once."
            )
        )
    rights.append(
        Paragraph(
            (
                "To use your rights, contact us in any way you like: ",
                *_contact_links(register),
                ". It is free, and we answer within one month.",
            )
        )
    )
    return Section(
        "summary",
        "This notice in short",
        subsections=[
            Section(
                "in-short-who",
                "Who we are",
                [
                    Paragraph(
                        f"We are {c.name}, {_WE_ARE.get(c.kind, c.kind.label)}. We are responsible "
                        "for the personal information in this notice."
                    )
                ],
            ),
            Section("in-short-what", "What we hold", [Paragraph(_what_we_hold(register))]),
            Section(
                "in-short-uses",
                "What we use it for",
                [Items([(Link(p.name, f"#purpose-{p.id}"),) for p in register.purposes])],
            ),
            Section("in-short-rights", "Your rights and how to use them", rights),
            Section(
                "in-short-complain",
                "How to complain",
                [
                    Paragraph(
                        (
                            "If you are unhappy, please tell us first. You can also complain "
                            f"to the {ICO_CONTACT['name']} (ICO): telephone ",
                            _phone(ICO_CONTACT["phone"]),
                            " or ",
                            _web(ICO_CONTACT["website"]),
                            ".",
                        )
                    )
                ],
            ),
        ],
    )


# "We are Ashbrook Town Council, a town council": what kind of organisation says "we".
_WE_ARE = {
    OrganisationKind.PARISH_COUNCIL: "a parish council",
    OrganisationKind.TOWN_COUNCIL: "a town council",
    OrganisationKind.PARISH_MEETING: "a parish meeting",
    OrganisationKind.COUNCILLOR: "your elected councillors",
    OrganisationKind.POLITICAL_PARTY: "a local political party",
    OrganisationKind.CAMPAIGN_GROUP: "a campaigning organisation",
    OrganisationKind.OTHER_PUBLIC_AUTHORITY: "a public authority",
}


# --- The detail ------------------------------------------------------------------------


def _who_we_are(register: Register) -> Section:
    c = register.controller
    lead = c.data_protection_lead
    rows: list[tuple[str, Text]] = [("Controller", c.name), ("Address", c.address)]
    if c.email:
        rows.append(("Email", (_email(c.email),)))
    if c.phone:
        rows.append(("Telephone", (_phone(c.phone),)))
    if c.website:
        rows.append(("Website", (_web(c.website),)))
    rows.append(("ICO registration number", c.ico_registration or _NO_ICO_FEE))
    lead_text = ", ".join(x for x in (lead.name, lead.role) if x)
    lead_contact: list[Inline] = [
        *([_email(lead.email)] if lead.email else []),
        *([_phone(lead.phone)] if lead.phone else []),
    ]
    rows.append(
        (
            "Data protection lead",
            (lead_text, " (", *_join(lead_contact, ", "), ")") if lead_contact else lead_text,
        )
    )
    if c.dpo:
        dpo: list[Inline] = [x for x in (c.dpo.name,) if x]
        if c.dpo.email:
            dpo.append(_email(c.dpo.email))
        rows.append(("Data Protection Officer", _join(dpo, ", ")))
    blocks: list[Block] = [
        Paragraph(
            f"{c.name} is the controller of the personal information described in this "
            "notice: we decide how and why it is used, and we are responsible to you for it."
        ),
        Facts(rows),
    ]
    law = []
    if not c.ico_registration:
        law.append(_NO_ICO_FEE_LAW)
    if not c.dpo and c.kind in (
        OrganisationKind.PARISH_COUNCIL,
        OrganisationKind.TOWN_COUNCIL,
        OrganisationKind.PARISH_MEETING,
    ):
        blocks.append(
            Paragraph(
                "Parish and town councils do not have to appoint a Data Protection Officer, "
                "so we have not appointed one; our data protection lead answers your questions."
            )
        )
        law.append("Data Protection Act 2018, section 7(3)")
    if law:
        blocks.append(LegalDetail(law))
    return Section("who-we-are", "Who we are and how to contact us", blocks)


def _purpose_section(register: Register, np: NoticePurpose) -> Section:
    purpose = np.purpose
    categories = [
        f"{_cap(c.label)}{' (special category)' if c.is_special_category else ''}"
        f"{' (criminal offence data)' if c.is_criminal_offence else ''}"
        for c in purpose.data_categories
    ]
    facts: list[tuple[str, Text]] = [
        ("Whose information", "; ".join(_cap(s.label) for s in purpose.data_subjects)),
        ("Where it comes from", "; ".join(_cap(s.label) for s in purpose.sources)),
    ]
    law = [choice.basis.article for choice in purpose.bases]
    for label, cond in (
        ("Sensitive information: why we may use it", purpose.special_category_condition),
        ("Criminal offence information: why we may use it", purpose.criminal_offence_condition),
    ):
        if cond:
            facts.append((label, _cap(cond.label) + "."))
            law.append(cond.info.reference)
    requirement = purpose.requirement
    if requirement is not None:
        facts.append(
            (
                "Do you have to give it to us?",
                f"{_cap(requirement.kind.label).rstrip('.')}. {requirement.consequence}",
            )
        )
    facts.append(("How long we keep it", describe_retention(purpose.retention)))
    names = [register.recipients[r].name for r in purpose.recipients if r in register.recipients]
    facts.append(("Who we share it with", "; ".join(names) if names else "We do not share it."))
    if purpose.direct_marketing:
        facts.append(("How we contact you", _how_we_contact(purpose)))
    rows = [
        Link(
            (f"{_cap(choice.applies_to)}: " if choice.applies_to else "")
            + np.rights_labels[choice.basis],
            f"#{np.rights_rows[choice.basis]}",
        )
        for choice in purpose.bases
    ]
    facts.append(("Your rights", ("See the rights table: ", *_join(rows, "; "), ".")))
    more: list[Block] = [
        Paragraph("What information we use:"),
        Items(categories),
        Paragraph("Why we may use it (our lawful basis):"),
        Items(describe_basis(purpose)),
        Facts(facts),
        LegalDetail(list(dict.fromkeys(law))),
    ]
    return Section(
        f"purpose-{purpose.id}",
        purpose.name,
        [Paragraph(purpose.description)],
        more=more,
        more_label="What we use, why, for how long, who sees it, your rights",
    )


# What, besides the basis, changes a purpose's rights, and how the rights table names it.
_VARIANTS = (
    (lambda p: p.direct_marketing, "for marketing and campaigning"),
    (lambda p: p.marketing_profiling, "choosing what marketing to send you"),
    (lambda p: p.legal_claims, "information kept for legal claims"),
    (lambda p: not p.automated_means, "paper records"),
    (lambda p: condition_consent(p) is not None, "with your explicit consent"),
    (lambda p: p.automated_decision is not None, "decisions made by automated means"),
)


@dataclass
class _RightsRow:
    id: str
    basis: LawfulBasis
    rules: dict[Right, RightRule]
    purposes: list[Purpose]
    label: str = ""


def _rights_rows(register: Register) -> tuple[list[_RightsRow], list[NoticePurpose]]:
    """Group every (purpose, basis) by the rules the rights table gives it: one row each."""
    rows: list[_RightsRow] = []
    purposes: list[NoticePurpose] = []
    for purpose in register.purposes:
        rights = rights_for_purpose(purpose)
        row_of: dict[LawfulBasis, str] = {}
        for basis, rules in rights.items():
            row = next((r for r in rows if r.basis is basis and r.rules == rules), None)
            if row is None:
                same_basis = sum(r.basis is basis for r in rows)
                row_id = f"rights-{basis.value}" + (f"-{same_basis + 1}" if same_basis else "")
                row = _RightsRow(row_id, basis, rules, [])
                rows.append(row)
            row.purposes.append(purpose)
            row_of[basis] = row.id
        purposes.append(NoticePurpose(purpose, rights, row_of))
    rows.sort(key=lambda r: list(LawfulBasis).index(r.basis))
    for row in rows:
        siblings = [r for r in rows if r.basis is row.basis]
        row.label = BASIS_NAME.get(row.basis, _cap(row.basis.label))
        if len(siblings) > 1:
            row.label += _variant_label(row, siblings)
    label_of = {row.id: row.label for row in rows}
    for np in purposes:
        np.rights_labels = {b: label_of[row_id] for b, row_id in np.rights_rows.items()}
    return rows, purposes


def _variant_label(row: _RightsRow, siblings: list[_RightsRow]) -> str:
    def flagged(r: _RightsRow, test) -> bool:
        return all(test(p) for p in r.purposes)

    words = [
        label
        for test, label in _VARIANTS
        if flagged(row, test) and not all(flagged(s, test) for s in siblings)
    ]
    if words:
        return ": " + ", ".join(words)
    if sum(not _distinct_words(s, siblings) for s in siblings) == 1:
        return ""  # the basis's usual rights; its siblings carry the qualifiers
    return ": for " + "; ".join(p.name for p in row.purposes)


def _distinct_words(row: _RightsRow, siblings: list[_RightsRow]) -> bool:
    return any(
        all(test(p) for p in row.purposes)
        and not all(all(test(p) for p in s.purposes) for s in siblings)
        for test, _ in _VARIANTS
    )


def _rights(register: Register, rows: list[_RightsRow]) -> Section:
    shown = [r for r in Right if r not in (Right.INFORMED, Right.COMPLAIN)]
    # A right with the same rule in every row is said once, above the table.
    always = [
        r
        for r in shown
        if all(r in row.rules for row in rows) and len({row.rules[r] for row in rows}) == 1
    ]
    varying = [r for r in shown if r not in always and any(r in row.rules for row in rows)]
    blocks: list[Block] = []
    if always:
        blocks.append(Paragraph("Whatever the reason we hold your information:"))
        blocks.append(Items([_always_item(r, rows[0].rules[r]) for r in always]))
    if varying:
        # In each column a plain "Yes" stands for what the column says; a "No" or a limit
        # that several rows share is explained once, under the table.
        shared = {
            r: _usual_rules([row.rules[r] for row in rows if r in row.rules]) for r in varying
        }
        blocks.append(
            Paragraph(
                "Other rights depend on our lawful basis: why the law lets us use your "
                "information. Each use above links to its row of this table."
            )
        )
        blocks.append(
            Table(
                ["Our lawful basis", *(_cap(RIGHT_IN_SHORT[r]) for r in varying)],
                [
                    [
                        (row.label, Small(_cap(row.basis.label))),
                        *(_cell(row.rules.get(r), shared[r]) for r in varying),
                    ]
                    for row in rows
                ],
                row_ids=[row.id for row in rows],
            )
        )
        notes = [
            (f"{_cap(RIGHT_IN_SHORT[r])}, “{_ANSWER[rule.applies]}”: {rule.explanation}",)
            + _legal(rule)
            for r in varying
            for rule in sorted(shared[r], key=lambda x: list(Applies).index(x.applies))
        ]
        if notes:
            blocks += [Paragraph("What the answers in the table mean:"), Items(notes)]
    blocks += [
        Paragraph(
            (
                "You can use your rights by contacting us in any way you like: in writing, by "
                "email, by telephone, in person or through social media. You do not need to "
                "use a form. Contact us: ",
                *_contact_links(register),
                ".",
            )
        ),
        Paragraph(
            "We respond without undue delay and at the latest within one month of receiving "
            "your request. If we reasonably need proof of your identity, or of someone's "
            "authority to act for you, the month starts when we receive it. If we need to ask "
            "what your request covers, the days until you answer do not count. For complex or "
            "multiple requests we may extend the time by up to two further months; if so we "
            "will tell you why within the first month."
        ),
        Paragraph(
            "Using your rights is free. We may charge a reasonable fee only for further copies, "
            "or refuse or charge for a request that is manifestly unfounded or excessive; we "
            "will explain why, and you can complain about that decision."
        ),
        Paragraph(
            "When we correct, erase or restrict your information, we tell everyone we have "
            "shared it with, unless that is impossible or would take disproportionate effort."
        ),
        LegalDetail(["UK GDPR Articles 12 and 15 to 22", "DPA 2018 section 164A"]),
    ]
    return Section("your-rights", "Your rights", blocks)


def _always_item(right: Right, rule: RightRule) -> Text:
    if rule.applies is Applies.NO:
        return (rule.explanation, *_legal(rule))
    return (f"{_cap(RIGHT_IN_SHORT[right])}: {rule.explanation}", *_legal(rule))


def _legal(rule: RightRule) -> tuple[Inline, ...]:
    return (" ", Legal(rule.reference)) if rule.reference else ()


def _usual_rules(column: list[RightRule]) -> set[RightRule]:
    """For each answer in a column, its most common rule: a short "Yes." or "No." in the
    cell stands for it, explained under the table; any other rule is spelled out."""
    usual: dict[Applies, RightRule] = {}
    for rule, _ in Counter(column).most_common():
        usual.setdefault(rule.applies, rule)
    return set(usual.values())


def _cell(rule: RightRule | None, explained_below: set[RightRule]) -> Text:
    if rule is None:
        return "No."
    if rule in explained_below:
        return (f"{_ANSWER[rule.applies]}.",)
    return (f"{_ANSWER[rule.applies]}. {rule.explanation}", *_legal(rule))


def _sharing(register: Register) -> Section:
    used_by: dict[str, list[str]] = {}
    for p in register.purposes:
        for rid in p.recipients:
            used_by.setdefault(rid, []).append(p.name)
    # Each use says whom it is shared with; this table says who they are.
    rows: list[list[Text]] = [
        [r.name, _cap(r.role.label), r.why or ""]
        for r in register.recipients.values()
        if r.id in used_by
    ]
    blocks: list[Block] = [
        Paragraph(
            "We share only what each recipient needs. Processors act only on our written "
            "instructions; independent controllers are responsible to you for their own use."
        )
    ]
    if rows:
        blocks.append(Table(["Who", "Their role", "Why"], rows))
    else:
        blocks = [Paragraph("We do not share your personal information with anyone.")]
    return Section("sharing", "Who we share your information with", blocks)


def _transfers(register: Register) -> Section:
    rows: list[list[Text]] = []
    for p in register.purposes:
        for t in p.transfers:
            if t.country == UK:
                continue
            recipient = register.recipients.get(t.recipient)
            safeguard = t.safeguard.label if t.safeguard else "no safeguard recorded"
            rows.append(
                [recipient.name if recipient else t.recipient, t.country, p.name, _cap(safeguard)]
            )
    if not rows:
        blocks: list[Block] = [
            Paragraph("We do not transfer your personal information outside the UK.")
        ]
    else:
        blocks = [
            Paragraph(
                "Some of our service providers store information outside the UK. Each "
                "transfer is protected as shown below; ask us for a copy of the safeguard."
            ),
            Table(["Recipient", "Country", "For", "Safeguard"], rows),
            LegalDetail(["UK GDPR Articles 44 to 46"]),
        ]
    return Section("transfers", "Transfers outside the UK", blocks)


def _cookies(register: Register) -> Section | None:
    logs = [
        p
        for p in register.purposes
        if any(c.value == "online-identifiers" for c in p.data_categories)
    ]
    if not register.cookies and not logs:
        return None
    blocks: list[Block] = []
    if logs:
        blocks.append(
            Paragraph(
                (
                    "Our website records technical information such as IP addresses in its "
                    "logs: see ",
                    *_join([Link(f"“{p.name}”", f"#purpose-{p.id}") for p in logs], ", "),
                    ".",
                )
            )
        )
    if register.cookies:
        blocks.append(
            Table(
                ["Cookie", "What it does", "How long it lasts", "Strictly necessary"],
                [
                    [c.name, c.purpose, c.duration, "Yes" if c.essential else "No: we ask first"]
                    for c in register.cookies
                ],
            )
        )
    return Section("cookies", "Cookies and website logs", blocks)


def _automated(register: Register) -> Section:
    text = register.automated_decision_making or (
        "We do not make decisions about you by automated means alone, and we do not "
        "profile you in a way that has legal or similarly significant effects on you."
    )
    return Section("automated", "Automated decision-making", [Paragraph(text)])


def _labels(channels) -> str:
    labels = [c.label for c in channels]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _how_we_contact(purpose) -> str:
    """The channels of a direct-marketing purpose, the rule each follows (PECR: consent
    to each electronic channel separately), and how to stop each (lawful.policy.contact,
    the rules lawful.consent applies to every list and send)."""
    from .contact import needs_consent
    from .vocab import ContactChannel

    consented = [c for c in purpose.marketing_channels if needs_consent(purpose, c)]
    other = [c for c in purpose.marketing_channels if c not in consented]
    parts = []
    if consented:
        parts.append(
            f"By {_labels(consented)} only if you agree, to each one separately: nothing "
            "is ticked for you."
        )
    if other:
        parts.append(f"By {_labels(other)} unless you tell us not to.")
    if ContactChannel.LIVE_CALL in other:
        parts.append("We do not call a number registered with the Telephone Preference Service.")
    electronic = [c for c in purpose.marketing_channels if c.is_electronic_marketing]
    how = (
        "use the unsubscribe link in any message, the link to your choices in every email, "
        "or tell us in any way"
        if electronic
        else "tell us in any way: in writing, by email, by telephone or in person"
    )
    parts.append(
        f"You can stop any of them at any time, and it takes effect at once: {how}. If you "
        "object to our marketing, we stop it on every channel."
    )
    return " ".join(parts)


def _withdraw_consent(register: Register, purposes: list[NoticePurpose]) -> Section | None:
    consenting = [
        np
        for np in purposes
        if any(
            Right.WITHDRAW_CONSENT in rules and rules[Right.WITHDRAW_CONSENT].available
            for rules in np.rights.values()
        )
    ]
    if not consenting:
        return None
    rule = next(
        rules[Right.WITHDRAW_CONSENT]
        for np in consenting
        for rules in np.rights.values()
        if rules[Right.WITHDRAW_CONSENT].available
    )
    links = [Link(np.purpose.name, f"#purpose-{np.purpose.id}") for np in consenting]
    return Section(
        "withdraw-consent",
        "Withdrawing your consent",
        [
            Paragraph(("We rely on your consent for: ", *_join(links), ".")),
            Paragraph(
                (
                    f"{rule.explanation} Use the unsubscribe link in any message we send "
                    "(your email program's own unsubscribe button works too), the link to "
                    "your choices at the foot of every email, where you can see each consent "
                    "you have given and withdraw any of them in one click, or contact us: ",
                    *_contact_links(register),
                    ". Withdrawing consent does not affect what we did with your consent "
                    "before you withdrew it.",
                )
            ),
            LegalDetail([rule.reference] if rule.reference else []),
        ],
    )


def _complaints(register: Register) -> Section:
    ico = ICO_CONTACT
    return Section(
        "complaints",
        "How to complain",
        [
            Paragraph(
                (
                    "If you are unhappy with how we have used your information, please complain "
                    "to us first: ",
                    *_contact_links(register),
                    ". We acknowledge complaints within 30 days, investigate them and tell you "
                    "the outcome without undue delay.",
                )
            ),
            Paragraph(
                (
                    f"You can also complain to the {ico['name']}, the UK's supervisory "
                    f"authority for data protection: {ico['address']}; telephone ",
                    _phone(ico["phone"]),
                    "; ",
                    _web(ico["website"]),
                    ". You may also go to court.",
                )
            ),
            LegalDetail(["DPA 2018 sections 164A and 165", "UK GDPR Articles 77 to 79"]),
        ],
    )


def _changes(register: Register, history: Sequence[NoticeVersionRecord]) -> Section:
    doc = register.document
    current = current_version(history)
    rows: list[tuple[str, Text]] = []
    if current:
        rows.append(("Version", current.version))
        rows.append(
            (
                "Adopted",
                notice_date(current.date)
                + (f", minute {current.minute}" if current.minute else ""),
            )
        )
    if doc.next_review:
        rows.append(("Next review", notice_date(doc.next_review)))
    rows.append(("Review cycle", doc.review_cycle))
    table = Table(
        ["Version", "Status", "Date", "Minute", "Description"],
        [
            [v.version, v.status.label, notice_date(v.date), v.minute, v.description]
            for v in history
        ],
    )
    return Section(
        "changes",
        "Changes to this notice",
        [
            Paragraph(
                "If we want to use your information for a new purpose, we will update this "
                "notice and tell you before we start, and ask for your consent where consent is "
                "the basis."
            ),
            Facts(rows),
            table,
        ],
    )


def build_notice(
    register: Register, history: Sequence[NoticeVersionRecord] | None = None
) -> Notice:
    """The notice for a register. `history` is the notice's version history when Lawful
    keeps it (notices.NoticeVersion); by default, the register's own document control."""
    c = register.controller
    rows, purposes = _rights_rows(register)
    sections = [
        _who_we_are(register),
        Section(
            "how-we-use",
            "How we use your information",
            [
                Paragraph(
                    "Each use below says what we use, why, on what lawful basis, for how long, "
                    "who we share it with, whether you have to give it to us, and your rights."
                )
            ],
            [_purpose_section(register, np) for np in purposes],
        ),
        _rights(register, rows),
        _withdraw_consent(register, purposes),
        _sharing(register),
        _transfers(register),
        _cookies(register),
        _automated(register),
        _complaints(register),
        _changes(register, register.document.versions if history is None else history),
    ]
    return Notice(
        title=f"{c.name}: {register.document.title}",
        intro=(
            f"This notice explains how {c.name} uses personal information about you. "
            "The summary comes first; the detail follows."
        ),
        controller={
            "name": c.name,
            "address": c.address,
            "email": c.email,
            "phone": c.phone,
            "website": c.website,
            "ico_registration": c.ico_registration,
        },
        summary=_summary(register, purposes),
        sections=[s for s in sections if s is not None],
        purposes=purposes,
    )


# --- Layout: Markdown ----------------------------------------------------------------------


def render_markdown(notice: Notice) -> str:
    out = [f"# {notice.title}", "", notice.intro, ""]
    for section in [notice.summary, *notice.sections]:
        out += _md_section(section, level=2)
    return "\n".join(out).rstrip() + "\n"


def _md_section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {section.heading}", ""]
    for block in [*section.blocks, *section.more]:
        out += _md_block(block) + [""]
    for sub in section.subsections:
        out += _md_section(sub, level + 1)
    return out


def _md_text(text: Text) -> str:
    if isinstance(text, str):
        return text
    out = []
    for part in text:
        if isinstance(part, Link):
            out.append(f"[{part.text}]({part.href})")
        elif isinstance(part, Legal):
            out.append(f"*({part.text})*")
        elif isinstance(part, Small):
            out.append(f" ({part.text})")
        else:
            out.append(part)
    return "".join(out)


def _md_cell(text: Text) -> str:
    return _md_text(text).replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [_md_text(block.text)]
    if isinstance(block, Items):
        return [f"- {_md_text(item)}" for item in block.items]
    if isinstance(block, Facts):
        return [f"- **{label}:** {_md_text(value)}" for label, value in block.rows]
    if isinstance(block, LegalDetail):
        return [f"*Legal detail: {'; '.join(block.references)}.*"] if block.references else []
    header = "| " + " | ".join(block.header) + " |"
    rule = "|" + "---|" * len(block.header)
    rows = ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
    return [header, rule, *rows]


# --- Layout: HTML ----------------------------------------------------------------------------

_EMAIL_OR_URL = re.compile(
    r"(?P<url>https?://[^\s<>\"');,]+[^\s<>\"');,.])|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


def _html_free_text(text: str) -> str:
    """Escape register text, linking the email and web addresses and valid phone numbers."""
    out, pos = [], 0
    spans = [(m.start(), m.end(), m) for m in _EMAIL_OR_URL.finditer(text)]
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        if not any(s < match.end and match.start < e for s, e, _ in spans):
            spans.append((match.start, match.end, match))
    for start, end, match in sorted(spans, key=lambda s: s[0]):
        out.append(escape(text[pos:start]))
        raw = text[start:end]
        if isinstance(match, re.Match) and match["email"]:
            href = f"mailto:{raw}"
        elif isinstance(match, re.Match):
            href = raw
        else:
            href = tel_href(raw)
        out.append(f'<a href="{escape(href)}">{escape(raw)}</a>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _html_text(text: Text) -> str:
    if isinstance(text, str):
        return _html_free_text(text)
    out = []
    for part in text:
        if isinstance(part, Link):
            out.append(f'<a href="{escape(part.href)}">{escape(part.text)}</a>')
        elif isinstance(part, Legal):
            out.append(f'<small class="legal">{escape(part.text)}</small>')
        elif isinstance(part, Small):
            out.append(f'<small class="gloss">{escape(part.text)}</small>')
        else:
            out.append(_html_free_text(part))
    return "".join(out)


_TO_TOP = '<p class="to-top"><a href="#top">Back to top</a></p>'


def render_html(notice: Notice, *, expanded: bool = False, pdf_href: str = "") -> str:
    """The notice as an HTML fragment (an <article>), every value escaped.

    `expanded` opens every collapsible part (for the PDF); `pdf_href`, when given, offers
    the adopted notice as a PDF just below the introduction."""
    toc = "".join(_toc_entry(s) for s in notice.sections)
    parts = [
        '<article class="notice" id="top">',
        f"<h1>{escape(notice.title)}</h1>",
        f'<p class="intro">{escape(notice.intro)}</p>',
        f'<p class="notice-actions"><a href="{escape(pdf_href)}">Download the adopted notice '
        "as a PDF</a></p>"
        if pdf_href
        else "",
        _html_section(notice.summary, 2, expanded, summary=True),
        f'<nav aria-labelledby="contents" class="contents"><h2 id="contents">Contents</h2>'
        f"<ol>{toc}</ol></nav>",
    ]
    for section in notice.sections:
        parts.append(_html_section(section, 2, expanded))
    parts.append("</article>")
    return "\n".join(parts)


def _toc_entry(section: Section) -> str:
    """A contents line; a section's own parts (each use) in a list that opens beneath it."""
    link = f'<a href="#{escape(section.id)}">{escape(section.heading)}</a>'
    if not section.subsections:
        return f"<li>{link}</li>"
    subs = "".join(
        f'<li><a href="#{escape(s.id)}">{escape(s.heading)}</a></li>' for s in section.subsections
    )
    return (
        f"<li>{link}<details><summary>Each of the {len(section.subsections)} uses</summary>"
        f"<ol>{subs}</ol></details></li>"
    )


def _html_section(section: Section, level: int, expanded: bool, summary: bool = False) -> str:
    sid = escape(section.id)
    inner = [f'<h{level} id="{sid}">{escape(section.heading)}</h{level}>']
    inner += [_html_block(b) for b in section.blocks]
    if section.more:
        inner.append(
            f"<details{' open' if expanded else ''}><summary>{escape(section.more_label)}"
            "</summary>" + "\n".join(_html_block(b) for b in section.more) + "</details>"
        )
    inner += [_html_section(s, level + 1, expanded) for s in section.subsections]
    if level == 2 and not summary:
        inner.append(_TO_TOP)
    css = ' class="summary"' if summary else (' class="purpose"' if section.more else "")
    # Only the main sections are landmarks: a screen reader's list of regions stays short.
    label = f' aria-labelledby="{sid}"' if level == 2 else ""
    return f"<section{label}{css}>" + "\n".join(inner) + "</section>"


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_html_text(block.text)}</p>"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{_html_text(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{_html_text(v)}</dd>" for k, v in block.rows)
        return f"<dl>{rows}</dl>"
    if isinstance(block, LegalDetail):
        if not block.references:
            return ""
        return (
            f'<p class="legal-detail"><small>Legal detail: '
            f"{escape('; '.join(block.references))}.</small></p>"
        )
    return _html_table(block)


def _html_table(block: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
    body = []
    for i, row in enumerate(block.rows):
        cells = []
        for j, cell in enumerate(row):
            label = escape(block.header[j])
            if j == 0 and block.row_ids:
                cells.append(
                    f'<th scope="row" id="{escape(block.row_ids[i])}">{_html_text(cell)}</th>'
                )
            else:
                cells.append(f'<td data-label="{label}">{_html_text(cell)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="table"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# --- Layout: JSON ----------------------------------------------------------------------------


def notice_data(notice: Notice) -> dict:
    """The notice as data: the same document, with each purpose's bases, rights and
    Art 13(2)(e) requirement taken from the rights table and the register."""
    return {
        "title": notice.title,
        "intro": notice.intro,
        "controller": notice.controller,
        "summary": _section_data(notice.summary),
        "sections": [_section_data(s) for s in notice.sections],
        "purposes": [_purpose_data(np) for np in notice.purposes],
    }


def render_json(notice: Notice) -> str:
    return json.dumps(notice_data(notice), indent=2, ensure_ascii=False) + "\n"


def _purpose_data(np: NoticePurpose) -> dict:
    purpose = np.purpose
    requirement = purpose.requirement
    rights = []
    for right in Right:
        rules = {basis: r[right] for basis, r in np.rights.items() if right in r}
        if not rules:
            continue
        entry = {
            "id": right.value,
            "applies": any(rule.available for rule in rules.values()),
            "by_basis": {basis.value: rule.applies.value for basis, rule in rules.items()},
        }
        if right is Right.OBJECTION:
            entry["absolute"] = any(rule.absolute for rule in rules.values())
        rights.append(entry)
    return {
        "id": purpose.id,
        "name": purpose.name,
        "bases": [choice.basis.value for choice in purpose.bases],
        "rights": rights,
        "rights_table_rows": {b.value: row for b, row in np.rights_rows.items()},
        "requirement": None
        if requirement is None
        else {
            "kind": requirement.kind.value,
            "label": requirement.kind.label,
            "consequence": requirement.consequence,
        },
    }


def _section_data(section: Section) -> dict:
    data: dict = {
        "id": section.id,
        "heading": section.heading,
        "blocks": [_block_data(b) for b in [*section.blocks, *section.more]],
    }
    if section.subsections:
        data["subsections"] = [_section_data(s) for s in section.subsections]
    return data


def _block_data(block: Block) -> dict:
    if isinstance(block, Paragraph):
        return {"paragraph": plain(block.text)}
    if isinstance(block, Items):
        return {"items": [plain(i) for i in block.items]}
    if isinstance(block, Facts):
        return {"facts": [{"label": k, "value": plain(v)} for k, v in block.rows]}
    if isinstance(block, LegalDetail):
        return {"legal_detail": block.references}
    return {"table": {"header": block.header, "rows": [[plain(c) for c in r] for r in block.rows]}}
