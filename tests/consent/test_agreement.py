"""Property tests: after any sequence of events, the ledger and the current state agree,
and the one-person answer (may_contact) agrees with the set-based one (audience)."""

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawful.consent.contact import audience, may_contact
from lawful.consent.models import ConsentEvent, ConsentState, TpsNumber
from lawful.consent.services import InvalidValue, record_consent, record_objection
from lawful.people import services as people
from lawful.people.models import Person
from lawful.policy.contact import ConsentMethod

KIT = "keeping-in-touch"
POL = "political-communications"
PEOPLE = 4
COMBINATIONS = [
    (KIT, "email"),
    (KIT, "sms"),
    (KIT, "phone"),
    (POL, "post"),
    (POL, "phone"),
]

person_index = st.integers(0, PEOPLE - 1)
operation = st.one_of(
    st.tuples(
        st.just("consent"),
        person_index,
        st.sampled_from(COMBINATIONS),
        st.sampled_from(["grant", "withdraw"]),
        st.sampled_from(ConsentMethod.slugs()),
        st.integers(-3, 3),  # days from now: events may be recorded late (a paper form)
    ),
    st.tuples(st.just("restrict"), person_index),
    st.tuples(st.just("object"), person_index),
    st.tuples(st.just("deceased"), person_index),
    st.tuples(st.just("erased"), person_index),
    st.tuples(st.just("hold"), person_index),
    st.tuples(st.just("tps"), person_index),
)


def _world(network):
    made = []
    for n in range(PEOPLE):
        made.append(
            people.create_person(
                organisation=network,
                actor=None,
                given_name="Alex",
                family_name=f"Tester{n}",
                # Person 3 shares person 0's email: an objection by one stops the other.
                emails=[f"p{n % 3}@example.org"] if n != 2 else [],
                phones=[f"07700 90010{n}" if n % 2 else f"01632 96010{n}"],
                postal=people.PostalAddress(f"{n} Quay Street", "SW1A 1AA") if n < 3 else None,
            )
        )
    return made


def _apply(network, crowd, op):
    kind, i = op[0], op[1]
    person = Person.objects.get(pk=crowd[i].pk)
    try:
        if kind == "consent":
            _, _, (purpose, channel), action, method, days = op
            record_consent(
                network,
                person,
                purpose=purpose,
                channel=channel,
                action=action,
                method=method,
                wording="words",
                at=timezone.now() + timedelta(days=days),
            )
        elif kind == "restrict":
            people.restrict_person(person, actor=None)
        elif kind == "object":
            record_objection(network, person, method="phone")
        elif kind == "deceased":
            Person.objects.filter(pk=person.pk).update(deceased_on=timezone.localdate())
        elif kind == "erased":
            Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
        elif kind == "hold":
            people.link_purpose(
                person,
                actor=None,
                purpose_id=POL,
                basis="legitimate-interests",
                source="data-subject",
            )
        elif kind == "tps":
            phone = person.contact_points.filter(kind="phone").first()
            if phone is not None:
                TpsNumber.objects.get_or_create(organisation=network, number=phone.normalised)
    except InvalidValue:
        pass  # refused as the rules say: nothing was written


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, max_size=12))
def test_the_ledger_the_state_and_both_answers_agree(network, operations):
    with transaction.atomic():
        crowd = _world(network)
        for op in operations:
            _apply(network, crowd, op)
        # The state is the latest event of the ledger, for every person, purpose, channel.
        latest = {}
        for event in ConsentEvent.objects.order_by("at", "pk"):
            latest[(event.person_id, event.purpose, event.channel)] = event
        states = {(s.person_id, s.purpose, s.channel): s for s in ConsentState.objects.all()}
        assert set(states) == set(latest)
        for key, state in states.items():
            assert state.granted == (latest[key].action == "grant"), key
            assert state.since == latest[key].at
        # One rule set: the audience is exactly those may_contact allows, and counts each
        # person left out under the first reason may_contact gives.
        for purpose, channel in COMBINATIONS:
            found = audience(network, purpose, channel)
            allowed, reasons = {}, Counter()
            for person in Person.objects.for_org(network):
                decision = may_contact(network, person, purpose, channel)
                if decision.allowed:
                    allowed[person.pk] = decision.contact
                else:
                    reasons[decision.reasons[0]] += 1
            assert dict(found.rows()) == allowed, (purpose, channel)
            assert found.excluded == dict(reasons), (purpose, channel)
            assert found.count == len(allowed)
            # Narrowed to some people (as a ward is), it asks person by person: the same.
            narrowed = audience(network, purpose, channel, people=Person.objects.all())
            assert dict(narrowed.rows()) == allowed, (purpose, channel)
            assert narrowed.excluded == dict(reasons), (purpose, channel)
        transaction.set_rollback(True)
