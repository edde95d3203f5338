"""The access pack holds every record the person has, from every app in the registry,
with the supplementary information, and nothing of anyone else unflagged."""

import json

import pytest

from lawful import registry
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.people import services as people
from lawful.rights.pack import WITHHELD, gather_pack, redacted
from lawful.rights.pack_files import pack_json

from .conftest import make_request

pytestmark = pytest.mark.django_db


# How to give the person a record in each source, and the text that record puts in the
# pack. A new source joining the registry fails test_every_source_... until added here.
def _people_records(org, person, clerk):
    people.add_alias(person, actor=clerk, name="Marker Alias")
    return ["Marker Alias", "ann.example@example.org", "newsletters"]


def _audit_records(org, person, clerk):
    record(AuditAction.VIEW, actor=clerk, person=person, summary="marker audit event")
    return ["marker audit event"]


def _rights_records(org, person, clerk):
    make_request(org, person, kind="erasure", details="Marker request details")
    return ["Marker request details"]


def _pack_records(org, person, clerk):
    from lawful.rights.letters import send_letter
    from lawful.rights.pack_models import AccessPackCopy

    earlier = make_request(org, person, details="An earlier request")
    AccessPackCopy.objects.create(organisation=org, request=earlier, status="ready", records=7)
    send_letter(earlier, "acknowledgement", actor=clerk, channel="email")
    return [earlier.reference, "acknowledgement"]


def _disclosure_records(org, person, clerk):
    # Straight to the model: the small test register names no recipient, and the service
    # (tests/disclosures) checks the recipient against the register in force.
    from datetime import date

    from lawful.disclosures.models import Disclosure

    Disclosure.objects.create(
        organisation=org,
        person=person,
        recipient_id="marker-recipient",
        recipient_name="Marker District Council",
        what="name and marker address",
        disclosed_on=date(2026, 11, 2),
        by=clerk,
    )
    return ["Marker District Council", "name and marker address"]


def _casework_records(org, person, clerk):
    # Straight to the model: the small test register has no casework purpose, and the
    # service (tests/casework) checks the case against the register in force.
    from datetime import date

    from lawful.casework.models import Case, Note

    case = Case.objects.create(
        organisation=org,
        person=person,
        subject="Marker case subject",
        description="Marker case description",
        opened_on=date(2026, 11, 2),
        purpose_id="casework",
    )
    Note.objects.create(
        organisation=org, case=case, text="Marker case note", happened_on=date(2026, 11, 3)
    )
    return ["Marker case subject", "Marker case description", "Marker case note"]


def _survey_records(org, person, clerk):
    # Straight to the models: the small test register has no survey purpose (the service,
    # tested in tests/surveys, refuses a survey without one).
    from lawful.surveys.models import Answer, Question, Response, Survey

    survey = Survey.objects.create(organisation=org, title="Marker survey", purpose_id="s")
    question = Question.objects.create(
        organisation=org, survey=survey, position=1, text="Your view?", kind="free-text"
    )
    response = Response.objects.create(organisation=org, survey=survey, person=person)
    Answer.objects.create(
        organisation=org, response=response, question=question, text="Marker opinion"
    )
    return ["Marker survey", "Marker opinion"]


def _consent_records(org, person, clerk):
    from lawful.consent.services import record_consent

    record_consent(
        org,
        person,
        purpose="newsletters",
        channel="email",
        action="grant",
        method="paper-form",
        wording="Marker wording: email me the newsletter.",
        actor=clerk,
    )
    return ["Marker wording: email me the newsletter."]


def _campaign_records(org, person, clerk):
    # Straight to the models: what the worker writes when it sends (tests/campaigns).
    from django.utils import timezone

    from lawful.campaigns.models import Delivery, Send

    send = Send.objects.create(
        organisation=org, purpose_id="newsletters", subject="Marker spring news", body="Hi."
    )
    Delivery.objects.create(
        organisation=org, send=send, person=person, address="marker@example.org",
        sent_at=timezone.now(),
    )  # fmt: skip
    return ["Marker spring news", "marker@example.org"]


