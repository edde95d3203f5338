"""The consent ledger: grants and withdrawals, their evidence, and the state they leave."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lawful.audit.models import AuditEvent
from lawful.consent.models import ConsentEvent, ConsentState
from lawful.consent.services import record_consent, record_consents_bulk, record_objection
from lawful.people import services as people
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue

WORDS = "Yes, email me about your campaigns."


def grant(org, person, channel="email", purpose="keeping-in-touch", **kw):
    kw.setdefault("method", "web-form")
    kw.setdefault("wording", WORDS)
    return record_consent(org, person, purpose=purpose, channel=channel, action="grant", **kw)


def test_a_grant_is_an_event_with_its_evidence_and_moves_the_state(network, make_person):
    person = make_person()
    event = grant(network, person, ip_address="192.0.2.7", form="sign-up", evidence="ticked")
    assert (event.action, event.method, event.wording) == ("grant", "web-form", WORDS)
    assert event.notice_version == "2.0"  # the version in force
    assert event.ip_address == "192.0.2.7"
    state = ConsentState.objects.get(person=person)
    assert (state.purpose, state.channel, state.granted, state.event) == (
        "keeping-in-touch",
        "email",
        True,
        event,
    )
    audit = AuditEvent.objects.filter(person_id=person.pk).order_by("-pk").first()
    assert "consent given: keeping-in-touch by email (web-form)" in audit.summary


def test_withdrawal_by_each_method_takes_effect_at_once(network, make_person):
    from lawful.consent.contact import may_contact
    from lawful.policy.contact import ConsentMethod

    for method in ConsentMethod.slugs():
        person = make_person()
        grant(network, person)
        assert may_contact(network, person, "keeping-in-touch", "email").allowed
        record_consent(
            network,
            person,
            purpose="keeping-in-touch",
            channel="email",
            action="withdraw",
            method=method,
            wording="",
        )
        decision = may_contact(network, person, "keeping-in-touch", "email")
        assert not decision.allowed, method
        assert decision.reasons == ["no consent to this channel for this purpose"]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"purpose": "no-such-purpose"}, "purpose"),
        ({"channel": "fax"}, "channel"),
        ({"channel": "post"}, "channel"),  # keeping-in-touch does not use post
        ({"purpose": "political-communications", "channel": "post"}, "channel"),  # not consent
        ({"method": "carrier-pigeon"}, "method"),
        ({"action": "maybe"}, "action"),
        ({"wording": ""}, "wording"),
        ({"ip_address": "not an address"}, "ip_address"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    network, make_person, kwargs, field
):
    person = make_person()
    args = {
        "purpose": "keeping-in-touch",
        "channel": "email",
        "action": "grant",
        "method": "web-form",
        "wording": WORDS,
    } | kwargs
    with pytest.raises(InvalidValue) as refused:
        record_consent(network, person, **args)
    assert refused.value.field == field
    assert not ConsentEvent.objects.exists() and not ConsentState.objects.exists()


def test_a_withdrawal_may_be_an_opt_out_of_a_channel_not_resting_on_consent(network, make_person):
    person = make_person(postal=True)
    record_consent(
        network,
        person,
        purpose="political-communications",
        channel="post",
        action="withdraw",
        method="phone",
        wording="",
    )
    assert ConsentState.objects.get(person=person).granted is False


def test_a_grant_is_refused_for_the_restricted_the_erased_and_the_objected(network, make_person):
    restricted = make_person()
    people.restrict_person(restricted, actor=None)
    with pytest.raises(InvalidValue, match="restricted"):
        grant(network, Person.objects.get(pk=restricted.pk))
    objected = make_person()
    record_objection(network, objected, method="phone")
    twin = make_person(email=False, phone=None)
    people.add_contact_point(twin, actor=None, kind="email", value=_email_of(objected))
    with pytest.raises(InvalidValue, match="objected to direct marketing"):
        grant(network, twin)


def _email_of(person):
    return person.contact_points.get(kind="email").value


def test_an_event_dated_before_the_latest_does_not_move_the_state(network, make_person):
    person = make_person()
    now = timezone.now()
    grant(network, person, at=now)
    record_consent(
        network,
        person,
        purpose="keeping-in-touch",
        channel="email",
        action="withdraw",
        method="paper-form",
        wording="",
        at=now - timedelta(days=3),
    )
    assert ConsentState.objects.get(person=person).granted is True
    assert ConsentEvent.objects.filter(person=person).count() == 2


def test_the_ledger_is_append_only(network, make_person):
    event = grant(network, make_person())
    event.wording = "something else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_another_organisations_person_is_refused(network, make_person, org):
    stranger = make_person(org, email=False, phone=None)
    with pytest.raises(InvalidValue) as refused:
        grant(network, stranger)
    assert refused.value.field == "person"


def test_objection_withdraws_every_marketing_consent_and_stops_every_channel(network, make_person):
    from lawful.consent.contact import may_contact

    person = make_person(postal=True)
    for channel in ("email", "sms", "phone"):
        grant(network, person, channel=channel)
    people.link_purpose(
        person,
        actor=None,
        purpose_id="political-communications",
        basis="legitimate-interests",
        source="data-subject",
    )
    assert may_contact(network, person, "political-communications", "post").allowed
    assert record_objection(network, person, method="email") == 3
    assert not ConsentState.objects.filter(person=person, granted=True).exists()
    for purpose, channel in [
        ("keeping-in-touch", "email"),
        ("keeping-in-touch", "sms"),
        ("keeping-in-touch", "phone"),
        ("political-communications", "post"),
        ("political-communications", "phone"),
    ]:
        decision = may_contact(network, person, purpose, channel)
        assert not decision.allowed
        assert "they objected to direct marketing" in decision.reasons


def test_bulk_grant_records_each_person_and_channel_with_one_audit_event(network, make_person):
    crowd = [make_person() for _ in range(5)]
    people.restrict_person(crowd[0], actor=None)
    before = AuditEvent.objects.count()
    result = record_consents_bulk(
        network,
        Person.objects.filter(pk__in=[p.pk for p in crowd]),
        purpose="keeping-in-touch",
        channels=["email", "sms"],
        method="import",
        evidence="Paper forms signed at the 2026 summer fair",
        wording=WORDS,
        actor=None,
    )
    assert (result.people, result.recorded) == (4, 8)
    assert result.skipped == {"processing of their data is restricted": 1}
    assert AuditEvent.objects.count() == before + 1
    assert ConsentState.objects.filter(granted=True).count() == 8
    # Again: the states move to the new events, never doubled.
    record_consents_bulk(
        network,
        crowd,
        purpose="keeping-in-touch",
        channels=["email"],
        method="import",
        evidence="again",
        wording=WORDS,
    )
    assert ConsentState.objects.count() == 8
    latest = ConsentEvent.objects.filter(evidence="again").values_list("pk", flat=True)
    assert set(
        ConsentState.objects.filter(channel="email").values_list("event_id", flat=True)
    ) == set(latest)


def test_bulk_grant_refuses_a_channel_without_consent_and_writes_nothing(network, make_person):
    person = make_person()
    with pytest.raises(InvalidValue) as refused:
        record_consents_bulk(
            network,
            [person],
            purpose="keeping-in-touch",
            channels=["email", "post"],
            method="import",
            evidence="forms",
            wording=WORDS,
        )
    assert refused.value.field == "channels"
    assert not ConsentEvent.objects.exists()
