"""Normalising contact details, so that one person written two ways is matched as one.

Plain functions with no models: the services, the admin forms, imports and the rights
desk all call these. Each returns the normal form used for matching, or raises
`InvalidValue` (a ValueError) whose message names the field and quotes what was wrong:
"email: 'x' is not an email address". The value as entered is kept by the caller.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

__all__ = [
    "InvalidValue",
    "normalise_email",
    "normalise_phone",
    "normalise_postcode",
]


class InvalidValue(ValueError):
    """A value that cannot be used; `field` names the field it was given for."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


_email_validator = EmailValidator()


def normalise_email(text: str) -> str:
    """The address trimmed and lower-cased, for matching.

    The whole address is lower-cased: strictly the local part is case-sensitive, but no
    mail provider a council's residents use treats it so, and "Alice@" and "alice@"
    must match when a rights request arrives.
    """
    value = str(text).strip().lower()
    try:
        _email_validator(value)
    except ValidationError:
        raise InvalidValue("email", f"{text!r} is not an email address") from None
    return value


# Ofcom reserves these ranges for drama and examples (never allocated to anyone). The
# `phonenumbers` metadata calls them invalid, but they are the right numbers for
# synthetic and test data, so they are accepted: +44 7700 900xxx (mobile),
# +44 1632 960xxx and +44 115 496 0xxx (geographic). Ofcom's other drama ranges
# (020 7946 0xxx, 0121 496 0xxx, ...) are already valid to `phonenumbers`.
OFCOM_DRAMA_RANGES = ("+447700900", "+441632960", "+441154960")


def _is_ofcom_drama_number(e164: str) -> bool:
    return any(
        e164.startswith(prefix) and len(e164) == len(prefix) + 3 for prefix in OFCOM_DRAMA_RANGES
    )


# The common case, a UK number written as digits with spaces or hyphens ("07900 000017",
# "+44 7900 000017", "0044 7900-000017"), is checked without `phonenumbers.parse`: its
# national significant number is the ten digits after 0 / +44 / 0044, and it is valid
# exactly when `phonenumbers.is_valid_number` would say so, by the same metadata, regions
# and order (is_valid_number -> region_code_for_number -> _number_type_helper), with the
# patterns compiled once. Anything else (another country, letters, extensions, "(0)",
# the 180020 prefix `phonenumbers` strips, a number this check calls invalid) goes the
# slow way, so an answer here is one `phonenumbers` gives (tests/people compare the two).
_UK_WRITTEN = re.compile(r"(?:\+44|0044|0)([1-9][0-9]{9})")
_UK_SEPARATORS = str.maketrans("", "", " -")
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


def _desc(desc):
    """(possible lengths, compiled pattern) of a PhoneNumberDesc, or None (matches nothing)."""
    if desc is None or not desc.national_number_pattern:
        return None
    return (frozenset(desc.possible_length), re.compile(desc.national_number_pattern))


def _uk_regions():
    from phonenumbers.phonemetadata import PhoneMetadata

    regions = []
    for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44]:
        metadata = PhoneMetadata.metadata_for_region(code)
        leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
        types = [_desc(getattr(metadata, name)) for name in _TYPES]
        regions.append((leading, _desc(metadata.general_desc), [t for t in types if t]))
    return regions


_UK_REGIONS = _uk_regions()


def _matches(nsn: str, desc) -> bool:
    lengths, pattern = desc
    return (not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) is not None


def _uk_known(nsn: str, general, types) -> bool:
    return general is not None and _matches(nsn, general) and any(_matches(nsn, t) for t in types)


def _fast_uk(raw: str) -> str | None:
    """ "+44" and the number if `raw` is a UK number in plain digits that is valid; None
    when it is anything else (the caller then asks `phonenumbers`)."""
    match = _UK_WRITTEN.fullmatch(raw.translate(_UK_SEPARATORS))
    if match is None:
        return None
    nsn = match[1]
    if nsn.startswith("180020"):
        return None
    for leading, general, types in _UK_REGIONS:
        if leading is not None:
            if leading.match(nsn):
                return "+44" + nsn if _uk_known(nsn, general, types) else None
        elif _uk_known(nsn, general, types):
            return "+44" + nsn
    return None


def normalise_phone(text: str, region: str = "GB") -> str:
    """The number in E.164 form: "07700 900123" -> "+447700900123".

    A number without a country code is read as a number of `region` (UK by default);
    "+1 202 555 0143" or "00 1 202 555 0143" are international.
    """
    if region == "GB":
        fast = _fast_uk(str(text).strip())
        if fast is not None:
            return fast
    error = InvalidValue("phone", f"{text!r} is not a valid UK or international number")
    raw = str(text).strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise error from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if phonenumbers.is_valid_number(number) or _is_ofcom_drama_number(e164):
        return e164
    raise error


# Royal Mail's rules for the outward code (the part before the space):
#   A9, A99, AA9, AA99, A9A, AA9A.
# First letter never Q, V or X; second letter never I, J or Z; the letter in A9A only
# one of ABCDEFGHJKPSTUW; the letter in AA9A only one of ABEHMNPRVWXY. The inward code
# is a digit and two letters, never C, I, K, M, O or V. GIR 0AA (Girobank) is the one
# exception to all of this.
_FIRST = "[A-PR-UWYZ]"
_SECOND = "[A-HK-Y]"
_OUTWARD = (
    f"(?:{_FIRST}[0-9]{{1,2}}"  # A9, A99
    f"|{_FIRST}{_SECOND}[0-9]{{1,2}}"  # AA9, AA99
    f"|{_FIRST}[0-9][ABCDEFGHJKPSTUW]"  # A9A
    f"|{_FIRST}{_SECOND}[0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(
    f"^(?:(?P<out>{_OUTWARD})(?P<in>{_INWARD})|(?P<gir_out>GIR)(?P<gir_in>0AA))$"
)


def normalise_postcode(text: str) -> str:
    """A UK postcode in upper case with one space before the inward code.

    "sw1a1aa" and " SW1A  1AA " both give "SW1A 1AA".
    """
    compact = re.sub(r"\s+", "", str(text)).upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise InvalidValue("postcode", f"{text!r} is not a UK postcode")
    if match["gir_out"]:
        return "GIR 0AA"
    return f"{match['out']} {match['in']}"
