"""The disclosure log in the registry.

Erasure keeps the log's rows: they hold the recipient, the date and the kinds of data
(not the data, and no detail of the person beyond the anonymous record's id), and Art
19 needs them to tell each recipient of the erasure, and Art 5(2) to show it was done.
"""

from lawful.registry import ErasureOutcome, PersonalDataSource

from .models import Disclosure


class DisclosureSource(PersonalDataSource):
    key = "disclosures"
    label = "Disclosed to other organisations"
    models = (Disclosure,)

    def find(self, organisation, person):
        return list(Disclosure.objects.for_org(organisation).filter(person=person))

    def describe(self, record):
        fields = {
            "Recipient": record.recipient_name,
            "What": record.what,
            "Disclosed on": record.disclosed_on.isoformat(),
        }
        return "Disclosure", fields, record.disclosed_on

    def export(self, organisation, person):
        return [
            {
                "recipient": d.recipient_id,
                "recipient_name": d.recipient_name,
                "what": d.what,
                "disclosed_on": d.disclosed_on.isoformat(),
            }
            for d in self.find(organisation, person)
        ]

    def erase(self, organisation, person, actor):
        count = Disclosure.objects.for_org(organisation).filter(person=person).count()
        if not count:
            return ErasureOutcome()
        return ErasureOutcome(
            kept=[
                f"{count} disclosure record(s): the recipient, the date and the kinds of "
                "data, not the data: needed to tell each recipient of the erasure "
                "(UK GDPR Article 19) and to show it was done"
            ]
        )

    def restrict(self, organisation, person, actor):
        return None  # record_disclosure refuses a restricted person: nothing else to stop
