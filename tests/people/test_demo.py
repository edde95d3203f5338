import pytest

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.notices.registry import register_in_force
from lawful.people.demo import generate_residents, resident_purposes
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.services import check_purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def parish_register(parish_org):
    # The register in force of the parish council example organisation.
    return register_in_force(parish_org)


def test_it_creates_a_thousand_residents_with_one_audit_event(parish_org, parish_register, clerk):
    assert (
        generate_residents(1000, organisation=parish_org, register=parish_register, actor=clerk)
        == 1000
    )
    assert Person.objects.count() == 1000
    [event] = AuditEvent.objects.filter(summary__startswith="imported")
    assert event.action == AuditAction.CREATE and event.actor == clerk
    assert event.summary == "imported 1,000 synthetic residents"
    postal = ContactPoint.objects.filter(kind=ContactPoint.Kind.POSTAL)
    assert postal.count() == 1000
    emails = ContactPoint.objects.filter(kind=ContactPoint.Kind.EMAIL).count()
    phones = ContactPoint.objects.filter(kind=ContactPoint.Kind.PHONE).count()
    assert 700 < emails < 900 and 300 < phones < 500


def test_every_value_is_normalised_and_every_purpose_allowed_by_the_register(
    parish_org, parish_register
):
    generate_residents(200, organisation=parish_org, register=parish_register)
    for point in ContactPoint.objects.all():
        if point.kind == ContactPoint.Kind.EMAIL:
            assert (
                point.normalised.endswith((".org", ".com", ".net"))
                and "@example." in point.normalised
            )
        elif point.kind == ContactPoint.Kind.PHONE:
            assert point.normalised.startswith("+447700900")
    allowed = {p.id for p in resident_purposes(parish_register)}
    for link in PurposeLink.objects.all():
        assert link.purpose_id in allowed
        check_purpose(parish_register, (link.purpose_id, link.basis, link.source))
    per_person = {len(p.purposes.all()) for p in Person.objects.prefetch_related("purposes")}
    assert per_person <= {1, 2, 3}


def test_it_is_deterministic_and_a_second_run_adds_nobody(parish_org, parish_register):
    generate_residents(50, organisation=parish_org, register=parish_register)
    names = list(Person.objects.order_by("pk").values_list("given_name", "family_name"))
    assert generate_residents(50, organisation=parish_org, register=parish_register) == 0
    assert Person.objects.count() == 50
    assert generate_residents(60, organisation=parish_org, register=parish_register) == 10
    Person.objects.all().delete()
    generate_residents(50, organisation=parish_org, register=parish_register)
    assert list(Person.objects.order_by("pk").values_list("given_name", "family_name")) == names


def test_nothing_asked_for_nothing_created(parish_org, parish_register):
    assert generate_residents(0, organisation=parish_org, register=parish_register) == 0
    assert not AuditEvent.objects.filter(summary__contains="residents").exists()


def test_each_organisation_gets_its_own_residents(parish_org, parish_register, org):
    from lawful.organisations.services import create_organisation
    from tests.conftest import EXAMPLES, TODAY

    councillors = create_organisation(
        "northgate", (EXAMPLES / "councillors-office.yaml").read_text(), today=TODAY
    )
    generate_residents(30, organisation=parish_org, register=parish_register)
    # Same seed, another organisation: residents of its own, none shared or reused.
    assert (
        generate_residents(30, organisation=councillors, register=register_in_force(councillors))
        == 30
    )
    assert Person.objects.for_org(parish_org).count() == 30
    assert Person.objects.for_org(councillors).count() == 30
    assert (
        not ContactPoint.objects.for_org(councillors)
        .filter(person__organisation=parish_org)
        .exists()
    )
    allowed = {p.id for p in register_in_force(councillors).purposes}
    assert (
        set(PurposeLink.objects.for_org(councillors).values_list("purpose_id", flat=True))
        <= allowed
    )
