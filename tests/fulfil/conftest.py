"""Fixtures of the fulfilment tests: a person with purposes, a request confirmed for them."""

import pytest

from lawful.people import services
from lawful.people.services import PostalAddress
from lawful.rights.services import receive_request, record_event
from tests import rights_register

rights_org = rights_register.rights_org  # the fixture, shared with other rights tests

REQUESTER = {
    "name": "Ada Lee",
    "email": "Ada.Lee@Example.org",
    "phone": "07700 900456",
    "postcode": "sw1a 1aa",
    "address_lines": "1 High Street\nAshbrook",
}


@pytest.fixture
def make_person(rights_org, clerk):
    def make(*purposes, **fields):
        wanted = {
            "given_name": "Ada",
            "family_name": "Lee",
            "emails": ["ada.lee@example.org"],
            "phones": ["07700 900456"],
            "postal": [PostalAddress("1 High Street\nAshbrook", "SW1A 1AA")],
            "purposes": list(purposes),
        } | fields
        return services.create_person(organisation=rights_org, actor=clerk, **wanted)

    return make


@pytest.fixture
def clerk(db, django_user_model, rights_org):
    from lawful.organisations.models import Membership

    user = django_user_model.objects.create_user(
        username="clerk", password="correct horse battery staple", role="dp_lead"
    )
    Membership.objects.create(user=user, organisation=rights_org, role="dp_lead")
    return user


@pytest.fixture
def confirmed(rights_org, clerk):
    """A request of `kind`, received and matched to `person` by the clerk."""

    def make(kind, person, details="As I wrote."):
        rights_request = receive_request(
            rights_org,
            kind=kind,
            received_on="2026-11-02",
            via="email",
            requester=dict(REQUESTER),
            details=details,
            actor=clerk,
        )
        record_event(
            rights_request, type="person-confirmed", on="2026-11-03", actor=clerk, person=person.pk
        )
        rights_request.refresh_from_db()
        return rights_request

    return make


NEWSLETTERS_BY_EMAIL = ("newsletters", "consent", "data-subject")
NEWSLETTERS_BY_POST = ("newsletters", "public-task", "data-subject")
FINANCE = ("finance", "legal-obligation", "data-subject")
CONSULTATIONS = ("consultations", "public-task", "data-subject")
HALL_HIRE = ("hall-hire", "contract", "data-subject")
EVENTS = ("events", "legitimate-interests", "data-subject")
