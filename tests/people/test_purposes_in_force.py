"""Processing is checked against the register in force: a purpose that exists only in a
draft is refused until a notice including it is adopted."""

import pytest

from lawful.notices.services import adopt_version, load_draft
from lawful.people import services
from lawful.people.services import InvalidValue
from tests.conftest import SMALL_REGISTER, TODAY
from tests.organisations.factories import OrganisationFactory

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

HALL_HIRE = """
  - id: hall-hire
    name: Hall hire
    description: Hiring out the village hall.
    data_subjects: [residents]
    data_categories: [name, contact-details]
    sources: [data-subject]
    lawful_basis: contract
    retention: {period: 6 years, trigger: end-of-contract}
    requirement: {kind: contract-entry, consequence: We cannot take your booking.}
"""


@pytest.fixture
def draft_with_hall_hire(org):
    return load_draft(org, SMALL_REGISTER + HALL_HIRE, version="2", today=TODAY)


def test_a_purpose_only_in_a_draft_is_refused_naming_the_draft(org, clerk, draft_with_hall_hire):
    person = PersonFactory(organisation=org)
    with pytest.raises(InvalidValue) as caught:
        services.link_purpose(
            person, actor=clerk, purpose_id="hall-hire", basis="contract", source="data-subject"
        )
    message = str(caught.value)
    assert message.startswith("purposes: 'hall-hire' is only in draft version 2 of the register")
    assert "a new purpose needs a notice before it starts" in message
    assert not person.purposes.exists()
    with pytest.raises(InvalidValue, match="only in draft version 2"):
        services.create_person(
            organisation=org, actor=clerk, given_name="Ann", family_name="Lee",
            purposes=[("hall-hire", "contract", "data-subject")],
        )  # fmt: skip


def test_once_adopted_the_purpose_may_be_used(org, clerk, draft_with_hall_hire):
    adopt_version(draft_with_hall_hire, adopted_on=TODAY, minute="26.3", actor=clerk)
    person = PersonFactory(organisation=org)
    link = services.link_purpose(
        person, actor=clerk, purpose_id="hall-hire", basis="contract", source="data-subject"
    )
    assert link.purpose_id == "hall-hire" and link.organisation == org


def test_another_organisations_register_does_not_count(org, other_org, clerk):
    adopt_version(
        load_draft(other_org, SMALL_REGISTER + HALL_HIRE, version="2", today=TODAY),
        adopted_on=TODAY,
        minute="26.3",
    )
    person = PersonFactory(organisation=org)
    with pytest.raises(InvalidValue, match="'hall-hire' is not a purpose in the register"):
        services.link_purpose(
            person, actor=clerk, purpose_id="hall-hire", basis="contract", source="data-subject"
        )


def test_an_organisation_with_no_register_in_force_processes_for_no_purpose(clerk):
    organisation = OrganisationFactory(slug="new", name="New Council", register=False)
    with pytest.raises(InvalidValue, match="^purposes: New Council has no register in force"):
        services.create_person(
            organisation=organisation, actor=clerk, given_name="Ann", family_name="Lee",
            purposes=[("newsletters", "consent", "data-subject")],
        )  # fmt: skip
