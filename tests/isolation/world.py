"""The fixture world the isolation tests run in: two organisations, A and B, each with
people, contact points, purposes, an adopted notice and a draft, audit events, and a
member of staff of every role.

B's data is planted with values found nowhere else (a family name like "Quixwoldt", an
email at bravo-marker.example, phone numbers 07700 90087x, postcodes ZE1 9Q*), so a
response that leaks any of it is caught by searching its body. A's people are planted
the same way, for the volunteer check (a volunteer gets no personal data even of A).
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict

from lawful.organisations.models import Organisation, OrganisationHost
from lawful.staff.models import Role

PASSWORD = "isolation tests only: a long synthetic passphrase"

REGISTER = """
controller: {{name: {controller}, address: 1 High Street, ico_registration: Z1,
             data_protection_lead: {{name: {lead}}}}}
notice: {{review_cycle: yearly, next_review: 2030-01-01,
         versions: [{{version: "1", status: adopted, date: 2020-01-01, minute: "1"}}]}}
recipients:
  - {{id: district-office, name: District office, role: controller, why: To help with a case.}}
purposes:
  - id: casework
    name: Casework
    description: Taking up residents' concerns.
    data_subjects: [residents]
    data_categories: [name, address, case-details]
    sources: [data-subject]
    lawful_basis: public-task
    retention: {{period: 6 months, trigger: case-closed}}
    recipients: [district-office]
  - id: newsletters
    name: Newsletters
    description: {newsletter}
    data_subjects: [residents]
    data_categories: [name, address, contact-details]
    sources: [data-subject]
    direct_marketing: true
    marketing_channels: [email, post]
    lawful_basis:
      - {{basis: consent, applies_to: newsletters by email}}
      - {{basis: public-task, applies_to: newsletters by post}}
    retention: {{trigger: opt-out}}
  - id: finance
    name: Finance
    description: Our accounts.
    data_subjects: [residents]
    data_categories: [name, financial]
    sources: [data-subject, representative]
    lawful_basis: legal-obligation
    retention: {{period: 6 years, trigger: end-of-financial-year}}
  - id: surveys
    name: Surveys
    description: Your views on local matters.
    data_subjects: [residents, survey-respondents]
    data_categories: [name, opinions]
    sources: [data-subject]
    lawful_basis: public-task
    retention: {{period: 1 year, trigger: collection}}
"""

DRAFT_PURPOSE = """
  - id: allotments
    name: Allotments
    description: {draft}
    data_subjects: [residents]
    data_categories: [name, address]
    sources: [data-subject]
    lawful_basis: contract
    retention: {{period: 2 years, trigger: end-of-contract}}
"""


@dataclass(frozen=True)
class Planted:
    given_name: str
    family_name: str
    email: str
    phone: str  # as entered, national format
    postcode: str
    address: str

    @property
    def phone_digits(self) -> str:
        # The national significant number: found however a page formats the number.
        return re.sub(r"\D", "", self.phone).lstrip("0")


@dataclass
class Side:
    """One organisation of the world, with everything the tests fill parameters from."""

    letter: str
    organisation: Organisation
    host: str
    controller: str  # the register's controller name: what its public notice shows
    draft_marker: str  # only in its draft notice, never public
    people: list = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # role -> StaffUser
    adopted_version: str = "1"
    draft_version: str = ""
    request: object = None  # a rights request made by the first planted person
    complaint: object = None  # a complaint by the same person
    # consent: signed links of the first planted person (preferences, unsubscribe) and of
    # a sign-up awaiting its confirmation (invented details, no marker)
    tokens: dict = field(default_factory=dict)
    case: object = None  # a case of the second planted person (casework)
    survey: object = None  # a survey, answered by the same person in their own words

    @property
    def slug(self) -> str:
        return self.organisation.slug

    @property
    def person(self):
        return self.people[0]

    def personal_markers(self) -> list[str]:
        """Strings that appear in a response only if it shows this side's people."""
        markers = []
        for p in self.planted:
            markers += [p.family_name, p.email, p.postcode, p.postcode.replace(" ", "")]
            markers += [p.address.splitlines()[0]]
        return markers

    def leaks_in(self, text: str, *, public_too: bool = False) -> list[str]:
        """The markers of this side found in a response body (empty: nothing leaked)."""
        found = [m for m in self.personal_markers() if m.lower() in text.lower()]
        digits = re.sub(r"\D", "", text)
        found += [p.phone for p in self.planted if p.phone_digits in digits]
        if public_too:
            found += [m for m in (self.controller, self.draft_marker) if m in text]
        return found


