"""The wrong person is refused, for every workspace page: visitors are sent to sign in,
another organisation's staff get a 404 (as if it did not exist), and a role without
the right gets a 403 page saying what it can do, never the data.

The table below must name every page of lawful.staff.urls that takes an organisation:
a new page without an entry fails `test_every_organisation_page_is_in_the_table`.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from lawful.notices.models import NoticeVersion
from lawful.notices.services import adopted_version, load_draft
from lawful.rights.services import receive_complaint, receive_request
from lawful.staff import urls as staff_urls
from tests.conftest import SMALL_REGISTER
from tests.people.factories import ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db

CHANGED = SMALL_REGISTER.replace("period: 6 years", "period: 7 years")
READ_PEOPLE = {"clerk", "councillor_a", "caseworker"}
EVERYONE = {"clerk", "councillor_a", "caseworker", "volunteer"}
LEAD = {"clerk"}

# name -> (who may GET it, who may POST to it, or None where POST is not allowed)
PAGES = {
    "dashboard": (EVERYONE, None),
    "people": (READ_PEOPLE, None),
    "person": (READ_PEOPLE, None),
    "register": (EVERYONE, LEAD),
    "register-version": (EVERYONE, LEAD),
    # The rights desk: the lead handles requests and complaints; anyone may log one.
    "requests": (LEAD, None),
    "requests-report": (LEAD, None),
    "request": (LEAD, LEAD),
    "request-new": (EVERYONE, EVERYONE),
    "complaints": (LEAD, None),
    "complaint": (LEAD, LEAD),
    "complaint-new": (EVERYONE, EVERYONE),
    # Casework: those who work on cases; which cases, the query layer decides
    # (tests/casework/test_need_to_know.py). The world's case is given to the caseworker,
    # in councillor A's ward.
    "cases": (READ_PEOPLE, None),
    "cases-export": (READ_PEOPLE, None),
    "case-new": (READ_PEOPLE, READ_PEOPLE),
    "case": (READ_PEOPLE, READ_PEOPLE),
}
# --- rights-pack: an access request's pack, its flags and its letters (lead only) ---
PAGES.update(
    {
        "request-pack": (LEAD, LEAD),
        "request-pack-download": (LEAD, None),
        "request-pack-flags": (LEAD, LEAD),
        "request-letters": (LEAD, LEAD),
        "letter-templates": (LEAD, LEAD),
    }
)
# Surveys: everyone records responses and reads results (small numbers hidden); the lead
# and councillors make and close surveys; individual responses for those who see people.
RUN_SURVEYS = {"clerk", "councillor_a"}
PAGES.update(
    {
        "surveys": (EVERYONE, None),
        "survey-new": (RUN_SURVEYS, RUN_SURVEYS),
        "survey": (EVERYONE, RUN_SURVEYS),
        "survey-respond": (EVERYONE, EVERYONE),
        "survey-responses": (READ_PEOPLE, None),
    }
)
# A POST a role may make that this world's register refuses, with the form shown again:
# its register in force has no purpose for surveys.
REFUSED_BY_THE_REGISTER = {"survey-new": 422}
# --- consent: "Who may we contact?" (counts only: every role, volunteers included) ---
PAGES.update({"audience": (EVERYONE, None)})
# --- campaigns: the lead composes sends and exports lists for a mailing service ---
PAGES.update(
    {"campaigns": (LEAD, None), "campaigns-send": (LEAD, LEAD), "campaigns-export": (LEAD, LEAD)}
)
# Pages that only take a POST: a GET by a role that may use them is refused with 405.
POST_ONLY = {"campaigns-send", "campaigns-export"}
# This world's register names no recipient of the newsletter: the export form is shown
# again with the reason.
REFUSED_BY_THE_REGISTER["campaigns-export"] = 400
# --- consent: a withdrawal told to any member of staff; consents on the person page ---
PAGES.update(
    {"record-withdrawal": (EVERYONE, EVERYONE), "person-consents": (READ_PEOPLE, READ_PEOPLE)}
)
# POSTs answered on the page itself (what was recorded), not by a redirect.
ANSWERED_ON_THE_PAGE = {"record-withdrawal": 200, "person-consents": 200}
PERSONAS = ("clerk", "councillor_a", "caseworker", "volunteer", "other_clerk")

# The small register with a casework purpose, so that a case can be opened.
CASEWORK_PURPOSE = """
  - id: casework
    name: Casework
    description: Taking up residents' concerns.
    data_subjects: [residents]
    data_categories: [name, address, case-details]
    sources: [data-subject]
    lawful_basis: public-task
    requirement: {kind: voluntary, consequence: We cannot take up your case.}
    retention: {period: 6 months, trigger: case-closed}
