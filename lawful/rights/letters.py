"""Letters to a requester: acknowledgement, identity request, clarification request,
extension notice, refusal, completion. Each organisation may reword each kind.

    letter = render_letter(rights_request, LetterKind.ACKNOWLEDGEMENT)  # subject, text, html
    pdf = letter_pdf(letter)                                             # for post
    send_letter(rights_request, kind, actor=clerk, channel="email")      # sends and records

A template is plain text (a blank line starts a paragraph) with `{{ ... }}` for the
request's details and `{% if %}`/`{% for %}`; it runs in an engine that knows only those
tags and the escaping filters (lawful.rights.letter_tags), over a context of plain
strings built here from the request, with autoescaping on. The organisation's wording
comes from its LetterTemplate; without one, from templates/rights/letters/<kind>.txt.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone
from django.utils.safestring import mark_safe

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy.notice import notice_date
from lawful.policy.vocab import ICO_CONTACT

from .pack_models import Letter, LetterChannel, LetterKind, LetterTemplate

DEFAULTS = Path(__file__).parent / "templates" / "rights" / "letters"
MAX_TEMPLATE_LENGTH = 20_000


class LetterEngine(Engine):
    # Only the letter library: Django's default tags (load, include, debug, ...) are out.
    default_builtins = ["lawful.rights.letter_tags"]


@cache
def _engine() -> Engine:
    return LetterEngine(autoescape=True, debug=False, string_if_invalid="", loaders=[])


class LetterProblem(ValueError):
    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    subject: str
    text: str  # for the email's plain-text part
    html: str  # the body as paragraphs, escaped
    organisation: str


def default_wording(kind: str) -> tuple[str, str]:
    """(subject, body) of the default template of a kind of letter."""
    text = (DEFAULTS / f"{kind}.txt").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"


def wording(organisation, kind: str) -> tuple[str, str]:
    """The organisation's (subject, body) for this kind of letter, or the default."""
    own = LetterTemplate.objects.for_org(organisation).filter(kind=kind).first()
    return (own.subject, own.body) if own else default_wording(kind)


def check_template(subject: str, body: str) -> None:
    """Refuse a template that cannot be rendered, naming the line."""
    if not subject.strip():
        raise LetterProblem("subject", "write the letter's subject")
    if not body.strip():
        raise LetterProblem("body", "write the letter")
    if len(body) > MAX_TEMPLATE_LENGTH:
        raise LetterProblem("body", f"a letter is at most {MAX_TEMPLATE_LENGTH:,} characters")
    for field, text in (("subject", subject), ("body", body)):
        if "<" in re.sub(r"{{.*?}}|{%.*?%}", "", text):
            raise LetterProblem(
                field, "letters are plain text: write no HTML (Lawful lays the letter out)"
            )
        try:
            _engine().from_string(text)
        except TemplateSyntaxError as error:
            line = _error_line(text, error)
            raise LetterProblem(field, f"line {line}: {error}") from None
        _check_details(field, text)


# Every detail a letter may use, as written in a template ({{ request.due_on }}).
DETAILS = (
    "organisation.name",
    "organisation.address",
    "organisation.email",
    "organisation.phone",
    "organisation.lead",
    "requester.name",
    "request.reference",
    "request.kind",
    "request.received_on",
    "request.due_on",
    "request.details",
    "request.extension_reason",
    "reason",
    "today",
    "ico.name",
    "ico.website",
    "ico.phone",
    "ico.address",
)
_VARIABLE = re.compile(r"{{\s*([A-Za-z_][\w.]*)")
_LOOP_NAMES = re.compile(r"{%\s*(?:for|with)\s+(.+?)\s+(?:in\b|%})")


