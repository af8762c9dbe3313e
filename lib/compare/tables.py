"""Deterministic reading and writing of the project's CSV and JSON tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["read_commented_csv", "csv_bytes", "json_bytes"]


def read_commented_csv(path: Path) -> list[dict]:
    """Read a reference CSV whose leading `#` lines explain its choices.

    Each row carries `_line`, its 1-based line number in the file, for error messages.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("# why\\na,b\\n1,2\\n", encoding="utf-8")
    >>> read_commented_csv(p)
    [{'a': '1', 'b': '2', '_line': 3}]
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#"))
    reader = csv.DictReader(io.StringIO("\n".join(lines[first:])))
    rows = []
    for row in reader:
        row["_line"] = first + reader.line_num
        rows.append(row)
    return rows


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def csv_bytes(rows: Iterable[dict], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV with a header, `\\n` line ends and booleans as `true`/`false`.

    >>> csv_bytes([{"a": True, "b": 1.5}], ["a", "b"])
    b'a,b\\ntrue,1.5\\n'
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def json_bytes(obj) -> bytes:
    """Indented UTF-8 JSON (Japanese unescaped) with a final newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
