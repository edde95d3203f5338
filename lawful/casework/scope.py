"""The one helper views, the API and exports reach a case through (need-to-know).

`cases_for(membership)` is `Case.objects.visible_to(membership)`; `get_case_for` is a
404 for a case outside the caller's scope, indistinguishable from one that does not
exist.
"""

from django.http import Http404

from .models import Case
from .search import matching


def cases_for(membership):
    return Case.objects.visible_to(membership).select_related("person")


def get_case_for(membership, case_id) -> Case:
    try:
        return cases_for(membership).get(pk=int(case_id))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise Http404("No such case.") from None


def search_cases(cases, q: str):
    """The cases (a queryset already in the caller's scope, which this only narrows) whose
    subject holds `q` (in any case), or whose encrypted text (description, notes,
    correspondence) holds every word of `q`.

    The encrypted text is searched by whole words through keyed tokens
    (lawful.casework.search): "bedroom" finds "Bedroom," but "bed" does not; words of
    fewer than three letters and a few common words are not searched. No case is
    decrypted and there is no limit on how many are searched."""
    return matching(cases, q)
