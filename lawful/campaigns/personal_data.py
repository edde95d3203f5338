"""Campaign deliveries in the registry: which messages a person was sent, when, where.

Erasure deletes them (the address they were sent to is the person's data, and nothing
requires keeping it); restriction needs nothing more here, since the audience every
send takes leaves restricted people out.
"""

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.registry import ErasureOutcome, PersonalDataSource

from .models import Delivery


class DeliverySource(PersonalDataSource):
    key = "campaigns"
    label = "Messages sent to them"
    models = (Delivery,)

    def find(self, organisation, person):
        return list(
            Delivery.objects.for_org(organisation).filter(person=person).select_related("send")
        )

    def describe(self, record):
        fields = {
            "Subject": record.send.subject,
            "About": record.send.purpose_id,
            "Sent to": record.address,
            "Sent at": record.sent_at.isoformat(timespec="minutes"),
        }
        return "Email sent", fields, record.sent_at

    def export(self, organisation, person):
        return [
            {
                "subject": d.send.subject,
                "body": d.send.body,
                "purpose": d.send.purpose_id,
                "channel": d.send.channel,
                "address": d.address,
                "sent_at": d.sent_at.isoformat(),
            }
            for d in self.find(organisation, person)
        ]

    def erase(self, organisation, person, actor):
        deliveries = Delivery.objects.for_org(organisation).filter(person=person)
        count = deliveries.count()
        if not count:
            return ErasureOutcome()
        with transaction.atomic():
            deliveries.delete()
            record(
                AuditAction.DELETE,
                actor=actor,
                person=person,
                organisation=organisation,
                summary=f"erased {count} record(s) of messages sent",
            )
        return ErasureOutcome(erased=[f"{count} record(s) of messages sent to them"])

    def restrict(self, organisation, person, actor):
        return None  # every send's audience leaves restricted people out