"""


@pytest.fixture
def org(db):
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(
        slug="ashbrook", name="Ashbrook Town Council", register=SMALL_REGISTER + CASEWORK_PURPOSE
    )


def test_every_organisation_page_is_in_the_table():
    named = {
        p.name
        for p in staff_urls.urlpatterns
        if isinstance(p, URLPattern) and "org" in p.pattern.converters
    }
    assert named == set(PAGES)


@pytest.fixture
def world(org, clerk, caseworker):
    person = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    ContactPointFactory(person=person, postal=True, value="SW1A 1AA")
    load_draft(org, CHANGED, version="2", today=date(2026, 11, 25), actor=clerk)
    requester = {"name": "Alice Smith", "postcode": "SW1A 1AA"}
    rights_request = receive_request(
        org, kind="access", received_on=date(2026, 11, 2), via="letter", requester=requester,
        actor=clerk,
    )  # fmt: skip
    complaint = receive_complaint(
        org, received_on=date(2026, 11, 2), complainant=requester, text="Too slow.", actor=clerk
    )
    from lawful.casework.services import open_case

    case = open_case(
        org, actor=clerk, person=person, subject="Repairs", ward="A", assigned_to="caseworker"
    )
    return {
        "person": person,
        "case": case,
        "request": rights_request,
        "complaint": complaint,
        "pack_request": _access_request_with_pack(org, person, clerk),
        "survey": _survey(org),
    }


def _survey(org):
    # Made directly: this world's register has no survey purpose (lawful.surveys.services
    # would refuse it), and the pages are what is tested here.
    from lawful.surveys.models import Question, Survey

    survey = Survey.objects.create(organisation=org, title="Parking", purpose_id="surveys")
    Question.objects.create(
        organisation=org, survey=survey, position=1, text="Enough?", kind="choice",
        choices=["Yes", "No"],
    )  # fmt: skip
    return survey


def _access_request_with_pack(org, person, clerk):
    # rights-pack: an access request whose pack is built (the test backend runs at once).
    from lawful.rights.pack_models import ThirdPartyFlag
    from lawful.rights.pack_service import request_pack
    from tests.rights_pack.conftest import make_request

    rights_request = make_request(org, person)
    request_pack(rights_request, actor=clerk)
    ThirdPartyFlag.objects.create(
        organisation=org, request=rights_request, where="rights/x/details", what="Bob Jones"
    )
    return rights_request


def address(name: str, world) -> str:
    kwargs = {"org": "ashbrook"}
    if name in ("person", "person-consents"):
        kwargs["person_id"] = world["person"].pk
    if name == "register-version":
        kwargs["version"] = "2"
    if name == "request":
        kwargs["request_id"] = world["request"].pk
    if name == "complaint":
        kwargs["complaint_id"] = world["complaint"].pk
    if name == "case":
        kwargs["case_id"] = world["case"].pk
    if name.startswith("request-pack") or name == "request-letters":
        kwargs["request_id"] = world["pack_request"].pk
    if name in ("survey", "survey-respond", "survey-responses"):
        kwargs["survey_id"] = world["survey"].pk
    return reverse(f"staff:{name}", kwargs=kwargs)


def post_data(name: str):
    # rights-pack: what each of its pages takes in a POST.
    if name == "request-pack":
        return {}
    if name == "request-pack-flags":
        from lawful.rights.pack_models import ThirdPartyFlag

        flag = ThirdPartyFlag.objects.first()
        return {"flag": flag.pk if flag else 0, "decision": "withhold", "reason": "No consent."}
    if name == "request-letters":
        return {"kind": "acknowledgement", "channel": "email"}
    if name == "letter-templates":
        return {"kind": "completion", "action": "save", "subject": "Done", "body": "Done."}
    if name == "survey-new":
        return {"title": "Parking", "purpose": "surveys", "questions": "Enough? | Yes | No"}
    if name == "survey":
        return {}  # closes it
    if name == "survey-respond":
        from lawful.surveys.models import Question

        return {"via": "paper", f"q{Question.objects.get().pk}": "Yes"}
    if name in ("campaigns-send", "campaigns-export"):
        target = {"purpose": "newsletters", "channel": "email"}
        return {**target, "subject": "Spring news", "body": "Hello.", "recipient": "mailer"}
    if name == "record-withdrawal":
        return {"what": "all", "method": "phone", "email": "bo@example.org", "phone": ""}
    if name == "person-consents":
        return {"choice": "newsletters|email", "action": "withdraw", "method": "phone"}
    if name == "register":
        return {
            "register_file": SimpleUploadedFile(
                "r.yaml", CHANGED.replace("7 years", "8 years").encode()
            ),
            "version": "3",
        }
    someone = {"name": "Bo Lee", "email": "bo@example.org", "received_on": "2026-11-20"}
    if name == "request-new":
        return {**someone, "kind": "erasure", "via": "phone"}
    if name == "complaint-new":
        return {**someone, "via": "letter", "text": "You kept my details."}
    if name == "request":
        return {"action": "event", "event-type": "identity-requested", "event-on": "2026-11-03"}
    if name == "complaint":
        return {"action": "acknowledge", "ack-on": "2026-11-03"}
    if name == "case-new":
        from lawful.people.models import Person

        return {"person": Person.objects.first().pk, "subject": "A new case"}
    if name == "case":
        return {"action": "note", "note-kind": "note", "note-text": "Rang them."}
    return {"minute": "2026/1", "adopted_on": "2026-11-25"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_visitor_is_sent_to_sign_in(client, world, name):
    response = client.get(address(name, world))
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in?next=")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_lets_in_only_the_roles_it_is_for(client, request, world, name, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(address(name, world))
    allowed, _ = PAGES[name]
    if persona == "other_clerk":
        assert response.status_code == 404  # another organisation's: as if it did not exist
    elif persona in allowed:
        assert response.status_code == (405 if name in POST_ONLY else 200)
    else:
        assert response.status_code == 403
        page = response.content.decode()
        assert "This page is not available to your role" in page
        assert "What you can do" in page
        assert "Smith" not in page and "SW1A" not in page


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(n for n, (_, post) in PAGES.items() if post))
def test_only_the_lead_uploads_or_adopts(client, request, world, org, name, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    versions_before = NoticeVersion.objects.for_org(org).count()
    response = client.post(address(name, world), post_data(name))
    _, allowed = PAGES[name]
    if persona == "other_clerk":
        assert response.status_code == 404
    elif persona in allowed:
        expected = REFUSED_BY_THE_REGISTER.get(name, ANSWERED_ON_THE_PAGE.get(name, 302))
        assert response.status_code == expected
    else:
        assert response.status_code == 403
        assert NoticeVersion.objects.for_org(org).count() == versions_before
        assert adopted_version(org).version == "1"


@pytest.mark.parametrize("name", sorted(n for n, (_, post) in PAGES.items() if not post))
def test_pages_that_only_show_refuse_a_post(client, clerk, world, name):
    client.force_login(clerk)
    assert client.post(address(name, world), {}).status_code == 405


def test_a_person_of_another_organisation_is_not_found_by_changing_the_address(
    client, clerk, other_org
):
    stranger = PersonFactory(organisation=other_org)
    client.force_login(clerk)
    response = client.get(
        reverse("staff:person", kwargs={"org": "ashbrook", "person_id": stranger.pk})
    )
    assert response.status_code == 404


def test_an_inactive_account_reaches_nothing(client, clerk, world):
    clerk.is_active = False
    clerk.save()
    client.force_login(clerk)
    response = client.get(address("dashboard", world))
    assert response.status_code in (302, 404)
