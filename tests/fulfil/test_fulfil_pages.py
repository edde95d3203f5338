"""Carrying a request out, and telling its recipients, from the request's staff page:
the lead only, through the same services as the API, audited."""

import json

import pytest

from lawful.audit.models import AuditEvent
from lawful.disclosures.models import RecipientNotification
from lawful.disclosures.services import record_disclosure
from lawful.people.models import ContactPoint
from lawful.rights.fulfil import fulfil
from lawful.rights.models import RightsRequest

from .conftest import CONSULTATIONS, FINANCE, HALL_HIRE, NEWSLETTERS_BY_EMAIL

pytestmark = pytest.mark.django_db


def _url(r) -> str:
    return f"/staff/ashdale/requests/{r.pk}/"


@pytest.fixture
def lead(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def caseworker_client(client, django_user_model, rights_org):
    from lawful.organisations.models import Membership

    user = django_user_model.objects.create_user(
        username="casey", password="correct horse battery staple", role="caseworker"
    )
    Membership.objects.create(user=user, organisation=rights_org, role="caseworker")
    client.force_login(user)
    return client


def test_the_lead_erases_from_the_page_and_is_told_what_was_kept_and_whom_to_tell(
    lead, make_person, confirmed, clerk
):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    r = confirmed("erasure", person)
    page = lead.get(_url(r)).content.decode()
    assert "Carry out the request (to delete their information)" in page

    response = lead.post(_url(r), {"action": "fulfil"}, follow=True)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Carried out the request (to delete their information)." in text and "Kept:" in text
    assert "Tell the recipients the data went to (below): Ashdale District Council" in text
    person.refresh_from_db()
    assert person.erased_at is not None
    assert RightsRequest.objects.get(pk=r.pk).status == "completed"
    assert AuditEvent.objects.filter(summary="carried out an erasure request").exists()
    assert "Mark as told: Ashdale District Council" in text


def test_a_refusal_on_the_page_says_why_and_changes_nothing(lead, make_person, confirmed):
    person = make_person(CONSULTATIONS)
    r = confirmed("erasure", person)

    response = lead.post(_url(r), {"action": "fulfil"}, follow=True)

    text = response.content.decode()
    assert "Refused, nothing changed" in text and "public task" in text.lower()
    person.refresh_from_db()
    assert person.erased_at is None
    assert RightsRequest.objects.get(pk=r.pk).is_open


def test_a_correction_from_the_page_changes_only_the_fields_filled_in(lead, make_person, confirmed):
    person = make_person(NEWSLETTERS_BY_EMAIL)
    r = confirmed("rectification", person)

    response = lead.post(
        _url(r), {"action": "fulfil", "fulfil-family_name": "Leigh", "fulfil-email": ""}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Ada", "Leigh")
    assert ContactPoint.objects.get(person=person, kind="email").value == "ada.lee@example.org"


def test_a_correction_with_nothing_to_correct_names_the_problem_on_the_form(
    lead, make_person, confirmed
):
    person = make_person(NEWSLETTERS_BY_EMAIL)
    r = confirmed("rectification", person)

    response = lead.post(_url(r), {"action": "fulfil"})

    assert response.status_code == 400
    assert "say which fields to correct" in response.content.decode()
    assert RightsRequest.objects.get(pk=r.pk).is_open


def test_an_objection_continued_on_grounds_needs_the_grounds(lead, make_person, confirmed):
    person = make_person(CONSULTATIONS, NEWSLETTERS_BY_EMAIL)
    r = confirmed("objection", person)
    missing = lead.post(_url(r), {"action": "fulfil", "fulfil-continue_purpose": "consultations"})
    assert missing.status_code == 400
    assert "State the compelling legitimate grounds" in missing.content.decode()

    done = lead.post(
        _url(r),
        {
            "action": "fulfil",
            "fulfil-continue_purpose": "consultations",
            "fulfil-grounds": "The consultation is required by statute.",
        },
    )
    assert done.status_code == 302
    still = set(person.purposes.filter(ended__isnull=True).values_list("purpose_id", flat=True))
    assert still == {"consultations"}


def test_portability_downloads_what_the_person_provided(lead, make_person, confirmed):
    person = make_person(HALL_HIRE)
    r = confirmed("portability", person)

    response = lead.post(_url(r), {"action": "fulfil"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-portability.json"')
    assert json.loads(response.content)["format"] == "lawful-portability/1"
    assert AuditEvent.objects.filter(action="export", target_id=str(r.pk)).exists()


def test_a_request_without_a_confirmed_person_is_not_carried_out(
    lead, rights_org, clerk, make_person
):
    from lawful.rights.services import receive_request

    from .conftest import REQUESTER

    r = receive_request(
        rights_org, kind="erasure", received_on="2026-11-02", via="email",
        requester=dict(REQUESTER), details="", actor=clerk,
    )  # fmt: skip
    assert "Confirm who the requester is first" in lead.get(_url(r)).content.decode()
    response = lead.post(_url(r), {"action": "fulfil"})
    assert response.status_code == 400
    assert "no person is confirmed" in response.content.decode()


def test_the_lead_marks_a_recipient_told_on_a_day(lead, make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    record_disclosure(person, actor=clerk, recipient_id="mailing-service", what="email")
    r = confirmed("erasure", person)
    council, mailing = fulfil(r, actor=clerk).recipients_to_tell

    sent = lead.post(
        _url(r),
        {"action": "notify-sent", "notification": council.pk,
         f"notify-{council.pk}-on": "2026-11-20"},
    )  # fmt: skip
    assert sent.status_code == 302
    council.refresh_from_db()
    assert (council.status, str(council.sent_on)) == ("sent", "2026-11-20")
    assert AuditEvent.objects.filter(summary__startswith="told recipient district-council").exists()

    no_reason = lead.post(
        _url(r),
        {"action": "notify-impossible", "notification": mailing.pk,
         f"notify-{mailing.pk}-on": "2026-11-20"},
    )  # fmt: skip
    assert no_reason.status_code == 400
    assert "say why telling this recipient is impossible" in no_reason.content.decode()
    lead.post(
        _url(r),
        {"action": "notify-impossible", "notification": mailing.pk,
         f"notify-{mailing.pk}-on": "2026-11-20",
         f"notify-{mailing.pk}-reason": "The provider has closed down."},
    )  # fmt: skip
    mailing.refresh_from_db()
    assert mailing.status == "impossible-or-disproportionate"

    again = lead.post(
        _url(r),
        {"action": "notify-sent", "notification": council.pk,
         f"notify-{council.pk}-on": "2026-11-21"},
    )  # fmt: skip
    assert again.status_code == 400
    council.refresh_from_db()
    assert str(council.sent_on) == "2026-11-20"


def test_a_notification_of_another_request_is_not_found(lead, make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    (told,) = fulfil(confirmed("erasure", person), actor=clerk).recipients_to_tell
    other = confirmed("access", make_person(FINANCE, emails=[], phones=[], postal=[]))

    response = lead.post(
        _url(other),
        {"action": "notify-sent", "notification": told.pk, f"notify-{told.pk}-on": "2026-11-20"},
    )

    assert response.status_code == 404
    assert RecipientNotification.objects.get(pk=told.pk).status == "to-send"


@pytest.mark.parametrize("action", ["fulfil", "notify-sent", "notify-impossible"])
def test_only_the_lead_may_carry_out_or_tell(caseworker_client, make_person, confirmed, action):
    person = make_person(HALL_HIRE)
    r = confirmed("erasure", person)

    response = caseworker_client.post(_url(r), {"action": action, "notification": "1"})

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.erased_at is None


def test_an_access_request_offers_the_pack_instead(lead, make_person, confirmed):
    r = confirmed("access", make_person(HALL_HIRE))
    page = lead.get(_url(r)).content.decode()
    assert "Build the response pack" in page and "Carry out the request (" not in page
