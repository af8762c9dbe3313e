"""Reading and writing the project's files: encodings, commented reference CSVs, deterministic CSV/JSON,
atomic writes."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from compare.core.errors import InputError

__all__ = [
    "decode_text", "read_text", "read_commented_csv", "csv_bytes", "frame_csv_bytes", "frame_csv_chunks", "json_bytes",
    "atomic_write_bytes", "excel_safe",
]

log = logging.getLogger(__name__)
_BOM = b"\xef\xbb\xbf"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, path: str | Path, *, allow_cp932: bool = False) -> tuple[str, str]:
    """Decode a file's bytes: UTF-8 with or without a BOM, or (if allowed) CP932, Japanese Excel's "CSV".

    Returns the text with line ends normalised to ``\\n`` and the name of the encoding found. Undecodable bytes
    raise `InputError` naming the file and the line.

    Examples
    --------
    >>> decode_text("地域\\r\\n".encode("cp932"), "x.csv", allow_cp932=True)
    ('地域\\n', 'cp932')
    >>> decode_text(b"\\xef\\xbb\\xbfa,b\\r\\n", "x.csv")
    ('a,b\\n', 'utf-8-sig')
    >>> decode_text("見守り\\n".encode("utf-8") + "地域\\n".encode("cp932"), "x.csv", allow_cp932=True)
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: x.csv, line 2: mixed encodings: line 1 is UTF-8 but this line is not ...
    >>> decode_text(b"ok\\n\\xff", "x.txt")
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: x.txt, line 2: expected UTF-8 text; byte 0xff at offset 3 is not valid UTF-8
    """
    body, shift = (data[len(_BOM):], len(_BOM)) if data.startswith(_BOM) else (data, 0)
    try:
        text, enc = body.decode("utf-8"), "utf-8-sig" if shift else "utf-8"
    except UnicodeDecodeError as exc:
        where = _line_of(body, exc.start)
        if not allow_cp932 or shift:
            raise InputError(path, where, f"expected UTF-8 text; byte 0x{body[exc.start]:02x} at offset "
                                          f"{exc.start + shift} is not valid UTF-8") from None
        utf8_line = _utf8_japanese_line(body)
        if utf8_line is not None:               # some lines UTF-8, some not: decoding either way makes mojibake
            raise InputError(path, where, f"mixed encodings: line {utf8_line} is UTF-8 but this line is not (byte "
                                          f"0x{body[exc.start]:02x} at offset {exc.start}, CP932?); save the whole "
                                          "file in one encoding (Excel: CSV UTF-8)") from None
        try:
            text, enc = body.decode("cp932"), "cp932"
        except UnicodeDecodeError as exc2:
            raise InputError(path, _line_of(body, exc2.start),
                             "expected UTF-8 (with or without BOM) or CP932 (Shift_JIS as saved by Japanese Excel); "
                             f"byte 0x{body[exc2.start]:02x} at offset {exc2.start} is neither") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")


def _utf8_japanese_line(data: bytes) -> int | None:
    """The first line (1-based) that is valid UTF-8 with Japanese in it, in a file that is not UTF-8 as a whole.

    CP932 Japanese is almost never valid UTF-8, so such a line means the file mixes the two encodings.

    >>> _utf8_japanese_line("地域\\n".encode("cp932") + "見守り\\n".encode("utf-8"))
    2
    >>> _utf8_japanese_line("地域\\n見守り\\n".encode("cp932")) is None
    True
    """
    for k, raw in enumerate(data.split(b"\n"), 1):
        if raw.isascii():
            continue
        try:
            if _JAPANESE.search(raw.decode("utf-8")):
                return k
        except UnicodeDecodeError:
            continue
    return None


def read_text(path: Path, *, allow_cp932: bool = False) -> tuple[str, str]:
    """Read and decode a file (see `decode_text`); a missing or unreadable file is one `InputError` naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, None, "expected a file, found a directory") from None
    except PermissionError:
        raise InputError(path, None, "permission denied: the file cannot be read (check its permissions)") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    return decode_text(data, path, allow_cp932=allow_cp932)


