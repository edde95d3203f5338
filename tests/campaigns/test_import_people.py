"""`lawful import people`: every row checked, problems by row and column, all or nothing,
people matched and merged, the do-not-contact list respected."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.audit.models import AuditEvent
from lawful.campaigns.imports import ImportError_, ImportOptions, import_people
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.services import create_person
from lawful.suppression.services import ContactDetails, Reason, suppress

HEADER = "given_name,family_name,email,phone,address_lines,postcode\n"


def csv_file(tmp_path: Path, body: str, header: str = HEADER, name="people.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body)
    return path


def test_it_imports_every_row_with_its_contact_points(org, tmp_path, capsys):
    path = csv_file(
        tmp_path,
        "Ada,Lovelace,Ada@Example.org,07700 900123,1 High Street,ex17 6aa\n"
        "Alan,Turing,alan@example.org,,,\n",
    )
    call_command("import", "people", str(path), "--org", org.slug)
    assert "Imported 2 rows: 2 people new, 0 merged" in capsys.readouterr().out
    ada = Person.objects.for_org(org).get(family_name="Lovelace")
    points = {(p.kind, p.normalised, p.is_primary) for p in ada.contact_points.all()}
    assert points == {
        ("email", "ada@example.org", True),
        ("phone", "+447700900123", True),
        ("postal", "EX17 6AA", True),
    }
    assert ada.contact_points.get(kind="postal").address_lines == "1 High Street"


def test_imported_contact_points_carry_their_do_not_contact_digest(org, clerk, tmp_path):
    # The do-not-contact check joins each contact point's digest to the list in SQL: an
    # imported point without its digest would slip past it. A merged person's postal
    # digest is of the family name held, not the row's.
    from lawful.consent.services import suppressed_people
    from lawful.suppression.services import contact_digest

    create_person(
        organisation=org, actor=clerk, given_name="Grace", family_name="Hopper",
        emails=["grace@example.org"],
    )  # fmt: skip
    path = csv_file(
        tmp_path,
        "Ada,Lovelace,ada@example.org,07700 900123,1 High Street,EX17 6AA\n"
        "Grace,Hopper-Smith,grace@example.org,,2 Low Street,EX17 6AB\n",
    )
    call_command("import", "people", str(path), "--org", org.slug)
    points = ContactPoint.objects.filter(organisation=org)
    assert points.count() == 5
    for point in points.select_related("person"):
        expected = contact_digest(org.pk, point.kind, point.normalised, point.person.family_name)
        assert point.suppression_digest == expected != ""
    ada = Person.objects.for_org(org).get(family_name="Lovelace")
    details = ContactDetails(phones=("+447700900123",))
    suppress(org, details, reason=Reason.OBJECTION_TO_MARKETING, actor=clerk)
    assert set(suppressed_people(org)) == {ada.pk}


def test_problems_name_file_row_and_column_and_nothing_is_written(org, tmp_path, capsys):
    path = csv_file(
        tmp_path,
        "Ada,Lovelace,ada@example.org,,,\n"
        "Bad,Email,not-an-email,,,\n"
        ",,,07700 900124,,\n"
        "Bad,Phone,,12,,\n"
        "Bad,Postcode,,,1 High Street,ZZ1\n",
    )
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import", "people", str(path), "--org", org.slug)
    err = capsys.readouterr().err.splitlines()
    assert f"{path}:3:email: 'not-an-email' is not an email address" in err
    assert f"{path}:4:family_name: a given name or a family name is needed" in err
    assert f"{path}:5:phone: '12' is not a valid UK or international number" in err
    assert f"{path}:6:postcode: 'ZZ1' is not a UK postcode" in err
    assert not Person.objects.for_org(org).exists()


def test_a_dry_run_reports_every_problem_and_writes_nothing(org, tmp_path, capsys):
    path = csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\nBad,Row,x@,,,\n")
    with pytest.raises(CommandError):
        call_command("import", "people", str(path), "--org", org.slug, "--dry-run")
    assert f"{path}:3:email:" in capsys.readouterr().err
    good = csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\n", name="good.csv")
    events = AuditEvent.objects.filter(organisation=org).count()
    call_command("import", "people", str(good), "--org", org.slug, "--dry-run")
    assert "Would import 1 rows: 1 people new" in capsys.readouterr().out
    assert not Person.objects.exists()
    assert AuditEvent.objects.filter(organisation=org).count() == events


def test_other_column_names_are_mapped_to_fields(org, tmp_path):
    path = csv_file(
        tmp_path,
        "Grace,Hopper,grace@example.org,Notes\n",
        header="First name,Surname,E-mail,Comments\n",
    )
    report = import_people(
        org,
        path,
        options=ImportOptions(
            mapping={"First name": "given_name", "surname": "family_name", "E-mail": "email"}
        ),
    )
    assert report.unread_columns == ["Comments"]
    assert Person.objects.for_org(org).get().family_name == "Hopper"


def test_the_error_names_the_column_as_the_file_does(org, tmp_path):
    path = csv_file(tmp_path, "Grace,Hopper,nope\n", header="First,Surname,E-mail\n")
    options = ImportOptions(mapping={"E-mail": "email", "Surname": "family_name"})
    with pytest.raises(ImportError_) as caught:
        import_people(org, path, options=options)
    assert caught.value.problems == [f"{path}:2:E-mail: 'nope' is not an email address"]


def test_people_held_are_merged_not_doubled(org, tmp_path):
    held = create_person(
        organisation=org,
        actor=None,
        given_name="Ada",
        family_name="Lovelace",
        emails=["ada@example.org"],
    )
    path = csv_file(
        tmp_path,
        "Ada,Lovelace,ADA@example.org ,07700 900123,,\n"
        "Ada,L,,+44 7700 900123,,\n"  # the same phone: the same person again
        "Alan,Turing,alan@example.org,,,\n",
    )
    report = import_people(org, path)
    assert (report.created, report.merged) == (1, 1)
    assert Person.objects.for_org(org).count() == 2
    assert set(held.contact_points.values_list("normalised", flat=True)) == {
        "ada@example.org",
        "+447700900123",
    }
    assert held.contact_points.get(kind="phone").is_primary
    events = AuditEvent.objects.filter(organisation=org)
    assert events.filter(summary="created person (import)").count() == 1
    assert events.filter(summary="added contact points (import)", person_id=held.pk).exists()
    assert events.filter(summary__startswith="imported people from a CSV file: 3 rows").exists()


def test_another_organisations_people_are_not_matched(org, other_org, tmp_path):
    create_person(
        organisation=other_org,
        actor=None,
        given_name="Ada",
        family_name="Lovelace",
        emails=["ada@example.org"],
    )
    report = import_people(org, csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\n"))
    assert (report.created, report.merged) == (1, 0)
    assert Person.objects.for_org(other_org).get().contact_points.count() == 1


def test_people_on_the_do_not_contact_list_are_not_brought_back(org, tmp_path, capsys):
    suppress(org, ContactDetails(emails=("gone@example.org",)), reason=Reason.ERASURE, actor=None)
    suppress(
        org,
        ContactDetails(phones=("07700 900555",)),
        reason=Reason.OBJECTION_TO_MARKETING,
        actor=None,
    )
    path = csv_file(
        tmp_path,
        "Gone,Person,Gone@example.org,,,\n"
        "Objected,Person,,07700900555,,\n"
        "Fine,Person,fine@example.org,,,\n",
    )
    call_command("import", "people", str(path), "--org", org.slug)
    out = capsys.readouterr().out
    assert f"{path}:2: skipped: on the do-not-contact list: erased at the person's request" in out
    assert f"{path}:3: skipped: on the do-not-contact list: objected to direct marketing" in out
    assert list(Person.objects.for_org(org).values_list("given_name", flat=True)) == ["Fine"]


def test_a_restricted_person_is_skipped(org, tmp_path):
    from lawful.people.services import restrict_person

    held = create_person(
        organisation=org, actor=None, given_name="Ada", family_name="L", emails=["a@example.org"]
    )
    restrict_person(held, actor=None)
    report = import_people(org, csv_file(tmp_path, "Ada,L,a@example.org,07700 900123,,\n"))
    assert report.skipped == [(2, "processing of their data is restricted (Art 18)")]
    assert held.contact_points.count() == 1


def test_a_real_import_is_all_or_nothing(org, tmp_path, monkeypatch):
    import lawful.campaigns.imports as imports

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "record_many", fail)
    with pytest.raises(RuntimeError):
        import_people(org, csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\n"))
    assert not Person.objects.exists()
    assert not ContactPoint.objects.exists()


def test_the_consent_options_are_checked(org, tmp_path, capsys):
    path = csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\n")
    with pytest.raises(CommandError):
        call_command(
            "import",
            "people",
            str(path),
            "--org",
            org.slug,
            "--purpose",
            "finance",
            "--channels",
            "email,fax",
        )
    err = capsys.readouterr().err
    assert "--purpose: 'finance' does not rest on consent" in err
    assert "--channels: 'fax' is not a channel" in err
    assert "--evidence: say how these people consented" in err
    with pytest.raises(CommandError):
        call_command("import", "people", str(path), "--org", org.slug, "--purpose", "nope")
    assert "--purpose: 'nope' is not a purpose in the register in force" in capsys.readouterr().err
    assert not PurposeLink.objects.exists()


def test_an_unknown_organisation_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="--org: no organisation 'nowhere'"):
        call_command("import", "people", str(csv_file(tmp_path, "")), "--org", "nowhere")


def test_consent_for_the_batch_is_recorded_with_its_evidence(db, tmp_path, capsys):
    from lawful.consent.contact import may_contact
    from lawful.consent.models import ConsentEvent
    from tests.campaigns.conftest import PURPOSE
    from tests.conftest import EXAMPLES
    from tests.organisations.factories import OrganisationFactory

    network = OrganisationFactory(
        slug="riverside", register=(EXAMPLES / "campaign-network.yaml").read_text()
    )
    path = csv_file(
        tmp_path, "Ada,Lovelace,ada@example.org,07700 900123,,\nAlan,Turing,alan@example.org,,,\n"
    )
    call_command(
        "import",
        "people",
        str(path),
        "--org",
        "riverside",
        "--purpose",
        PURPOSE,
        "--channels",
        "email,sms",
        "--method",
        "paper-form",
        "--evidence",
        "Signed sheets from the 2025 conference, in the office safe",
    )
    assert "4 consents recorded" in capsys.readouterr().out
    ada = Person.objects.for_org(network).get(family_name="Lovelace")
    assert may_contact(network, ada, PURPOSE, "email").allowed
    assert may_contact(network, ada, PURPOSE, "sms").allowed
    event = ConsentEvent.objects.filter(person=ada, channel="email").get()
    assert (event.method, event.action) == ("paper-form", "grant")
    assert event.evidence.startswith("Signed sheets")
    assert PurposeLink.objects.filter(person=ada, purpose_id=PURPOSE, basis="consent").exists()


def test_a_channel_the_purpose_does_not_use_is_refused_and_nothing_written(db, tmp_path, capsys):
    from tests.conftest import EXAMPLES
    from tests.organisations.factories import OrganisationFactory

    OrganisationFactory(slug="riverside", register=(EXAMPLES / "campaign-network.yaml").read_text())
    path = csv_file(tmp_path, "Ada,Lovelace,ada@example.org,,,\n")
    with pytest.raises(CommandError):
        call_command(
            "import",
            "people",
            str(path),
            "--org",
            "riverside",
            "--purpose",
            "keeping-in-touch",
            "--channels",
            "post",
            "--evidence",
            "Sheets",
        )
    assert "--channels:" in capsys.readouterr().err
    assert not Person.objects.exists()


def test_the_audit_log_names_each_person_and_the_chain_still_verifies(org, tmp_path, capsys):
    held = create_person(
        organisation=org, actor=None, given_name="Ada", family_name="L", emails=["ada@example.org"]
    )
    body = "".join(f"New,Supporter{k},new{k}@example.net,0790{k:07d},,\n" for k in range(30))
    path = csv_file(tmp_path, body + "Ada,,ADA@example.org,07900 999999,,\n")
    report = import_people(org, path)
    assert (report.created, report.merged) == (30, 1)
    created = set(Person.objects.for_org(org).exclude(pk=held.pk).values_list("pk", flat=True))
    events = AuditEvent.objects.filter(organisation=org, summary="created person (import)")
    assert {(e.target_type, int(e.target_id), e.person_id) for e in events} == {
        ("people.person", pk, pk) for pk in created
    }
    assert list(
        AuditEvent.objects.filter(organisation=org, person_id=held.pk)
        .filter(summary="added contact points (import)")
        .values_list("action", flat=True)
    ) == ["change"]
    call_command("audit", "verify", "--org", org.slug)
    assert "audit chain intact" in capsys.readouterr().out


def test_without_insert_returning_the_people_get_their_own_ids(org, tmp_path, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the fallback is for SQLite before 3.35")
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    body = "".join(f"New,Supporter{k},new{k}@example.net,,,\n" for k in range(5))
    report = import_people(org, csv_file(tmp_path, body))
    assert report.created == 5
    for person in Person.objects.for_org(org):
        email = person.contact_points.get().normalised
        assert email == f"new{person.family_name.removeprefix('Supporter')}@example.net"
