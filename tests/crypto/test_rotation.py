"""Key rotation: the master re-wraps; an organisation's key re-encrypts everything,
resumably, and the old key is retired."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lawful.audit.models import AuditEvent
from lawful.crypto import envelope, files
from lawful.crypto.master import wrapped_by
from lawful.crypto.models import KeyRotation, OrganisationKey
from lawful.crypto.services import data_key_for, rotate_master, rotate_organisation, status
from tests.crypto_app.models import SecretNote

State = OrganisationKey.State


def raw_bodies(organisation):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT body, aside FROM {SecretNote._meta.db_table} WHERE organisation_id = %s "
            "ORDER BY id",
            [organisation.pk],
        )
        return cursor.fetchall()


def key_ids_in_use(organisation):
    return {envelope.key_id_of(v) for row in raw_bodies(organisation) for v in row if v}


@pytest.fixture
def notes(org):
    made = [
        SecretNote.objects.create(
            organisation=org,
            body=f"Case note {n}: benefits appeal, mental health",
            aside=None if n % 3 else f"aside {n}",
        )
        for n in range(7)
    ]
    SecretNote.objects.create(organisation=org, body="")
    return made


class Interrupted(Exception):
    pass


def test_rotation_re_encrypts_every_value_and_file_and_retires_the_old_key(org, notes):
    old = data_key_for(org).key_id
    path = files.save_encrypted(org, b"scanned letter", name="scan.pdf")
    report = rotate_organisation(org, batch_size=3)
    new = data_key_for(org).key_id
    assert new != old and (report.from_key, report.to_key) == (old, new)
    assert key_ids_in_use(org) == {new}
    assert report.values == 7 + 3 and report.files == 1
    assert files.key_id_of_file(org, path) == new
    assert files.read_decrypted(org, path) == b"scanned letter"
    assert [n.body for n in SecretNote.objects.filter(organisation=org).order_by("pk")][:7] == [
        n.body for n in notes
    ]
    keys = {k.key_id: k for k in OrganisationKey.objects.for_org(org)}
    assert keys[old].state == State.RETIRED and keys[old].retired_at is not None
    assert keys[new].state == State.ACTIVE
    rotation = KeyRotation.objects.get(organisation=org)
    assert rotation.finished_at is not None and rotation.values_done == 10
    summaries = list(
        AuditEvent.objects.filter(organisation=org, summary__contains="rotation").values_list(
            "summary", flat=True
        )
    )
    assert any("started" in s for s in summaries) and any(f"{old} retired" in s for s in summaries)


def test_an_interrupted_rotation_continues_where_it_stopped(org, notes):
    old = data_key_for(org).key_id
    path = files.save_encrypted(org, b"attachment", name="a.eml")
    batches = []

    def fail_on_third(label, values):
        batches.append(values)
        if len(batches) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rotate_organisation(org, batch_size=2, after_batch=fail_on_third)
    rotation = KeyRotation.objects.get(organisation=org)
    new = rotation.to_key.key_id
    # Two batches of two rows committed, with their progress; the rest still under the old
    # key, which is read only now; new writes already use the new key.
    assert rotation.finished_at is None
    assert rotation.progress["crypto_tests.SecretNote"] == notes[3].pk
    in_use = [envelope.key_id_of(row[0]) for row in raw_bodies(org) if row[0]]
    assert in_use[:4] == [new] * 4 and set(in_use[4:]) == {old}
    assert OrganisationKey.objects.get(key_id=old).state == State.RETIRING
    assert data_key_for(org).key_id == new
    written_meanwhile = SecretNote.objects.create(organisation=org, body="written meanwhile")
    assert envelope.key_id_of(raw_bodies(org)[-1][0]) == new
    assert SecretNote.objects.get(pk=notes[5].pk).body == notes[5].body  # still readable

    out = io.StringIO()
    call_command("keys", "status", "--org", org.slug, stdout=out)
    assert "under way" in out.getvalue() and "retiring" in out.getvalue()

    seen = []
    report = rotate_organisation(org, batch_size=2, after_batch=lambda label, n: seen.append(n))
    assert report.resumed and report.to_key == new
    # Only what was left: rows 5 to 7 and the one written meanwhile (already new), not the
    # four done before the interruption.
    assert sum(seen) == report.values == 3 + 1  # notes 4..6 bodies + the aside of note 6
    assert key_ids_in_use(org) == {new}
    assert files.key_id_of_file(org, path) == new
    assert OrganisationKey.objects.get(key_id=old).state == State.RETIRED
    assert KeyRotation.objects.get(pk=rotation.pk).finished_at is not None
    bodies = dict(SecretNote.objects.filter(organisation=org).values_list("pk", "body"))
    assert [bodies[n.pk] for n in notes] == [n.body for n in notes]
    assert bodies[written_meanwhile.pk] == "written meanwhile"


def test_a_value_left_under_the_old_key_by_a_writer_in_the_switch_is_caught(org, notes):
    old = data_key_for(org)
    straggler = SecretNote.objects.create(organisation=org, body="late")
    late_token = old.encrypt_text("written by a writer that still had the old key")

    written = []

    def write_late(label, values):
        # After the batch passed the straggler's row, a writer caught in the switch of
        # keys writes it under the old key (once).
        if written:
            return
        written.append(label)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SecretNote._meta.db_table} SET body = %s WHERE id = %s",
                [str(late_token), straggler.pk],
            )

    rotate_organisation(org, batch_size=100, after_batch=write_late)
    new = data_key_for(org).key_id
    assert key_ids_in_use(org) == {new}
    assert (
        SecretNote.objects.get(pk=straggler.pk).body
        == "written by a writer that still had the old key"
    )


def test_rotation_leaves_other_organisations_alone(org, other_org, notes):
    theirs = SecretNote.objects.create(organisation=other_org, body="theirs")
    their_key = data_key_for(other_org).key_id
    before = raw_bodies(other_org)
    rotate_organisation(org)
    assert raw_bodies(other_org) == before
    assert data_key_for(other_org).key_id == their_key
    assert SecretNote.objects.get(pk=theirs.pk).body == "theirs"


def test_rotating_twice_and_with_nothing_encrypted(org):
    first = rotate_organisation(org)
    assert first.from_key is None and first.values == 0
    second = rotate_organisation(org)
    assert second.from_key == first.to_key
    states = sorted(OrganisationKey.objects.for_org(org).values_list("state", flat=True))
    assert states == ["active", "retired"]


def test_master_rotation_re_wraps_every_data_key(org, other_org, notes, settings):
    old_master = settings.LAWFUL_MASTER_KEY
    SecretNote.objects.create(organisation=other_org, body="theirs")
    rotate_organisation(org)  # a retired key too
    new_master = Fernet.generate_key().decode()
    settings.LAWFUL_MASTER_KEY = f"{new_master},{old_master}"
    assert {wrapped_by(k.wrapped) for k in OrganisationKey.objects.all()} == {2}
    assert rotate_master() == 3
    assert {wrapped_by(k.wrapped) for k in OrganisationKey.objects.all()} == {1}
    assert rotate_master() == 0  # idempotent
    # The old master key removed: everything still reads, from a cold cache.
    settings.LAWFUL_MASTER_KEY = new_master
    envelope.forget()
    assert [n.body for n in SecretNote.objects.filter(organisation=org).order_by("pk")][:7] == [
        n.body for n in notes
    ]
    assert AuditEvent.objects.filter(summary__contains="re-wrapped", organisation=org).exists()


def test_master_rotation_with_a_data_key_no_master_key_unwraps_changes_nothing(org, settings):
    data_key_for(org)
    settings.LAWFUL_MASTER_KEY = Fernet.generate_key().decode()
    before = list(OrganisationKey.objects.values_list("wrapped", flat=True))
    with pytest.raises(CommandError, match="wrapped by no key"):
        call_command("keys", "rotate", "--master")
    assert list(OrganisationKey.objects.values_list("wrapped", flat=True)) == before


def test_keys_command_rotates_and_reports(org, notes):
    old = data_key_for(org).key_id
    out = io.StringIO()
    call_command("keys", "rotate", "--org", org.slug, "--batch-size", "2", stdout=out)
    new = data_key_for(org).key_id
    assert f"data key {new} now encrypts everything" in out.getvalue()
    assert f"data key {old} retired" in out.getvalue()
    out = io.StringIO()
    call_command("keys", "status", "--org", org.slug, stdout=out)
    text = out.getvalue()
    assert f"data key {new}: active" in text and "encrypts 10 value(s)" in text
    assert f"data key {old}: retired" in text and "encrypts 0 value(s)" in text
    assert "wrapped by the current master key" in text
    assert "benefits" not in text


def test_status_counts_without_decrypting(org, notes, settings):
    found = status(org)
    assert [(k.state, k.values) for k in found["keys"]] == [("active", 10)]
    assert found["rotation"] is None and found["unknown"] == 0
