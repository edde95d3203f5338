from django.db import models

from lawful.crypto.fields import EncryptedTextField
from lawful.organisations.models import Organisation


class SecretNote(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=100, blank=True)
    body = EncryptedTextField(blank=True)
    aside = EncryptedTextField(null=True, blank=True)

    def __str__(self):
        return self.title or f"note {self.pk}"
