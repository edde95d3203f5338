"""A campaign network (the example register), the postcode lookup, and supporters."""

from pathlib import Path

import pytest

from lawful.consent.services import record_consent
from lawful.geography.loading import load_postcodes
from lawful.people import services as people
from tests.conftest import EXAMPLES

NSPL = Path(__file__).resolve().parent.parent / "fixtures" / "nspl"
NORTHGATE = "E05012345"  # EX17 6AA, EX17 6AB
SOUTHGATE = "E05012346"  # EX17 6BA
PURPOSE = "keeping-in-touch"


@pytest.fixture
def network(db):
    from tests.organisations.factories import OrganisationFactory

    text = (EXAMPLES / "campaign-network.yaml").read_text()
    return OrganisationFactory(slug="riverside", name="Riverside Network", register=text)


@pytest.fixture
def postcodes(db):
    load_postcodes(
        NSPL / "NSPL_TEST_UK.csv", wards=NSPL / "Ward_names_and_codes_UK_as_at_05_24.csv"
    )


@pytest.fixture
def supporter(network, postcodes):
    """make(name, postcode, consent=True): a supporter with an email address and an
    address at the postcode, who (by default) consented to keeping in touch by email."""
    counter = iter(range(1, 10_000))

    def make(given_name, postcode="EX17 6AA", *, consent=True, organisation=None, email=True):
        organisation = organisation or network
        n = next(counter)
        person = people.create_person(
            organisation=organisation,
            actor=None,
            given_name=given_name,
            family_name=f"Supporter{n}",
            emails=[f"{given_name.lower()}{n}@example.org"] if email else [],
            postal=people.PostalAddress(f"{n} High Street", postcode),
        )
        if consent:
            record_consent(
                organisation,
                person,
                purpose=PURPOSE,
                channel="email",
                action="grant",
                method="web-form",
                wording="Keep in touch with me by email.",
            )
        return person

    return make
