"""The audit log in the registry: who viewed or changed a person's record, and when.

Its events hold ids and field names, never personal data values, and must outlive the
person: erasure and restriction leave them as they are (and say so).
"""

from lawful.registry import ErasureOutcome, PersonalDataSource

from .models import AuditEvent


class AuditSource(PersonalDataSource):
    key = "audit"
    order = 1000
    label = "Who viewed or changed this record"
    models = ()  # AuditEvent.person_id is deliberately not a foreign key

    def find(self, organisation, person):
        return list(
            AuditEvent.objects.filter(organisation=organisation, person_id=person.pk)
            .select_related("actor")
            .order_by("-seq")
        )

    def describe(self, record):
        fields = {
            "Who": record.actor_label,
            "What": record.get_action_display(),
            "Details": record.summary,
        }
        return record.get_action_display(), fields, record.at

    def export(self, organisation, person):
        # Plain values, no join: an access pack of a long history reads hundreds.
        events = AuditEvent.objects.filter(organisation=organisation, person_id=person.pk)
        return [
            {"seq": seq, "at": at.isoformat(), "who": who, "action": action, "summary": summary}
            for seq, at, who, action, summary in events.order_by("-seq").values_list(
                "seq", "at", "actor_label", "action", "summary"
            )
        ]

    def erase(self, organisation, person, actor):
        return ErasureOutcome(
            kept=[
                "the audit log of who viewed or changed the record: it holds no personal "
                "details, and shows that the request was carried out"
            ]
        )

    def restrict(self, organisation, person, actor):
        return None  # the log is only ever stored and read by the lead: nothing to stop
