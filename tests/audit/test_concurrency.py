"""Appends from many connections at once still make one unbroken chain (PostgreSQL).

SQLite serialises writers itself; on PostgreSQL the lock on the chain head does it.
"""

import threading

import pytest
from django.db import connection, connections

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.audit.services import record, verify_chain

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    writers, each = 6, 20
    errors = []
    start = threading.Barrier(writers)

    def write(n):
        try:
            start.wait()
            for i in range(each):
                record(AuditAction.VIEW, person=n * 100 + i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(
        range(1, writers * each + 1)
    )
    report = verify_chain()
    assert report.ok, report.reason
    assert report.events_checked == writers * each


@pytest.mark.django_db(transaction=True)
def test_appends_to_two_organisations_at_once_keep_each_chain_unbroken():
    from tests.organisations.factories import OrganisationFactory

    organisations = [OrganisationFactory(slug=f"c{n}", register=False) for n in range(2)]
    writers, each = 6, 15
    errors = []
    start = threading.Barrier(writers)

    def write(n):
        try:
            start.wait()
            for i in range(each):
                record(AuditAction.VIEW, organisation=organisations[n % 2], person=n * 100 + i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for organisation in organisations:
        seqs = list(organisation.audit_events.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, writers // 2 * each + 1))
        report = verify_chain(organisation)
        assert report.ok, report.reason
