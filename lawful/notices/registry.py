"""The register in force of an organisation: its adopted version, parsed once.

`register_in_force(org)` is what the services check processing against and what the
public notice is made from. Drafts never count. The parsed register is cached by the
adopted version (adopted versions are never edited), so a new adoption is seen at once.
"""

from functools import lru_cache

from lawful.policy.register import Register, RegisterError, parse_register
from lawful.policy.vocab import NoticeStatus


class NoRegisterInForce(LookupError):
    """The organisation has not adopted any version of its register yet."""

    def __init__(self, organisation):
        name = getattr(organisation, "name", organisation)
        super().__init__(f"{name} has no register in force: adopt a version of its notice first")


def register_in_force(organisation) -> Register:
    """The organisation's adopted register; NoRegisterInForce if it has adopted none."""
    from .models import NoticeVersion

    key = (
        NoticeVersion.objects.for_org(organisation)
        .filter(status=NoticeStatus.ADOPTED)
        .values_list("pk", "created_at")
        .first()
    )
    if key is None:
        raise NoRegisterInForce(organisation)
    return _parse(*key)


@lru_cache(maxsize=256)
def _parse(version_pk: int, created_at) -> Register:
    # created_at is part of the key so that a reused primary key (a test database rolled
    # back) can never return another version's register.
    from .models import NoticeVersion

    text = NoticeVersion.objects.values_list("register_text", flat=True).get(pk=version_pk)
    register, problems = parse_register(text)
    if problems or register is None:
        raise RegisterError(problems, f"version {version_pk}")
    return register
