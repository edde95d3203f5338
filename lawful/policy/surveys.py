"""Surveys: which purposes of a register a survey may run under, and how its results are
published without singling anyone out (small numbers suppressed).

Plain Python (no Django): lawful.surveys asks this module.

A survey purpose is a purpose whose data subjects include survey respondents
(`survey-respondents`), e.g. the councillors' "Surveys" or the parish council's
"Seeking your views": a survey under any other purpose, or one the register lacks, is
refused.

Small numbers (the ICO's anonymisation guidance; the ONS's disclosure control):
- a question answered by fewer than THRESHOLD people shows no breakdown at all;
- a count from 1 to THRESHOLD - 1 is not shown ("fewer than 5"): primary suppression;
- the total is shown, so a single hidden count could be worked out as the total minus
  the others: then the smallest other counts (never a 0) are hidden too, until at least two are
  hidden and together they hold at least THRESHOLD answers (secondary suppression). If
  that cannot be done, the total is hidden as well.
A count of 0 is shown: nobody is singled out by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .vocab import SubjectType

THRESHOLD = 5

PRIMARY = "fewer than {threshold}"
SECONDARY = "hidden so that a smaller count cannot be worked out"
TOO_FEW = "fewer than {threshold} answers: no breakdown shown"


class SurveyPurposeError(ValueError):
    """The purpose is not one a survey may run under; the message says which may."""


def survey_purposes(register) -> tuple:
    """The register's purposes a survey may run under, in the register's order."""
    return tuple(p for p in register.purposes if SubjectType.SURVEY_RESPONDENTS in p.data_subjects)


def check_survey_purpose(register, purpose_id: str):
    """The purpose with this id if a survey may run under it; SurveyPurposeError if not."""
    allowed = survey_purposes(register)
    for purpose in allowed:
        if purpose.id == purpose_id:
            return purpose
    names = ", ".join(f"{p.id} ({p.name})" for p in allowed)
    known = any(p.id == purpose_id for p in register.purposes)
    if not allowed:
        return _refuse(
            "the register in force has no purpose for surveys (one whose data subjects "
            "include survey respondents): add one to the register and adopt it first"
        )
    if known:
        return _refuse(
            f"{purpose_id!r} is not a purpose for surveys in the register in force; choose {names}"
        )
    return _refuse(f"the register in force has no purpose {purpose_id!r}; choose {names}")


def _refuse(message: str):
    raise SurveyPurposeError(message)


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: suppressed
    reason: str = ""  # why suppressed, in the reader's words


@dataclass(frozen=True)
class Summary:
    cells: tuple[Cell, ...]
    total: int | None  # None: suppressed
    total_reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.total is None or any(c.count is None for c in self.cells)


def summarise(
    counts: Mapping[str, int] | Iterable[tuple[str, int]], *, threshold: int = THRESHOLD
) -> Summary:
    """The counts of one question's answers (label -> count, in display order), with small
    numbers suppressed so that no one can be singled out, and the total."""
    if threshold < 1:
        raise ValueError("threshold: at least 1")
    items = list(counts.items() if isinstance(counts, Mapping) else counts)
    if any(n < 0 for _, n in items):
        raise ValueError("counts: a count cannot be negative")
    total = sum(n for _, n in items)
    if total < threshold:
        reason = TOO_FEW.format(threshold=threshold)
        return Summary(tuple(Cell(label, None, reason) for label, _ in items), None, reason)
    hidden: dict[int, str] = {
        i: PRIMARY.format(threshold=threshold)
        for i, (_, n) in enumerate(items)
        if 0 < n < threshold
    }
    total_reason = ""
    if hidden:
        # The smallest other counts first (first in order on ties). Not zeros: hiding a 0
        # adds nothing to what the hidden counts hold together.
        candidates = sorted(
            (i for i in range(len(items)) if i not in hidden and items[i][1] > 0),
            key=lambda i: (items[i][1], i),
        )
        while len(hidden) < 2 or sum(items[i][1] for i in hidden) < threshold:
            if not candidates:
                total_reason = SECONDARY
                break
            hidden[candidates.pop(0)] = SECONDARY
    cells = tuple(
        Cell(label, None if i in hidden else n, hidden.get(i, ""))
        for i, (label, n) in enumerate(items)
    )
    return Summary(cells, None if total_reason else total, total_reason)