@dataclass
class World:
    a: Side
    b: Side
    superuser: object

    def side(self, letter: str) -> Side:
        return self.a if letter == "A" else self.b


PLANTED = {
    "A": [
        Planted("Ottoline", "Ashworthy", "ottoline.ashworthy@alpha-marker.example",
                "07700 900121", "YO1 7HH", "3 Ashworthy Lane\nAlphaton"),
        Planted("Percival", "Aldermoot", "percival.aldermoot@alpha-marker.example",
                "07700 900122", "YO1 7HJ", "5 Aldermoot Row\nAlphaton"),
    ],
    "B": [
        Planted("Zebedee", "Quixwoldt", "zebedee.quixwoldt@bravo-marker.example",
                "07700 900871", "ZE1 0QX", "9 Quixwoldt Wynd\nBravoby"),
        Planted("Yolanda", "Brackenhurst", "yolanda.brackenhurst@bravo-marker.example",
                "07700 900872", "ZE1 0QY", "11 Brackenhurst Close\nBravoby"),
    ],
}  # fmt: skip


def _make_side(letter: str, slug: str, controller: str, lead: str) -> Side:
    from lawful.notices.services import draft_version, import_document_control
    from lawful.people.services import PostalAddress, create_person, record_view
    from lawful.policy.register import parse_register
    from lawful.staff.services import create_staff

    newsletter = f"{controller} newsletter."
    text = REGISTER.format(controller=controller, lead=lead, newsletter=newsletter)
    register, problems = parse_register(text)
    assert register is not None and not problems, problems
    organisation = Organisation.objects.create(name=controller, slug=slug, kind="town-council")
    host = f"privacy.{slug}.example"
    OrganisationHost.objects.create(organisation=organisation, host=host)
    import_document_control(organisation, register)

    draft_marker = f"Draft-only allotments of {controller}"
    draft, problems = parse_register(text + DRAFT_PURPOSE.format(draft=draft_marker))
    assert draft is not None and not problems, problems
    side = Side(letter, organisation, host, controller, draft_marker)
    side.draft_version = "2" if letter == "A" else "7"
    draft_version(organisation, draft, version=side.draft_version, dated=date(2026, 11, 1))

    for role in Role:
        user, _ = create_staff(
            f"{letter.lower()}-{role.value}",
            role=role.value,
            organisation=organisation,
            password=PASSWORD,
            ward="A" if role == Role.COUNCILLOR else "",
        )
        side.staff[role.value] = user
    clerk = side.staff[Role.DATA_PROTECTION_LEAD.value]
    for planted in PLANTED[letter]:
        person = create_person(
            organisation=organisation,
            actor=clerk,
            given_name=planted.given_name,
            family_name=planted.family_name,
            ward="A",
            emails=[planted.email],
            phones=[planted.phone],
            postal=PostalAddress(planted.address, planted.postcode),
            purposes=[("newsletters", "consent", "data-subject")],
        )
        record_view(person, actor=clerk)  # an audit event that names the person
        side.people.append(person)
        side.planted.append(planted)
    _add_rights_records(side, clerk)
    _add_consent_records(side, clerk)
    _add_case(side, clerk)
    _add_survey(side, clerk)
    return side


def _add_consent_records(side: Side, clerk) -> None:
    """A consent to the newsletter by email, and the signed links to the first planted
    person's preferences and unsubscribe pages and to a sign-up's confirmation."""
    from lawful.consent import links
    from lawful.consent.services import record_consent

    person = side.people[0]
    record_consent(
        side.organisation,
        person,
        purpose="newsletters",
        channel="email",
        action="grant",
        method="paper-form",
        wording="Yes, email me the newsletter.",
        actor=clerk,
    )

    def token(url: str) -> str:
        return url.rstrip("/").rsplit("/", 1)[1]

    side.tokens = {
        "preferences": token(links.preferences_url(side.organisation, person)),
        "unsubscribe": token(
            links.unsubscribe_url(side.organisation, person, "newsletters", "email")
        ),
        "confirm": token(
            links.confirm_url(
                side.organisation,
                {
                    "given_name": "Mallory",
                    "family_name": "Neutralby",
                    "email": f"mallory@{side.slug}.example",
                    "phone": "",
                    "choices": [["newsletters", "email"]],
                    "wordings": ["Yes, email me the newsletter."],
                    "notice_version": "1",
                    "ip": "192.0.2.1",
                    "at": "2026-11-20T10:00:00+00:00",
                },
            )
        ),
    }


