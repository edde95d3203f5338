"""The digest each contact point keeps for the do-not-contact list: kept as details
change, and the set-based check agreeing with hashing each detail."""

from lawful.consent.contact import audience, may_contact
from lawful.consent.services import record_consent, suppressed_people
from lawful.people import services as people
from lawful.people.models import ContactPoint
from lawful.policy.contact import Exclusion
from lawful.suppression.services import ContactDetails, Reason, contact_digest, suppress

KIT = "keeping-in-touch"


def grant(org, person, channel="email"):
    record_consent(
        org, person, purpose=KIT, channel=channel, action="grant", method="phone",
        wording="Agreed on the phone.",
    )  # fmt: skip


def object_to(org, **details):
    suppress(org, ContactDetails(**details), reason=Reason.OBJECTION_TO_MARKETING, actor=None)


def test_every_point_created_keeps_its_digest(network, make_person):
    person = make_person(postal=True)
    for point in person.contact_points.all():
        family = person.family_name if point.kind == "postal" else ""
        expected = contact_digest(network.pk, point.kind, point.normalised, family)
        assert point.suppression_digest == expected != ""


def test_a_changed_detail_and_a_changed_family_name_move_the_digest(network, make_person):
    person = make_person(postal=True)
    email = person.contact_points.get(kind="email")
    people.update_contact_point(email, actor=None, value="Moved@Example.org")
    email.refresh_from_db()
    assert email.suppression_digest == contact_digest(network.pk, "email", "moved@example.org")
    object_to(network, postal=(("SW1A 1AA", "Newname"),))
    assert person.pk not in suppressed_people(network)
    people.update_person(person, actor=None, family_name="Newname")
    assert person.pk in suppressed_people(network)


def test_a_point_written_without_its_digest_is_still_matched(network, make_person):
    person = make_person()
    grant(network, person)
    ContactPoint.objects.filter(person=person).update(suppression_digest="")
    object_to(network, emails=(person.contact_points.get(kind="email").normalised,))
    assert suppressed_people(network) == {person.pk: {Reason.OBJECTION_TO_MARKETING}}
    assert may_contact(network, person, KIT, "email").reasons[0] == Exclusion.OBJECTED
    assert audience(network, KIT, "email").excluded == {str(Exclusion.OBJECTED): 1}


def test_the_join_and_the_single_answer_agree(network, other_org, make_person):
    listed, free = make_person(), make_person()
    theirs = make_person(other_org)
    for person in (listed, free):
        grant(network, person)
    object_to(network, emails=(listed.contact_points.get(kind="email").normalised,))
    # The same address in another organisation has another digest: not listed there.
    assert suppressed_people(other_org) == {}
    assert set(suppressed_people(network)) == {listed.pk}
    assert set(suppressed_people(network, [free.pk, theirs.pk])) == set()
    permitted = set(audience(network, KIT, "email").people.values_list("pk", flat=True))
    assert permitted == {free.pk}
    assert not may_contact(network, listed, KIT, "email").allowed
    assert may_contact(network, free, KIT, "email").allowed


def test_after_the_key_changes_redigest_makes_an_objection_stop_them_again(
    network, other_org, make_person, settings, capsys
):
    """Digests made under an old key miss entries made under the new one until
    `lawful suppression redigest` recomputes them; another organisation is left alone
    when --org names one."""
    from django.core.management import call_command

    from lawful.audit.models import AuditEvent

    person, theirs = make_person(), make_person(other_org)
    grant(network, person)
    settings.LAWFUL_SUPPRESSION_KEY = "a-new-suppression-key"
    object_to(network, emails=(person.contact_points.get(kind="email").normalised,))
    assert person.pk not in suppressed_people(network)  # the old digest misses the entry

    call_command("suppression", "redigest", "--org", network.slug)

    assert "contact points given a new digest" in capsys.readouterr().out
    assert suppressed_people(network) == {person.pk: {Reason.OBJECTION_TO_MARKETING}}
    assert audience(network, KIT, "email").excluded == {str(Exclusion.OBJECTED): 1}
    email = person.contact_points.get(kind="email")
    assert email.suppression_digest == contact_digest(network.pk, "email", email.normalised)
    other = theirs.contact_points.get(kind="email")
    assert other.suppression_digest != contact_digest(other_org.pk, "email", other.normalised)
    assert AuditEvent.objects.filter(
        organisation=network, summary__startswith="recomputed the do-not-contact digests"
    ).exists()


def test_redigest_without_a_key_says_so(settings):
    import pytest
    from django.core.management import CommandError, call_command

    settings.LAWFUL_SUPPRESSION_KEY = ""
    with pytest.raises(CommandError, match="LAWFUL_SUPPRESSION_KEY"):
        call_command("suppression", "redigest")
