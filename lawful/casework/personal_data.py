"""Casework in the registry: a person's cases (as constituent), the cases they are named
in (as a third party), and the correspondence they sent.

The person page shows only what a case is (reference, status, dates, the person's part
in it): its content is read on the case page, which applies need-to-know. The access
pack exports the content, and marks every third party recorded on a case as another
person's data (`mentions`), for the clerk to withhold or release. Erasure follows the
rights table for each case's purpose (lawful.policy.casework.case_erasure); what of a
closed case its retention rule keeps is `kept_after_closing` (for the retention sweep).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy import casework as rules
from lawful.registry import ErasureOutcome, PersonalDataSource

from . import services
from .models import Attachment, Case, CaseParty, CaseStatus, Correspondence, Note, Referral


def _purposes(organisation) -> dict:
    try:
        return {p.id: p for p in register_in_force(organisation).purposes}
    except NoRegisterInForce:
        return {}


def _add_period(day: date, period) -> date:
    if period is None:
        return day
    if period.unit == "year":
        try:
            return day.replace(year=day.year + period.count)
        except ValueError:
            return day.replace(year=day.year + period.count, day=28)
    if period.unit == "month":
        month = day.month - 1 + period.count
        year, month = day.year + month // 12, month % 12 + 1
        return date(year, month, min(day.day, 28))
    from datetime import timedelta

    return day + timedelta(days=period.count * (7 if period.unit == "week" else 1))


class CaseworkSource(PersonalDataSource):
    key = "casework"
    label = "Casework"
    models = (Case, CaseParty, Correspondence, Note, Attachment, Referral)

    # --- finding -------------------------------------------------------------------

    def _cases(self, organisation, person):
        return (
            Case.objects.for_org(organisation)
            .filter(Q(person=person) | Q(parties__person=person) | Q(correspondence__person=person))
            .distinct()
            .order_by("opened_on", "pk")
        )

    def find(self, organisation, person):
        return list(self._cases(organisation, person))

    def describe(self, record):
        # No content here: the person page is not the case page (need-to-know).
        fields = {
            "Case": record.reference,
            "Status": record.get_status_display(),
            "Opened": record.opened_on.isoformat(),
            "Closed": record.closed_on.isoformat() if record.closed_on else "",
        }
        return "Case", fields, record.opened_on

    def export(self, organisation, person):
        rows = []
        for case in self._cases(organisation, person).select_related("person"):
            parties = list(case.parties.select_related("person"))
            part = "constituent" if case.person_id == person.pk else "named in the case"
            rows.append(
                {
                    "type": "case",
                    "id": case.pk,
                    "reference": case.reference,
                    "your_part": part,
                    "constituent": case.person.display_name,
                    "subject": case.subject,
                    "description": case.description,
                    "category": case.category,
                    "ward": case.ward,
                    "status": case.get_status_display(),
                    "opened_on": case.opened_on.isoformat(),
                    "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                    "outcome": case.outcome,
                    "purpose": case.purpose_id,
                    "special_categories": list(case.special_categories),
                    "third_parties": [
                        {"name": p.person.display_name, "role": p.role} for p in parties
                    ],
                    "notes": [
                        {
                            "kind": n.get_kind_display(),
                            "on": n.happened_on.isoformat(),
                            "text": n.text,
                        }
                        for n in case.notes.all()
                    ],
                    "correspondence": [
                        {
                            "kind": c.get_kind_display(),
                            "from": c.sender,
                            "subject": c.subject,
                            "body": c.body,
                            "received_on": c.received_on.isoformat(),
                            "attachments": [a.filename for a in c.attachments.all()],
                        }
                        for c in case.correspondence.all()
                    ],
                    "referrals": [
                        {
                            "recipient": r.recipient_name,
                            "shared": r.shared,
                            "reason": r.reason,
                            "basis": r.basis,
                            "on": r.referred_on.isoformat(),
                        }
                        for r in case.referrals.all()
                    ],
                }
            )
        return rows

    def mentions(self, organisation, person) -> list[tuple[str, str, int]]:
        """Other people recorded on the person's cases, as (where in the pack, the text
        there, their person id): the access pack flags each for the clerk to decide on.
        The constituent of a case the person is named in is flagged the same way."""
        found = []
        for row in self.export(organisation, person):
            case = Case.objects.get(pk=row["id"])
            base = f"{self.key}/case#{case.pk}"
            parties = list(case.parties.select_related("person"))
            for i, party in enumerate(parties):
                if party.person_id != person.pk:
                    found.append(
                        (
                            f"{base}/third_parties/{i}/name",
                            row["third_parties"][i]["name"],
                            party.person_id,
                        )
                    )
            if case.person_id != person.pk:
                found.append((f"{base}/constituent", row["constituent"], case.person_id))
        return found

    # --- erasure and restriction ---------------------------------------------------

    def erase(self, organisation, person, actor):
        purposes = _purposes(organisation)
        erased, kept = [], []
        for case in Case.objects.for_org(organisation).filter(person=person):
            decision = rules.case_erasure(purposes.get(case.purpose_id))
            if decision.erase:
                services.erase_case(case, actor=actor)
                erased.append(f"case {case.reference}")
            else:
                kept.append(f"case {case.reference}: {decision.reason}")
        named = CaseParty.objects.for_org(organisation).filter(person=person)
        if named.exists():
            erased.append(f"named as a third party in {named.count()} case(s)")
            named.delete()
        Correspondence.objects.for_org(organisation).filter(person=person).update(person=None)
        return ErasureOutcome(erased=erased, kept=kept)

    def restrict(self, organisation, person, actor):
        for case in Case.objects.for_org(organisation).filter(person=person, restricted=False):
            services.set_case_restricted(case, actor=actor, restricted=True)

    # --- retention -------------------------------------------------------------------

    def kept_after_closing(self, case: Case) -> tuple[str, ...]:
        """The fields of a closed case its register rule keeps once its period has run."""
        return rules.kept_after_closing(_purposes(case.organisation_id).get(case.purpose_id))

    def retention_due(self, organisation, today: date) -> list[Case]:
        """Closed cases whose retention period has run and that still hold more than the
        rule keeps: for the retention sweep (services.minimise_case)."""
        purposes = _purposes(organisation)
        due = []
        closed = Case.objects.for_org(organisation).filter(
            status=CaseStatus.CLOSED, minimised_at__isnull=True, retention_from__isnull=False
        )
        for case in closed:
            purpose = purposes.get(case.purpose_id)
            rule = purpose.retention if purpose else None
            if rule is None or rule.permanent:
                continue
            if _add_period(case.retention_from, rule.period) <= today:
                due.append(case)
        return due
