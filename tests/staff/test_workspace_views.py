"""What a clerk sees and does in the workspace: dashboard, people search, a person's
page, the register's versions, upload, diff and adoption."""

from datetime import date

import pytest
from django.urls import reverse

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.notices.models import NoticeVersion
from lawful.notices.services import adopted_version
from lawful.organisations.models import Membership
from lawful.policy.checks import check_text
from lawful.staff.panels import Panel, PanelContent, PanelItem, panels, register_panel
from tests.conftest import SMALL_REGISTER
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import (
    AliasFactory,
    ContactPointFactory,
    PersonFactory,
    PurposeLinkFactory,
)

pytestmark = pytest.mark.django_db

# SMALL_REGISTER with the finance records kept 7 years instead of 6.
CHANGED_REGISTER = SMALL_REGISTER.replace("period: 6 years", "period: 7 years")


def url(name, org="ashbrook", **kwargs):
    return reverse(f"staff:{name}", kwargs={"org": org, **kwargs})


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def alice(org):
    person = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    ContactPointFactory(person=person, value="Alice.Smith@Example.org")
    ContactPointFactory(
        person=person, postal=True, value="SW1A 1AA", address_lines="1 High Street\nAshbrook"
    )
    PurposeLinkFactory(person=person, purpose_id="newsletters", since=date(2024, 5, 1))
    return person


def events_since(mark: int):
    return list(AuditEvent.objects.filter(pk__gt=mark).order_by("pk"))


def last_event_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Choosing an organisation ----------------------------------------------------------


def test_a_member_of_one_organisation_goes_straight_to_its_dashboard(client, clerk):
    client.force_login(clerk)
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url == url("dashboard")


def test_a_member_of_several_chooses_and_can_switch_from_every_page(client, clerk, other_org):
    Membership.objects.create(user=clerk, organisation=other_org, role="caseworker")
    client.force_login(clerk)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "Ashbrook Town Council" in text(response) and "Northgate Town Council" in text(response)
    dashboard = text(client.get(url("dashboard")))
    assert "Switch organisation" in dashboard
    assert url("dashboard", org="northgate") in dashboard


def test_someone_with_no_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x" * 14)
    client.force_login(user)
    response = client.get("/staff/")
    assert "You do not hold a role in any organisation yet" in text(response)


# --- Dashboard ----------------------------------------------------------------------


def test_the_dashboard_shows_real_numbers_and_says_nothing_yet_for_what_is_not_built(
    client, clerk, alice, org
):
    PersonFactory(organisation=org)
    client.force_login(clerk)
    page = text(client.get(url("dashboard")))
    assert "2 people on record" in page
    assert "Version 1 in force since 1 January 2020" in page
    assert "No problems found in the register in force." in page
    for title in ("Requests due", "Open cases", "Breaches"):
        assert title in page
    assert "No open requests." in page  # the rights desk fills its panel
    assert "No open case for you." in page  # casework fills its panel
    assert page.count("Nothing yet:") == 1
    assert "Recent activity" in page


def test_the_dashboard_lists_drafts_waiting_for_adoption(client, clerk, org):
    from lawful.notices.services import load_draft

    load_draft(org, CHANGED_REGISTER, version="2", today=date(2026, 11, 25), actor=clerk)
    client.force_login(clerk)
    page = text(client.get(url("dashboard")))
    assert "Draft version 2 waiting for adoption" in page
    assert url("register-version", version="2") in page


def test_an_app_fills_its_panel_by_registering_it(client, clerk):
    original = {p.key: p for p in panels()}["requests-due"]
    register_panel(
        Panel(
            "requests-due",
            "Requests due",
            order=40,
            provide=lambda ctx: PanelContent(
                headline="1 due this week", items=[PanelItem("Access request")]
            ),
        )
    )
    try:
        client.force_login(clerk)
        page = text(client.get(url("dashboard")))
        assert "1 due this week" in page and page.count("Nothing yet:") == 1
    finally:
        register_panel(original)


def test_a_volunteer_is_told_what_they_can_do_and_sees_no_people(client, volunteer, alice):
    client.force_login(volunteer)
    page = text(client.get(url("dashboard")))
    assert "What you can do here" in page
    assert "people on record" not in page
    assert "Recent activity" not in page
    assert url("people") not in page


# --- People search ------------------------------------------------------------------


def test_a_postcode_written_otherwise_finds_the_person(client, clerk, alice):
    client.force_login(clerk)
    response = client.get(url("people"), {"q": "sw1a1aa"})
    page = text(response)
    assert "1 person found" in page
    assert url("person", person_id=alice.pk) in page
    assert "SW1A 1AA" in page and "Alice.Smith@Example.org" in page


def test_a_search_is_audited_as_one_event_with_its_kind_and_count_never_the_text(
    client, clerk, alice, org
):
    client.force_login(clerk)
    mark = last_event_pk()
    client.get(url("people"), {"q": "sw1a1aa"})
    [event] = events_since(mark)
    assert event.action == AuditAction.VIEW
    assert event.organisation == org and event.actor == clerk
    assert event.summary == "searched people by postcode: 1 found"
    assert "sw1a" not in event.summary.lower()


