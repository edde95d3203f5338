"""The one helper views, the API and exports reach a case through (need-to-know).

`cases_for(membership)` is `Case.objects.visible_to(membership)`; `get_case_for` is a
404 for a case outside the caller's scope, indistinguishable from one that does not
exist.
"""

from django.http import Http404

from .models import Case


def cases_for(membership):
    return Case.objects.visible_to(membership).select_related("person")


def get_case_for(membership, case_id) -> Case:
    try:
        return cases_for(membership).get(pk=int(case_id))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise Http404("No such case.") from None


# Descriptions are encrypted: they are searched decrypted, in Python, among the cases the
# caller may see (at most this many of the newest).
TEXT_SEARCH_SCAN = 5000


def search_cases(cases, q: str):
    """The cases (a queryset already in the caller's scope) whose subject or description
    holds `q`, in any case."""
    q = (q or "").strip()
    if not q:
        return cases
    folded = q.casefold()
    found = set(cases.filter(subject__icontains=q).values_list("pk", flat=True))
    for pk, description in cases.values_list("pk", "description")[:TEXT_SEARCH_SCAN]:
        if description and folded in description.casefold():
            found.add(pk)
    return cases.filter(pk__in=found)
