"""API tokens in Django's admin, for superusers: listed by prefix, revoked audited."""

from lawful.api.models import ApiToken
from lawful.api.services import issue_token
from lawful.audit.models import AuditEvent

URL = "/admin/api/apitoken/"


def test_a_superuser_sees_tokens_by_prefix_never_the_token(admin_client, clerk, org):
    issued = issue_token(clerk, org, name="case system")

    page = admin_client.get(URL).content.decode()

    assert issued.token.display_prefix in page and "case system" in page
    assert issued.secret not in page
    assert admin_client.get(URL + "add/").status_code == 403


def test_a_superuser_revokes_tokens_audited_in_the_organisation(
    api, admin_client, admin_user, clerk, org
):
    issued = issue_token(clerk, org)

    response = admin_client.post(
        URL, {"action": "revoke", "_selected_action": [issued.token.pk], "index": 0}
    )

    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    event = AuditEvent.objects.get(organisation=org, action="change", target_type="api.apitoken")
    assert event.actor == admin_user
    assert api.get("/api/v1/people", q="x", token=issued.secret).status_code == 401
