"""What a page shows of a job while it waits, runs, finishes or fails."""

import pytest
from django.template.loader import render_to_string

from lawful.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def shown(job: Job) -> str:
    return " ".join(render_to_string("jobs/progress.html", {"job": job, "label": "Pack"}).split())


def test_a_running_job_shows_how_far_it_has_got():
    job = Job.objects.create(kind="access-pack", status=JobStatus.RUNNING, done=3, total=12)
    html = shown(job)
    assert 'max="12" value="3"' in html
    assert "3 of 12 done (25%)." in html and 'role="status"' in html


def test_a_queued_job_says_it_is_waiting():
    assert "Waiting to start." in shown(Job.objects.create(kind="import"))


def test_a_finished_job_shows_its_outcome():
    done = Job.objects.create(
        kind="import", status=JobStatus.DONE, done=5, total=5, message="5 rows."
    )
    assert "Done. 5 rows." in shown(done)
    failed = Job.objects.create(kind="import", status=JobStatus.FAILED, message="Line 3 is empty.")
    assert "It did not finish: Line 3 is empty." in shown(failed)
    assert "<progress" not in shown(failed)
