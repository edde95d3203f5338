"""`lawful tps load FILE [--org SLUG]`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.consent.models import TpsLoad, TpsNumber
from lawful.consent.tps import tps_number


@pytest.mark.parametrize(
    "written", ["1632960001", "01632 960001", "+44 1632 960001", "441632960001"]
)
def test_every_way_of_writing_a_number_is_one_number(written):
    assert tps_number(written) == "+441632960001"


def test_a_load_replaces_the_list(tmp_path, network, capsys):
    first = tmp_path / "tps1.txt"
    first.write_text("Number\n1632960001\n07700900001\n07700900001\n")
    call_command("tps", "load", str(first), "--org", "riverside")
    assert set(TpsNumber.objects.values_list("number", flat=True)) == {
        "+441632960001",
        "+447700900001",
    }
    second = tmp_path / "tps2.txt"
    second.write_text("1632960002\n")
    call_command("tps", "load", str(second), "--org", "riverside")
    assert list(TpsNumber.objects.values_list("number", flat=True)) == ["+441632960002"]
    assert TpsLoad.objects.first().numbers == 1
    assert "1 numbers on the TPS list" in capsys.readouterr().out


def test_a_bad_line_is_named_and_nothing_is_loaded(tmp_path, network, capsys):
    path = tmp_path / "tps.txt"
    path.write_text("1632960001\nnot a number\n12\n")
    with pytest.raises(CommandError, match="nothing loaded"):
        call_command("tps", "load", str(path), "--org", "riverside")
    err = capsys.readouterr().err
    assert f"{path}:2: 'not a number' is not a UK telephone number" in err
    assert f"{path}:3:" in err
    assert not TpsNumber.objects.exists()


def test_an_unknown_organisation_is_named(tmp_path, network):
    path = tmp_path / "tps.txt"
    path.write_text("1632960001\n")
    with pytest.raises(CommandError, match="--org: no organisation 'nowhere'"):
        call_command("tps", "load", str(path), "--org", "nowhere")


def test_org_may_be_left_out_while_there_is_only_one(tmp_path, network):
    from lawful.organisations.models import Organisation

    path = tmp_path / "tps.txt"
    path.write_text("1632960001\n")
    call_command("tps", "load", str(path))
    assert list(TpsNumber.objects.values_list("organisation", flat=True)) == [network.pk]
    Organisation.objects.create(slug="second", name="A second organisation")
    with pytest.raises(CommandError, match="--org: say which organisation"):
        call_command("tps", "load", str(path))


def test_the_evidence_of_a_whole_list_as_csv(network, make_person, capsys):
    import csv
    import io

    from lawful.audit.models import AuditEvent
    from lawful.consent.services import record_consent

    person = make_person()
    record_consent(network, person, purpose="keeping-in-touch", channel="email",
                   action="grant", method="web-form", wording="Yes, email me",
                   ip_address="192.0.2.5", evidence="ticked")  # fmt: skip
    call_command("consent", "evidence", "--org", "riverside", "--channel", "email")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["person_id"], r["action"], r["ip_address"], r["wording"]) for r in rows] == [
        (str(person.pk), "grant", "192.0.2.5", "Yes, email me")
    ]
    assert AuditEvent.objects.filter(action="export", organisation=network).exists()

    # Words a spreadsheet would run as a formula are written so that it shows them.
    record_consent(network, person, purpose="keeping-in-touch", channel="email",
                   action="withdraw", method="email", wording="=HYPERLINK(\"x\")")  # fmt: skip
    call_command("consent", "evidence", "--org", "riverside", "--channel", "email")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[-1]["wording"] == '\'=HYPERLINK("x")'
    with pytest.raises(CommandError, match="--channel: 'fax'"):
        call_command("consent", "evidence", "--org", "riverside", "--channel", "fax")