def read_commented_csv(path: Path, *, required: Sequence[str] = (), allow_cp932: bool = False) -> list[dict]:
    """Read a CSV whose leading ``#`` lines explain its choices; each row carries ``_line`` (1-based, for errors).

    A BOM, CRLF line ends and (with `allow_cp932`) CP932 are accepted. A file without a header, a header missing
    one of the `required` columns, and a row with too few or too many cells raise `InputError` naming file and line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("# why\\na,b\\n1,2\\n", encoding="utf-8")
    >>> read_commented_csv(p)
    [{'a': '1', 'b': '2', '_line': 3}]
    >>> _ = p.write_text("# why\\na,b\\n1\\n", encoding="utf-8")
    >>> read_commented_csv(p)
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: ...t.csv, line 3: expected 2 cells (a, b), found 1
    """
    text, _ = read_text(path, allow_cp932=allow_cp932)
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")), None)
    if first is None:
        raise InputError(path, None, "expected a header row after the # comment lines; the file has none")
    reader = csv.reader(io.StringIO("\n".join(lines[first:])))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(path, first + 1, f"expected the column(s) {', '.join(missing)} in the header")
    rows = []
    for cells in reader:
        line = first + reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(header):
            raise InputError(path, line, f"expected {len(header)} cells ({', '.join(header)}), found {len(cells)}")
        row = dict(zip(header, cells))
        row["_line"] = line
        rows.append(row)
    return rows


