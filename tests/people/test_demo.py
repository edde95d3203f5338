import pytest

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.people.demo import generate_residents, resident_purposes
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.services import check_purpose

pytestmark = pytest.mark.django_db


def test_it_creates_a_thousand_residents_with_one_audit_event(parish_register, clerk):
    assert generate_residents(1000, register=parish_register, actor=clerk) == 1000
    assert Person.objects.count() == 1000
    [event] = AuditEvent.objects.all()
    assert event.action == AuditAction.CREATE and event.actor == clerk
    assert event.summary == "imported 1,000 synthetic residents"
    postal = ContactPoint.objects.filter(kind=ContactPoint.Kind.POSTAL)
    assert postal.count() == 1000
    emails = ContactPoint.objects.filter(kind=ContactPoint.Kind.EMAIL).count()
    phones = ContactPoint.objects.filter(kind=ContactPoint.Kind.PHONE).count()
    assert 700 < emails < 900 and 300 < phones < 500


def test_every_value_is_normalised_and_every_purpose_allowed_by_the_register(parish_register):
    generate_residents(200, register=parish_register)
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


def test_it_is_deterministic_and_a_second_run_adds_nobody(parish_register):
    generate_residents(50, register=parish_register)
    names = list(Person.objects.order_by("pk").values_list("given_name", "family_name"))
    assert generate_residents(50, register=parish_register) == 0
    assert Person.objects.count() == 50
    assert generate_residents(60, register=parish_register) == 10
    Person.objects.all().delete()
    generate_residents(50, register=parish_register)
    assert list(Person.objects.order_by("pk").values_list("given_name", "family_name")) == names


def test_nothing_asked_for_nothing_created(parish_register):
    assert generate_residents(0, register=parish_register) == 0
    assert not AuditEvent.objects.exists()
