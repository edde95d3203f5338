"""GET /api/v1/requests/{id}/pack: the access pack's zip, once the worker has built it.

Mounted by the requests router (lawful/rights/api.py) under the same prefix and with
the same authentication and role rule as the other request routes.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import HttpError

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.schemas import Detail, responses
from lawful.staff.access import Can

from .pack_service import pack_filename, ready_pack, record_pack_download

router = Router(auth=ApiTokenAuth(needs=Can.HANDLE_REQUESTS), tags=["requests"])


def _request_in_org(organisation, request_id: int):
    from .models import RightsRequest

    found = RightsRequest.objects.for_org(organisation).filter(pk=request_id).first()
    if found is None:
        raise Http404("No such request in this organisation.")
    return found


@router.get(
    "/{int:request_id}/pack",
    response=responses({200: None, 409: Detail}),
    summary="Download the access pack",
)
def download_pack(request: HttpRequest, request_id: int):
    """The response pack of an access request as a zip (data.json, a CSV per source and
    a PDF). 409 while it is not built (or the request is not an access request)."""
    who = caller(request)
    rights_request = _request_in_org(who.organisation, request_id)
    if rights_request.kind != "access":
        raise HttpError(409, "Only an access request has a response pack.")
    copy = ready_pack(rights_request)
    if copy is None:
        raise HttpError(
            409,
            "The pack is not built yet: build it from the request's page, then try again "
            "when the job has finished.",
        )
    record_pack_download(copy, actor=who.user, via="the API")
    response = HttpResponse(bytes(copy.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pack_filename(copy)}"'
    return response
