import pytest

from lawful.rights.services import receive_request

REQUESTER = {
    "name": "Alice Smith",
    "email": "Alice.Smith@Example.org",
    "phone": "07700 900123",
    "postcode": "sw1a 1aa",
    "address_lines": "1 High Street\nAshbrook",
}


@pytest.fixture
def make_request(org, clerk):
    """Receive a request through the service, as the clerk, with sensible defaults."""

    def make(organisation=None, **overrides):
        fields = {
            "kind": "access",
            "received_on": "2025-09-03",
            "via": "email",
            "requester": dict(REQUESTER),
            "details": "Please send me everything you hold about me.",
            "actor": clerk,
        }
        fields.update(overrides)
        return receive_request(organisation or org, **fields)

    return make
