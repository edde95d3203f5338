from datetime import date

import pytest

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.people import services
from lawful.people.models import Alias, ContactPoint, Person, PurposeLink
from lawful.people.services import InvalidValue, PostalAddress, PurposeClaim
from lawful.policy.vocab import LawfulBasis, Source

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

_MARK = [0]


@pytest.fixture(autouse=True)
def _events_from_here(org):
    # The organisation's own setting up (its register's history) is not what these
    # tests are about: they look at the events after it.
    _MARK[0] = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events():
    return AuditEvent.objects.filter(pk__gt=_MARK[0])


def counts():
    return (
        Person.objects.count(),
        ContactPoint.objects.count(),
        PurposeLink.objects.count(),
        Alias.objects.count(),
        new_events().count(),
    )


def alice(actor, org, **extra):
    arguments = {
        "given_name": "Alice",
        "family_name": "Jones",
        "emails": ["Alice@Example.com"],
        "phones": ["+44 7700 900123"],
        "postal": PostalAddress("1 High Street\nLapford", "ex17 6aa"),
        "purposes": [("newsletters", "consent", "data-subject")],
    }
    return services.create_person(organisation=org, actor=actor, **(arguments | extra))


def test_creating_a_person_writes_them_their_contacts_purposes_and_one_audit_event(clerk, org):
    person = alice(clerk, org, aliases=[("Alice Smith", Alias.Kind.PREVIOUS_NAME)])

    assert person.display_name == "Alice Jones"
    points = {p.kind: p for p in person.contact_points.all()}
    assert points["email"].value == "Alice@Example.com"
    assert points["email"].normalised == "alice@example.com"
    assert points["phone"].normalised == "+447700900123"
    assert points["postal"].normalised == points["postal"].postcode == "EX17 6AA"
    assert points["postal"].address_lines == "1 High Street\nLapford"
    assert all(p.is_primary for p in points.values())
    [link] = person.purposes.all()
    assert (link.purpose_id, link.basis, link.source) == ("newsletters", "consent", "data-subject")
    assert link.since == date.today() and link.is_open
    assert [a.name for a in person.aliases.all()] == ["Alice Smith"]

    [event] = new_events().all()
    assert event.action == AuditAction.CREATE
    assert event.actor == clerk
    assert event.person_id == person.pk
    assert event.target_type == "people.person"
    assert event.summary == "created person"


def test_the_first_of_each_kind_is_primary_and_repeats_are_kept_once(org, clerk):
    person = services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Bob",
        family_name="Smith",
        emails=["bob@example.com", "BOB@example.com ", "robert@example.com"],
    )
    emails = list(person.contact_points.order_by("pk").values_list("normalised", "is_primary"))
    assert emails == [("bob@example.com", True), ("robert@example.com", False)]


def test_a_purpose_may_be_given_as_a_claim_with_its_start(clerk, org):
    person = services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Carol",
        family_name="White",
        purposes=[PurposeClaim("finance", LawfulBasis.LEGAL_OBLIGATION, Source.REPRESENTATIVE,
                               date(2025, 4, 1))],
    )  # fmt: skip
    assert person.purposes.get().since == date(2025, 4, 1)


def test_a_bad_email_is_refused_naming_email_and_nothing_is_written(clerk, org):
    before = counts()
    with pytest.raises(ValueError, match=r"^email: 'alice@' is not an email address$"):
        services.create_person(
            organisation=org,
            actor=clerk,
            given_name="Alice",
            family_name="Jones",
            emails=["alice@"],
            phones=["07700 900123"],
            purposes=[("newsletters", "consent", "data-subject")],
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("phone", {"phones": ["123"]}, "phone: '123' is not a valid UK or international number"),
        ("postcode", {"postal": PostalAddress("1 High St", "XYZ")},
         "postcode: 'XYZ' is not a UK postcode"),
        ("address_lines", {"postal": PostalAddress("", "EX17 6AA")},
         "address_lines: a postal address needs its address lines"),
        ("name", {"given_name": "", "family_name": " "},
         "name: a given name or a family name is required"),
        ("title", {"title": "x" * 41}, "title: at most 40 characters, not 41"),
    ],
)  # fmt: skip
def test_other_bad_input_is_refused_naming_the_field(org, clerk, field, kwargs, message):
    before = counts()
    arguments = {"given_name": "Alice", "family_name": "Jones"} | kwargs
    with pytest.raises(InvalidValue) as caught:
        services.create_person(organisation=org, actor=clerk, **arguments)
    assert str(caught.value) == message
    assert caught.value.field == field
    assert counts() == before


