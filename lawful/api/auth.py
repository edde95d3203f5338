"""Bearer-token authentication for the API, and the role check that follows it.

`ApiTokenAuth` is the API's only authentication: a session cookie counts for nothing
under /api/v1/ (so there is no cross-site request to forge, and no CSRF token to send).
A request without a usable token is a 401; a token whose member of staff's role may not
do what the endpoint does is a 403, decided by the workspace's own rule
(`lawful.staff.access.can`), so the API and the pages cannot disagree.

    router = Router(auth=ApiTokenAuth(needs=Can.SEE_PEOPLE))

and in an endpoint `caller(request)` gives who is asking, for which organisation.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from lawful.organisations.models import Membership, Organisation
from lawful.staff.access import Can, can

from .models import ApiToken
from .services import membership_for_token


@dataclass(frozen=True)
class ApiCaller:
    """Who is calling: a member of staff, acting in the token's organisation."""

    token: ApiToken
    membership: Membership

    @property
    def user(self):
        return self.token.user

    @property
    def organisation(self) -> Organisation:
        return self.token.organisation

    def can(self, what: Can) -> bool:
        """Whether the caller's role in this organisation allows it, as on the pages."""
        return can(self.membership, what)


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer lawful_...`; with `needs`, the caller's role must allow it
    (else 403)."""

    def __init__(self, needs: Can | None = None):
        self.needs = needs
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        found = membership_for_token(token.strip())
        if found is None:
            return None
        found_caller = ApiCaller(*found)
        # The API acts as the token's member of staff: audit events name them.
        request.user = found_caller.user
        if self.needs and not found_caller.can(self.needs):
            role = found_caller.membership.get_role_display().lower()
            raise AuthorizationError(message=f"Your role ({role}) may not {self.needs}.")
        return found_caller


def caller(request: HttpRequest) -> ApiCaller:
    """The authenticated caller of an endpoint (set by ApiTokenAuth)."""
    return request.auth
