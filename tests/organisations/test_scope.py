"""The scope: a member of staff reaches only the organisations they hold a role in, and
only those organisations' records, through lawful.organisations.scope."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lawful.audit.events import AuditAction
from lawful.audit.services import record, verify_chain
from lawful.notices.models import NoticeVersion
from lawful.organisations.scope import (
    get_org_for_user,
    get_person_for_user,
    membership_for,
    memberships,
    organisations_for,
    people_for,
)
from lawful.people import services
from lawful.people.models import Alias, ContactPoint, Person, PurposeLink
from tests.people.factories import ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(other_org):
    """A person of the other organisation: Charlie's, never the clerk's."""
    return services.create_person(
        organisation=other_org,
        actor=None,
        given_name="Bob",
        family_name="Other",
        emails=["bob@example.com"],
        postal={"address_lines": "2 Low Road", "postcode": "EX17 6AA"},
        aliases=["Robert Other"],
        purposes=[("newsletters", "consent", "data-subject")],
    )


def test_a_member_reaches_their_organisation_and_its_people(clerk, org):
    person = PersonFactory(organisation=org)
    organisation, membership = get_org_for_user(clerk, "ashbrook")
    assert organisation == org and membership.role == "dp_lead"
    assert get_person_for_user(clerk, org, person.pk) == person
    assert list(organisations_for(clerk)) == [org]
    assert [m.organisation for m in memberships(clerk)] == [org]


def test_another_organisation_is_not_found_for_a_member_of_one(clerk, other_org):
    with pytest.raises(Http404):
        get_org_for_user(clerk, "northgate")
    assert membership_for(clerk, other_org) is None


def test_a_person_of_another_organisation_is_not_found(clerk, org, other_org, bob):
    with pytest.raises(Http404):
        get_person_for_user(clerk, org, bob.pk)  # asked through the clerk's own org
    with pytest.raises(Http404):
        get_person_for_user(clerk, other_org, bob.pk)  # or through the other org
    assert bob not in people_for(org)


@pytest.mark.parametrize("person_id", ["abc", None, "1.5", -1])
def test_a_malformed_person_id_is_not_found(clerk, org, person_id):
    with pytest.raises(Http404):
        get_person_for_user(clerk, org, person_id)


def test_nobody_signed_out_or_deactivated_reaches_anything(clerk, org):
    assert not memberships(AnonymousUser()).exists()
    assert not organisations_for(AnonymousUser()).exists()
    clerk.is_active = False
    clerk.save()
    with pytest.raises(Http404):
        get_org_for_user(clerk, "ashbrook")


def test_search_within_an_organisation_never_finds_another_organisations_people(
    clerk, org, other_org, bob
):
    mine = services.create_person(
        organisation=org, actor=clerk, given_name="Alice", family_name="Jones",
        emails=["bob@example.com"],
    )  # fmt: skip
    assert list(services.find_by_contact(org, "BOB@example.com")) == [mine]
    assert list(services.find_by_contact(other_org, "bob@example.com")) == [bob]
    assert list(services.find_by_contact(org, "ex17 6aa")) == []


def test_every_record_of_a_person_belongs_to_the_persons_organisation(bob, other_org):
    for model in (Person, Alias, ContactPoint, PurposeLink):
        rows = model.objects.all()
        assert rows.exists(), model
        assert set(rows.values_list("organisation", flat=True)) == {other_org.pk}, model
        assert not model.objects.for_org(other_org.pk + 1000).exists()


def test_records_made_through_the_factories_follow_their_person(org):
    point = ContactPointFactory(person__organisation=org)
    assert point.organisation == org


def test_each_organisation_has_its_own_audit_chain(clerk, org, other_org, bob):
    ours = record(AuditAction.VIEW, actor=clerk, target=PersonFactory(organisation=org))
    theirs = [e.seq for e in other_org.audit_events.order_by("seq")]
    assert ours.organisation == org and theirs == list(range(1, len(theirs) + 1))
    assert set(
        other_org.audit_events.filter(person_id=bob.pk).values_list("action", flat=True)
    ) == {"create"}
    assert verify_chain(org).ok and verify_chain(other_org).ok
    assert verify_chain(org).events_checked == org.audit_events.count()


def test_an_event_about_one_organisations_person_cannot_go_to_anothers_chain(org, bob):
    with pytest.raises(ValueError, match="different organisations"):
        record(AuditAction.VIEW, target=bob, organisation=org)


def test_notice_versions_are_per_organisation(org, other_org):
    assert set(NoticeVersion.objects.for_org(org).values_list("organisation", flat=True)) == {
        org.pk
    }
    assert NoticeVersion.objects.for_org(org).count() == 1
    assert NoticeVersion.objects.for_org(other_org).count() == 1
