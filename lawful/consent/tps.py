"""The Telephone Preference Service file an organisation screens live calls against.

`lawful tps load FILE --org SLUG` replaces the organisation's list with the file's
numbers (the TPS publishes the whole list each time). A file is a number per line (or
the first column of a CSV), written as the TPS writes them (without the leading 0:
1632960001), nationally (01632 960001) or internationally (+44 1632 960001); a first
line with no digits is a header. A line that is not a UK number is reported as
FILE:LINE: message and nothing is loaded.
"""

import re
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record

from .models import TpsLoad, TpsNumber

BATCH = 10_000
_NON_DIGITS = re.compile(r"[^\d]")


class TpsFileError(ValueError):
    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {n}: {m}" for n, m in problems[:5]))


def tps_number(text: str) -> str | None:
    """The E.164 form of a UK number as a TPS file or a person writes it; None if it is
    not one."""
    digits = _NON_DIGITS.sub("", text)
    if digits.startswith("44"):
        digits = digits[2:]
    digits = digits.removeprefix("0")
    if not (9 <= len(digits) <= 10) or digits[0] not in "1235789":
        return None
    return f"+44{digits}"


def read_tps(lines: Iterable[str]) -> list[str]:
    """The numbers of the file's lines, each once; TpsFileError lists the bad lines."""
    numbers: dict[str, None] = {}
    problems = []
    for n, line in enumerate(lines, start=1):
        cell = line.split(",", 1)[0].strip().strip('"')
        if not cell:
            continue
        if n == 1 and not any(ch.isdigit() for ch in cell):
            continue  # a header
        number = tps_number(cell)
        if number is None:
            problems.append((n, f"{cell[:40]!r} is not a UK telephone number"))
            if len(problems) >= 100:
                break
            continue
        numbers[number] = None
    if problems:
        raise TpsFileError(problems)
    return list(numbers)


def load_tps(organisation, path: str | Path, *, actor=None) -> int:
    """Replace the organisation's TPS list with the file's numbers; all or nothing."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        numbers = read_tps(handle)
    with transaction.atomic():
        TpsNumber.objects.for_org(organisation).delete()
        for start in range(0, len(numbers), BATCH):
            TpsNumber.objects.bulk_create(
                TpsNumber(organisation=organisation, number=number)
                for number in numbers[start : start + BATCH]
            )
        TpsLoad.objects.create(
            organisation=organisation,
            loaded_at=timezone.now(),
            file_name=path.name[:255],
            numbers=len(numbers),
        )
        record(
            AuditAction.CHANGE,
            actor=actor,
            organisation=organisation,
            summary=f"loaded the Telephone Preference Service file {path.name}: "
            f"{len(numbers)} numbers",
        )
    return len(numbers)
