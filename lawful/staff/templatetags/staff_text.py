"""Template filters for the workspace."""

import re

from django import template

register = template.Library()

_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*[-*]\s+")
_EMPHASIS = re.compile(r"\*{1,2}([^*]+)\*{1,2}")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


@register.filter
def readable_markdown(line: str) -> str:
    """One line of the notice's Markdown as a reader sees it: no #, -, ** or table pipes
    ("- **How long we keep it:** 2 years" -> "How long we keep it: 2 years")."""
    text = str(line or "")
    if _TABLE_RULE.match(text) and "-" in text:
        return ""
    if text.startswith("|"):
        text = " · ".join(cell.strip() for cell in text.strip().strip("|").split("|"))
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    return _EMPHASIS.sub(r"\1", text)
