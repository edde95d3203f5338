"""The registry every app joins: the person page, access pack, erasure and restriction
find every app's records of a person through it."""

import pytest
from django.apps import apps
from django.db import models

from lawful import registry
from lawful.audit.models import AuditEvent
from lawful.people import services
from lawful.people.models import Alias, ContactPoint, Person, PurposeLink
from lawful.people.services import InvalidValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(org, clerk):
    person = services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Alice",
        family_name="Jones",
        emails=["alice@example.com"],
        postal={"address_lines": "1 High Street\nLapford", "postcode": "EX17 6AA"},
        aliases=["Alice Smith"],
        purposes=[("newsletters", "consent", "data-subject")],
    )
    services.record_view(person, actor=clerk)
    return person


def test_every_model_pointing_at_a_person_is_covered_by_a_source():
    covered = registry.covered_models()
    missing = [
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and field.related_model is Person
        and model not in covered
    ]
    assert missing == [], "register a PersonalDataSource for these models"
    assert Person in covered


def test_the_registry_lists_every_apps_records_of_a_person(org, alice):
    records = registry.records_for(org, alice)
    # Every source is listed, the person first and the audit log last.
    assert list(records) == [s.key for s in registry.sources()]
    assert list(records)[0] == "people" and list(records)[-1] == "audit"
    assert {"disclosures", "rights", "access-packs"} <= set(records)
    labels = [view.label for view in records["people"]]
    assert labels[0] == "Person"
    assert {"Other name", "Contact point", "Purpose"} <= set(labels)
    values = [view.fields.get("Value") for view in records["people"]]
    assert "alice@example.com" in values
    assert [view.fields["What"] for view in records["audit"]] == ["Viewed", "Created"]
    assert all(view.fields["Who"] == "clerk" for view in records["audit"])


def test_the_registry_refuses_a_person_of_another_organisation(other_org, alice):
    with pytest.raises(LookupError):
        registry.records_for(other_org, alice)
    with pytest.raises(LookupError):
        registry.erase(other_org, alice, actor=None)
    assert Person.objects.get(pk=alice.pk).given_name == "Alice"


def test_export_is_json_able_and_complete(org, alice):
    import json

    exported = registry.export_for(org, alice)
    text = json.dumps(exported)
    assert "alice@example.com" in text and "Alice Smith" in text and "newsletters" in text
    assert len(exported["audit"]) == 2


def test_erasure_removes_contact_details_and_anonymises_the_person(org, clerk, alice):
    outcome = registry.erase(org, alice, actor=clerk)
    person = Person.objects.get(pk=alice.pk)
    assert (person.given_name, person.family_name, person.erased_at is not None) == (
        "", "", True,
    )  # fmt: skip
    assert not ContactPoint.objects.filter(person=person).exists()
    assert not Alias.objects.filter(person=person).exists()
    assert not PurposeLink.objects.filter(person=person, ended__isnull=True).exists()
    assert "2 contact point(s)" in outcome["people"].erased
    assert outcome["audit"].kept  # the log stays, and says why
    event = AuditEvent.objects.get(person_id=person.pk, summary="erased person")
    assert event.actor == clerk and event.organisation == org
    with pytest.raises(InvalidValue, match="erased"):
        services.add_contact_point(person, actor=clerk, kind="email", value="a@example.com")


def test_erasure_is_refused_with_the_reason_where_a_legal_obligation_holds_the_data(
    org, clerk, alice
):
    services.link_purpose(
        alice, actor=clerk, purpose_id="finance", basis="legal-obligation", source="data-subject"
    )
    outcome = registry.erase(org, alice, actor=clerk)
    assert outcome["people"].erased == []
    assert any(reason.startswith("Finance (") for reason in outcome["people"].kept)
    assert Person.objects.get(pk=alice.pk).given_name == "Alice"
    assert ContactPoint.objects.filter(person=alice).count() == 2


def test_restriction_stops_new_processing_but_allows_correction(org, clerk, alice):
    registry.restrict(org, alice, actor=clerk)
    alice.refresh_from_db()
    assert alice.restricted
    with pytest.raises(InvalidValue, match="restricted"):
        services.link_purpose(
            alice, actor=clerk, purpose_id="finance", basis="legal-obligation",
            source="data-subject",
        )  # fmt: skip
    assert services.update_person(alice, actor=clerk, family_name="Smith") == ["family_name"]
    assert AuditEvent.objects.filter(person_id=alice.pk, summary="restricted processing").exists()
    services.lift_restriction(alice, actor=clerk)
    alice.refresh_from_db()
    services.link_purpose(
        alice, actor=clerk, purpose_id="finance", basis="legal-obligation", source="data-subject"
    )


def test_every_model_holding_personal_data_belongs_to_an_organisation_and_is_scoped():
    # The convention the scope rests on: a model pointing at a person carries its own
    # organisation and a manager with .for_org(), so no query has to join to find it.
    for model in registry.covered_models():
        field = model._meta.get_field("organisation")
        assert field.related_model._meta.label == "organisations.Organisation", model
        assert not field.null, model
        assert hasattr(model.objects, "for_org"), model


def test_a_restricted_persons_ended_purpose_is_not_reopened(org, clerk, alice):
    link = alice.purposes.get()
    services.end_purpose(alice, actor=clerk, purpose_id=link.purpose_id)
    services.restrict_person(alice, actor=clerk)
    link.refresh_from_db()
    with pytest.raises(InvalidValue, match="restricted"):
        services.update_purpose_link(link, actor=clerk, ended=None)
    link.refresh_from_db()
    assert link.ended is not None
