"""Bearer tokens: per member of staff and organisation, stored hashed, revocable; the
role comes from the membership; a session cookie counts for nothing."""

import pytest
from django.utils import timezone

from lawful.api.models import ApiToken
from lawful.api.services import TokenError, issue_token, revoke_token
from lawful.audit.models import AuditEvent
from lawful.organisations.models import Membership
from lawful.organisations.services import add_membership
from lawful.people.models import Person

from .conftest import token_for

URL = "/api/v1/people"
PERSON = {"family_name": "Ashworth"}


def _unauthorised(response):
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "lawful staff token" in response.json()["detail"]


def test_a_request_without_a_token_is_unauthorised(api, org):
    _unauthorised(api.get(URL, q="Ashworth"))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer lawful_00000000_nonsense", "Basic Y2xlcms6cGFzc3dvcmQ=", "lawful_x"],
)
def test_a_bad_token_is_unauthorised(api, clerk_token, header):
    response = api.client.get(URL, {"q": "Ashworth"}, HTTP_AUTHORIZATION=header)

    _unauthorised(response)


def test_a_token_works_until_it_is_revoked(api, clerk, org):
    issued = issue_token(clerk, org, name="case system")
    assert api.get(URL, q="Ashworth", token=issued.secret).status_code == 200

    revoke_token(clerk, org, issued.token.display_prefix, actor=clerk)

    _unauthorised(api.get(URL, q="Ashworth", token=issued.secret))


def test_a_token_stops_working_when_the_membership_is_removed(api, clerk, org, clerk_token):
    Membership.objects.filter(user=clerk, organisation=org).delete()

    _unauthorised(api.get(URL, q="Ashworth", token=clerk_token))


def test_a_token_stays_dead_when_a_removed_member_is_given_a_role_again(
    api, clerk, org, clerk_token
):
    Membership.objects.filter(user=clerk, organisation=org).delete()
    add_membership(clerk, org, role="dp_lead")

    _unauthorised(api.get(URL, q="Ashworth", token=clerk_token))
    assert api.get(URL, q="Ashworth", token=token_for(clerk, org)).status_code == 200


def test_a_token_stops_working_when_the_account_is_made_inactive(api, clerk, clerk_token):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])

    _unauthorised(api.get(URL, q="Ashworth", token=clerk_token))


def test_the_role_comes_from_the_membership_in_the_tokens_organisation(
    api, volunteer, org, other_org
):
    # A volunteer here, the data protection lead there: the token decides which.
    Membership.objects.create(user=volunteer, organisation=other_org, role="dp_lead")
    here, there = token_for(volunteer, org), token_for(volunteer, other_org)

    assert api.post(URL, PERSON, token=here).status_code == 403
    assert api.post(URL, PERSON, token=there).status_code == 201
    assert not Person.objects.for_org(org).exists()
    assert Person.objects.for_org(other_org).count() == 1


def test_a_token_reaches_only_its_own_organisation_though_its_member_holds_both(
    api, clerk, org, other_org, other_clerk
):
    Membership.objects.create(user=clerk, organisation=other_org, role="dp_lead")
    theirs = issue_token(other_clerk, other_org).secret
    northgate_id = api.post(URL, PERSON, token=theirs).json()["id"]

    response = api.get(f"{URL}/{northgate_id}", token=token_for(clerk, org))

    assert response.status_code == 404
    assert api.get(f"{URL}/{northgate_id}", token=token_for(clerk, other_org)).status_code == 200


def test_a_change_of_role_applies_to_tokens_already_issued(api, clerk, org, clerk_token):
    Membership.objects.filter(user=clerk, organisation=org).update(role="volunteer")

    assert api.get(URL, q="Ashworth", token=clerk_token).status_code == 403


def test_a_token_is_stored_only_as_a_hash_with_a_short_prefix(clerk, org):
    issued = issue_token(clerk, org)

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(stored.display_prefix + "_")
    assert len(issued.secret) > 40
    assert issued.secret not in {stored.token_hash, stored.prefix, stored.name}
    assert len(stored.token_hash) == 64


def test_issuing_and_revoking_are_audited_in_the_organisations_chain(clerk, org):
    issued = issue_token(clerk, org, actor=clerk)
    revoke_token(clerk, org, issued.token.prefix, actor=clerk)

    summaries = list(
        AuditEvent.objects.filter(organisation=org, target_type="api.apitoken")
        .order_by("seq")
        .values_list("action", "summary")
    )
    prefix = issued.token.display_prefix
    assert summaries == [
        ("create", f"issued API token {prefix} to clerk"),
        ("change", f"revoked API token {prefix} of clerk"),
    ]
    assert issued.secret not in "".join(s for _, s in summaries)


def test_a_token_needs_a_role_in_the_organisation(clerk, other_org):
    with pytest.raises(TokenError, match="holds no role in Northgate Town Council"):
        issue_token(clerk, other_org)
    assert not ApiToken.objects.exists()


def test_using_a_token_notes_when_it_was_last_used(api, clerk, org, clerk_token):
    before = timezone.now()

    api.get(URL, q="Ashworth", token=clerk_token)

    assert ApiToken.objects.get(user=clerk).last_used_at >= before


def test_a_signed_in_session_does_not_reach_the_api(api, clerk, org):
    # Bearer tokens only: a browser's cookie cannot be ridden by another site's form.
    api.client.force_login(clerk)

    _unauthorised(api.get(URL, q="Ashworth"))
    _unauthorised(api.post(URL, PERSON))
    assert not Person.objects.exists()


def test_a_bearer_request_needs_no_csrf_token(api, clerk_token, org):
    # The client enforces CSRF checks as a browser's session would.
    assert api.post(URL, PERSON, token=clerk_token).status_code == 201
