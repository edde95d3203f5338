"""The staff page "Who may we contact?": counts and reasons, never who."""

import pytest

from lawful.consent.services import record_consent
from lawful.people.models import Person
from tests.people.factories import ContactPointFactory, PersonFactory

URL = "/staff/ashbrook/audience/"


@pytest.fixture
def subscribers(org):
    people = []
    for n in range(7):
        person = PersonFactory(organisation=org, family_name=f"Zyxwardian{n}", ward="North")
        ContactPointFactory(person=person)
        people.append(person)
    for person in people[:6]:
        record_consent(
            org,
            person,
            purpose="newsletters",
            channel="email",
            action="grant",
            method="paper-form",
            wording="Yes",
        )
    Person.objects.filter(pk=people[0].pk).update(restricted=True)
    return people


def test_the_lead_sees_the_count_and_each_reason(client, clerk, subscribers):
    client.force_login(clerk)
    page = client.get(URL, {"purpose": "newsletters", "channel": "email"}).content.decode()
    assert '<strong id="may-contact">5</strong>' in page
    assert 'Processing of their data is restricted</td><td data-label="People">1' in page
    assert "No consent to this channel for this purpose" in page
    assert "Zyxwardian" not in page


def test_a_volunteer_sees_counts_with_small_numbers_hidden(client, volunteer, subscribers):
    client.force_login(volunteer)
    response = client.get(URL, {"purpose": "newsletters", "channel": "email", "ward": "North"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="may-contact">5</strong>' in page
    assert "fewer than 5" in page
    assert "Zyxwardian" not in page


def test_a_channel_the_purpose_does_not_use_is_refused_naming_it(client, clerk, subscribers):
    client.force_login(clerk)
    response = client.get(URL, {"purpose": "newsletters", "channel": "sms"})
    assert response.status_code == 400
    assert "does not use text message" in response.content.decode()


def test_another_organisations_member_gets_404(client, other_clerk, subscribers):
    client.force_login(other_clerk)
    assert client.get(URL).status_code == 404
