"""When a fee may be charged for answering an access request (UK GDPR Arts 12(5), 15(3)).

The first copy is free. A reasonable fee, based on the administrative cost, may be
charged only for further copies of the same information, or where the request is
manifestly unfounded or excessive; the reason is recorded, and the person told it.
Plain Python: the rights desk and its tests ask this module.
"""

from dataclasses import dataclass

FURTHER_COPY = "further-copy"
MANIFESTLY_UNFOUNDED = "manifestly-unfounded"
MANIFESTLY_EXCESSIVE = "manifestly-excessive"
GROUNDS = (FURTHER_COPY, MANIFESTLY_UNFOUNDED, MANIFESTLY_EXCESSIVE)


@dataclass(frozen=True)
class FeeProblem:
    field: str
    message: str


def fee_problem(*, copy_number: int, fee_pence: int, ground: str, reason: str) -> FeeProblem | None:
    """Why this fee may not be charged for this copy, or None if it may."""
    if fee_pence < 0:
        return FeeProblem("fee", "a fee cannot be negative")
    if fee_pence == 0:
        if ground:
            return FeeProblem("fee", "a ground for a fee was given but no fee")
        return None
    if ground not in GROUNDS:
        return FeeProblem(
            "fee_ground",
            "the first copy is free: a fee needs a ground (a further copy, or a manifestly "
            "unfounded or excessive request)",
        )
    if ground == FURTHER_COPY and copy_number < 2:
        return FeeProblem("fee_ground", "this is the first copy, which is free")
    if not reason.strip():
        return FeeProblem("fee_reason", "say why the fee is charged: the person is told the reason")
    return None
