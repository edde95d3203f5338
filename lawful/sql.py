"""What the apps' queries need to know of the database engine they run on."""

from django.db import connection


def sets_are_cheap() -> bool:
    """Whether the database answers "id IN (a subquery not depending on the row)", inside
    an OR or a CASE, by finding the set once. SQLite does, whatever its size (it builds a
    temporary index). PostgreSQL hashes such a set only when it fits in work_mem and
    otherwise scans it again for every row: minutes for an audience of a million
    supporters (bench/RESULTS.md). There a lookup per row (EXISTS over an index) is the
    safe form."""
    return connection.vendor == "sqlite"


def copy_rows(cursor, table: str, columns, rows) -> None:
    """PostgreSQL's COPY of `rows` (tuples in the order of `columns`, ready for the
    database) into `table`: several times faster than INSERTs for thousands of rows.
    `cursor` is Django's; names are quoted here."""
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
        for values in rows:
            copy.write_row(values)
