"""System checks: a malformed master key, and an encrypted field where no organisation is."""

from django.apps import apps
from django.core import checks

from .master import MasterKeyError, master_keys


@checks.register(checks.Tags.security)
def master_key_check(app_configs=None, **kwargs):
    from django.conf import settings

    if not (getattr(settings, "LAWFUL_MASTER_KEY", "") or "").strip():
        # Commands that need no key (register check, deadline) still run; whatever
        # encrypts or decrypts says so at first use.
        return []
    try:
        master_keys()
    except MasterKeyError as exc:
        return [checks.Error(str(exc), id="crypto.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def master_key_deploy_check(app_configs=None, **kwargs):
    from django.conf import settings

    if (getattr(settings, "LAWFUL_MASTER_KEY", "") or "").strip():
        return []
    return [
        checks.Error(
            "LAWFUL_MASTER_KEY (or LAWFUL_MASTER_KEY_FILE) is not set: encrypted records "
            "cannot be read or written (README: Production deployment).",
            id="crypto.E002",
        )
    ]


@checks.register(checks.Tags.models)
def encrypted_fields_check(app_configs=None, **kwargs):
    from .fields import EncryptedTextField

    errors = []
    for model in apps.get_models():
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, EncryptedTextField):
                continue
            try:
                org = model._meta.get_field("organisation")
            except Exception:
                org = None
            if org is None or not org.concrete or org.model is not model:
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{field.name}: an EncryptedTextField needs an "
                        "`organisation` foreign key on the same model (its key is the "
                        "organisation's)",
                        obj=field,
                        id="crypto.E003",
                    )
                )
    return errors
