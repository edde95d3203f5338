"""The privacy notice, generated from the register.

`build_notice` turns a Register into a structured document: sections of paragraphs,
lists and tables. Every statement in it is derived from the register and from the
rights table, so the notice cannot say what the organisation does not do.
`render_markdown` and `render_html` only lay the document out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from .register import NoticeVersionRecord, Purpose, Register, RetentionRule, current_version
from .rights import Applies, available_rights, rights_for_basis, rights_for_purpose
from .vocab import ICO_CONTACT, UK, LawfulBasis, OrganisationKind, Right


@dataclass
class Paragraph:
    text: str


@dataclass
class Items:
    items: list[str]


@dataclass
class Facts:
    """Label: value pairs, e.g. 'Lawful basis: public task'."""

    rows: list[tuple[str, str]]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Paragraph | Items | Facts | Table


@dataclass
class Section:
    id: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


@dataclass
class Notice:
    title: str
    intro: str
    sections: list[Section]


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
    lines = []
    for choice in purpose.bases:
        text = f"{_cap(choice.basis.label)} ({choice.basis.article})"
        if choice.applies_to:
            text = f"For {choice.applies_to}: {choice.basis.label} ({choice.basis.article})"
        if choice.explanation:
            text += f". {choice.explanation}"
        if choice.basis is LawfulBasis.LEGITIMATE_INTERESTS and purpose.legitimate_interest:
            text += f". Our legitimate interest: {purpose.legitimate_interest}"
        lines.append(text.rstrip(".") + ".")
    return lines


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    # "The law requires it" -> "the law requires it", but leave "DVLA ..." alone.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _contact_lines(register: Register) -> list[str]:
    c = register.controller
    lines = []
    if c.email:
        lines.append(f"Email: {c.email}")
    if c.phone:
        lines.append(f"Telephone: {c.phone}")
    lines.append(f"Post or in person: {c.name}, {c.address}")
    return lines


_NO_ICO_FEE = (
    "None: elected representatives are exempt from the data protection fee "
    "(Data Protection (Charges and Information) (Amendment) Regulations 2019)"
)

# --- Sections ------------------------------------------------------------------------


def _who_we_are(register: Register) -> Section:
    c = register.controller
    lead = c.data_protection_lead
    rows = [("Controller", c.name), ("Address", c.address)]
    rows += [
        (label, value)
        for label, value in (("Email", c.email), ("Telephone", c.phone), ("Website", c.website))
        if value
    ]
    rows.append(("ICO registration number", c.ico_registration or _NO_ICO_FEE))
    lead_text = ", ".join(x for x in (lead.name, lead.role) if x)
    lead_contact = ", ".join(x for x in (lead.email, lead.phone) if x)
    rows.append(
        ("Data protection lead", f"{lead_text} ({lead_contact})" if lead_contact else lead_text)
    )
    if c.dpo:
        rows.append(
            ("Data Protection Officer", ", ".join(x for x in (c.dpo.name, c.dpo.email) if x))
        )
    blocks: list[Block] = [
        Paragraph(
            f"{c.name} is the controller of the personal information described in this "
            "notice: we decide how and why it is used, and we are responsible to you for it."
        ),
        Facts(rows),
    ]
    if not c.dpo and c.kind in (
        OrganisationKind.PARISH_COUNCIL,
        OrganisationKind.TOWN_COUNCIL,
        OrganisationKind.PARISH_MEETING,
    ):
        blocks.append(
            Paragraph(
                "Parish and town councils are not public authorities for the purpose of "
                "appointing a Data Protection Officer (Data Protection Act 2018, section 7), so "
                "we have not appointed one; our data protection lead answers your questions."
            )
        )
    return Section("who-we-are", "Who we are and how to contact us", blocks)


def _purpose_section(register: Register, purpose: Purpose) -> Section:
    categories = [
        f"{_cap(c.label)}{' (special category)' if c.is_special_category else ''}"
        f"{' (criminal offence data)' if c.is_criminal_offence else ''}"
        for c in purpose.data_categories
    ]
    facts: list[tuple[str, str]] = [
        ("Whose information", "; ".join(_cap(s.label) for s in purpose.data_subjects)),
        ("Where it comes from", "; ".join(_cap(s.label) for s in purpose.sources)),
    ]
    if purpose.special_category_condition:
        cond = purpose.special_category_condition
        facts.append(
            ("Condition for special category data", f"{_cap(cond.label)} ({cond.info.reference})")
        )
    if purpose.criminal_offence_condition:
        cond = purpose.criminal_offence_condition
        facts.append(
            ("Condition for criminal offence data", f"{_cap(cond.label)} ({cond.info.reference})")
        )
    facts.append(("How long we keep it", describe_retention(purpose.retention)))
    if purpose.recipients:
        names = [
            register.recipients[r].name for r in purpose.recipients if r in register.recipients
        ]
        facts.append(("Who we share it with", "; ".join(names)))
    else:
        facts.append(("Who we share it with", "We do not share it."))
    if purpose.direct_marketing:
        channels = ", ".join(c.label for c in purpose.marketing_channels)
        facts.append(("How we contact you", f"Only by the channels you allow: {channels}."))
    blocks: list[Block] = [
        Paragraph(purpose.description),
        Paragraph("What information we use:"),
        Items(categories),
        Paragraph("Our lawful basis:"),
        Items(describe_basis(purpose)),
        Facts(facts),
        Paragraph("Your rights for this use: " + _purpose_rights_text(purpose)),
    ]
    return Section(f"purpose-{purpose.id}", purpose.name, blocks)


def _purpose_rights_text(purpose: Purpose) -> str:
    names = [
        r.label for r in available_rights(purpose) if r not in (Right.INFORMED, Right.COMPLAIN)
    ]
    text = "; ".join(names) + "."
    refusals = []
    for basis, rules in rights_for_purpose(purpose).items():
        erasure = rules[Right.ERASURE]
        if erasure.applies is Applies.NO:
            where = f" (where we rely on {basis.label})" if len(purpose.bases) > 1 else ""
            refusals.append(
                f"Erasure does not apply{where}: {erasure.explanation[0].lower()}"
                f"{erasure.explanation[1:]}"
            )
    if purpose.direct_marketing:
        refusals.append("You can stop this at any time and we will stop at once.")
    return " ".join([text, *refusals])


def _sharing(register: Register) -> Section:
    used_by: dict[str, list[str]] = {}
    for p in register.purposes:
        for rid in p.recipients:
            used_by.setdefault(rid, []).append(p.name)
    rows = [
        [r.name, _cap(r.role.label), r.why or "", "; ".join(used_by.get(r.id, []))]
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
        blocks.append(Table(["Who", "Their role", "Why", "For"], rows))
    else:
        blocks = [Paragraph("We do not share your personal information with anyone.")]
    return Section("sharing", "Who we share your information with", blocks)


def _transfers(register: Register) -> Section:
    rows = []
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
                "Our website records technical information such as IP addresses in its logs: "
                + " ".join(f"see “{p.name}” above." for p in logs)
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


def _rights(register: Register) -> Section:
    contact = "; ".join(_contact_lines(register))
    subsections = []
    by_right: dict[Right, list[str]] = {}
    for p in register.purposes:
        for right in available_rights(p):
            by_right.setdefault(right, []).append(p.name)
    for right in Right:
        if right in (Right.INFORMED, Right.COMPLAIN) or right not in by_right:
            continue
        explanation = _right_explanation(register, right)
        scope = by_right[right]
        applies_to = (
            "This applies to all the uses in this notice."
            if len(scope) == len(register.purposes)
            else "This applies to: " + "; ".join(scope) + "."
        )
        subsections.append(
            Section(
                f"right-{right.value}",
                _cap(right.label),
                [Paragraph(explanation), Paragraph(applies_to)],
            )
        )
    blocks: list[Block] = [
        Paragraph(
            "You can use your rights by contacting us in any way you like: in writing, by "
            "email, by telephone, in person or through social media. You do not need to use a "
            f"form. Contact: {contact}."
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
    ]
    return Section("your-rights", "Your rights", blocks, subsections)


def _right_explanation(register: Register, right: Right) -> str:
    rules = {
        rule.explanation
        for p in register.purposes
        for per_basis in rights_for_purpose(p).values()
        for r, rule in per_basis.items()
        if r is right and rule.available
    }
    return " ".join(sorted(rules))


def _withdraw_consent(register: Register) -> Section | None:
    # Every consent, including explicit consent as the Art 9 condition (Art 7(3)).
    consent_purposes = [
        p.name for p in register.purposes if Right.WITHDRAW_CONSENT in available_rights(p)
    ]
    if not consent_purposes:
        return None
    rule = rights_for_basis(LawfulBasis.CONSENT)[Right.WITHDRAW_CONSENT]
    return Section(
        "withdraw-consent",
        "Withdrawing your consent",
        [
            Paragraph(f"We rely on your consent for: {'; '.join(consent_purposes)}."),
            Paragraph(
                f"{rule.explanation} Use the unsubscribe link in any message we send, or "
                f"contact us: {'; '.join(_contact_lines(register))}. Withdrawing consent does "
                "not affect what we did with your consent before you withdrew it."
            ),
        ],
    )


def _complaints(register: Register) -> Section:
    ico = ICO_CONTACT
    return Section(
        "complaints",
        "How to complain",
        [
            Paragraph(
                f"If you are unhappy with how we have used your information, please complain to "
                f"us first: {'; '.join(_contact_lines(register))}. We acknowledge complaints "
                "within 30 days, investigate them and tell you the outcome without undue delay."
            ),
            Paragraph(
                f"You can also complain to the {ico['name']}, the UK's supervisory authority for "
                f"data protection: {ico['address']}; telephone {ico['phone']}; {ico['website']}. "
                "You may also go to court."
            ),
        ],
    )


def _changes(register: Register, history: Sequence[NoticeVersionRecord]) -> Section:
    doc = register.document
    current = current_version(history)
    rows: list[tuple[str, str]] = []
    if current:
        adopted = current.date.strftime("%-d %B %Y")
        rows.append(("Version", current.version))
        rows.append(
            ("Adopted", f"{adopted}" + (f", minute {current.minute}" if current.minute else ""))
        )
    if doc.next_review:
        rows.append(("Next review", doc.next_review.strftime("%-d %B %Y")))
    rows.append(("Review cycle", doc.review_cycle))
    history = Table(
        ["Version", "Status", "Date", "Minute", "Description"],
        [[v.version, v.status.label, v.date.isoformat(), v.minute, v.description] for v in history],
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
            history,
        ],
    )


def build_notice(
    register: Register, history: Sequence[NoticeVersionRecord] | None = None
) -> Notice:
    """The notice for a register. `history` is the notice's version history when Lawful
    keeps it (notices.NoticeVersion); by default, the register's own document control."""
    c = register.controller
    sections = [
        _who_we_are(register),
        Section(
            "how-we-use",
            "How we use your information",
            [
                Paragraph(
                    "For each thing we do with personal information, this section says what we "
                    "use, why, on what lawful basis, for how long, and who we share it with."
                )
            ],
            [_purpose_section(register, p) for p in register.purposes],
        ),
        _sharing(register),
        _transfers(register),
        _cookies(register),
        _automated(register),
        _rights(register),
        _withdraw_consent(register),
        _complaints(register),
        _changes(register, register.document.versions if history is None else history),
    ]
    return Notice(
        title=f"{c.name}: {register.document.title}",
        intro=(
            f"This notice explains how {c.name} uses personal information, the lawful basis "
            "for each use, how long we keep it, who we share it with, and your rights."
        ),
        sections=[s for s in sections if s is not None],
    )