def _check_details(field: str, text: str) -> None:
    """A misspelt detail would print nothing in every letter: refuse it, naming the line."""
    known = set(DETAILS) | {d.split(".")[0] for d in DETAILS}
    bound = {
        name.split("=")[0].strip()
        for found in _LOOP_NAMES.findall(text)
        for name in re.split(r"[,\s]+", found)
        if name and name != "as"
    }
    for number, line in enumerate(text.splitlines(), start=1):
        for name in _VARIABLE.findall(line):
            if name in known or name.split(".")[0] in bound or name == "forloop":
                continue
            if name.startswith("forloop."):
                continue
            raise LetterProblem(
                field,
                f"line {number}: {{{{ {name} }}}} is not a detail a letter can use (these "
                f"can: {', '.join(DETAILS)})",
            )


def _error_line(text: str, error: TemplateSyntaxError) -> int:
    info = getattr(error, "template_debug", None)
    if info:
        return info.get("line", 1)
    token = getattr(error, "token", None)
    if token is not None and getattr(token, "lineno", None):
        return token.lineno
    match = re.search(r"'([^']+)'", str(error))
    if match:
        for number, line in enumerate(text.splitlines(), start=1):
            if match.group(1) in line:
                return number
    return 1


def save_template(organisation, kind: str, *, subject: str, body: str, actor) -> LetterTemplate:
    if kind not in LetterKind.values:
        raise LetterProblem("kind", f"{kind!r} is not a kind of letter")
    check_template(subject, body)
    with transaction.atomic():
        template, _ = LetterTemplate.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            defaults={"subject": subject.strip(), "body": body, "updated_by": actor},
        )
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=template,
            organisation=organisation,
            summary=f"reworded the {LetterKind(kind).label} letter",
        )
    return template


def _day(value: date | None) -> str:
    return notice_date(value) if value else ""


def letter_context(rights_request, *, reason: str = "", today: date | None = None) -> dict:
    """The details a letter may use: plain strings only (nothing with methods to call)."""
    organisation = rights_request.organisation
    try:
        controller = register_in_force(organisation).controller
        org = {
            "name": controller.name,
            "address": controller.address,
            "email": controller.email,
            "phone": controller.phone,
            "lead": controller.data_protection_lead.name,
        }
    except NoRegisterInForce:
        org = {"name": organisation.name, "address": "", "email": "", "phone": "", "lead": ""}
    return {
        "organisation": org,
        "requester": {"name": rights_request.requester_name},
        "request": {
            "reference": rights_request.reference,
            "kind": rights_request.get_kind_display(),
            "received_on": _day(rights_request.received_on),
            "due_on": _day(rights_request.due_on),
            "details": rights_request.details,
            "extension_reason": rights_request.extension_reason,
        },
        "reason": reason,
        "today": _day(today or timezone.localdate()),
        "ico": dict(ICO_CONTACT),
    }


def render_letter(rights_request, kind: str, *, reason: str = "", today=None) -> RenderedLetter:
    """The letter, rendered from the organisation's template and the request."""
    if kind not in LetterKind.values:
        raise LetterProblem("kind", f"{kind!r} is not a kind of letter")
    subject_template, body_template = wording(rights_request.organisation, kind)
    return _render(rights_request, kind, subject_template, body_template, reason, today)


def preview_letter(organisation, kind: str, *, subject: str, body: str) -> RenderedLetter:
    """A proposed wording, checked as save_template checks it, rendered for an invented
    request (nothing is stored, no one's details are used)."""
    from .models import RequestKind, RightsRequest, Via

    if kind not in LetterKind.values:
        raise LetterProblem("kind", f"{kind!r} is not a kind of letter")
    check_template(subject, body)
    today = timezone.localdate()
    sample = RightsRequest(
        organisation=organisation,
        kind=RequestKind.ACCESS,
        via=Via.EMAIL,
        received_on=today,
        due_on=today,
        requester_name="A. Resident",
        details="Please send me a copy of what you hold about me.",
        extension_reason="(the reason for the extension)",
    )
    return _render(sample, kind, subject, body, "(the reason you give)", today)


