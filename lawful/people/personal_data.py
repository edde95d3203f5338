"""The people app's records in the registry: the person, aliases, contact points, purposes."""

from lawful.registry import ErasureOutcome, PersonalDataSource

from . import services
from .models import Alias, ContactPoint, Person, PurposeLink


class PeopleSource(PersonalDataSource):
    key = "people"
    order = 0
    label = "Identity, contact details and purposes"
    models = (Person, Alias, ContactPoint, PurposeLink)

    def find(self, organisation, person):
        scoped = Person.objects.for_org(organisation).filter(pk=person.pk)
        found = list(scoped)
        found += Alias.objects.for_org(organisation).filter(person=person).order_by("pk")
        found += ContactPoint.objects.for_org(organisation).filter(person=person)
        found += PurposeLink.objects.for_org(organisation).filter(person=person)
        return found

    def describe(self, record):
        if isinstance(record, Person):
            fields = {
                "Title": record.title,
                "Given name": record.given_name,
                "Family name": record.family_name,
                "Ward": record.ward,
                "Restricted": "yes" if record.restricted else "no",
            }
            if record.erased_at:
                fields["Erased"] = record.erased_at.date().isoformat()
            return "Person", fields, record.updated_at
        if isinstance(record, Alias):
            return "Other name", {"Name": record.name, "Kind": record.get_kind_display()}, None
        if isinstance(record, ContactPoint):
            fields = {"Kind": record.get_kind_display(), "Value": record.value}
            if record.address_lines:
                fields["Address"] = record.address_lines
            fields["Primary"] = "yes" if record.is_primary else "no"
            return "Contact point", fields, record.created_at
        if isinstance(record, PurposeLink):
            fields = {
                "Purpose": record.purpose_id,
                "Lawful basis": record.get_basis_display(),
                "Source": record.get_source_display(),
                "Since": record.since.isoformat(),
                "Ended": record.ended.isoformat() if record.ended else "",
            }
            return "Purpose", fields, record.since
        raise TypeError(f"not a record of the people app: {record!r}")

    def export(self, organisation, person):
        rows = []
        for record in self.find(organisation, person):
            label, fields, when = self.describe(record)
            rows.append(
                {
                    "type": record._meta.label_lower,
                    "id": record.pk,
                    "label": label,
                    "fields": fields,
                    "date": when.isoformat() if when else None,
                }
            )
        return rows

    def erase(self, organisation, person, actor):
        result = services.erase_person(person, actor=actor)
        return ErasureOutcome(erased=result.erased, kept=result.kept)

    def restrict(self, organisation, person, actor):
        services.restrict_person(person, actor=actor)
