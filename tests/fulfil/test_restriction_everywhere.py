"""A restriction carried out stops every use but storage, wherever the person is reached."""

import pytest
from django.urls import reverse

from lawful import registry
from lawful.disclosures.services import record_disclosure
from lawful.people import services
from lawful.people.services import InvalidValue
from lawful.rights.fulfil import fulfil
from tests.api.conftest import ApiClient, token_for

from .conftest import HALL_HIRE

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    fulfil(confirmed("restriction", person), actor=clerk)
    person.refresh_from_db()
    return person


def test_the_services_refuse_every_new_use_with_a_clear_message(restricted, clerk):
    with pytest.raises(InvalidValue, match="restricted: it may be stored and corrected but not"):
        services.link_purpose(
            restricted,
            actor=clerk,
            purpose_id="events",
            basis="legitimate-interests",
            source="data-subject",
        )
    with pytest.raises(InvalidValue, match="may not be disclosed until the restriction is lifted"):
        record_disclosure(restricted, actor=clerk, recipient_id="district-council", what="name")
    link = restricted.purposes.get()
    services.end_purpose(restricted, actor=clerk, purpose_id="hall-hire")  # stopping is no use
    link.refresh_from_db()
    with pytest.raises(InvalidValue, match="restricted"):
        services.update_purpose_link(link, actor=clerk, ended=None)  # re-opening is


def test_the_staff_pages_show_it(client, make_person, confirmed, clerk, rights_org):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    fulfil(confirmed("restriction", person), actor=clerk)
    client.force_login(clerk)

    page = client.get(reverse("staff:person", args=[rights_org.slug, person.pk]))
    listing = client.get(reverse("staff:people", args=[rights_org.slug]), {"q": "Lee"})

    assert "data is restricted: it is stored only, not used" in page.content.decode()
    assert "Ashdale District Council" in page.content.decode()  # the disclosure log
    assert "Restricted" in listing.content.decode()


def test_the_api_and_the_registry_exports_mark_it(restricted, clerk, rights_org):
    api = ApiClient()
    token = token_for(clerk, rights_org)

    found = api.get("/api/v1/people", token=token, q="Lee").json()
    one = api.get(f"/api/v1/people/{restricted.pk}", token=token).json()
    exported = registry.export_for(rights_org, restricted)["people"][0]

    assert found[0]["restricted"] is True and one["restricted"] is True
    assert exported["fields"]["Restricted"] == "yes"
