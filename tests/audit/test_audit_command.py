"""`lawful audit verify`."""

import pytest
from django.core.management import CommandError, call_command

from lawful.audit.events import AuditAction
from lawful.audit.services import record, record_many

pytestmark = pytest.mark.django_db


def test_it_reports_an_intact_chain_with_its_length(capsys):
    record_many([{"action": AuditAction.VIEW}] * 1234)

    call_command("audit", "verify")

    assert capsys.readouterr().out == "Audit chain intact: 1,234 events.\n"


def test_it_reports_an_empty_log_as_intact(capsys):
    call_command("audit", "verify")

    assert "Audit chain intact: 0 events." in capsys.readouterr().out


def test_verify_names_an_event_altered_in_the_database(raw_sql):
    for n in range(4):
        record(AuditAction.CHANGE, person=n, summary="changed fields: email")
    raw_sql("UPDATE {events} SET action = 'view' WHERE seq = 3")

    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")

    assert failure.value.returncode == 1
    assert str(failure.value) == (
        "Audit chain broken at event 3: event 3 was altered (its hash does not match its contents)"
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
