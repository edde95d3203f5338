"""What the management commands share about organisations."""

from django.core.management.base import CommandError

from .services import OrganisationError, organisation_by_slug


def organisation_for_command(slug: str | None):
    """The organisation `--org` names (or the only one), or the command's error naming
    `--org` and the organisations to choose from."""
    try:
        return organisation_by_slug(slug)
    except OrganisationError as exc:
        raise CommandError(str(exc)) from None