def test_the_search_page_without_a_query_shows_no_one_and_records_nothing(client, clerk, alice):
    client.force_login(clerk)
    mark = last_event_pk()
    page = text(client.get(url("people")))
    assert "Name, email, phone, postcode or address" in page
    assert url("person", person_id=alice.pk) not in page and "found" not in page
    assert events_since(mark) == []


def test_no_one_found_says_so_with_advice(client, clerk, alice):
    client.force_login(clerk)
    page = text(client.get(url("people"), {"q": "zzz"}))
    assert "No one found" in page and "Check the spelling" in page


def test_the_search_never_finds_another_organisations_people(client, clerk, other_org):
    stranger = PersonFactory(organisation=other_org, family_name="Stranger")
    ContactPointFactory(person=stranger, postal=True, value="SW1A 1AA")
    client.force_login(clerk)
    page = text(client.get(url("people"), {"q": "sw1a1aa"}))
    assert "No one found" in page
    assert "Stranger" not in text(client.get(url("people"), {"q": "stranger"}))


# --- A person's page --------------------------------------------------------------


def test_the_person_page_shows_identity_contacts_and_purposes_by_name(client, clerk, alice):
    AliasFactory(person=alice, name="Alice Jones")
    client.force_login(clerk)
    page = text(client.get(url("person", person_id=alice.pk)))
    assert "<h1>Alice Smith</h1>" in page
    assert "Alice Jones" in page
    assert "Alice.Smith@Example.org" in page
    assert "1 High Street" in page and "SW1A 1AA" in page
    assert "Newsletters" in page  # the purpose's name from the register in force
    assert "Consent" in page and "1 May 2024" in page


def test_opening_a_person_records_one_view(client, clerk, alice):
    client.force_login(clerk)
    mark = last_event_pk()
    client.get(url("person", person_id=alice.pk))
    [event] = events_since(mark)
    assert event.action == AuditAction.VIEW and event.person_id == alice.pk
    assert event.actor == clerk


def test_the_lead_sees_who_viewed_the_record(client, clerk, caseworker, alice):
    client.force_login(caseworker)
    client.get(url("person", person_id=alice.pk))
    client.force_login(clerk)
    page = text(client.get(url("person", person_id=alice.pk)))
    assert "Who viewed or changed this record" in page
    assert "caseworker" in page and "viewed person" in page


def test_a_caseworker_does_not_see_who_viewed(client, caseworker, alice):
    client.force_login(caseworker)
    page = text(client.get(url("person", person_id=alice.pk)))
    assert "Alice Smith" in page
    assert "Who viewed or changed this record" not in page


def test_every_registry_source_but_people_and_audit_has_its_section(client, clerk, alice):
    from lawful import registry

    client.force_login(clerk)
    page = text(client.get(url("person", person_id=alice.pk)))
    for source in registry.sources():
        if source.key != "people":
            assert source.label in page


# --- The register: versions, upload, diff, adoption -------------------------------


