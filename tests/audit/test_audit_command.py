"""`lawful audit verify [--org SLUG]`: each organisation's chain, or all of them."""

import pytest
from django.core.management import CommandError, call_command

from lawful.audit.events import AuditAction
from lawful.audit.services import record, record_many

pytestmark = pytest.mark.django_db


def test_it_reports_an_intact_chain_with_its_length(capsys):
    record_many([{"action": AuditAction.VIEW}] * 1234)

    call_command("audit", "verify")

    assert capsys.readouterr().out == "installation: audit chain intact: 1,234 events.\n"


def test_it_reports_an_empty_log_as_intact(capsys):
    call_command("audit", "verify")

    assert "installation: audit chain intact: 0 events." in capsys.readouterr().out


def test_it_reports_each_organisations_chain_on_its_own(org, other_org, capsys):
    other_events = other_org.audit_events.count()
    record_many([{"action": AuditAction.VIEW}] * 5, organisation=org)
    call_command("audit", "verify")
    out = capsys.readouterr().out.splitlines()
    assert f"ashbrook: audit chain intact: {org.audit_events.count()} events." in out
    assert f"northgate: audit chain intact: {other_events} event." in out

    call_command("audit", "verify", "--org", "northgate")
    assert capsys.readouterr().out == f"northgate: audit chain intact: {other_events} event.\n"


def test_a_break_in_one_organisations_chain_is_named_and_the_other_is_intact(
    org, other_org, raw_sql, capsys
):
    record(AuditAction.CHANGE, organisation=org, summary="changed fields: email")
    raw_sql("UPDATE {events} SET summary = 'x' WHERE organisation_id = %s AND seq = 1", [org.pk])

    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")

    assert failure.value.returncode == 1
    assert str(failure.value).startswith(
        "ashbrook: audit chain broken at event 1: event 1 was altered"
    )
    assert "northgate: audit chain intact" in capsys.readouterr().out
    call_command("audit", "verify", "--org", "northgate")


def test_an_unknown_organisation_is_named_with_the_choices(org, other_org):
    with pytest.raises(
        CommandError, match="--org: no organisation 'nope' \\(one of: ashbrook, northgate\\)"
    ):
        call_command("audit", "verify", "--org", "nope")


def test_verify_names_an_event_altered_in_the_database(raw_sql):
    for n in range(4):
        record(AuditAction.CHANGE, person=n, summary="changed fields: email")
    raw_sql("UPDATE {events} SET action = 'view' WHERE seq = 3")

    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")

    assert failure.value.returncode == 1
    assert str(failure.value) == (
        "installation: audit chain broken at event 3: "
        "event 3 was altered (its hash does not match its contents)"
    )


def test_it_names_the_missing_end_of_the_chain(raw_sql):
    for _ in range(4):
        record(AuditAction.VIEW)
    raw_sql("DELETE FROM {events} WHERE seq = 4")

    with pytest.raises(CommandError, match="broken at event 4: events after 3 are missing"):
        call_command("audit", "verify")


def test_it_needs_a_subcommand():
    with pytest.raises(CommandError):
        call_command("audit")


def test_export_writes_one_chain_that_can_be_checked_without_lawful(org, other_org, capsys):
    import json

    from lawful.audit.models import GENESIS_HASH, event_hash

    record(AuditAction.VIEW, organisation=org, person=5, summary="viewed person")
    record(AuditAction.VIEW, organisation=other_org, person=6, summary="viewed person")
    call_command("audit", "export", "--org", "ashbrook")
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["seq"] for e in events] == list(range(1, org.audit_events.count() + 1))
    assert {e["organisation_id"] for e in events} == {org.pk}
    assert 6 not in {e["person_id"] for e in events}
    previous = GENESIS_HASH
    for event in events:
        from datetime import datetime

        fields = {k: v for k, v in event.items() if k != "hash"}
        fields["at"] = datetime.fromisoformat(fields["at"])
        assert event["prev_hash"] == previous
        assert event_hash(**fields) == event["hash"]
        previous = event["hash"]
