"""The access pack as files: a zip holding data.json (everything, by source), one CSV per
source, and a readable PDF laid out by WeasyPrint.

    content = pack_zip(pack)    # bytes of the zip, for the person
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string

from lawful.security.spreadsheets import safe_cell

from .pack import AccessPack, json_default

# The PDF's layout. Given to WeasyPrint directly, never in the template: the template
# holds no styles (the pages' Content-Security-Policy rule, kept for every template).
PACK_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font: 8pt "DejaVu Sans", sans-serif; color: #555; } }
body { font: 10pt/1.4 "DejaVu Sans", sans-serif; color: #111; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border: 1px solid #ccc; }
th { width: 30%; background: #f3f4f6; font-weight: normal; }
.note { color: #374151; }
"""


def pack_json(pack: AccessPack) -> str:
    return json.dumps(pack.data(), indent=2, ensure_ascii=False, default=json_default) + "\n"


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list | tuple):
        return {prefix: json.dumps(value, ensure_ascii=False, default=json_default)}
    if value is None:
        return {prefix: ""}
    return {prefix: json_default(value) if not isinstance(value, str | int | float) else str(value)}


def records_csv(rows: list[dict[str, Any]]) -> str:
    """One source's records as CSV: a column for every field any record has."""
    flat = [_flatten(row) for row in rows]
    header: dict[str, None] = {}
    for row in flat:
        header.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header) or ["record"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in flat)
    return out.getvalue()


def _display_rows(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A record as label/value lines for the PDF."""
    shown = []
    for key, value in _flatten(row).items():
        label = key.removeprefix("fields.")
        shown.append((label, value))
    return shown


def pack_pdf(pack: AccessPack) -> bytes:
    data = pack.data()
    sections = [
        {
            "key": key,
            "label": source["label"],
            "records": [_display_rows(row) for row in source["records"]],
        }
        for key, source in data["records"].items()
    ]
    html = render_to_string(
        "rights/access_pack_pdf.html",
        {
            "controller": data["controller"],
            "person": data["person"],
            "generated_at": pack.generated_at,
            "sections": sections,
            "supplementary": data["supplementary"],
            "withheld": data["withheld"],
        },
    )
    # Imported here: WeasyPrint loads Pango when imported, which only the worker needs.
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PACK_CSS)])


def pack_zip(pack: AccessPack) -> bytes:
    """The zip the person receives: data.json, <source>.csv for each source, pack.pdf."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", pack_json(pack))
        for key, rows in pack.records.items():
            archive.writestr(f"{key}.csv", records_csv(rows))
        archive.writestr("access-pack.pdf", pack_pdf(pack))
    return buffer.getvalue()
