"""Which organisation a public request is for, from the host name it was sent to."""

from .models import OrganisationHost


class OrganisationHostMiddleware:
    """Sets `request.host_organisation`: the organisation whose host name the request
    came to, or None (then the public pages are under /o/<slug>/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        match = OrganisationHost.objects.filter(host=host).select_related("organisation").first()
        request.host_organisation = match.organisation if match else None
        return self.get_response(request)
