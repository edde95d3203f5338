"""The people and audit sources export plain values (fast for a long history): the rows
are exactly what describing each record found gives, labels of choices included."""

import pytest

from lawful import registry
from lawful.audit.models import AuditEvent
from lawful.people.services import end_purpose

pytestmark = pytest.mark.django_db


def test_the_people_export_is_what_describing_each_record_gives(org, clerk, resident):
    end_purpose(resident, actor=clerk, purpose_id="newsletters")
    source = registry.source("people")
    described = []
    for found in source.find(org, resident):
        label, fields, when = source.describe(found)
        described.append(
            {
                "type": found._meta.label_lower,
                "id": found.pk,
                "label": label,
                "fields": fields,
                "date": when.isoformat() if when else None,
            }
        )

    exported = source.export(org, resident)

    assert exported == described
    kinds = {row["type"] for row in exported}
    assert kinds == {"people.person", "people.alias", "people.contactpoint", "people.purposelink"}
    link = next(r for r in exported if r["type"] == "people.purposelink")
    assert link["fields"]["Ended"]


def test_the_audit_export_lists_each_event_newest_first(org, clerk, resident):
    exported = registry.source("audit").export(org, resident)
    events = AuditEvent.objects.filter(organisation=org, person_id=resident.pk).order_by("-seq")
    assert [r["seq"] for r in exported] == [e.seq for e in events] and exported
    first = events.first()
    assert exported[0] == {
        "seq": first.seq,
        "at": first.at.isoformat(),
        "who": first.actor_label,
        "action": first.action,
        "summary": first.summary,
    }
