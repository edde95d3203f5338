import pytest

from lawful.people.models import ContactPoint

from .factories import AliasFactory, ContactPointFactory, PersonFactory, PurposeLinkFactory

pytestmark = pytest.mark.django_db


def test_person_factory_builds():
    person = PersonFactory()
    assert person.pk and person.display_name


def test_alias_factory_builds():
    assert AliasFactory().person.pk


def test_contact_point_factory_builds_each_kind_normalised():
    email = ContactPointFactory(value="Someone@Example.ORG")
    phone = ContactPointFactory(phone=True, value="07700 900123")
    postal = ContactPointFactory(postal=True)
    assert email.normalised == "someone@example.org"
    assert phone.kind == ContactPoint.Kind.PHONE and phone.normalised == "+447700900123"
    assert postal.normalised == postal.postcode == "SW1A 1AA"


def test_purpose_link_factory_builds_an_open_link():
    link = PurposeLinkFactory()
    assert link.pk and link.is_open