def test_an_unknown_purpose_is_refused(clerk, org):
    before = counts()
    with pytest.raises(ValueError, match=r"^purposes: 'lottery' is not a purpose in the register$"):
        alice(clerk, org, purposes=[("lottery", "consent", "data-subject")])
    assert counts() == before


def test_a_basis_the_purpose_does_not_state_is_refused_naming_both(clerk, org):
    with pytest.raises(InvalidValue) as caught:
        alice(clerk, org, purposes=[("newsletters", "legitimate-interests", "data-subject")])
    message = str(caught.value)
    assert message.startswith("purposes: purpose 'newsletters'")
    assert "'legitimate-interests'" in message and "consent, public-task" in message
    assert Person.objects.count() == 0


def test_a_source_the_purpose_does_not_state_is_refused(clerk, org):
    with pytest.raises(InvalidValue, match="does not state the source 'cctv'"):
        alice(clerk, org, purposes=[("newsletters", "consent", "cctv")])


def test_the_same_purpose_twice_is_refused(clerk, org):
    twice = [("finance", "legal-obligation", "data-subject")] * 2
    with pytest.raises(InvalidValue, match="'finance' is given twice"):
        alice(clerk, org, purposes=twice)


def test_if_the_audit_event_cannot_be_written_the_person_is_not_written_either(
    clerk, org, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        alice(clerk, org)
    assert counts() == before


def test_update_records_the_changed_field_names_but_not_the_values(clerk, org):
    person = alice(clerk, org)
    changed = services.update_person(
        person, actor=clerk, family_name="Gwynne-Evans", title="Dr", given_name="Alice"
    )
    assert changed == ["title", "family_name"]
    person.refresh_from_db()
    assert person.display_name == "Dr Alice Gwynne-Evans"
    event = new_events().last()
    assert event.action == AuditAction.CHANGE and event.actor == clerk
    assert event.person_id == person.pk
    assert event.summary == "changed fields: title, family_name"
    assert "Gwynne" not in event.summary and "Dr" not in event.summary


def test_an_update_changing_nothing_records_nothing(clerk, org):
    person = alice(clerk, org)
    before = counts()
    assert services.update_person(person, actor=clerk, given_name=" Alice ") == []
    assert counts() == before


def test_update_refuses_a_field_it_does_not_know(clerk, org):
    person = alice(clerk, org)
    with pytest.raises(InvalidValue, match="^notes: not a field of a person"):
        services.update_person(person, actor=clerk, notes="rude")


@pytest.mark.parametrize(
    "written", ["ALICE@Example.COM ", "alice@example.com", "07700 900123", "+447700900123",
                "0044 (0)7700-900-123", "ex176aa", "EX17 6AA"],
)  # fmt: skip
def test_find_by_contact_matches_however_the_value_is_written(clerk, org, written):
    person = alice(clerk, org)
    services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Bob",
        family_name="Other",
        emails=["bob@example.com"],
    )
    assert list(services.find_by_contact(org, written)) == [person]


def test_find_by_contact_finds_everyone_sharing_an_address(clerk, org):
    first = alice(clerk, org)
    second = services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Adam",
        family_name="Jones",
        postal={"address_lines": "1 High Street\nLapford", "postcode": "EX17 6AA"},
        phones=["07700900123"],
    )
    assert set(services.find_by_contact(org, "ex17 6aa")) == {first, second}
    assert set(services.find_by_contact(org, "07700 900123")) == {first, second}
    assert list(services.find_by_contact(org, "nobody@example.com")) == []


def test_find_by_contact_refuses_what_is_no_contact_detail(org):
    with pytest.raises(InvalidValue, match="^contact: 'hello' is not an email address"):
        services.find_by_contact(org, "hello")


def test_adding_a_contact_point_normalises_it_and_may_make_it_primary(clerk, org):
    person = alice(clerk, org)
    point = services.add_contact_point(
        person, actor=clerk, kind="email", value=" New@Example.org", is_primary=True
    )
    assert point.normalised == "new@example.org" and point.is_primary
    assert person.contact_points.filter(kind="email", is_primary=True).get() == point
    event = new_events().last()
    assert event.summary == "added contact point: email" and event.person_id == person.pk


