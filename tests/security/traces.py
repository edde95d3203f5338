"""A synthetic resident with identifiers no other data has, and scanners that look for
them in every column of every table, in sessions and caches, and in files."""

import re
from pathlib import Path

# Distinctive, synthetic: each needle is matched case-insensitively, also with its
# spaces removed (a normalised postcode or phone number).
RESIDENT = {
    "given_name": "Zebulon",
    "family_name": "Quixwhistle",
    "ward": "Bramblecombe",
    "email": "Zeb.Quixwhistle7731@example.org",
    "phone": "07700 900731",
    "postcode": "ZE2 9QX",
    "address_lines": "17 Marrowgate Yard\nSnettisfold",
    "alias": "Zeb Quaxley",
}
NEEDLES = (
    "zebulon",
    "quixwhistle",
    "bramblecombe",
    "zeb.quixwhistle7731",
    "7700900731",
    "ze2 9qx",
    "marrowgate",
    "snettisfold",
    "quaxley",
)


def needles_in(text: str) -> list[str]:
    lowered = text.lower()
    squashed = re.sub(r"\s+", "", lowered)
    return [n for n in NEEDLES if n in lowered or n.replace(" ", "") in squashed]


def needles_in_bytes(data: bytes) -> list[str]:
    # SQLite stores text as UTF-8; a needle never spans a page boundary unnoticed here
    # because each identifier is far shorter than a page and stored contiguously.
    return needles_in(data.decode("latin-1"))


def files_with_needles(root: Path) -> dict[str, list[str]]:
    found = {}
    if not root.exists():
        return found
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        hits = needles_in_bytes(path.read_bytes())
        if hits:
            found[str(path)] = hits
    return found
