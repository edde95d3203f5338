"""The register in force of an organisation: its adopted version, parsed once.

`register_in_force(org)` is what the services check processing against and what the
public notice is made from. Drafts never count. The parsed register is cached by the
adopted version (adopted versions are never edited), so a new adoption is seen at once.

If the adopted version's stored text no longer parses (a stricter loader, a bad migration,
a hand edit in the database), `register_in_force` raises `BrokenRegisterInForce` and logs
it; the public pages then serve the version's stored notice (`stored_notice_html`) and the
dashboard names the problem: the register in force stays in force, and no page breaks.
"""

import logging
from functools import lru_cache

from django.utils.html import escape

from lawful.policy.register import Register, RegisterError, parse_register
from lawful.policy.vocab import NoticeStatus


class NoRegisterInForce(LookupError):
    """The organisation has not adopted any version of its register yet."""

    def __init__(self, organisation):
        name = getattr(organisation, "name", organisation)
        super().__init__(f"{name} has no register in force: adopt a version of its notice first")


class BrokenRegisterInForce(RegisterError):
    """The adopted version's stored register text no longer parses."""

    def __init__(self, error: RegisterError, version_pk: int, version: str):
        self.version_pk = version_pk
        self.version = version
        super().__init__(error.problems, f"version {version}")

    def lines(self) -> str:
        return ", ".join(str(p.line) for p in self.problems[:10] if p.line) or "unknown"


logger = logging.getLogger("lawful.notices")


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
    try:
        return _parse(*key)
    except RegisterError as error:
        from .models import NoticeVersion

        version = NoticeVersion.objects.values_list("version", flat=True).get(pk=key[0])
        broken = BrokenRegisterInForce(error, key[0], version)
        # The problems' lines and count only: the register's text stays out of the log.
        logger.error(
            "organisation %s: the stored register of adopted version %s no longer parses "
            "(%d problem(s), line(s) %s); its stored notice is served meanwhile",
            getattr(organisation, "slug", organisation),
            version,
            len(broken.problems),
            broken.lines(),
        )
        raise broken from None


def stored_notice_html(version) -> str:
    """The notice stored with a version, as HTML: the HTML rendered when it was drafted,
    or (for versions stored before that was kept) its Markdown, escaped, as plain text."""
    if version.rendered_html:
        return version.rendered_html
    return f'<pre class="stored-notice">{escape(version.rendered_markdown)}</pre>'


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