# --- Layout --------------------------------------------------------------------------


def render_markdown(notice: Notice) -> str:
    out = [f"# {notice.title}", "", notice.intro, ""]
    for section in notice.sections:
        out += _md_section(section, level=2)
    return "\n".join(out).rstrip() + "\n"


def _md_section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {section.heading}", ""]
    for block in section.blocks:
        out += _md_block(block) + [""]
    for sub in section.subsections:
        out += _md_section(sub, level + 1)
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Items):
        return [f"- {item}" for item in block.items]
    if isinstance(block, Facts):
        return [f"- **{label}:** {value}" for label, value in block.rows]
    header = "| " + " | ".join(block.header) + " |"
    rule = "|" + "---|" * len(block.header)
    rows = ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
    return [header, rule, *rows]


def render_html(notice: Notice) -> str:
    """The notice as an HTML fragment (an <article>), every value escaped."""
    toc = "".join(
        f'<li><a href="#{escape(s.id)}">{escape(s.heading)}</a></li>' for s in notice.sections
    )
    parts = [
        '<article class="notice">',
        f"<h1>{escape(notice.title)}</h1>",
        f"<p>{escape(notice.intro)}</p>",
        f'<nav aria-label="Contents"><h2 class="toc-heading">Contents</h2><ol>{toc}</ol></nav>',
    ]
    for section in notice.sections:
        parts.append(_html_section(section, level=2))
    parts.append("</article>")
    return "\n".join(parts)


def _html_section(section: Section, level: int) -> str:
    inner = [f'<h{level} id="{escape(section.id)}">{escape(section.heading)}</h{level}>']
    inner += [_html_block(b) for b in section.blocks]
    inner += [_html_section(s, level + 1) for s in section.subsections]
    return f'<section aria-labelledby="{escape(section.id)}">' + "\n".join(inner) + "</section>"


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.rows)
        return f"<dl>{rows}</dl>"
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
