"""Case descriptions, notes, correspondence and attachments are ciphertext at rest: the
raw rows and files hold none of the plain text."""

import pytest
from django.conf import settings
from django.db import connection

from lawful.casework import files, services
from lawful.casework.models import Attachment

from .test_services import EML

pytestmark = pytest.mark.django_db


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
        return repr(cursor.fetchall())


def test_the_raw_rows_and_files_hold_no_plain_text(case, staff):
    services.add_note(case, actor=staff.worker, text="Spoke to Mrs Okonkwo about her asthma.")
    services.import_email(case, actor=staff.worker, data=EML)
    services.refer_case(
        case,
        actor=staff.worker,
        recipient="nhs-bodies",
        shared="the medical letter",
        reason="Her GP asked for the landlord's reply",
    )
    raw = "".join(
        _raw_rows(t)
        for t in (
            "casework_case",
            "casework_note",
            "casework_correspondence",
            "casework_referral",
        )
    )
    for plain in ("disabled child", "asthma", "mould is back", "The damp again", "GP asked"):
        assert plain not in raw
    assert "lk1:" in raw  # the ciphertext's marker: the values are there, encrypted
    attachment = Attachment.objects.get()
    on_disk = (settings.LAWFUL_FILES_ROOT / attachment.stored_path).read_bytes()
    assert b"JFIF" not in on_disk
    assert b"JFIF" in files.read(attachment)  # and it reads back for those allowed
    case.refresh_from_db()
    assert "disabled child" in case.description


def test_rotating_the_organisations_key_keeps_every_case_readable(case, staff):
    from lawful.crypto.services import rotate_organisation

    services.add_note(case, actor=staff.worker, text="After the surgery on Friday.")
    services.import_email(case, actor=staff.worker, data=EML)
    before = _raw_rows("casework_note")
    rotate_organisation(case.organisation, actor=staff.lead)
    assert _raw_rows("casework_note") != before  # encrypted again, under the new key
    case.refresh_from_db()
    assert "disabled child" in case.description
    assert case.notes.get().text == "After the surgery on Friday."
    assert b"JFIF" in files.read(Attachment.objects.get())
