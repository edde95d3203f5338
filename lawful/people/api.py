"""The people API: find, add and read the people of the token's organisation.

The router only translates: the scope helpers reach records, the people services check,
normalise, write and audit; errors come back naming the caller's field.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from lawful import registry
from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.errors import FieldProblem
from lawful.api.schemas import responses
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.organisations.scope import get_person_for_user
from lawful.staff.access import Can

from . import services
from .models import ContactPoint, Person, PurposeLink
from .schemas import PersonFound, PersonIn, PersonOut, PersonRecords
from .search import search

# Adding a person is working with residents' records too: the same roles may.
router = Router(auth=ApiTokenAuth(needs=Can.SEE_PEOPLE), tags=["people"])

SEARCH_LIMIT = 50


@router.get("", response=responses({200: list[PersonFound]}), summary="Find people")
def find_people(request: HttpRequest, q: str):
    """People of the organisation matching `q`: a name, email, phone number, postcode or
    address, written any way. At most 50, best first."""
    who = caller(request)
    if not q.strip():
        raise FieldProblem([("q", "write what to search for")])
    found = search(who.organisation, q, limit=SEARCH_LIMIT)
    people = found.people
    record(
        AuditAction.VIEW,
        actor=who.user,
        organisation=who.organisation,
        summary=f"searched people by {found.kind} through the API: {len(people)} found",
    )
    return [
        PersonFound(id=p.pk, name=p.display_name, ward=p.ward, restricted=p.restricted)
        for p in people
    ]


@router.post(
    "",
    response=responses({201: PersonOut}),
    summary="Add a person",
)
def add_person(request: HttpRequest, response: HttpResponse, person: PersonIn):
    """Add a person; 201 with the person as GET gives them, and where to GET them."""
    who = caller(request)
    claims = [
        services.PurposeClaim(p.purpose_id, p.basis, p.source, p.since) for p in person.purposes
    ]
    _check_each_item(person, claims, who.organisation)
    lines = person.address_lines
    postal = None
    if lines.strip() or person.postcode.strip():
        if not person.postcode.strip():
            raise FieldProblem([("postcode", "a postal address needs its postcode")])
        postal = services.PostalAddress(address_lines=lines, postcode=person.postcode)
    try:
        created = services.create_person(
            organisation=who.organisation,
            actor=who.user,
            title=person.title,
            given_name=person.given_name,
            family_name=person.family_name,
            ward=person.ward,
            emails=person.emails,
            phones=person.phones,
            postal=postal,
            purposes=claims,
        )
    except services.InvalidValue as exc:
        if exc.field == "name":
            raise FieldProblem.from_invalid(exc, ["given_name", "family_name"]) from None
        raise FieldProblem.from_invalid(exc, _FIELDS.get(exc.field, exc.field)) from None
    response["Location"] = reverse("api-v1:get_person", kwargs={"person_id": created.pk})
    return Status(201, person_out(created))


# The services name a contact detail by its kind; the API's fields are plural lists.
_FIELDS = {"email": "emails", "phone": "phones", "postal": "postcode"}


def _check_each_item(person: PersonIn, claims, organisation) -> None:
    """Check each list item with the services' own checks first, so that a refusal
    names the item ("phones[1]") rather than only the list."""
    problems = []
    for field, kind, values in (
        ("emails", ContactPoint.Kind.EMAIL, person.emails),
        ("phones", ContactPoint.Kind.PHONE, person.phones),
    ):
        for i, value in enumerate(values):
            try:
                services.normalise_contact(kind, value)
            except services.InvalidValue as exc:
                problems.append((f"{field}[{i}]", exc.message))
    for i, claim in enumerate(claims):
        try:
            services.check_purpose_in_force(organisation, claim)
        except services.InvalidValue as exc:
            problems.append((f"purposes[{i}]", exc.message))
    if problems:
        raise FieldProblem(problems)


@router.get("/{int:person_id}", response=responses({200: PersonOut}), summary="A person")
def get_person(request: HttpRequest, person_id: int):
    """Identity, contact details and purposes. Audited as a view."""
    who = caller(request)
    person = get_person_for_user(who.user, who.organisation, person_id)
    services.record_view(person, actor=who.user)
    return person_out(person)


@router.get(
    "/{int:person_id}/records", response=responses({200: PersonRecords}), summary="Everything held"
)
def get_records(request: HttpRequest, person_id: int):
    """Every record that every part of Lawful holds about the person, by part (the
    registry's view, as the person's page shows it). Audited as a view."""
    who = caller(request)
    person = get_person_for_user(who.user, who.organisation, person_id)
    record(
        AuditAction.VIEW,
        actor=who.user,
        target=person,
        summary="viewed everything held about the person through the API",
    )
    grouped = registry.records_for(who.organisation, person)
    sources = {}
    for source in registry.sources():
        if source.key == "audit" and not who.can(Can.SEE_WHO_VIEWED):
            continue  # who viewed a record is for the data protection lead, as on the page
        sources[source.key] = {
            "label": source.label,
            "records": [
                {
                    "label": view.label,
                    "fields": view.fields,
                    "date": view.date.isoformat() if view.date else None,
                }
                for view in grouped[source.key]
            ],
        }
    return {"id": person.pk, "sources": sources}


def person_out(person: Person) -> dict:
    """A person as the API gives it (read through the person's organisation)."""
    points = ContactPoint.objects.for_org(person.organisation_id).filter(person=person)
    by_kind = {kind: [p for p in points if p.kind == kind] for kind in ContactPoint.Kind}
    links = PurposeLink.objects.for_org(person.organisation_id).filter(person=person)
    return {
        "id": person.pk,
        "name": person.display_name,
        "title": person.title,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "ward": person.ward,
        "emails": [_contact(p) for p in by_kind[ContactPoint.Kind.EMAIL]],
        "phones": [_contact(p) for p in by_kind[ContactPoint.Kind.PHONE]],
        "addresses": [
            {
                "address_lines": p.address_lines.split("\n") if p.address_lines else [],
                "postcode": p.postcode,
                "primary": p.is_primary,
            }
            for p in by_kind[ContactPoint.Kind.POSTAL]
        ],
        "purposes": [
            {
                "purpose_id": link.purpose_id,
                "basis": link.basis,
                "source": link.source,
                "since": link.since,
                "ended": link.ended,
            }
            for link in links
        ],
        "restricted": person.restricted,
        "erased": person.erased_at is not None,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def _contact(point: ContactPoint) -> dict:
    return {"value": point.value, "normalised": point.normalised, "primary": point.is_primary}
