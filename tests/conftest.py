"""Shared fixtures: the example registers, organisations and the staff personas.

`org` (Ashbrook, SMALL_REGISTER in force) is the organisation the personas work for;
`other_org` (Northgate, the same register) is the one whose data they must never reach.
`parish_org` holds the parish council example register in force.

Personas, as healthchecks' Alice/Bob/Charlie: every view gets a "the wrong person is
refused" test. A clerk (data protection lead), councillors of wards A and B, a
caseworker and a volunteer, each a member of `org` only; `other_clerk` is the data
protection lead of `other_org`.
"""

from datetime import date
from pathlib import Path

import pytest

from lawful.policy.register import load_register

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
# The date the suite treats as today for review-date checks of the examples.
TODAY = date(2026, 11, 23)

# A register small enough to read in a test: newsletters with alternative bases (consent
# by email, public task by post) and finance records under a legal obligation.
SMALL_REGISTER = """
controller: {name: C, address: A, ico_registration: Z1, data_protection_lead: {name: L}}
notice: {review_cycle: yearly, next_review: 2030-01-01,
         versions: [{version: "1", status: adopted, date: 2020-01-01, minute: "1"}]}
purposes:
  - id: newsletters
    name: Newsletters
    description: Our newsletter.
    data_subjects: [residents]
    data_categories: [name, address, contact-details]
    sources: [data-subject]
    direct_marketing: true
    marketing_channels: [email, post]
    lawful_basis:
      - {basis: consent, applies_to: newsletters by email, channels: [email]}
      - {basis: public-task, applies_to: newsletters by post, channels: [post]}
    requirement: {kind: voluntary, consequence: We will not send you the newsletter.}
    retention: {trigger: opt-out}
  - id: finance
    name: Finance
    description: Our accounts.
    data_subjects: [residents]
    data_categories: [name, financial]
    sources: [data-subject, representative]
    lawful_basis: legal-obligation
    requirement: {kind: contractual, consequence: We cannot pay you.}
    retention: {period: 6 years, trigger: end-of-financial-year}
"""


@pytest.fixture(autouse=True)
def _encrypted_files_root(settings, tmp_path_factory):
    """Each test its own directory of encrypted files (lawful.crypto.files): no file of
    one test is found by another's rotation or listing."""
    settings.LAWFUL_FILES_ROOT = tmp_path_factory.mktemp("files")


@pytest.fixture(params=EXAMPLE_FILES, ids=lambda p: p.stem)
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def example_register(example_path):
    return load_register(example_path)


@pytest.fixture
def parish_register():
    return load_register(EXAMPLES / "parish-council.yaml")


@pytest.fixture
def org(db):
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(slug="ashbrook", name="Ashbrook Town Council")


@pytest.fixture
def other_org(db):
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(slug="northgate", name="Northgate Town Council")


@pytest.fixture
def parish_org(db):
    from lawful.organisations.services import create_organisation

    text = (EXAMPLES / "parish-council.yaml").read_text()
    return create_organisation("ashbrook-tc", text, today=TODAY)


def _staff(django_user_model, username: str, role: str, organisation, ward: str = ""):
    from lawful.organisations.models import Membership

    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery staple", role=role
    )
    Membership.objects.create(user=user, organisation=organisation, role=role, ward=ward)
    return user


@pytest.fixture
def clerk(db, django_user_model, org):
    return _staff(django_user_model, "clerk", "dp_lead", org)


@pytest.fixture
def other_clerk(db, django_user_model, other_org):
    return _staff(django_user_model, "other-clerk", "dp_lead", other_org)


@pytest.fixture
def councillor_a(db, django_user_model, org):
    return _staff(django_user_model, "councillor-a", "councillor", org, ward="A")


@pytest.fixture
def councillor_b(db, django_user_model, org):
    return _staff(django_user_model, "councillor-b", "councillor", org, ward="B")


@pytest.fixture
def caseworker(db, django_user_model, org):
    return _staff(django_user_model, "caseworker", "caseworker", org)


@pytest.fixture
def volunteer(db, django_user_model, org):
    return _staff(django_user_model, "volunteer", "volunteer", org)


def verify_second_factor(client, user) -> None:
    """Mark the client's session as having given its second factor (as a sign-in with a
    code does), with a confirmed app for `user`."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(request, monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in: for a user who must have a
    second factor (a lead, a superuser) it also verifies the session. Tests of the second
    factor itself are marked `second_factor` and get Django's force_login unchanged."""
    if request.node.get_closest_marker("second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from lawful.staff.two_factor import must_have_second_factor

        if must_have_second_factor(user):
            verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
