"""CSV cells a spreadsheet would run as a formula (CSV injection), made inert.

Every CSV Lawful writes for people to open (exports, the access pack, the consent
evidence) passes its text through `safe_cell`: a cell starting with `=`, `@`, a tab or
a carriage return, or with `+` or `-` and not a plain number (a telephone number in
E.164, `+447700900123`, is left as it is), is prefixed with an apostrophe, which a
spreadsheet shows as text and does not display.
"""

import re

_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 .]*")


def safe_cell(value):
    """`value` as a spreadsheet will show it, not run it; anything not text as it is."""
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in "=@\t\r" or (first in "+-" and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