def _cell(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else f"{value:.6g}"
    return str(value)


def csv_bytes(rows: Iterable[dict], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV with a header, ``\\n`` line ends and booleans as ``true``/``false``.

    >>> csv_bytes([{"a": True, "b": 1.5}], ["a", "b"])
    b'a,b\\ntrue,1.5\\n'
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def _quoted(text: str) -> str:
    """One CSV field exactly as the csv module (pandas' writer) prints it beside others: QUOTE_MINIMAL, ``"``
    doubled. Text with none of ``,"\\n\\r`` is printed as it is; other text is put through the csv module itself."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([text, ""])
        return buf.getvalue()[:-2]
    return text


def _field_codes(s: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    """A column as codes into a table of CSV fields (each distinct value formatted once; missing → ''), or None for
    a dtype this writer does not handle (the caller then falls back to pandas)."""
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = _field_codes(pd.Series(dtype.categories))
        if cats is None:
            return None
        table = [cats[1][k] for k in cats[0]] + [""]
        codes = s.cat.codes.to_numpy().astype(np.int64)
        codes[codes < 0] = len(table) - 1
        return codes, table
    values = s.to_numpy()
    if pd.api.types.is_bool_dtype(dtype):
        return values.astype(np.int64), ["false", "true"]
    if pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, np.dtype):
        codes, uniques = pd.factorize(values)
        return codes.astype(np.int64), [str(u) for u in uniques.tolist()]
    if pd.api.types.is_float_dtype(dtype) and isinstance(dtype, np.dtype):
        values = values.astype(np.float64)
        codes, uniques = pd.factorize(values.view(np.int64))  # bit patterns: -0.0 stays apart from 0.0
        table = ["" if u != u else "%.6g" % u for u in uniques.view(np.float64).tolist()]
        return codes.astype(np.int64), table
    if dtype == object or isinstance(dtype, pd.StringDtype):  # noqa: E721 - numpy dtype equality, not a type test
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        uniques = list(uniques)
        if not all(type(u) is str for u in uniques):        # mixed types: True == 1 would share a code
            return None
        codes = codes.astype(np.int64)
        codes[codes < 0] = len(uniques)
        return codes, [_quoted(u) for u in uniques] + [""]
    return None


def _merge(a: tuple[np.ndarray, list[str]], b: tuple[np.ndarray, list[str]], limit: int):
    """Two adjacent columns as one (codes of their distinct pairs, "x,y" texts), or None if the pairs number more
    than `limit` (then joining row by row is cheaper)."""
    (ca, ta), (cb, tb) = a, b
    codes, pairs = pd.factorize(ca * len(tb) + cb)
    if len(pairs) > limit:
        return None
    nb = len(tb)
    return codes.astype(np.int64), [ta[k // nb] + "," + tb[k % nb] for k in pairs.tolist()]


def _fast_csv(df: pd.DataFrame) -> bytes | None:
    """Rows are joined from as few pieces as possible: adjacent columns whose value pairs repeat (a node's id,
    city, part and level on each of its tokens) are merged into one field table first."""
    groups: list[tuple[np.ndarray, list[str]]] = []
    limit = max(64, len(df) // 8)
    for c in df.columns:
        f = _field_codes(df[c])
        if f is None:
            return None
        merged = _merge(groups[-1], f, limit) if groups and len(groups[-1][1]) * len(f[1]) < 2 ** 62 else None
        if merged is not None:
            groups[-1] = merged
        else:
            groups.append(f)
    header = ",".join(_quoted(str(c)) for c in df.columns).encode("utf-8")
    columns = [np.array([x.encode("utf-8") for x in t], dtype=object)[codes].tolist() for codes, t in groups]
    body = b"\n".join(columns[0]) if len(columns) == 1 else b"\n".join(map(b",".join, zip(*columns)))
    return header + b"\n" + body + (b"\n" if len(df) else b"")


def frame_csv_bytes(df: pd.DataFrame, columns: Sequence[str]) -> bytes:
    """The same format as `csv_bytes`, fast for large tables.

    Floats are printed with 6 significant digits, booleans as ``true``/``false``, missing values as ''. Each
    distinct value of a column is formatted once and rows are joined in one pass; the bytes equal those of pandas'
    ``to_csv`` (which is used for dtypes this writer does not cover, and for one-column tables, where the csv module
    writes an empty field as ``""``).

    >>> frame_csv_bytes(pd.DataFrame({"a": [True, False], "b": [1.5, 2.0], "c": ["x", None]}), ["a", "b", "c"])
    b'a,b,c\\ntrue,1.5,x\\nfalse,2,\\n'
    >>> frame_csv_bytes(pd.DataFrame({"t": ['say "hi", then\\ngo'], "n": [3]}), ["t", "n"])
    b't,n\\n"say ""hi"", then\\ngo",3\\n'
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"columns missing from the table: {', '.join(missing)}")
    out = df.loc[:, list(columns)]
    if len(columns) > 1:
        fast = _fast_csv(out)
        if fast is not None:
            return fast
    return _pandas_csv_bytes(out, columns)


def _pandas_csv_bytes(df: pd.DataFrame, columns: Sequence[str]) -> bytes:
    """pandas' writer: the fallback of `frame_csv_bytes` and the reference its tests compare with byte for byte."""
    out = df.loc[:, list(columns)].copy()
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_bool_dtype(s):
            out[c] = np.where(s.to_numpy(dtype=bool), "true", "false")
        elif s.dtype == object and len(s) and any(isinstance(v, (bool, np.bool_, float)) for v in s.head(50)):
            out[c] = [_cell(v) for v in s]
    return out.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def frame_csv_chunks(df: pd.DataFrame, columns: Sequence[str], rows: int = 250_000):
    """`frame_csv_bytes` in pieces of `rows` rows (the header with the first): large tables are never held whole."""
    if len(df) <= rows:
        yield frame_csv_bytes(df, columns)
        return
    for start in range(0, len(df), rows):
        part = frame_csv_bytes(df.iloc[start:start + rows], columns)
        yield part if start == 0 else part.split(b"\n", 1)[1]


def json_bytes(obj) -> bytes:
    """Indented UTF-8 JSON (Japanese unescaped) with a final newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to a unique temporary file beside `path`, flush it to disk, then move it into place.

    A failure (disk full, file-size limit, kill) leaves `path` as it was and removes the partial temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)                      # mkstemp makes 0600; outputs are meant to be read by others
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


#: A cell Excel (or LibreOffice) would read as a formula: =, +, -, @ (also full-width ＝＋－＠), after any white space
#: (ideographic spaces too), or a tab or carriage return first.
_FORMULA = re.compile(r"^(?:[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])")


def excel_safe(value: str) -> str:
    """Neutralise a cell that Excel would run as a formula (OWASP "CSV injection"): prefix it with ``'``.

    Only for CSVs meant to be opened in a spreadsheet (``reports/excel/`` and the explorer's downloads); the processed
    tables keep the text as printed.

    >>> excel_safe("=1+1"), excel_safe("-10%"), excel_safe("地域"), excel_safe(" =HYPERLINK()"), excel_safe("＝1")
    ("'=1+1", "'-10%", '地域', "' =HYPERLINK()", "'＝1")
    """
    return "'" + value if isinstance(value, str) and _FORMULA.match(value) else value
