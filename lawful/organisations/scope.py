"""The one place that decides which organisation's records a member of staff reaches.

Views, the API and commands reach records only through these helpers (as healthchecks'
`_get_project_for_user`): an organisation the user is not a member of, and any record
of another organisation, is a 404 — indistinguishable from one that does not exist.
Superusers are members of no organisation by right; they use Django's admin.
"""

from django.db.models import QuerySet
from django.http import Http404

from .models import Membership, Organisation


def memberships(user) -> QuerySet[Membership]:
    """The user's memberships, with their organisations, by organisation name."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_for(user, organisation) -> Membership | None:
    """The user's membership of the organisation (an Organisation or its pk), or None."""
    if organisation is None:
        return None
    return memberships(user).filter(organisation=organisation).first()


def organisations_for(user) -> QuerySet[Organisation]:
    """The organisations the user holds a role in."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name", "pk")


def get_org_for_user(request_or_user, slug: str) -> tuple[Organisation, Membership]:
    """The organisation with this slug and the user's membership of it; else Http404."""
    user = getattr(request_or_user, "user", request_or_user)
    membership = memberships(user).filter(organisation__slug=slug).first()
    if membership is None:
        raise Http404("No such organisation.")
    return membership.organisation, membership


def get_person_for_user(user, organisation, person_id):
    """The person of this organisation, if the user is a member of it; else Http404."""
    from lawful.people.models import Person

    if membership_for(user, organisation) is None:
        raise Http404("No such person.")
    try:
        return Person.objects.for_org(organisation).get(pk=int(person_id))
    except (Person.DoesNotExist, TypeError, ValueError):
        raise Http404("No such person.") from None


def people_for(organisation) -> QuerySet:
    """Every person of the organisation (for code that already holds the membership)."""
    from lawful.people.models import Person

    return Person.objects.for_org(organisation)