def test_adding_a_contact_point_the_person_has_is_refused(clerk, org):
    person = alice(clerk, org)
    before = counts()
    with pytest.raises(InvalidValue, match="^email: this person already has it"):
        services.add_contact_point(person, actor=clerk, kind="email", value="ALICE@example.com")
    assert counts() == before


def test_changing_and_removing_a_contact_point_are_audited(clerk, org):
    person = alice(clerk, org)
    phone = person.contact_points.get(kind="phone")
    assert services.update_contact_point(phone, actor=clerk, value="07900 123456") == ["value"]
    assert phone.normalised == "+447900123456"
    assert new_events().last().summary == "changed phone contact point fields: value"
    services.remove_contact_point(phone, actor=clerk)
    assert not person.contact_points.filter(kind="phone").exists()
    assert new_events().last().summary == "removed contact point: phone"


def test_linking_and_ending_a_purpose(clerk, org):
    person = PersonFactory(organisation=org)
    link = services.link_purpose(
        person,
        actor=clerk,
        purpose_id="finance",
        basis="legal-obligation",
        source="representative",
        since=date(2026, 1, 5),
    )
    with pytest.raises(InvalidValue, match="'finance' is already linked"):
        services.link_purpose(
            person, actor=clerk, purpose_id="finance",
            basis="legal-obligation", source="data-subject",
        )  # fmt: skip
    with pytest.raises(InvalidValue, match="^ended: 2025-12-31 is before the link began"):
        services.end_purpose(person, actor=clerk, purpose_id="finance", ended=date(2025, 12, 31))
    ended = services.end_purpose(person, actor=clerk, purpose_id="finance", ended=date(2026, 3, 1))
    assert ended.pk == link.pk and ended.ended == date(2026, 3, 1)
    # Ended, it may be linked again: the old link stays as history.
    services.link_purpose(
        person, actor=clerk, purpose_id="finance",
        basis="legal-obligation", source="data-subject",
    )  # fmt: skip
    assert person.purposes.count() == 2
    summaries = list(new_events().values_list("summary", flat=True))
    assert summaries == [
        "linked purpose finance",
        "ended purpose finance",
        "linked purpose finance",
    ]


def test_ending_a_purpose_not_linked_is_refused(org, clerk):
    with pytest.raises(InvalidValue, match="^purposes: 'finance' is not linked"):
        services.end_purpose(PersonFactory(organisation=org), actor=clerk, purpose_id="finance")


def test_correcting_a_purpose_link_is_checked_against_the_register(clerk, org):
    person = alice(clerk, org)
    link = person.purposes.get()
    assert services.update_purpose_link(link, actor=clerk, basis="public-task") == ["basis"]
    with pytest.raises(InvalidValue, match="does not state the lawful basis 'contract'"):
        services.update_purpose_link(link, actor=clerk, basis="contract")
    link.refresh_from_db()
    assert link.basis == LawfulBasis.PUBLIC_TASK


def test_aliases_are_added_changed_and_removed_through_audited_services(clerk, org):
    person = alice(clerk, org)
    alias = services.add_alias(person, actor=clerk, name="Ally", kind="known-as")
    services.update_alias(alias, actor=clerk, name="Al")
    services.remove_alias(alias, actor=clerk)
    summaries = list(new_events().values_list("summary", flat=True))[1:]
    assert summaries == ["added alias", "changed alias fields: name", "removed alias"]


def test_viewing_a_person_is_recorded(clerk, org):
    person = alice(clerk, org)
    services.record_view(person, actor=clerk)
    event = new_events().last()
    assert (event.action, event.actor, event.person_id) == (AuditAction.VIEW, clerk, person.pk)


def test_deleting_a_person_removes_their_data_but_the_audit_keeps_their_id(clerk, org):
    person = alice(clerk, org)
    pk = person.pk
    services.delete_person(person, actor=clerk)
    assert counts()[:4] == (0, 0, 0, 0)
    event = new_events().last()
    assert (event.action, event.person_id, event.summary) == (
        AuditAction.DELETE, pk, "deleted person",
    )  # fmt: skip
