"""Access packs and letters in the registry: the copies of the person's data made for
their access requests, the decisions about others' data in them, the letters sent.

Erasure deletes the packs' contents and what the flags quoted (they copy the person's
data); the fact that a pack was given and a letter sent stays, with no personal details,
as proof the request was answered.
"""

from django.db import transaction
from django.db.models import Q

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.registry import ErasureOutcome, PersonalDataSource

from .pack_models import AccessPackCopy, Letter, PackStatus, ThirdPartyFlag


class AccessPackSource(PersonalDataSource):
    key = "access-packs"
    label = "Copies of your information we sent you, and letters about your requests"
    order = 900
    models = ()  # reached through the request (rights.RightsRequest.person)

    def find(self, organisation, person):
        copies = AccessPackCopy.objects.for_org(organisation).filter(request__person=person)
        sent = Letter.objects.for_org(organisation).filter(request__person=person)
        return [*copies.select_related("request").defer("content"), *sent.select_related("request")]

    def describe(self, record):
        if isinstance(record, AccessPackCopy):
            fields = {
                "Request": record.request.reference,
                "Copy": record.copy_number,
                "Status": record.get_status_display(),
                "Records": record.records,
                "Fee": f"£{record.fee_pounds}" if record.fee_pence else "none",
            }
            if record.fee_pence:
                fields["Why a fee"] = record.fee_reason
            return "Access pack", fields, record.built_at or record.created_at
        fields = {
            "Request": record.request.reference,
            "Letter": record.get_kind_display(),
            "Sent by": record.get_channel_display(),
        }
        return "Letter", fields, record.sent_on

    def erase(self, organisation, person, actor):
        with transaction.atomic():
            copies = AccessPackCopy.objects.for_org(organisation).filter(request__person=person)
            emptied = copies.exclude(content__isnull=True).update(
                content=None, size=0, status=PackStatus.PURGED
            )
            # Others' packs that quote this person (a release decided about them) go too:
            # nothing of an erased person may stay inside a stored zip.
            about = ThirdPartyFlag.objects.for_org(organisation).filter(other_person_id=person.pk)
            quoting = AccessPackCopy.objects.for_org(organisation).filter(
                request__in=about.values("request")
            )
            emptied += quoting.exclude(content__isnull=True).update(
                content=None, size=0, status=PackStatus.PURGED
            )
            flags = ThirdPartyFlag.objects.for_org(organisation).filter(
                Q(request__person=person) | Q(other_person_id=person.pk)
            )
            quoted = flags.count()
            flags.delete()
            if emptied or quoted:
                record(
                    AuditAction.DELETE,
                    actor=actor,
                    person=person,
                    organisation=organisation,
                    summary=f"erased {emptied} access pack copies and {quoted} notes of "
                    "others' data found in them",
                )
        return ErasureOutcome(
            erased=["the copies of your information made for your access requests"]
            if emptied
            else [],
            kept=[
                "that packs and letters were sent, and when, with no personal details: "
                "it shows your requests were answered"
            ],
        )

    def restrict(self, organisation, person, actor):
        return None  # stored copies are not used for anything else: nothing to stop
