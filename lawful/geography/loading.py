"""Loading the ONS National Statistics Postcode Lookup (NSPL) and its names files.

The NSPL is one CSV of about 2.6 million postcodes with a header row; the columns read:
- the postcode: `pcds` (one space before the inward code, as written), else `pcd`,
  `pcd7`, `pcd8` or `pcd2`;
- the ward: `ward` (NSPL to 2024), `osward` (the ONSPD) or `wdYYcd` (e.g. `wd24cd`);
- the Westminster constituency: `pcon` or `pconYYcd` (e.g. `pcon24cd`);
- `doterm`: the month a postcode was terminated, empty while in use.
The names files ("Ward names and codes UK as at 05_24", "Westminster Parliamentary
Constituency names and codes UK as at 07_24") have `WDYYCD`/`WDYYNM` and
`PCONYYCD`/`PCONYYNM` columns.

A load replaces the lookup whole, in one transaction: any problem (reported as
`FILE:LINE: message`, the header being line 1) and nothing changes.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from lawful.people.normalise import InvalidValue, normalise_postcode

from .models import Area, Postcode

BATCH = 5000
MAX_PROBLEMS = 100  # a wrong file gives one problem per line: stop listing after these

_GSS = re.compile(r"^[A-Z][0-9]{8}$")
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "pcd2")
WARD_COLUMN = re.compile(r"^(ward|osward|wd[0-9]{2}cd)$")
CONSTITUENCY_COLUMN = re.compile(r"^(pcon|pcon[0-9]{2}cd)$")


class LoadError(Exception):
    """The file cannot be loaded; `problems` are `FILE:LINE: message` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    postcodes: int = 0
    wards: int = 0
    constituencies: int = 0
    problems: list[str] = field(default_factory=list)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row with lower-cased column names) of a CSV file with a header."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip().lower() for h in header]
        yield 1, dict.fromkeys(names, "")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield reader.line_num, dict(zip(names, (cell.strip() for cell in row), strict=False))


def _column(header, name: str, pattern=None, choices=()) -> str | None:
    for choice in choices:
        if choice in header:
            return choice
    if pattern is not None:
        return next((h for h in header if pattern.match(h)), None)
    return None


def _code_problem(value: str, what: str) -> str | None:
    if value and not _GSS.match(value):
        return f"{what} {value!r} is not an ONS code (a letter and eight digits, e.g. E05000001)"
    return None


def load_postcodes(
    path, *, wards: str | Path | None = None, constituencies: str | Path | None = None
) -> LoadResult:
    """Replace the postcode lookup (and the names of areas given) with these files.

    Raises LoadError listing the problems (and writes nothing) if any line is wrong.
    """
    path = Path(path)
    problems: list[str] = []
    result = LoadResult()
    try:
        with transaction.atomic():
            Postcode.objects.all().delete()
            result.postcodes = _load_lookup(path, problems)
            if wards:
                result.wards = _load_names(Path(wards), Area.Kind.WARD, "wd", problems)
            if constituencies:
                result.constituencies = _load_names(
                    Path(constituencies), Area.Kind.CONSTITUENCY, "pcon", problems
                )
            if problems:
                raise LoadError(problems)
    except OSError as exc:
        raise LoadError([f"{exc.filename}: {exc.strerror}"]) from None
    except UnicodeDecodeError:
        raise LoadError([f"{path}: not a CSV file in UTF-8"]) from None
    return result


def _load_lookup(path: Path, problems: list[str]) -> int:
    rows = _rows(path)
    first = next(rows, None)
    if first is None:
        problems.append(f"{path}:1: the file is empty (a header row is needed)")
        return 0
    header = first[1]
    postcode_col = _column(header, "postcode", choices=POSTCODE_COLUMNS)
    ward_col = _column(header, "ward", WARD_COLUMN)
    pcon_col = _column(header, "constituency", CONSTITUENCY_COLUMN)
    missing = [
        what
        for what, col in (
            ("a postcode column (pcds or pcd)", postcode_col),
            ("a ward column (ward, osward or wdYYcd)", ward_col),
            ("a constituency column (pcon or pconYYcd)", pcon_col),
        )
        if col is None
    ]
    if missing:
        problems.append(f"{path}:1: the header has no {', no '.join(missing)}")
        return 0

    table = connection.ops.quote_name(Postcode._meta.db_table)
    sql = (
        f"INSERT INTO {table} (postcode, ward_code, constituency_code, terminated) "
        "VALUES (%s, %s, %s, %s)"
    )
    loaded = 0
    batch: list[tuple] = []
    lines: list[int] = []
    for line, row in rows:
        try:
            postcode = normalise_postcode(row.get(postcode_col, ""))
        except InvalidValue as exc:
            problems.append(f"{path}:{line}: {postcode_col}: {exc.message}")
            continue
        ward, pcon = row.get(ward_col, ""), row.get(pcon_col, "")
        wrong = _code_problem(ward, ward_col) or _code_problem(pcon, pcon_col)
        if wrong:
            problems.append(f"{path}:{line}: {wrong}")
            continue
        batch.append((postcode, ward, pcon, row.get("doterm", "")[:6]))
        lines.append(line)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(f"{path}: stopped after {MAX_PROBLEMS} problems")
            return loaded
        if len(batch) >= BATCH:
            loaded += _insert(sql, batch, lines, path, problems)
            batch, lines = [], []
    if batch:
        loaded += _insert(sql, batch, lines, path, problems)
    return loaded


def _insert(sql: str, batch: list[tuple], lines: list[int], path: Path, problems) -> int:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        return len(batch)
    except IntegrityError:
        pass
    # A postcode given twice: name each line that repeats one.
    held = set(
        Postcode.objects.filter(postcode__in=[r[0] for r in batch]).values_list(
            "postcode", flat=True
        )
    )
    for row, line in zip(batch, lines, strict=True):
        if row[0] in held:
            problems.append(f"{path}:{line}: postcode {row[0]!r} is in the file twice")
        held.add(row[0])
    return 0


def _load_names(path: Path, kind: str, prefix: str, problems: list[str]) -> int:
    rows = _rows(path)
    first = next(rows, None)
    if first is None:
        problems.append(f"{path}:1: the file is empty (a header row is needed)")
        return 0
    header = first[1]
    code_col = next((h for h in header if re.match(rf"^{prefix}[0-9]{{2}}cd$", h)), None)
    name_col = code_col[:-2] + "nm" if code_col else None
    if code_col is None or name_col not in header:
        problems.append(
            f"{path}:1: the header has no {prefix.upper()}YYCD and {prefix.upper()}YYNM "
            f"columns (the {kind} names file of the NSPL)"
        )
        return 0
    areas: dict[str, Area] = {}
    for line, row in rows:
        code, name = row.get(code_col, ""), row.get(name_col, "")
        wrong = _code_problem(code, code_col.upper()) if code else f"{code_col.upper()} is empty"
        if wrong or not name:
            problems.append(f"{path}:{line}: {wrong or name_col.upper() + ' is empty'}")
            continue
        areas[code] = Area(kind=kind, code=code, name=name[:200])
    Area.objects.filter(kind=kind).delete()
    Area.objects.bulk_create(areas.values(), batch_size=BATCH)
    return len(areas)