RECORD_FACTORIES = {
    "people": _people_records,
    "audit": _audit_records,
    "rights": _rights_records,
    "access-packs": _pack_records,
    "disclosures": _disclosure_records,
    "casework": _casework_records,
    "surveys": _survey_records,
    "consent": _consent_records,
    "campaigns": _campaign_records,
}


def test_every_source_in_the_registry_has_a_way_to_make_a_test_record():
    missing = [s.key for s in registry.sources() if s.key not in RECORD_FACTORIES]
    assert not missing, f"add a record factory for these sources: {missing}"


def test_the_pack_holds_a_record_of_each_kind_the_registry_knows(org, clerk, resident):
    expected = {}
    for source in registry.sources():
        expected[source.key] = RECORD_FACTORIES[source.key](org, resident, clerk)

    data = json.loads(pack_json(gather_pack(org, resident)))

    assert set(data["records"]) == {s.key for s in registry.sources()}
    for key, markers in expected.items():
        text = json.dumps(data["records"][key], ensure_ascii=False)
        assert data["records"][key]["records"], f"no records from {key}"
        for marker in markers:
            assert marker in text, f"{marker!r} missing from the {key} records"


def test_the_pack_tells_the_person_why_we_hold_it_and_how_to_complain(org, resident):
    data = gather_pack(org, resident).data()
    supplementary = data["supplementary"]

    (held,) = supplementary["your_purposes"]
    assert held["purpose"] == "newsletters" and held["name"] == "Newsletters"
    assert held["lawful_basis"] == "Consent"
    assert held["categories"] and held["retention"]
    assert held["source"]
    assert any(r["right"] == "the right to erasure" for r in held["rights"])
    assert supplementary["right_to_complain"]["to_the_ico"]["phone"] == "0303 123 1113"
    assert "court" in supplementary["right_to_complain"]["to_the_courts"]
    assert "automated" in supplementary["automated_decision_making"]
    assert {"who-we-are", "your-rights", "sharing"} <= set(supplementary["general"])
    assert data["controller"]["name"] == "C"  # the register in force's controller


def test_another_person_of_the_organisation_named_in_the_records_is_flagged(
    org, resident, neighbour
):
    make_request(org, resident, kind="erasure", details="Brian Neighbour keeps parking here.")

    pack = gather_pack(org, resident)

    flagged = [(m.what, m.other_person_id) for m in pack.mentions]
    assert ("Brian Neighbour", neighbour.pk) in flagged
    # The resident's own name, alias and contact details are never flagged as others'.
    assert {m.other_person_id for m in pack.mentions} == {neighbour.pk}


def test_a_contact_detail_of_another_person_is_flagged_too(org, resident, neighbour):
    make_request(org, resident, details="Write to brian.neighbour@example.org as well.")

    pack = gather_pack(org, resident)

    assert ("brian.neighbour@example.org", neighbour.pk) in [
        (m.what, m.other_person_id) for m in pack.mentions
    ]


def test_withheld_mentions_are_replaced_and_released_ones_kept(org, resident, neighbour):
    make_request(org, resident, details="Brian Neighbour keeps parking here.")
    pack = gather_pack(org, resident)
    (mention,) = pack.mentions

    withheld = json.dumps(redacted(pack, [mention.key]).data(), ensure_ascii=False)
    released = json.dumps(redacted(pack, []).data(), ensure_ascii=False)

    assert "Brian Neighbour" not in withheld and WITHHELD in withheld
    assert json.loads(withheld)["withheld"] == [
        {"where": mention.where, "why": "It is information about another person."}
    ]
    assert "Brian Neighbour" in released


def test_a_person_of_another_organisation_never_appears(org, other_org, resident, clerk):
    stranger = people.create_person(
        organisation=other_org,
        actor=None,
        given_name="Brian",
        family_name="Stranger",
        emails=["brian.stranger@example.net"],
        aliases=["Ann Example"],  # even sharing the resident's name
    )
    make_request(org, resident, details="Brian Stranger wrote to me.")

    pack = gather_pack(org, resident)

    assert pack.mentions == []  # not a person of this organisation: nothing looked up there
    text = json.dumps(pack.data())
    assert "brian.stranger@example.net" not in text
    with pytest.raises(LookupError):
        gather_pack(org, stranger)