def _add_case(side: Side, clerk) -> None:
    """A case of the second planted person, written in their details, given to the
    side's caseworker (the first person is free to be named in it as a third party)."""
    from lawful.casework.services import add_note, open_case

    planted = side.planted[1]
    side.case = open_case(
        side.organisation,
        actor=clerk,
        person=side.people[1],
        subject=f"Repairs for {planted.family_name}",
        description=f"{planted.family_name} at {planted.postcode} needs help.",
        ward="A",
        assigned_to=f"{side.letter.lower()}-{Role.CASEWORKER.value}",
    )
    add_note(side.case, actor=clerk, text=f"Called {planted.email}.")


def _add_survey(side: Side, clerk) -> None:
    """A survey with a response from the first planted person, whose free-text answer
    names them (so a page or endpoint that shows it to another organisation is caught)."""
    from lawful.surveys.services import QuestionSpec, create_survey, record_response

    side.survey = create_survey(
        side.organisation,
        title=f"Views of {side.controller}",
        purpose_id="surveys",
        questions=[
            QuestionSpec("Is the park well kept?", "choice", ("Yes", "No")),
            QuestionSpec("Anything else?", "free-text"),
        ],
        actor=clerk,
    )
    choice, free = side.survey.questions.all()
    planted = side.planted[0]
    record_response(
        side.survey,
        answers={choice.pk: "Yes", free.pk: f"Write to me at {planted.email}"},
        person=side.people[0],
        actor=clerk,
    )


def _add_rights_records(side: Side, clerk) -> None:
    """A rights request and a complaint written in the first planted person's own details,
    so their pages and the API can be asked for by another organisation."""
    from lawful.rights.pack_service import request_pack
    from lawful.rights.services import receive_complaint, receive_request, record_event

    planted = side.planted[0]
    requester = {
        "name": f"{planted.given_name} {planted.family_name}",
        "email": planted.email,
        "phone": planted.phone,
        "postcode": planted.postcode,
        "address_lines": planted.address,
    }
    side.request = receive_request(
        side.organisation,
        kind="access",
        received_on=date(2026, 11, 2),
        via="email",
        requester=requester,
        details=f"Everything you hold about {planted.family_name}.",
        actor=clerk,
    )
    # Matched to the person, and the response pack built (the tests' tasks run at once), so
    # the request's pages and API routes answer for their own organisation.
    record_event(
        side.request,
        type="person-confirmed",
        on=date(2026, 11, 2),
        actor=clerk,
        person=side.people[0],
    )
    request_pack(side.request, actor=clerk)
    side.complaint = receive_complaint(
        side.organisation,
        received_on=date(2026, 11, 3),
        complainant=requester,
        text=f"{planted.family_name} complains about a late answer.",
        actor=clerk,
    )


def build_world() -> World:
    from lawful.staff.models import StaffUser

    a = _make_side("A", "alphaton", "Alphaton Town Council", "Ada Alphalead")
    b = _make_side("B", "bravoby", "Bravoby Marker Council", "Bertram Bravolead")
    superuser = StaffUser.objects.create_superuser("iso-root", password=PASSWORD)
    return World(a, b, superuser)


# --- What "nothing of B changed" compares -----------------------------------------


def _org_scoped_models():
    """Every model with a foreign key named `organisation` to Organisation."""
    found = []
    for model in apps.get_models():
        try:
            fk = model._meta.get_field("organisation")
        except Exception:  # noqa: BLE001 - no such field: not an organisation's record
            continue
        if getattr(fk, "related_model", None) is Organisation:
            found.append(model)
    return found


def snapshot(side: Side) -> dict:
    """Every row of the organisation's data (and its staff accounts), as plain values."""
    rows: dict[str, list] = {}
    for model in _org_scoped_models():
        rows[model._meta.label] = [
            model_to_dict(obj)
            for obj in model._default_manager.filter(organisation=side.organisation).order_by("pk")
        ]
    organisation = Organisation.objects.get(pk=side.organisation.pk)
    rows["organisation"] = [model_to_dict(organisation)]
    from lawful.staff.models import StaffUser

    members = StaffUser.objects.filter(memberships__organisation=side.organisation)
    rows["staff"] = [
        {k: v for k, v in model_to_dict(u).items() if k != "last_login"}
        for u in members.order_by("pk")
    ]
    return rows


def api_token(user, organisation) -> str | None:
    """A new API token, made as an operator makes one: `lawful staff token USERNAME
    --org SLUG`, last line printed. None if the command refuses (e.g. for a role that
    may not use the API)."""
    from django.core.management.base import CommandError

    out = io.StringIO()
    try:
        call_command("staff", "token", user.username, "--org", organisation.slug, stdout=out)
    except (CommandError, SystemExit):
        return None
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1].strip() if lines else None
