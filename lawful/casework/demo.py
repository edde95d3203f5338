"""Synthetic cases for the demo: never real people or real problems.

Each organisation whose register has a casework purpose gets a few cases of its
synthetic residents, through the casework services (so the register's conditions are
checked and every case audited), some with a note, a third party and a referral.
Seeded: a run is repeatable.
"""

import random

from faker import Faker

from lawful.people.models import Person
from lawful.policy import casework as rules
from lawful.policy.register import Register
from lawful.policy.vocab import DataCategory, RecipientRole

from . import services
from .models import Case

# (subject, category, what the constituent asked, sensitive categories it involves)
PROBLEMS = [
    ("Damp and mould in a rented flat", "housing",
     "The landlord has not repaired a leak for three months; a child in the flat has asthma.",
     ["health"]),
    ("Noise from a neighbouring property", "anti-social behaviour",
     "Loud music late at night, several times a week.", []),
    ("Benefits appeal", "benefits",
     "Help with an appeal against a decision on a disability benefit.", ["health"]),
    ("Pothole on the high street", "highways",
     "A deep pothole outside the post office has damaged two cars.", []),
    ("Threats from a neighbour", "anti-social behaviour",
     "The neighbour has made threats and damaged a fence; reported to the police.",
     ["criminal-offences"]),
    ("Missed bin collections", "waste", "The recycling has not been collected for a month.", []),
    ("School transport for a disabled child", "education",
     "The council withdrew transport for a child with a disability.", ["health"]),
    ("Overgrown footpath", "environment",
     "The footpath to the station is blocked by brambles.", []),
]  # fmt: skip


def _assignable(organisation):
    from lawful.organisations.models import Membership
    from lawful.staff.models import Role

    return list(
        Membership.objects.filter(
            organisation=organisation, role__in=[Role.CASEWORKER, Role.COUNCILLOR]
        ).select_related("user")
    )


def generate_cases(count: int, *, organisation, register: Register, seed: int, actor) -> int:
    """Up to `count` synthetic cases for the organisation; how many were made."""
    purposes = rules.case_purposes(register)
    if not purposes or count <= 0:
        return 0
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    people = list(Person.objects.for_org(organisation).filter(erased_at__isnull=True)[:500])
    if len(people) < 2:
        return 0
    staff = _assignable(organisation)
    recipients = [r for r in register.recipients.values() if r.role is not RecipientRole.PROCESSOR]
    made = 0
    for i in range(count):
        subject, category, description, sensitive = PROBLEMS[i % len(PROBLEMS)]
        chosen = rules.default_case_purpose(register, sensitive)
        if chosen is None or not {DataCategory(c) for c in sensitive} <= set(
            chosen.data_categories
        ):
            sensitive = []
            chosen = rules.default_case_purpose(register)
        person, other = rng.sample(people, 2)
        special = chosen.special_category_condition
        criminal = chosen.criminal_offence_condition
        case = services.open_case(
            organisation,
            actor=actor,
            person=person,
            subject=subject,
            description=f"{description} ({fake.street_name()})",
            category=category,
            ward=person.ward,
            special_categories=sensitive,
            special_category_condition=special.value
            if special and any(c != "criminal-offences" for c in sensitive)
            else "",
            criminal_offence_condition=criminal.value
            if criminal and "criminal-offences" in sensitive
            else "",
            assigned_to=staff[i % len(staff)].user.username if staff else None,
            purpose=chosen.id,
        )
        services.add_note(
            case,
            actor=actor,
            kind=rng.choice(["call", "surgery", "visit", "note"]),
            text=f"Spoke to {person.given_name} about it; {fake.sentence(nb_words=10)}",
        )
        if category == "anti-social behaviour":
            services.add_third_party(case, actor=actor, person=other, role="neighbour")
        for recipient in recipients:
            if i % 3 == 0 and not isinstance(
                rules.referral_purpose(register, case.special_categories, recipient.id),
                rules.CaseProblem,
            ):
                services.refer_case(
                    case,
                    actor=actor,
                    recipient=recipient.id,
                    shared="name, address and the problem",
                    reason="They can put it right.",
                )
                break
        made += 1
    return made


def cases_wanted(organisation, count: int) -> int:
    return max(0, count - Case.objects.for_org(organisation).count())
