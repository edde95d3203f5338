"""`lawful staff token USERNAME --org SLUG [--name NAME]` and `--revoke PREFIX`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lawful.api.models import ApiToken
from lawful.audit.models import AuditEvent


def staff_token(*args) -> list[str]:
    out = StringIO()
    call_command("staff", "token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_prints_a_token_as_its_last_line_that_works_against_the_api(api, clerk, org):
    lines = staff_token("clerk", "--org", "ashbrook", "--name", "case system")

    token = lines[-1]
    response = api.post("/api/v1/people", {"family_name": "Ashworth"}, token=token)
    assert response.status_code == 201
    stored = ApiToken.objects.get(user=clerk, organisation=org)
    assert stored.name == "case system"
    assert stored.display_prefix in lines[0]
    assert AuditEvent.objects.filter(organisation=org, target_type="api.apitoken").count() == 1


def test_the_organisation_may_be_left_out_when_there_is_only_one(api, clerk, org):
    token = staff_token("clerk")[-1]

    assert api.get("/api/v1/people", q="x", token=token).status_code == 200


def test_it_revokes_a_token_by_its_prefix(api, clerk, org):
    token = staff_token("clerk", "--org", "ashbrook")[-1]
    prefix = ApiToken.objects.get().display_prefix

    lines = staff_token("clerk", "--org", "ashbrook", "--revoke", prefix)

    assert lines == [f"Revoked {prefix} of clerk."]
    assert api.get("/api/v1/people", q="x", token=token).status_code == 401
    revoked = AuditEvent.objects.get(organisation=org, target_type="api.apitoken", action="change")
    assert revoked.summary == f"revoked API token {prefix} of clerk"


def test_it_lists_a_members_tokens_by_prefix_never_the_token(clerk, org):
    first = staff_token("clerk", "--org", "ashbrook", "--name", "case system")[-1]
    staff_token("clerk", "--org", "ashbrook", "--revoke", first[:15])

    [listed] = staff_token("clerk", "--org", "ashbrook", "--list")

    assert listed.startswith(f"{first[:15]}  case system  made ")
    assert "revoked" in listed and first not in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--org", "ashbrook"], "no member of staff 'nobody'"),
        (["clerk", "--org", "nowhere"], "no organisation 'nowhere'"),
        (["other-clerk", "--org", "ashbrook"], "holds no role in Ashbrook Town Council"),
        (["clerk", "--org", "ashbrook", "--revoke", "lawful_0000"], "has no token lawful_0000"),
    ],
)
def test_it_refuses_plainly_and_makes_no_token(clerk, other_clerk, org, args, message):
    with pytest.raises(CommandError, match=message):
        staff_token(*args)
    assert not ApiToken.objects.exists()


def test_another_members_token_cannot_be_revoked_by_naming_its_prefix(clerk, caseworker, org):
    staff_token("caseworker", "--org", "ashbrook")
    prefix = ApiToken.objects.get().prefix

    with pytest.raises(CommandError, match="clerk has no token"):
        staff_token("clerk", "--org", "ashbrook", "--revoke", prefix)
    assert ApiToken.objects.get().revoked_at is None
