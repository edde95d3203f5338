"""Targeting by area: an organisation's people whose postal postcode lies in a ward or
a Westminster constituency of the postcode lookup (lawful.geography.loading)."""

from django.db.models import QuerySet

from lawful.people.models import ContactPoint, Person
from lawful.people.normalise import InvalidValue

from .models import Area, Postcode

__all__ = ["area_name", "people_in_area", "postcodes_in_area"]


def postcodes_in_area(*, ward: str = "", constituency: str = "") -> QuerySet:
    """The postcodes (a values queryset) of a ward and/or a constituency, by ONS code."""
    if not (ward or constituency):
        raise InvalidValue("ward", "give a ward or a constituency code")
    postcodes = Postcode.objects.all()
    if ward:
        postcodes = postcodes.filter(ward_code=ward.strip().upper())
    if constituency:
        postcodes = postcodes.filter(constituency_code=constituency.strip().upper())
    return postcodes.values("postcode")


def people_in_area(
    organisation, *, ward: str = "", constituency: str = "", people: QuerySet | None = None
) -> QuerySet[Person]:
    """The organisation's people (or those of `people`) with a postal address whose
    postcode lies in the ward and/or constituency. Postcodes are held normalised
    ("SW1A 1AA", lawful.people.normalise) on both sides, so they compare as they are."""
    in_area = (
        ContactPoint.objects.for_org(organisation)
        .filter(
            kind=ContactPoint.Kind.POSTAL,
            normalised__in=postcodes_in_area(ward=ward, constituency=constituency),
        )
        .values("person_id")
    )
    base = people if people is not None else Person.objects.for_org(organisation)
    return base.filter(organisation=organisation, pk__in=in_area)


def area_name(kind: str, code: str) -> str:
    """The area's name from the names file loaded, else its code."""
    area = Area.objects.filter(kind=kind, code=code).first()
    return area.name if area else code
