"""Words for searching encrypted text by keyed tokens (a blind index). Plain Python.

Search is by whole words: a text is cut into words (Unicode NFKC, casefolded, split on
anything that is not a letter or digit), words of fewer than MIN_LENGTH characters and a
few common English words are dropped, and each word left is kept only as a token: its
HMAC-SHA256 under the organisation's search key, truncated to TOKEN_BYTES (hex). The
same word under the same key gives the same token, so "cases holding word W" is an
equality lookup; the token table holds no word, and without the key no word can be tested
against it.

    words("Damp in the back bedroom, again!")   # ["damp", "back", "bedroom", "again"]
    tokens(key, words(text))                    # {"3f1c...", ...}
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

MIN_LENGTH = 3
TOKEN_BYTES = 16
# Words so common that a search for them says nothing; left out of text and queries.
STOP_WORDS = frozenset(
    "the and for are but not you all any can had her was one our out has his how its may "
    "new now see who did she use that with have this will your from they been were said "
    "what when which their there them then than into also".split()
)
# A run of letters and digits (\w less the underscore): words split on everything else.
_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """The searchable words of a text, each once, in the order they first appear."""
    if not text:
        return []
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Casefolding may undo NFKC's composition (e.g. "ǅ"): normalise once more.
    folded = unicodedata.normalize("NFKC", folded)
    seen: dict[str, None] = {}
    for word in _WORD.findall(folded):
        if len(word) >= MIN_LENGTH and word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def token(key: bytes, word: str) -> str:
    """The token of one (already normalised) word under `key`: hex of TOKEN_BYTES."""
    return hmac.new(key, word.encode("utf-8"), hashlib.sha256).digest()[:TOKEN_BYTES].hex()


def tokens(key: bytes, found: Iterable[str]) -> set[str]:
    return {token(key, word) for word in found}


def text_tokens(key: bytes, *texts: str | None) -> set[str]:
    """The tokens of every word of the texts."""
    out: set[str] = set()
    for text in texts:
        out |= tokens(key, words(text))
    return out
