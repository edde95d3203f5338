"""Encrypted files: content and name never on disk in clear; reached only by their
organisation."""

import pytest

from lawful.crypto import files
from lawful.crypto.envelope import DecryptionError
from lawful.crypto.services import data_key_for

LETTER = b"%PDF-1.4 Dear Councillor, my son's epilepsy medication... Yours, Ann Example"


def test_a_file_is_stored_encrypted_and_read_back(org):
    path = files.save_encrypted(org, LETTER, name="letter-from-Ann-Example.PDF")
    on_disk = (files.root() / path).read_bytes()
    assert b"epilepsy" not in on_disk and b"Ann Example" not in on_disk
    assert on_disk.startswith(f"lk1:{data_key_for(org).key_id}:".encode())
    assert "Ann" not in path and "letter" not in path and path.endswith(".pdf.lk")
    assert files.read_decrypted(org, path) == LETTER
    assert list(files.files_of(org)) == [path]


def test_another_organisations_file_is_not_found(org, other_org):
    path = files.save_encrypted(org, LETTER, name="x.eml")
    with pytest.raises(FileNotFoundError):
        files.read_decrypted(other_org, path)
    with pytest.raises(FileNotFoundError):
        files.delete_encrypted(other_org, path)
    assert files.read_decrypted(org, path) == LETTER


@pytest.mark.parametrize(
    "path", ["../secret_key", "org-1/../../secret_key", "/etc/passwd", "org-1/ab/x.lk", ""]
)
def test_a_path_out_of_the_directory_is_refused(org, path):
    with pytest.raises(FileNotFoundError):
        files.read_decrypted(org, path)


def test_a_file_moved_into_another_organisations_directory_is_refused(org, other_org):
    path = files.save_encrypted(org, LETTER, name="a.pdf")
    moved = path.replace(f"org-{org.pk}/", f"org-{other_org.pk}/")
    (files.root() / moved).parent.mkdir(parents=True, exist_ok=True)
    (files.root() / path).rename(files.root() / moved)
    with pytest.raises(DecryptionError, match="not encrypted by this organisation"):
        files.read_decrypted(other_org, moved)


def test_an_altered_file_is_refused(org):
    path = files.save_encrypted(org, LETTER, name="a.pdf")
    full = files.root() / path
    content = bytearray(full.read_bytes())
    content[-5] = ord("A") if content[-5] != ord("A") else ord("B")
    full.write_bytes(bytes(content))
    with pytest.raises(DecryptionError):
        files.read_decrypted(org, path)


def test_a_file_is_deleted(org):
    path = files.save_encrypted(org, LETTER, name="a.pdf")
    assert files.delete_encrypted(org, path) is True
    assert files.delete_encrypted(org, path) is False
    assert list(files.files_of(org)) == []
    with pytest.raises(FileNotFoundError):
        files.read_decrypted(org, path)


def test_empty_and_large_content(org):
    big = bytes(range(256)) * 40_000  # 10 MB
    assert files.read_decrypted(org, files.save_encrypted(org, b"", name="")) == b""
    assert files.read_decrypted(org, files.save_encrypted(org, big, name="scan.tiff")) == big