def upload(client, content: str | bytes, version="2", name="register.yaml", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content.encode() if isinstance(content, str) else content
    return client.post(
        url("register"),
        {
            "register_file": SimpleUploadedFile(name, data, content_type="application/yaml"),
            "version": version,
            **extra,
        },
    )


def test_the_register_page_lists_versions_with_their_state(client, clerk):
    client.force_login(clerk)
    page = text(client.get(url("register")))
    assert "Version 1" in page and "in force" in page
    assert "1 January 2020" in page
    assert "Upload a new version" in page


def test_uploading_a_register_stores_a_draft_and_shows_what_it_changes(client, clerk, org):
    client.force_login(clerk)
    response = upload(client, CHANGED_REGISTER, description="Finance kept 7 years")
    assert response.status_code == 302
    assert response.url == url("register-version", version="2")
    draft = NoticeVersion.objects.for_org(org).get(version="2")
    assert draft.status == "draft"
    page = text(client.get(response.url))
    assert "Draft version 2 is stored" in page
    assert "Compared with version 1, in force" in page
    assert "Removed:</span>" in page and "Added:</span>" in page
    assert "6 years" in page and "7 years" in page
    assert "<ins>" in page and "<del>" in page
    assert "Adopt version 2" in page


def test_a_register_with_problems_lists_them_by_line_and_stores_nothing(client, clerk, org):
    broken = SMALL_REGISTER.replace("retention: {trigger: opt-out}", "retention: {trigger: opt-out")
    client.force_login(clerk)
    before = NoticeVersion.objects.count()
    response = upload(client, broken, name="ashbrook.yaml")
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "The register has 1 problem: nothing was stored" in page
    assert "Problems in ashbrook.yaml" in page
    [problem] = check_text(broken, date(2026, 11, 25))
    assert f"Line {problem.line}:" in page and "not valid YAML" in page
    assert 'href="#id_register_file"' in page
    assert NoticeVersion.objects.count() == before


def test_a_register_breaking_a_legal_rule_is_refused_with_the_rule(client, clerk, org):
    no_retention = SMALL_REGISTER.replace(
        "    retention: {period: 6 years, trigger: end-of-financial-year}\n", ""
    )
    client.force_login(clerk)
    response = upload(client, no_retention)
    assert response.status_code == 400
    assert "retention" in text(response).lower()
    assert not NoticeVersion.objects.for_org(org).filter(version="2").exists()


def test_a_file_that_is_not_utf8_text_is_refused_in_plain_words(client, clerk):
    client.force_login(clerk)
    response = upload(client, b"\xff\xfe\x00bad")
    assert "not a text file in UTF-8" in text(response)


def test_a_version_name_in_use_or_malformed_is_refused_next_to_the_field(client, clerk):
    client.force_login(clerk)
    page = text(upload(client, CHANGED_REGISTER, version="1"))
    assert "&#x27;1&#x27; already exists" in page
    page = text(upload(client, CHANGED_REGISTER, version="two"))
    assert "is not a version name" in page
    assert 'id="id_version_error"' in page


def test_the_public_notice_changes_only_when_the_draft_is_adopted(client, clerk, org):
    client.force_login(clerk)
    upload(client, CHANGED_REGISTER)
    public = "/o/ashbrook/privacy"
    assert "7 years" not in text(client.get(public))
    response = client.post(
        url("register-version", version="2"), {"minute": "2026/114", "adopted_on": "2026-11-25"}
    )
    assert response.status_code == 302 and response.url == url("register")
    assert "7 years" in text(client.get(public))
    in_force = adopted_version(org)
    assert in_force.version == "2" and in_force.adopted_by == clerk
    assert in_force.minute == "2026/114"
    page = text(client.get(url("register")))
    assert "Version 2 is adopted" in page and "superseded" in page


def test_adoption_rules_are_shown_next_to_their_field(client, clerk, org):
    client.force_login(clerk)
    upload(client, CHANGED_REGISTER)
    response = client.post(
        url("register-version", version="2"), {"minute": "", "adopted_on": "2019-12-31"}
    )
    page = text(response)
    assert response.status_code == 400
    assert 'id="id_minute_error"' in page and "minute reference" in page
    response = client.post(
        url("register-version", version="2"), {"minute": "12", "adopted_on": "2019-12-31"}
    )
    page = text(response)
    assert 'id="id_adopted_on_error"' in page
    assert "is before version 1 in force was adopted" in page
    assert adopted_version(org).version == "1"


def test_a_date_written_the_british_way_is_understood(client, clerk, org):
    client.force_login(clerk)
    upload(client, CHANGED_REGISTER)
    client.post(url("register-version", version="2"), {"minute": "7", "adopted_on": "25/11/2026"})
    assert adopted_version(org).version == "2"


def test_an_adopted_version_has_no_adopt_form(client, clerk):
    client.force_login(clerk)
    page = text(client.get(url("register-version", version="1")))
    assert "This is the version in force" in page
    assert "Adopt version" not in page


def test_a_draft_of_another_organisation_is_not_found(client, clerk, other_org):
    from lawful.notices.services import load_draft

    load_draft(other_org, CHANGED_REGISTER, version="9", today=date(2026, 11, 25))
    client.force_login(clerk)
    assert client.get(url("register-version", version="9")).status_code == 404


def test_no_workspace_page_has_an_inline_script_or_handler(client, clerk, alice):
    client.force_login(clerk)
    upload(client, CHANGED_REGISTER)
    for address in (
        "/staff/sign-in",
        url("dashboard"),
        url("people") + "?q=smith",
        url("person", person_id=alice.pk),
        url("register"),
        url("register-version", version="2"),
    ):
        page = text(client.get(address))
        assert "<script" not in page, address
        assert " onclick=" not in page and " onload=" not in page and "javascript:" not in page


def test_an_organisation_without_an_adopted_register_still_works(client, django_user_model):
    bare = OrganisationFactory(slug="bare", register=False)
    user = django_user_model.objects.create_user(username="bare-lead", password="x" * 14)
    Membership.objects.create(user=user, organisation=bare, role="dp_lead")
    client.force_login(user)
    page = text(client.get(url("dashboard", org="bare")))
    assert "No version adopted yet" in page and "No register in force yet." in page


@pytest.mark.parametrize(
    "markdown, readable",
    [
        ("- **How long we keep it:** 2 years", "How long we keep it: 2 years"),
        ("## Your rights", "Your rights"),
        ("| Who | Why |", "Who · Why"),
        ("|---|---|", ""),
        ("Plain text stays", "Plain text stays"),
    ],
)
def test_a_diff_line_reads_as_the_notice_does_not_as_markdown(markdown, readable):
    from lawful.staff.templatetags.staff_text import readable_markdown

    assert readable_markdown(markdown) == readable
