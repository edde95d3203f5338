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
        """The same rows as describe() gives for each record of find(), read as plain
        values with each choice's label from a dict (an access pack of a long history
        reads hundreds: no model instance or get_FOO_display per row)."""
        rows = []

        def row(type_: str, pk: int, label: str, fields: dict, when) -> None:
            rows.append(
                {
                    "type": type_,
                    "id": pk,
                    "label": label,
                    "fields": fields,
                    "date": when.isoformat() if when else None,
                }
            )

        people = Person.objects.for_org(organisation).filter(pk=person.pk)
        for p in people.values(
            "pk", "title", "given_name", "family_name", "ward", "restricted", "erased_at",
            "updated_at",
        ):  # fmt: skip
            fields = {
                "Title": p["title"],
                "Given name": p["given_name"],
                "Family name": p["family_name"],
                "Ward": p["ward"],
                "Restricted": "yes" if p["restricted"] else "no",
            }
            if p["erased_at"]:
                fields["Erased"] = p["erased_at"].date().isoformat()
            row("people.person", p["pk"], "Person", fields, p["updated_at"])
        alias_kinds = _labels(Alias, "kind")
        aliases = Alias.objects.for_org(organisation).filter(person=person).order_by("pk")
        for a in aliases.values("pk", "name", "kind"):
            fields = {"Name": a["name"], "Kind": alias_kinds.get(a["kind"], a["kind"])}
            row("people.alias", a["pk"], "Other name", fields, None)
        point_kinds = _labels(ContactPoint, "kind")
        points = ContactPoint.objects.for_org(organisation).filter(person=person)
        for c in points.values("pk", "kind", "value", "address_lines", "is_primary", "created_at"):
            fields = {"Kind": point_kinds.get(c["kind"], c["kind"]), "Value": c["value"]}
            if c["address_lines"]:
                fields["Address"] = c["address_lines"]
            fields["Primary"] = "yes" if c["is_primary"] else "no"
            row("people.contactpoint", c["pk"], "Contact point", fields, c["created_at"])
        bases, sources = _labels(PurposeLink, "basis"), _labels(PurposeLink, "source")
        links = PurposeLink.objects.for_org(organisation).filter(person=person)
        for link in links.values("pk", "purpose_id", "basis", "source", "since", "ended"):
            fields = {
                "Purpose": link["purpose_id"],
                "Lawful basis": bases.get(link["basis"], link["basis"]),
                "Source": sources.get(link["source"], link["source"]),
                "Since": link["since"].isoformat(),
                "Ended": link["ended"].isoformat() if link["ended"] else "",
            }
            row("people.purposelink", link["pk"], "Purpose", fields, link["since"])
        return rows

    def erase(self, organisation, person, actor):
        result = services.erase_person(person, actor=actor)
        return ErasureOutcome(erased=result.erased, kept=result.kept)

    def restrict(self, organisation, person, actor):
        services.restrict_person(person, actor=actor)


def _labels(model, name: str) -> dict[str, str]:
    """A field's choices as {value: label} (what get_FOO_display gives, as a string)."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}
