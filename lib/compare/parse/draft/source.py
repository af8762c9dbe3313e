"""A plan document as lines: text in file order, tables as rows of cells, each line with its page and position.

Two readers, one output (`Line`):

- **PDF** (`read_pdf`, pdfplumber): words in the order the file draws them (``use_text_flow``), so a two-column page
  reads column by column, as file-order extractors do, instead of interleaving the columns as page-position readers
  do; ruled tables come from ``find_tables`` as rows of cells, with an empty cell under a filled one filled down (a
  merged cell); every line keeps its page, font size and left edge (its indent).
- **Text** (`read_plain`): a text extraction someone already made (``pdftotext -raw``, a copied accessible text,
  the seed files): a form feed starts a page, a tab separates table cells, and HTML-like markup (``<p>``, ``<li>``,
  ``<br>``) that some extractors leave is turned into line breaks inside the cell.

`clean_lines` then drops what is not plan text: page numbers, running headers and footers (the same words on at
least half the pages), table-of-contents lines (dot leaders or a page number after a heading).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from compare.core.errors import InputError
from compare.core.textnorm import nfkc, pdf_chars, strip_layout_spaces
from compare.io.files import read_text

__all__ = ["Line", "read_document", "read_pdf", "read_plain", "clean_lines", "html_to_lines"]


@dataclass(frozen=True)
class Line:
    """One line of a document (or one row of a table, then `cells` holds its cells).

    Parameters
    ----------
    file : str
        The document's file name.
    no : int
        Line number in a text file; in a PDF the running number of the extracted line (1-based).
    page : int
        Page (1-based).
    text : str
        The line; for a table row its cells joined by tabs.
    size : float
        Font size in points (0 for a text file).
    indent : float
        Left edge in points (a PDF) or the number of leading spaces (a text file).
    cells : tuple of str
        The cells of a table row (each may hold line breaks), else empty.
    """

    file: str
    no: int
    page: int
    text: str
    size: float = 0.0
    indent: float = 0.0
    cells: tuple[str, ...] = ()


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"</p\s*>|<br\s*/?>|<li\b[^>]*>|</li\s*>|<p\b[^>]*>|</?ul\b[^>]*>|</?tr\b[^>]*>", re.I)


def html_to_lines(text: str) -> str:
    """Markup some extractors leave in a cell → line breaks; every other tag dropped.

    Examples
    --------
    >>> html_to_lines('<p data-bbox="1 2">(1) 見守り</p> <ul> <li>○ 訪問する</li></ul>')
    '(1) 見守り\\n○ 訪問する'
    """
    if "<" not in text:
        return text.strip()
    text = _TAG.sub("", _BREAK.sub("\n", text))
    return "\n".join(s.strip() for s in text.split("\n") if s.strip())


def read_plain(path: Path) -> list[Line]:
    """A text file as lines (UTF-8 or CP932; see `compare.io.files.decode_text`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = p.write_text("基本目標1 つながり\\n\\f  (1) 見守り\\tNo\\n", encoding="utf-8")
    >>> [(ln.no, ln.page, ln.indent, ln.cells) for ln in read_plain(p)]
    [(1, 1, 0.0, ()), (2, 2, 2.0, ('(1) 見守り', 'No')), (3, 2, 0.0, ())]
    """
    text, _ = read_text(path, allow_cp932=True)
    out, page = [], 1
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        page += raw.count("\f")
        raw = raw.replace("\f", "")
        indent = float(len(raw) - len(raw.lstrip(" \u3000")))
        if "\t" in raw:
            cells = tuple(html_to_lines(c) for c in raw.split("\t"))
            out.append(Line(path.name, no, page, "\t".join(cells), indent=indent, cells=cells))
        else:
            out.append(Line(path.name, no, page, html_to_lines(raw) if "<" in raw else raw.strip(), indent=indent))
    return out


def _cell_text(value: str | None) -> str:
    """A PDF table cell: its wrapped lines joined (no space between Japanese characters)."""
    return pdf_chars(strip_layout_spaces(" ".join((value or "").split("\n"))).strip())


def _table_rows(table) -> list[tuple[str, ...]]:
    """Rows of a pdfplumber table; a cell left empty under a filled one in the same column is filled down."""
    rows = [[_cell_text(c) if c is not None else None for c in row] for row in table.extract()]
    above: dict[int, str] = {}
    out = []
    for row in rows:
        cells = []
        for j, c in enumerate(row):
            if c is None:                      # part of a merged cell: pdfplumber leaves None
                c = above.get(j, "")
            above[j] = c
            cells.append(c)
        out.append(tuple(cells))
    return out


def read_pdf(path: Path) -> list[Line]:
    """A PDF as lines in file order, with each ruled table as rows of cells where it stands on its page.

    A vertical gap clearly wider than the page's usual line gap becomes an empty line (a paragraph break, as in a
    text file); radicals a font substitutes for ideographs are mapped back (`pdf_chars`). A text layer that does not
    map to characters (a scanned or subset-font PDF: ``(cid:N)`` glyphs) is refused: OCR the PDF first."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - pdfplumber is a dependency
        raise InputError(path, None, f"reading a PDF needs pdfplumber ({exc})") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: list[Line] = []
    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, PdfminerException, ValueError, OSError) as exc:
        raise InputError(path, None, f"not a readable PDF ({type(exc).__name__}); give a text extraction instead") \
            from None
    with pdf:
        for pno, page in enumerate(pdf.pages, 1):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            pending = sorted(((t.bbox[1], _table_rows(t)) for t in tables), key=lambda t: t[0])

            def inside(w) -> bool:
                cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
                return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)

            words = [w for w in page.extract_words(use_text_flow=True, extra_attrs=["size"]) if not inside(w)]
            lines: list[list[dict]] = []
            for w in words:
                cur = lines[-1] if lines else None
                if cur and abs(w["top"] - cur[-1]["top"]) < 0.5 * max(w["size"], 1) and w["x0"] >= cur[-1]["x0"]:
                    cur.append(w)
                else:
                    lines.append([w])

            def emit_tables(before: float) -> None:
                while pending and pending[0][0] <= before:
                    for row in pending.pop(0)[1]:
                        out.append(Line(path.name, len(out) + 1, pno, "\t".join(row), cells=row))

            gaps = sorted(b[0]["top"] - a[0]["bottom"] for a, b in zip(lines, lines[1:])
                          if 0 < b[0]["top"] - a[0]["bottom"] < 3 * a[0]["size"])
            usual = gaps[len(gaps) // 2] if gaps else 0.0
            prev = None
            for ws in lines:
                emit_tables(ws[0]["top"])
                text = ""
                for a, b in zip([None, *ws], ws):
                    gap = 0 if a is None else b["x0"] - a["x1"]
                    text += (" " if a is not None and gap > 0.25 * b["size"] else "") + b["text"]
                if prev is not None and (ws[0]["top"] - prev[0]["bottom"] > 1.3 * usual + 1
                                         or ws[0]["top"] < prev[0]["top"]):      # a paragraph break or a new column
                    out.append(Line(path.name, len(out) + 1, pno, ""))
                prev = ws
                out.append(Line(path.name, len(out) + 1, pno, pdf_chars(text),
                                size=round(max(w["size"] for w in ws), 1), indent=round(ws[0]["x0"], 1)))
            emit_tables(float("inf"))
    text = "".join(ln.text for ln in out)
    if text.count("(cid:") * 7 > 0.2 * max(len(text), 1):
        raise InputError(path, None, "the PDF's text layer does not map to characters ((cid:N) glyphs: a subset font "
                                     "without a ToUnicode map, or a scan): run OCR on it, or give a text extraction")
    return out


def read_document(path: Path) -> list[Line]:
    """`read_pdf` for a ``.pdf``, else `read_plain`; then `clean_lines`."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, "file not found")
    with open(path, "rb") as fh:
        pdf = fh.read(5) == b"%PDF-"
    return clean_lines(read_pdf(path) if pdf else read_plain(path))


_PAGE_NO = re.compile(r"^[-－–‐]?\s*(?:[pP]\.?\s*)?\d{1,4}\s*[-－–‐]?$|^\d{1,4}\s*/\s*\d{1,4}$")
_DOUBLE_FOOTER = re.compile(r"^\d{1,4}\s+\d{1,4}\s*\|\|")        # "2  2  || 見出し 見出し" (a doubled running footer)
_TOC = re.compile(r"(?:[.．・…‥·]{3,}|…+|‥+)\s*\d{1,4}$")        # a table-of-contents line: dot leaders


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", nfkc(text)).strip()


def clean_lines(lines: list[Line]) -> list[Line]:
    """Drop page numbers, running headers and footers and table-of-contents lines; keep table rows as they are.

    A running header or footer is a line (digits ignored) among the first or last two of every page of a document of
    two or three pages, or of at least half the pages of a longer one.

    Examples
    --------
    >>> ls = [Line("a.pdf", i, p, t) for i, (p, t) in enumerate(
    ...     [(1, "地域福祉計画"), (1, "基本目標1 つながり"), (1, "- 1 -"),
    ...      (2, "地域福祉計画"), (2, "(1) 見守り"), (2, "- 2 -"),
    ...      (3, "地域福祉計画"), (3, "基本目標1 つながり……………3"), (3, "- 3 -")], 1)]
    >>> [ln.text for ln in clean_lines(ls)]
    ['基本目標1 つながり', '(1) 見守り']
    """
    pages = {ln.page for ln in lines}
    edges: Counter = Counter()
    if len(pages) >= 2:
        by_page: dict[int, list[Line]] = {}
        for ln in lines:
            if ln.text.strip() and not ln.cells:
                by_page.setdefault(ln.page, []).append(ln)
        for page_lines in by_page.values():
            for ln in {id(x): x for x in (page_lines[:2] + page_lines[-2:])}.values():
                edges[_furniture_key(ln.text)] += 1
    running = {k for k, n in edges.items() if n >= (len(pages) if len(pages) < 4 else len(pages) / 2)}
    out = []
    for ln in lines:
        t = nfkc(ln.text).strip()
        if not ln.cells and t and (_PAGE_NO.match(t) or _DOUBLE_FOOTER.match(t) or _TOC.search(t)
                                   or _furniture_key(ln.text) in running):
            continue
        out.append(ln)
    return out
