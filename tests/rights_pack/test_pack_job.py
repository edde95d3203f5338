"""The worker builds the pack: a zip with data.json, a CSV per source and a PDF."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from lawful import registry
from lawful.jobs.models import Job, JobStatus
from lawful.rights.pack import WITHHELD
from lawful.rights.pack_models import PackStatus, ThirdPartyFlag
from lawful.rights.pack_service import decide_flag, request_pack

from .conftest import make_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = settings.DATABASE_TASKS


def test_the_worker_builds_the_zip_with_data_csv_and_a_readable_pdf(
    database_tasks, org, clerk, access_request
):
    copy = request_pack(access_request, actor=clerk)
    assert copy.status == PackStatus.BUILDING and copy.content is None  # nothing in the request

    call_command("worker", "--until-done", verbosity=0)

    copy.refresh_from_db()
    assert copy.status == PackStatus.READY
    assert Job.objects.get(pk=copy.job_id).status == JobStatus.DONE
    archive = zipfile.ZipFile(io.BytesIO(bytes(copy.content)))
    names = set(archive.namelist())
    assert "data.json" in names and "access-pack.pdf" in names
    assert {f"{s.key}.csv" for s in registry.sources()} <= names
    data = json.loads(archive.read("data.json"))
    assert data["person"]["name"] == "Ann Example"
    people_rows = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    assert any(row.get("fields.Value") == "ann.example@example.org" for row in people_rows)
    pdf_text = "".join(
        page.extract_text() for page in PdfReader(archive.open("access-pack.pdf")).pages
    )
    assert "held by C" in pdf_text  # the controller's name, from the register in force
    assert "Information Commissioner" in pdf_text


def test_others_named_are_withheld_until_the_clerk_releases_them_with_a_reason(
    database_tasks, org, clerk, resident, neighbour, access_request
):
    make_request(org, resident, kind="erasure", details="Brian Neighbour shouts at me.")
    request_pack(access_request, actor=clerk)
    call_command("worker", "--until-done", verbosity=0)

    (flag,) = ThirdPartyFlag.objects.filter(request=access_request)
    copy = access_request.pack_copies.get()
    first = json.loads(zipfile.ZipFile(io.BytesIO(bytes(copy.content))).read("data.json"))
    assert "Brian Neighbour" not in json.dumps(first) and WITHHELD in json.dumps(first)
    assert flag.other_person_id == neighbour.pk and flag.decision == ""

    decide_flag(flag, actor=clerk, decision="release", reason="He is named in her own complaint.")
    request_pack(access_request, actor=clerk)
    call_command("worker", "--until-done", verbosity=0)

    copy = access_request.pack_copies.get()  # rebuilt: not given yet, so still copy 1
    second = zipfile.ZipFile(io.BytesIO(bytes(copy.content))).read("data.json").decode()
    assert "Brian Neighbour" in second
    flag.refresh_from_db()
    assert flag.decided_by == clerk and flag.reason.startswith("He is named")
