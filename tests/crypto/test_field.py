"""EncryptedTextField: plain text on the instance, ciphertext in the column."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection, transaction

from lawful.audit.models import AuditEvent
from lawful.crypto import envelope
from lawful.crypto.fields import DecryptionError
from lawful.crypto.models import OrganisationKey
from lawful.crypto.services import data_key_for
from tests.crypto_app.models import SecretNote

SECRET = "Housing repair: the child's asthma is worse since the damp (Mrs Patel, 14 Mill Lane)"


def raw_row(pk):
    table = SecretNote._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body, aside FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_column_holds_no_plaintext_and_the_instance_reads_it_back(org):
    note = SecretNote.objects.create(organisation=org, title="t", body=SECRET, aside="aside")
    body, aside = raw_row(note.pk)
    key = OrganisationKey.objects.get(organisation=org)
    assert body.startswith(f"lk1:{key.key_id}:") and aside.startswith(f"lk1:{key.key_id}:")
    for fragment in ("asthma", "Patel", "Mill Lane", "aside"):
        assert fragment not in body and fragment not in aside
    assert note.body == SECRET  # the instance keeps the plain text after saving
    fresh = SecretNote.objects.get(pk=note.pk)
    assert (fresh.body, fresh.aside) == (SECRET, "aside")
    assert list(SecretNote.objects.values_list("body", flat=True)) == [SECRET]


def test_no_raw_row_of_the_table_holds_plaintext(org):
    SecretNote.objects.bulk_create(
        [SecretNote(organisation=org, body=f"{SECRET} #{n}") for n in range(5)]
    )
    table = SecretNote._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        rows = cursor.fetchall()
    assert len(rows) == 5
    assert not any("asthma" in str(cell) or "Patel" in str(cell) for row in rows for cell in row)
    assert sorted(n.body for n in SecretNote.objects.all()) == sorted(
        f"{SECRET} #{n}" for n in range(5)
    )


def test_empty_and_null_stay_empty_and_null(org):
    note = SecretNote.objects.create(organisation=org, body="", aside=None)
    assert raw_row(note.pk) == ("", None)
    fresh = SecretNote.objects.get(pk=note.pk)
    assert (fresh.body, fresh.aside) == ("", None)
    assert SecretNote.objects.filter(aside__isnull=True).count() == 1
    assert SecretNote.objects.filter(body="").count() == 1


def test_an_update_encrypts_again(org):
    note = SecretNote.objects.create(organisation=org, body="first")
    first = raw_row(note.pk)[0]
    note.body = "second, about a neighbour"
    note.save()
    second = raw_row(note.pk)[0]
    assert second != first and "neighbour" not in second
    assert SecretNote.objects.get(pk=note.pk).body == "second, about a neighbour"


def test_each_organisation_has_its_own_key(org, other_org):
    mine = SecretNote.objects.create(organisation=org, body="same words")
    theirs = SecretNote.objects.create(organisation=other_org, body="same words")
    assert envelope.key_id_of(raw_row(mine.pk)[0]) == data_key_for(org).key_id
    assert envelope.key_id_of(raw_row(theirs.pk)[0]) == data_key_for(other_org).key_id
    assert data_key_for(org).key_id != data_key_for(other_org).key_id


def test_the_first_key_is_made_once_and_audited(org):
    assert not OrganisationKey.objects.filter(organisation=org).exists()
    first = data_key_for(org)
    again = data_key_for(org)
    assert first.key_id == again.key_id
    assert OrganisationKey.objects.filter(organisation=org).count() == 1
    key = OrganisationKey.objects.get(organisation=org)
    assert key.state == OrganisationKey.State.ACTIVE
    # Only wrapped: the data key is not in the row.
    assert first.fernet._signing_key not in key.wrapped.encode()
    event = AuditEvent.objects.get(organisation=org, summary__contains=key.key_id)
    assert event.action == "create"


def test_a_search_on_the_ciphertext_is_refused_not_silently_empty(org):
    SecretNote.objects.create(organisation=org, body=SECRET)
    with pytest.raises(FieldError):
        list(SecretNote.objects.filter(body__icontains="asthma"))
    with pytest.raises(FieldError, match="encrypted"):
        list(SecretNote.objects.filter(body="plain words"))


def test_update_with_plain_text_is_refused_rather_than_written_in_clear(org):
    note = SecretNote.objects.create(organisation=org, body="x")
    with pytest.raises(FieldError, match="encrypted"), transaction.atomic():
        SecretNote.objects.filter(pk=note.pk).update(body="in clear")
    note.body = "in clear"
    with pytest.raises(FieldError, match="encrypted"), transaction.atomic():
        SecretNote.objects.bulk_update([note], ["body"])
    assert "in clear" not in raw_row(note.pk)[0]


def test_an_altered_value_is_refused(org):
    note = SecretNote.objects.create(organisation=org, body=SECRET)
    value = raw_row(note.pk)[0]
    i = len(value) - 10
    altered = value[:i] + ("A" if value[i] != "A" else "B") + value[i + 1 :]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SecretNote._meta.db_table} SET body = %s WHERE id = %s", [altered, note.pk]
        )
    with pytest.raises(DecryptionError, match="altered"):
        SecretNote.objects.get(pk=note.pk)


def test_plain_text_slipped_into_the_column_is_refused(org):
    note = SecretNote.objects.create(organisation=org, body="x")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SecretNote._meta.db_table} SET body = %s WHERE id = %s",
            ["written around Lawful", note.pk],
        )
    with pytest.raises(DecryptionError, match="not a value encrypted"):
        SecretNote.objects.get(pk=note.pk)


def test_a_value_of_an_unknown_key_is_refused(org):
    note = SecretNote.objects.create(organisation=org, body="x")
    value = raw_row(note.pk)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SecretNote._meta.db_table} SET body = %s WHERE id = %s",
            ["lk1:0000000000000000:" + value.split(":", 2)[2], note.pk],
        )
    with pytest.raises(DecryptionError, match="no data key"):
        SecretNote.objects.get(pk=note.pk)


def test_decryption_works_in_a_fresh_process_cache(org):
    note = SecretNote.objects.create(organisation=org, body=SECRET)
    envelope.forget()
    assert SecretNote.objects.get(pk=note.pk).body == SECRET


def test_the_active_key_is_trusted_for_a_few_seconds_once_committed(
    org, settings, django_assert_num_queries
):
    settings.LAWFUL_ACTIVE_KEY_SECONDS = 60
    envelope.forget()
    first = data_key_for(org)  # made in the test's transaction: not trusted yet
    with django_assert_num_queries(1):
        assert data_key_for(org).key_id == first.key_id
    # Committed (tests never commit: as on_commit would have done).
    envelope._uncommitted.discard(first.key_id)
    envelope._active[org.pk] = (first.key_id, float("inf"))
    with django_assert_num_queries(1):  # the INSERT alone
        note = SecretNote.objects.create(organisation=org, body="x")
    assert envelope.key_id_of(raw_row(note.pk)[0]) == first.key_id
    envelope.forget()


def test_a_key_made_in_a_transaction_that_rolled_back_is_never_used(org, settings):
    settings.LAWFUL_ACTIVE_KEY_SECONDS = 60
    envelope.forget()

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        lost = data_key_for(org).key_id
        raise RolledBack
    assert not OrganisationKey.objects.filter(key_id=lost).exists()
    note = SecretNote.objects.create(organisation=org, body="kept")
    assert envelope.key_id_of(raw_row(note.pk)[0]) != lost
    envelope.forget()
    assert SecretNote.objects.get(pk=note.pk).body == "kept"
