"""Where an attachment's bytes are kept: encrypted on disk with the organisation's data
key (lawful.crypto.files), the path on the row."""

from __future__ import annotations

from lawful.crypto.files import delete_encrypted, read_decrypted, save_encrypted


def store(attachment, data: bytes) -> None:
    """Encrypt and keep `data` for the (unsaved) attachment."""
    attachment.stored_path = save_encrypted(
        attachment.organisation_id, bytes(data), name=attachment.filename
    )


def read(attachment) -> bytes:
    return read_decrypted(attachment.organisation_id, attachment.stored_path)


def remove(attachment) -> None:
    """Delete the file (the row is deleted by the caller)."""
    if attachment.stored_path:
        delete_encrypted(attachment.organisation_id, attachment.stored_path)
