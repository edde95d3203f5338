"""Long work runs in the worker, shows its progress and records how it ended."""

import os
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks import TaskResultStatus

from lawful.audit.models import AuditEvent
from lawful.jobs.models import Job, JobStatus
from lawful.jobs.services import start_job
from lawful.jobs.tasks import verify_audit_chain
from tests.browser.conftest import ROOT
from tests.jobs.tasks import crash_quoting_personal_data, export_in_steps, import_then_refuse

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker_until_done() -> None:
    call_command("worker", "--until-done", verbosity=0)


def test_a_job_waits_in_the_queue_until_the_worker_runs_it(database_tasks):
    job = start_job("test-export", export_in_steps, 3)
    assert job.status == JobStatus.QUEUED and job.done == 0
    assert AuditEvent.objects.count() == 0  # nothing ran inside the request

    run_worker_until_done()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.message == "Exported in 3 steps."
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert AuditEvent.objects.count() == 3
    result = export_in_steps.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_a_refused_job_is_recorded_failed_with_its_message_and_nothing_written(database_tasks):
    job = start_job("test-import", import_then_refuse, 2)

    run_worker_until_done()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Line 3 of the upload has no family name."
    assert job.finished_at is not None
    assert AuditEvent.objects.count() == 0  # the rows before the refusal were rolled back
    assert import_then_refuse.get_result(job.task_result_id).status == TaskResultStatus.FAILED


def test_an_unexpected_error_is_named_without_quoting_its_text(database_tasks):
    job = start_job("test-crash", crash_quoting_personal_data)

    run_worker_until_done()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ValueError" in job.message
    assert "Ann Example" not in job.message and "High Street" not in job.message
    assert AuditEvent.objects.count() == 0


def test_the_worker_runs_every_queued_job_then_exits(database_tasks):
    jobs = [start_job("test-export", export_in_steps, n) for n in (1, 2, 4)]

    run_worker_until_done()

    assert [Job.objects.get(pk=j.pk).status for j in jobs] == [JobStatus.DONE] * 3
    assert AuditEvent.objects.count() == 7


def test_the_daily_jobs_check_the_audit_chain(database_tasks, capsys):
    export = start_job("test-export", export_in_steps, 2)
    run_worker_until_done()
    assert Job.objects.get(pk=export.pk).status == JobStatus.DONE

    call_command("jobs", "daily")
    run_worker_until_done()

    daily = Job.objects.get(kind="verify-audit-chain")
    assert daily.status == JobStatus.DONE
    assert (daily.done, daily.total) == (2, 2)
    assert daily.message == "Audit chain intact: 2 events."
    capsys.readouterr()
    call_command("jobs", "list")
    listed = capsys.readouterr().out
    assert f"{daily.pk}\tverify-audit-chain\tdone\t2/2\tAudit chain intact" in listed


def test_with_the_immediate_backend_a_job_runs_at_once():
    job = start_job("test-export", export_in_steps, 2)
    assert job.status == JobStatus.DONE and (job.done, job.total) == (2, 2)
    assert job.task_result_id


def test_job_arguments_are_ids_not_records(clerk):
    with pytest.raises(TypeError, match="ids"):
        start_job("test-export", export_in_steps, clerk)
    assert not Job.objects.exists()


def test_the_worker_explains_when_tasks_are_not_queued_in_the_database():
    with pytest.raises(CommandError, match="database task backend"):
        run_worker_until_done()


def test_a_separate_worker_process_runs_the_queued_job(database_tasks, tmp_path):
    """`lawful worker --until-done` as cron runs it: its own process, the same database."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in this process (scripts/demo covers SQLite)")
    start_job("test-export", export_in_steps, 2)
    run_worker_until_done()  # some history for the check to read
    job = start_job("verify-audit-chain", verify_audit_chain)

    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=url, LAWFUL_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "lawful"), "worker", "--until-done"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "Audit chain intact: 2 events."


def test_a_job_belongs_to_the_organisation_it_works_for(org, other_org):
    ours = start_job("test-export", export_in_steps, 1, organisation=org)
    start_job("test-export", export_in_steps, 1, organisation=other_org)
    start_job("test-export", export_in_steps, 1)  # installation-wide, e.g. the daily checks

    assert list(Job.objects.for_org(org)) == [ours]
    assert Job.objects.filter(organisation__isnull=True).count() == 1
