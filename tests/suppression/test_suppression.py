"""The do-not-contact list: keyed hashes of normalised details, checked on every way in."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lawful.audit.models import AuditEvent
from lawful.people import services
from lawful.people.models import Person
from lawful.people.services import InvalidValue, PostalAddress
from lawful.suppression.models import SuppressionEntry
from lawful.suppression.services import (
    ContactDetails,
    Reason,
    is_suppressed,
    suppress,
    suppress_person,
)

pytestmark = pytest.mark.django_db


def make(org, **extra):
    fields = {"given_name": "Ada", "family_name": "O'Brien", "emails": ["Ada.OBrien@Example.org"]}
    fields |= {"phones": ["07700 900123"]}
    fields |= {"postal": [PostalAddress("1 High Street", "ab1 2xy")]}
    return services.create_person(organisation=org, actor=None, **(fields | extra))


def test_it_keeps_digests_never_the_details(rights_org):
    person = make(rights_org)

    added = suppress_person(person, reason=Reason.ERASURE, actor=None)

    assert added == 3  # email, phone, postcode with family name
    for entry in SuppressionEntry.objects.all():
        assert len(entry.digest) == 64 and int(entry.digest, 16) >= 0
        for clear in ("ada.obrien", "example.org", "7700900123", "AB1 2XY", "obrien"):
            assert clear.lower() not in entry.digest.lower()
    assert AuditEvent.objects.filter(summary__contains="do-not-contact list").count() == 1


def test_details_written_another_way_still_match(rights_org):
    suppress_person(make(rights_org), reason=Reason.ERASURE, actor=None)

    assert is_suppressed(rights_org, email="  ADA.obrien@example.ORG ")
    assert is_suppressed(rights_org, phone="+44 7700 900123")
    assert is_suppressed(rights_org, postcode="AB12XY", family_name="OBRIEN")
    assert not is_suppressed(rights_org, email="someone.else@example.org")


def test_a_postcode_alone_does_not_match_the_neighbours(rights_org):
    suppress_person(make(rights_org), reason=Reason.ERASURE, actor=None)

    assert not is_suppressed(rights_org, postcode="AB1 2XY", family_name="Smith")
    assert not is_suppressed(rights_org, postcode="AB1 2XY")


def test_the_list_is_per_organisation(rights_org, other_org):
    suppress_person(make(rights_org), reason=Reason.ERASURE, actor=None)

    assert not is_suppressed(other_org, email="ada.obrien@example.org")
    make(other_org)  # the other organisation may hold the same person


def test_a_suppressed_person_is_not_brought_back_by_a_later_import(rights_org):
    suppress_person(make(rights_org, emails=["ada@example.org"]), reason="erasure", actor=None)
    before = Person.objects.count()

    with pytest.raises(InvalidValue) as refused:
        services.create_person(
            organisation=rights_org,
            actor=None,
            given_name="A",
            family_name="Jones",
            emails=["ADA@example.org"],
        )

    assert "erased at their request" in str(refused.value)
    assert "cannot be added again" in str(refused.value)
    assert Person.objects.count() == before


def test_a_suppressed_detail_cannot_be_added_to_someone_else(rights_org):
    suppress_person(make(rights_org), reason="erasure", actor=None)
    other = services.create_person(
        organisation=rights_org, actor=None, given_name="Bo", family_name="Ek"
    )

    with pytest.raises(InvalidValue, match="do-not-contact list"):
        services.add_contact_point(other, actor=None, kind="phone", value="07700900123")
    assert not other.contact_points.exists()


def test_an_objection_to_marketing_refuses_only_direct_marketing(rights_org):
    suppress(
        rights_org,
        ContactDetails(emails=("ada@example.org",)),
        reason=Reason.OBJECTION_TO_MARKETING,
        actor=None,
    )

    with pytest.raises(InvalidValue, match="objected to direct marketing"):
        services.create_person(
            organisation=rights_org,
            actor=None,
            given_name="Ada",
            family_name="Lee",
            emails=["ada@example.org"],
            purposes=[("newsletters", "consent", "data-subject")],
        )
    person = services.create_person(
        organisation=rights_org,
        actor=None,
        given_name="Ada",
        family_name="Lee",
        emails=["ada@example.org"],
        purposes=[("hall-hire", "contract", "data-subject")],
    )
    with pytest.raises(InvalidValue, match="objected to direct marketing"):
        services.link_purpose(
            person, actor=None, purpose_id="newsletters", basis="consent", source="data-subject"
        )
    assert not person.purposes.filter(purpose_id="newsletters").exists()


def test_suppressing_twice_adds_nothing(rights_org):
    person = make(rights_org)
    suppress_person(person, reason="erasure", actor=None)

    assert suppress_person(person, reason="erasure", actor=None) == 0
    assert SuppressionEntry.objects.count() == 3


def test_without_a_key_it_refuses_to_write_with_a_clear_message(rights_org, settings):
    person = make(rights_org)
    settings.LAWFUL_SUPPRESSION_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="LAWFUL_SUPPRESSION_KEY"):
        suppress_person(person, reason="erasure", actor=None)
    make(rights_org, emails=["x@example.org"], phones=[], postal=None)  # nothing to check


def test_a_detail_that_is_not_one_is_named(rights_org):
    with pytest.raises(InvalidValue, match="email"):
        is_suppressed(rights_org, email="not an address")
