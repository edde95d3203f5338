"""The master key: from the setting, several newest first; a clear error naming it."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lawful.crypto import envelope
from lawful.crypto.checks import master_key_check
from lawful.crypto.master import MasterKeyError, master, master_keys, wrapped_by
from lawful.crypto.services import data_key_for


def test_a_missing_master_key_is_named_at_first_use(settings):
    settings.LAWFUL_MASTER_KEY = ""
    with pytest.raises(MasterKeyError, match="LAWFUL_MASTER_KEY .or LAWFUL_MASTER_KEY_FILE"):
        master_keys()


def test_a_malformed_master_key_is_named_without_showing_it(settings):
    settings.LAWFUL_MASTER_KEY = f"{Fernet.generate_key().decode()},not-a-key-at-all"
    with pytest.raises(MasterKeyError) as raised:
        master_keys()
    assert "LAWFUL_MASTER_KEY: key 2 of 2 is not a Fernet key" in str(raised.value)
    assert "not-a-key-at-all" not in str(raised.value)


def test_lawful_check_refuses_a_malformed_key(settings):
    settings.LAWFUL_MASTER_KEY = "short"
    errors = master_key_check()
    assert [e.id for e in errors] == ["crypto.E001"]
    with pytest.raises(SystemCheckError, match="LAWFUL_MASTER_KEY"):
        call_command("check")


def test_the_key_file_setting_is_read(tmp_path, monkeypatch):
    from lawful.settings import envsecret

    key = Fernet.generate_key().decode()
    (tmp_path / "master_key").write_text(key + "\n")
    monkeypatch.delenv("LAWFUL_MASTER_KEY", raising=False)
    monkeypatch.setenv("LAWFUL_MASTER_KEY_FILE", str(tmp_path / "master_key"))
    assert envsecret("LAWFUL_MASTER_KEY") == key


def test_the_first_key_wraps_and_any_unwraps(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.LAWFUL_MASTER_KEY = old
    token = master().encrypt(b"data key")
    settings.LAWFUL_MASTER_KEY = f"{new}, {old}"
    assert master().decrypt(token) == b"data key"
    assert wrapped_by(token.decode()) == 2
    assert wrapped_by(master().encrypt(b"x").decode()) == 1


def test_without_the_master_key_nothing_can_be_read(org, settings):
    from tests.crypto_app.models import SecretNote

    note = SecretNote.objects.create(organisation=org, body="private")
    envelope.forget()
    settings.LAWFUL_MASTER_KEY = Fernet.generate_key().decode()  # another installation's
    with pytest.raises(envelope.DecryptionError, match="not wrapped by any key"):
        SecretNote.objects.get(pk=note.pk)
    settings.LAWFUL_MASTER_KEY = ""
    with pytest.raises(MasterKeyError):
        data_key_for(org)


@pytest.mark.django_db
def test_the_demo_makes_a_master_key_in_var_when_none_is_set(
    settings, tmp_path, monkeypatch, capsys
):
    import os
    import stat

    settings.LAWFUL_MASTER_KEY = ""
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("LAWFUL_MASTER_KEY_FILE", raising=False)
    call_command("demo", "--residents", "1")
    key_file = tmp_path / "master_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert f"LAWFUL_MASTER_KEY_FILE={key_file}" in capsys.readouterr().out
    assert os.environ["LAWFUL_MASTER_KEY_FILE"] == str(key_file)
    assert len(master_keys()) == 1
    # Run again: the same key, kept.
    first = key_file.read_text()
    settings.LAWFUL_MASTER_KEY = ""
    call_command("demo", "--residents", "1")
    assert key_file.read_text() == first
