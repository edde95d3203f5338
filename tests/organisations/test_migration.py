"""An installation from before organisations keeps its data: the migrations give its
people and notice versions to one organisation, and its audit chain stays intact."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lawful.audit.models import GENESIS_HASH, event_hash
from lawful.audit.services import verify_chain
from tests.conftest import EXAMPLES

BEFORE = [
    ("audit", "0002_chain_head_genesis"),
    ("notices", "0001_initial"),
    ("people", "0001_initial"),
    ("organisations", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_records_from_before_organisations_are_given_one_organisation():
    old = _migrate(BEFORE)
    try:
        Person = old.get_model("people", "Person")
        ContactPoint = old.get_model("people", "ContactPoint")
        NoticeVersion = old.get_model("notices", "NoticeVersion")
        person = Person.objects.create(given_name="Alice", family_name="Jones")
        ContactPoint.objects.create(
            person=person, kind="email", value="a@example.com", normalised="a@example.com"
        )
        NoticeVersion.objects.create(
            version="2.0",
            status="adopted",
            dated="2026-05-14",
            minute="26/047",
            register_text=(EXAMPLES / "parish-council.yaml").read_text(),
            rendered_markdown="# notice",
        )
        # An event of the old, single chain, hashed as Lawful hashed it then.
        AuditEvent = old.get_model("audit", "AuditEvent")
        fields = {
            "seq": 1,
            "at": timezone.now(),
            "actor_id": None,
            "actor_label": "system",
            "action": "view",
            "target_type": "",
            "target_id": "",
            "person_id": person.pk,
            "summary": "viewed person",
            "prev_hash": GENESIS_HASH,
        }
        event = AuditEvent.objects.create(**fields, hash=event_hash(**fields))
        old.get_model("audit", "AuditChainHead").objects.update_or_create(
            pk=1, defaults={"last_seq": 1, "last_hash": event.hash}
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from lawful.notices.registry import register_in_force
    from lawful.organisations.models import Organisation
    from lawful.people.models import ContactPoint as NewContactPoint
    from lawful.people.models import Person as NewPerson

    organisation = Organisation.objects.get()
    assert (organisation.slug, organisation.name, organisation.kind) == (
        "default", "Ashbrook Town Council", "town-council",
    )  # fmt: skip
    assert NewPerson.objects.for_org(organisation).get().given_name == "Alice"
    assert NewContactPoint.objects.for_org(organisation).count() == 1
    assert register_in_force(organisation).controller.name == "Ashbrook Town Council"
    report = verify_chain(None)
    assert report.ok and report.events_checked == 1
