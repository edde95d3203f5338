"""Synthetic residents for the demo and for trying Lawful out: never real people.

Names and addresses come from Faker's en_GB locale, seeded so a run is repeatable;
email addresses are on the reserved example.* domains and telephone numbers in Ofcom's
drama range (07700 900000-900999), so nothing generated can reach anyone.
"""

import random

from django.db import transaction
from django.utils import timezone
from faker import Faker

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.policy.register import Purpose, Register
from lawful.policy.vocab import Source, SubjectType

from .models import ContactPoint, Person, PurposeLink
from .normalise import InvalidValue, normalise_email, normalise_phone, normalise_postcode

# Whose data a resident's record plausibly is, for choosing the purposes to link.
RESIDENT_SUBJECTS = {
    SubjectType.RESIDENTS,
    SubjectType.CONSTITUENTS,
    SubjectType.SERVICE_USERS,
    SubjectType.SUBSCRIBERS,
    SubjectType.SUPPORTERS,
    SubjectType.SURVEY_RESPONDENTS,
}


def resident_purposes(register: Register) -> list[Purpose]:
    """Purposes a resident's contact record plausibly serves: about residents (or
    service users, constituents...), with data the person gives us themselves, and no
    special-category or criminal offence data."""
    return [
        p
        for p in register.purposes
        if RESIDENT_SUBJECTS.intersection(p.data_subjects)
        and Source.DATA_SUBJECT in p.sources
        and p.bases
        and not p.special_categories
        and not p.has_criminal_offence_data
    ]


def generate_residents(
    n: int, *, organisation, register: Register, seed: int = 2026, actor=None
) -> int:
    """Create up to `n` synthetic residents of the organisation, linked to purposes of
    `register` (its register in force); returns how many were created.

    Deterministic for a seed: the same seed gives the same residents, and one already
    present in the organisation (same name and postcode) is not created again, so a
    second run with the same seed adds nothing.
    """
    purposes = resident_purposes(register) or [p for p in register.purposes if p.bases]
    if n <= 0 or not purposes:
        return 0
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    today = timezone.localdate()

    residents = [_resident(fake, rng, purposes, today) for _ in range(n)]
    postcodes = sorted({r["postcode"] for r in residents})
    keys = set()
    for start in range(0, len(postcodes), 500):
        keys.update(
            ContactPoint.objects.for_org(organisation)
            .filter(kind=ContactPoint.Kind.POSTAL, normalised__in=postcodes[start : start + 500])
            .values_list("person__given_name", "person__family_name", "normalised")
        )
    fresh = []
    for r in residents:
        key = (r["person"].given_name, r["person"].family_name, r["postcode"])
        if key not in keys:
            keys.add(key)
            fresh.append(r)
    if not fresh:
        return 0

    for r in fresh:
        r["person"].organisation = organisation
        for row in (*r["points"], *r["links"]):
            row.organisation = organisation
    with transaction.atomic():
        # bulk_create sets the primary keys on SQLite and PostgreSQL alike.
        Person.objects.bulk_create([r["person"] for r in fresh], batch_size=1000)
        points, links = [], []
        for r in fresh:
            for point in r["points"]:
                point.person = r["person"]
                point.set_suppression_digest(r["person"].family_name)
                points.append(point)
            for link in r["links"]:
                link.person = r["person"]
                links.append(link)
        ContactPoint.objects.bulk_create(points, batch_size=2000)
        PurposeLink.objects.bulk_create(links, batch_size=2000)
        # One event for the whole synthetic load rather than one per person: these are
        # not real people, and the import as a whole is what an auditor needs to see.
        # A real import of real people records an event per person.
        record(
            AuditAction.CREATE,
            actor=actor,
            organisation=organisation,
            summary=f"imported {len(fresh):,} synthetic residents",
        )
    return len(fresh)


def _resident(fake: Faker, rng: random.Random, purposes: list[Purpose], today) -> dict:
    given, family = fake.first_name(), fake.last_name()
    person = Person(
        title=rng.choice(["", "", "", "Mr", "Mrs", "Ms", "Dr"]),
        given_name=given,
        family_name=family,
    )
    points = []
    if rng.random() < 0.8:
        local = f"{given}.{family}{rng.randint(1, 99)}".lower().replace(" ", "").replace("'", "")
        email = f"{local}@{rng.choice(['example.org', 'example.com', 'example.net'])}"
        points.append(_point(ContactPoint.Kind.EMAIL, email, normalise_email(email)))
    if rng.random() < 0.4:
        phone = f"07700 900{rng.randrange(1000):03d}"
        points.append(_point(ContactPoint.Kind.PHONE, phone, normalise_phone(phone)))
    postcode = _postcode(fake)
    points.append(
        ContactPoint(
            kind=ContactPoint.Kind.POSTAL,
            value=postcode,
            normalised=postcode,
            postcode=postcode,
            address_lines=f"{fake.street_address()}\n{fake.city()}",
            is_primary=True,
        )
    )
    links = []
    for purpose in rng.sample(purposes, rng.randint(1, min(3, len(purposes)))):
        links.append(
            PurposeLink(
                purpose_id=purpose.id,
                basis=purpose.bases[0].basis,
                source=purpose.sources[0],
                since=today,
            )
        )
    return {"person": person, "points": points, "links": links, "postcode": postcode}


def _point(kind: str, value: str, normalised: str) -> ContactPoint:
    return ContactPoint(kind=kind, value=value, normalised=normalised, is_primary=True)


def _postcode(fake: Faker) -> str:
    # Faker's postcodes are shaped right but some break Royal Mail's letter rules.
    while True:
        try:
            return normalise_postcode(fake.postcode())
        except InvalidValue:
            continue
