"""factory_boy factories for the people app.

They write rows directly, without the services' audit events: for setting up a test's
world, not for testing changes to it (use lawful.people.services for that).
"""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from lawful.people.models import Alias, ContactPoint, Person, PurposeLink
from lawful.people.services import normalise_contact
from lawful.policy.vocab import LawfulBasis, Source
from tests.organisations.factories import OrganisationFactory


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    name = factory.Faker("name", locale="en_GB")
    kind = Alias.Kind.PREVIOUS_NAME


class ContactPointFactory(DjangoModelFactory):
    """An email address by default; `phone=True` or `postal=True` for the others."""

    class Meta:
        model = ContactPoint

    class Params:
        phone = factory.Trait(
            kind=ContactPoint.Kind.PHONE,
            value=factory.Sequence(lambda n: f"07700 900{n % 1000:03d}"),
        )
        postal = factory.Trait(
            kind=ContactPoint.Kind.POSTAL,
            value="sw1a 1aa",
            address_lines="1 High Street\nLondon",
        )

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    kind = ContactPoint.Kind.EMAIL
    value = factory.Sequence(lambda n: f"Resident{n}@Example.org")
    normalised = factory.LazyAttribute(lambda o: normalise_contact(o.kind, o.value))
    postcode = factory.LazyAttribute(
        lambda o: o.normalised if o.kind == ContactPoint.Kind.POSTAL else ""
    )
    is_primary = True


class PurposeLinkFactory(DjangoModelFactory):
    class Meta:
        model = PurposeLink

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    purpose_id = "newsletters"
    basis = LawfulBasis.CONSENT
    source = Source.DATA_SUBJECT
    since = factory.LazyFunction(date.today)
