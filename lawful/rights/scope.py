"""The one way to reach a request or a complaint: through the user's organisation.

Another organisation's request, like one that does not exist, is a 404.
"""

from django.http import Http404

from lawful.organisations.scope import membership_for

from .models import Complaint, RightsRequest


def get_request_for_user(user, organisation, request_id) -> RightsRequest:
    if membership_for(user, organisation) is None:
        raise Http404("No such request.")
    try:
        return (
            RightsRequest.objects.for_org(organisation)
            .select_related("organisation", "person")
            .get(pk=int(request_id))
        )
    except (RightsRequest.DoesNotExist, TypeError, ValueError):
        raise Http404("No such request.") from None


def get_complaint_for_user(user, organisation, complaint_id) -> Complaint:
    if membership_for(user, organisation) is None:
        raise Http404("No such complaint.")
    try:
        return Complaint.objects.for_org(organisation).get(pk=int(complaint_id))
    except (Complaint.DoesNotExist, TypeError, ValueError):
        raise Http404("No such complaint.") from None
