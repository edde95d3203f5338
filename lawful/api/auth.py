"""Bearer-token authentication for the API, and the role check that follows it.

`ApiTokenAuth` is the API's only authentication: a session cookie counts for nothing
under /api/v1/ (so there is no cross-site request to forge, and no CSRF token to send).
A request without a usable token is a 401; a token whose member of staff's role may not
do what the endpoint does is a 403, decided by the same role permissions as the pages.

    router = Router(auth=ApiTokenAuth(permission="people.view_person"))

and in an endpoint `caller(request)` gives who is asking, for which organisation.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from lawful.organisations.models import Membership, Organisation
from lawful.staff.models import Role
from lawful.staff.roles import ROLE_PERMISSIONS

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

    def may(self, permission: str) -> bool:
        """Whether the caller's role in this organisation carries the permission
        ("people.view_person"): the role decides, as on the pages."""
        return permission in ROLE_PERMISSIONS[Role(self.membership.role)]


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer lawful_...`; with `permission`, the caller's role must
    carry it (else 403)."""

    def __init__(self, permission: str | None = None):
        self.permission = permission
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        found = membership_for_token(token.strip())
        if found is None:
            return None
        found_caller = ApiCaller(*found)
        # The API acts as the token's member of staff: audit events name them.
        request.user = found_caller.user
        if self.permission and not found_caller.may(self.permission):
            raise AuthorizationError(
                message=f"Your role ({found_caller.membership.get_role_display().lower()}) "
                "may not do this."
            )
        return found_caller


def caller(request: HttpRequest) -> ApiCaller:
    """The authenticated caller of an endpoint (set by ApiTokenAuth)."""
    return request.auth
