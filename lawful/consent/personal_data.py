"""The consent ledger in the registry: a person's consents now and their history.

Erasure (consent is a basis erasure applies to, UK GDPR Art 17(1)(b)): the current
states are deleted (nothing may be sent on them again) and each event's network address
and free-text evidence are blanked; what remains of each event (purpose, channel, grant
or withdrawal, how, when, the wording and notice version) points only at the anonymous
record the people app keeps, so it identifies no one, yet still shows that whatever was
sent before rested on consent. Restriction needs nothing here: the contact rules refuse
a restricted person on every channel (lawful.consent.contact).
"""

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.policy.contact import ConsentAction, ConsentMethod, channel_label
from lawful.registry import ErasureOutcome, PersonalDataSource

from .models import ConsentEvent, ConsentState


class ConsentSource(PersonalDataSource):
    key = "consent"
    label = "Consents and subscriptions"
    models = (ConsentEvent, ConsentState)
    order = 50

    def find(self, organisation, person):
        found = list(ConsentState.objects.for_org(organisation).filter(person=person))
        found += (
            ConsentEvent.objects.for_org(organisation).filter(person=person).order_by("at", "pk")
        )
        return found

    def describe(self, record):
        if isinstance(record, ConsentState):
            fields = {
                "Purpose": record.purpose,
                "Channel": channel_label(record.channel),
                "Now": "given" if record.granted else "withdrawn",
                "Since": record.since.isoformat(timespec="seconds"),
            }
            return "Consent now", fields, record.since
        if isinstance(record, ConsentEvent):
            fields = {
                "Purpose": record.purpose,
                "Channel": channel_label(record.channel),
                "Action": ConsentAction(record.action).label,
                "How": ConsentMethod(record.method).label,
                "When": record.at.isoformat(timespec="seconds"),
                "Wording": record.wording,
                "Notice version": record.notice_version,
                "Form": record.form,
                "Network address": record.ip_address or "",
                "Evidence": record.evidence,
                "Recorded by": record.recorded_by.get_username() if record.recorded_by else "",
            }
            return "Consent event", fields, record.at
        raise TypeError(f"not a record of the consent app: {record!r}")

    def erase(self, organisation, person, actor):
        with transaction.atomic():
            states = ConsentState.objects.for_org(organisation).filter(person=person)
            events = ConsentEvent.objects.for_org(organisation).filter(person=person)
            n_states, n_events = states.count(), events.count()
            if not (n_states or n_events):
                return ErasureOutcome()
            states.delete()
            # The ledger is append-only but for this: the details that could identify.
            events.update(ip_address=None, evidence="", form="")
            record(
                AuditAction.DELETE,
                actor=actor,
                person=person,
                organisation=organisation,
                summary=f"erased {n_states} consent state(s) and the network addresses and "
                f"evidence of {n_events} consent event(s)",
            )
        return ErasureOutcome(
            erased=[
                f"{n_states} current consent(s)",
                "the network address and evidence of each consent given or withdrawn",
            ],
            kept=[
                "when consent was given and withdrawn, for what and how, with nothing that "
                "identifies you: to show that what we sent you before rested on your consent"
            ],
        )

    def restrict(self, organisation, person, actor):
        return None
