"""The API instance: every app's router is mounted here, under /api/v1/.

To add an app's endpoints, write `lawful/<app>/api.py` with a ninja `Router` whose
`auth` is `ApiTokenAuth(needs=Can.WHAT_IT_NEEDS)` (from lawful/staff/access.py, the rule
the pages use), its schemas beside it, then add one line below:

    api.add_router("/requests", "lawful.rights.api.router")

(a dotted path: the router is imported with the URL configuration, not when this
module's app loads). The OpenAPI schema, and the tests built from it, then list the
new paths.
"""

from ninja import NinjaAPI, Swagger

from . import errors
from .auth import ApiTokenAuth

api = NinjaAPI(
    title="Lawful",
    version="1",
    description=(
        "The JSON API of one organisation's data in Lawful. Every request carries a "
        "bearer token (`Authorization: Bearer lawful_...`), made with "
        "`lawful staff token USERNAME --org SLUG`: it acts as that member of staff, in "
        "that organisation, with their role there. Errors are JSON: "
        '422 `{"detail": [{"field": ..., "message": ...}]}`, others `{"detail": "..."}`.'
    ),
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
    openapi_url="/openapi.json",
    # Swagger UI from the package's own static files ("ninja" is an installed app), with
    # no inline script: nothing is fetched from another site.
    docs=Swagger(),
    docs_url="/docs",
)
errors.install(api)

api.add_router("/people", "lawful.people.api.router")
api.add_router("/requests", "lawful.rights.api.router")
# rights-pack: GET /requests/{id}/pack (beside the requests router, same prefix and roles)
api.add_router("/requests", "lawful.rights.api_pack.router")
# consent: GET/POST /people/{id}/consents (beside the people router, same prefix)
api.add_router("/people", "lawful.consent.api.router")
api.add_router("/cases", "lawful.casework.api.router")
api.add_router("/surveys", "lawful.surveys.api.router")