def _render(rights_request, kind, subject_template, body_template, reason, today):
    context = Context(letter_context(rights_request, reason=reason, today=today), autoescape=True)
    engine = _engine()
    subject_html = engine.from_string(subject_template).render(context)
    body_html = engine.from_string(body_template).render(context)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body_html) if p.strip()]
    body = "".join(
        "<p>" + "<br>".join(line.strip() for line in p.splitlines()) + "</p>" for p in paragraphs
    )
    return RenderedLetter(
        kind=kind,
        subject=" ".join(html.unescape(subject_html).split()),
        text="\n\n".join(html.unescape(p) for p in paragraphs) + "\n",
        html=body,
        organisation=context["organisation"]["name"],
    )


def letter_pdf(letter: RenderedLetter) -> bytes:
    from django.template.loader import render_to_string

    page = render_to_string(
        "rights/letter_pdf.html",
        {
            "organisation": letter.organisation,
            "subject": letter.subject,
            # Rendered with autoescaping from plain-text templates (no HTML allowed).
            "body": mark_safe(letter.html),  # noqa: S308
        },
    )
    from weasyprint import CSS, HTML

    return HTML(string=page).write_pdf(stylesheets=[CSS(string=LETTER_CSS)])


LETTER_CSS = """
@page { size: A4; margin: 25mm 22mm; }
body { font: 11pt/1.5 "DejaVu Sans", sans-serif; color: #111; }
.from { text-align: right; margin-bottom: 12mm; }
h1 { font-size: 12pt; margin: 0 0 6mm; }
"""


def send_letter(
    rights_request,
    kind: str,
    *,
    actor,
    channel: str = LetterChannel.EMAIL,
    reason: str = "",
    sent_on: date | None = None,
) -> tuple[Letter, RenderedLetter]:
    """Send (by email) or make for post (a PDF) the letter, and record that it was sent."""
    if channel not in LetterChannel.values:
        raise LetterProblem("channel", f"{channel!r}: send by email or post")
    if kind == LetterKind.REFUSAL and not reason.strip():
        raise LetterProblem("reason", "a refusal must give its reasons")
    if kind == LetterKind.EXTENSION_NOTICE and not (
        reason.strip() or rights_request.extension_reason
    ):
        raise LetterProblem("reason", "an extension notice must give the reason")
    if channel == LetterChannel.EMAIL and not rights_request.requester_email:
        raise LetterProblem("channel", "the requester gave no email address: send it by post")
    letter = render_letter(rights_request, kind, reason=reason, today=sent_on)
    with transaction.atomic():
        sent = Letter.objects.create(
            organisation_id=rights_request.organisation_id,
            request=rights_request,
            kind=kind,
            channel=channel,
            sent_on=sent_on or timezone.localdate(),
            sent_by=actor,
        )
        record(
            # A letter to the person themselves: not a disclosure to a recipient.
            AuditAction.CREATE,
            actor=actor,
            target=sent,
            person=rights_request.person_id,
            organisation=rights_request.organisation_id,
            summary=f"sent the {LetterKind(kind).label} letter for request "
            f"{rights_request.reference} by {LetterChannel(channel).label}",
        )
        if channel == LetterChannel.EMAIL:
            message = EmailMultiAlternatives(
                subject=letter.subject, body=letter.text, to=[rights_request.requester_email]
            )
            message.attach_alternative(
                f"<!doctype html><html><body>{letter.html}</body></html>", "text/html"
            )
            # Inside the transaction: a failure to send records nothing.
            message.send(fail_silently=False)
        if kind in (LetterKind.COMPLETION, LetterKind.REFUSAL):
            # The reply is sent: an erased person's request keeps their details no longer.
            from .personal_data import forget_requester_once_answered

            forget_requester_once_answered(rights_request, actor=actor)
    return sent, letter


__all__ = [
    "LetterEngine",
    "LetterProblem",
    "RenderedLetter",
    "check_template",
    "default_wording",
    "letter_context",
    "letter_pdf",
    "preview_letter",
    "render_letter",
    "save_template",
    "send_letter",
    "wording",
]
