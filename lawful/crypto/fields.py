"""EncryptedTextField: a TextField whose value is stored encrypted with the data key of
the row's organisation.

    class Case(models.Model):
        organisation = models.ForeignKey(Organisation, ...)
        description = EncryptedTextField(blank=True)

The instance holds the plain text; the column holds `lk1:<key id>:<Fernet token>`
(an empty value stays empty, None stays NULL). The value is encrypted as the row is
saved (save(), create(), bulk_create()) with the organisation's active key, and decrypted
as it is read (including values() and values_list()).

What cannot work on ciphertext is refused rather than silently wrong: a lookup other
than `isnull` or `exact` with "" (search the decrypted text in Python, for those allowed
to read it), and update()/bulk_update() with plain text (there is no row, so no
organisation, to encrypt it for: save the instances instead).
"""

from django.core.exceptions import FieldError
from django.db import models

from . import envelope
from .envelope import Ciphertext, DecryptionError

__all__ = ["Ciphertext", "DecryptionError", "EncryptedTextField"]

ALLOWED_LOOKUPS = frozenset({"isnull", "exact"})


class EncryptedTextField(models.TextField):
    description = "Text encrypted with the organisation's data key"

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "" or isinstance(value, Ciphertext):
            return value
        organisation_id = getattr(model_instance, "organisation_id", None)
        if organisation_id is None:
            raise FieldError(
                f"{self.model._meta.label}.{self.name}: the record has no organisation, "
                "so there is no key to encrypt it with"
            )
        return envelope.encrypt_text(organisation_id, str(value))

    def get_prep_value(self, value):
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "" or isinstance(value, Ciphertext):
            return None if value is None else str(value)
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is encrypted: plain text can only be "
            "written by saving the record (save(), create(), bulk_create()), and cannot be "
            "compared in a query"
        )

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return envelope.decrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None
