"""The search key of a name or address: what people search matches prefixes against.

`SearchKey("family_name")` is the column upper-cased and compared byte by byte (COLLATE
"C" on PostgreSQL; SQLite compares bytes already). Byte order makes a prefix an exact
range, `key >= "SMI" AND key < "SMJ"`, which a B-tree index on (organisation,
SearchKey(column)) answers directly on both databases; a linguistic collation would
ignore punctuation and could misplace names around the range's ends.

SQLite's UPPER() folds ASCII letters only, PostgreSQL's every letter; `fold()` folds the
query the same way as the database it runs on, so both sides of the comparison agree.
"""

from django.db import connection
from django.db.models import Func, TextField
from django.db.models.functions import Upper


class SearchKey(Func):
    """UPPER(column) in byte order, as indexed by the people app's search indexes."""

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(Upper(*self.get_source_expressions()))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(Upper(*self.get_source_expressions()))
        return f'{sql} COLLATE "C"', params


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def fold(text: str) -> str:
    """The text upper-cased as the database's UPPER() does it."""
    if connection.vendor == "sqlite":
        return text.translate(_ASCII_UPPER)
    return text.upper()


def prefix_range(prefix: str) -> tuple[str, str] | None:
    """(low, high) such that exactly the keys starting with `prefix` are in [low, high),
    in byte (code point) order; None for an empty prefix."""
    if not prefix:
        return None
    last = prefix[-1]
    if ord(last) >= 0x10FFFF:
        return None
    return prefix, prefix[:-1] + chr(ord(last) + 1)
