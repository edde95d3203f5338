"""`lawful requests due` and `lawful requests report`, and the on-time report."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lawful.rights.reports import on_time_report
from lawful.rights.services import close_request, record_event


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("requests", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def three(make_request, clerk):
    """Received 3 Sep (due 3 Oct), 1 Oct (due 3 Nov: 1 Nov is a Saturday), and a paused one."""
    late = make_request(received_on="2025-09-03")
    soon = make_request(received_on="2025-10-01", kind="erasure")
    paused = make_request(received_on="2025-10-01", kind="objection")
    record_event(paused, type="clarification-requested", on="2025-10-02", actor=clerk)
    return late, soon, paused


def test_due_lists_open_requests_by_due_date_with_overdue_marked_as_json(three, org):
    late, soon, paused = three
    rows = json.loads(run("due", "--org", "ashbrook", "--json", "--today", "2025-10-28"))
    assert [(r["id"], r["due_on"], r["overdue"]) for r in rows] == [
        (late.pk, "2025-10-03", True),
        (soon.pk, "2025-11-03", False),
        (paused.pk, None, False),
    ]
    assert rows[1]["due_soon"] is True
    assert "Alice" not in json.dumps(rows)  # it goes by email: no requester's details


def test_due_as_text_says_what_is_overdue(three):
    text = run("due", "--org", "ashbrook", "--today", "2025-10-28")
    assert "3 open request(s), 1 overdue" in text
    assert "OVERDUE: was due 2025-10-03 (25 day(s) ago)" in text
    assert "paused" in text


def test_due_for_an_unknown_organisation_says_so(db):
    with pytest.raises(CommandError, match="--org: no organisation 'nowhere'"):
        run("due", "--org", "nowhere")


def test_closed_requests_are_not_due(make_request, clerk, org):
    r = make_request()
    close_request(r, outcome="completed", on="2025-09-30", actor=clerk)
    assert json.loads(run("due", "--org", "ashbrook", "--json")) == []


def test_the_on_time_report_counts_answered_late_and_overdue(make_request, clerk, org):
    on_time = make_request(received_on="2025-09-03")
    close_request(on_time, outcome="completed", on="2025-10-01", actor=clerk)
    late = make_request(received_on="2025-09-03", kind="erasure")
    close_request(late, outcome="completed", on="2025-10-10", actor=clerk)
    refused = make_request(received_on="2025-09-04", kind="erasure")
    close_request(refused, outcome="refused", on="2025-09-20", actor=clerk, reason="council tax")
    make_request(received_on="2025-09-05")  # still open, overdue by now
    make_request(received_on="2024-01-05")  # outside the period

    report = on_time_report(org, date(2025, 9, 1), date(2025, 9, 30), as_of=date(2025, 11, 1))
    assert report.total.received == 4
    assert (report.total.answered_on_time, report.total.answered_late) == (2, 1)
    assert report.total.open_overdue == 1
    assert report.on_time_rate == 0.5
    assert report.by_kind["erasure"].refused == 1

    published = json.loads(
        run("report", "--org", "ashbrook", "--from", "2025-09-01", "--to", "2025-09-30", "--json")
    )
    assert published["total"]["received"] == 4
    assert "Alice" not in json.dumps(published) and "example.org" not in json.dumps(published)


def test_the_report_refuses_a_malformed_date(db, org):
    with pytest.raises(CommandError, match="--from: '1/9/2025'"):
        run("report", "--org", "ashbrook", "--from", "1/9/2025", "--to", "2025-09-30")
