"""A campaign network (the example register) and people to contact."""

import pytest

from lawful.people import services as people
from tests.conftest import EXAMPLES


@pytest.fixture
def network(db):
    from tests.organisations.factories import OrganisationFactory

    text = (EXAMPLES / "campaign-network.yaml").read_text()
    return OrganisationFactory(slug="riverside", name="Riverside Network", register=text)


@pytest.fixture
def make_person(network):
    counter = iter(range(1, 10_000))

    def make(organisation=None, *, email=True, phone="07700 900{n:03d}", postal=False, **kw):
        organisation = organisation or network
        n = next(counter)
        postal_address = (
            people.PostalAddress(address_lines=f"{n} High Street\nRiverside", postcode="SW1A 1AA")
            if postal
            else None
        )
        return people.create_person(
            organisation=organisation,
            actor=None,
            given_name=kw.get("given_name", "Sam"),
            family_name=kw.get("family_name", f"Resident{n}"),
            emails=[f"resident{n}@example.org"] if email else [],
            phones=[phone.format(n=n)] if phone else [],
            postal=postal_address,
        )

    return make
