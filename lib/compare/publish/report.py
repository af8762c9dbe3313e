"""reports/: the executed notebooks as HTML pages, an index of every figure and table, and the offline explorer.

Pages carry the project's Japanese font (IPAexGothic, IPA Font License v1.0) for text *and* as the fallback of the
monospace font, so code cells and printed output show Japanese without system fonts. Every notebook page links back
to the index and has a contents list. The report refuses notebooks that were not executed on the current processed
data (run `make notebooks`).
"""

from __future__ import annotations

import html
import json
import logging
import re
from importlib import resources
from pathlib import Path

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout
from compare.io.files import atomic_write_bytes
from compare.publish.fonts import FONT_CSS, copy_font
from compare.publish.notebooks import notebook_paths, stale_notebooks

__all__ = ["write_report"]

_STYLE = FONT_CSS + """
body{max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
figure{margin:0;border:1px solid #ddd;padding:.5em;background:#fff}figure img{width:100%}
figcaption{font-size:.85em;color:#444}figcaption code{color:#777;word-break:break-all}
td,th{padding:.2em .6em;text-align:left;vertical-align:top}.note{color:#555}
"""
_NAV_CSS = """<style>.wpc-nav{position:sticky;top:0;z-index:10;background:#f7f7f7;border-bottom:1px solid #ddd;
padding:.4em 1em;font-size:.9em}.wpc-nav a{margin-right:1em}.wpc-toc{background:#fafafa;border:1px solid #e3e3e3;
padding:.5em 1.2em;margin:1em 0;font-size:.9em}.wpc-toc ol{margin:.2em 0}</style>"""


def _title(nb_path: Path) -> str:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def _contents(body: str) -> str:
    heads = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', body)
    items = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in heads)
    return f'<nav class="wpc-toc"><b>目次 Contents</b><ol>{items}</ol></nav>' if heads else ""


def _notebook_page(exporter, nb_path: Path, has_explorer: bool) -> str:
    body, _ = exporter.from_filename(str(nb_path))
    head = f"<style>{FONT_CSS}</style>{_NAV_CSS}"
    body = body.replace("</head>", f"{head}</head>", 1)
    nav = ('<div class="wpc-nav"><a href="index.html">← 一覧 Index</a>'
           + ('<a href="explorer/index.html">計画エクスプローラ Plan explorer</a>' if has_explorer else "") + "</div>")
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)
    toc = _contents(body)
    # the contents list goes right after the notebook's first heading
    return re.sub(r"(</h1>)", lambda m: m.group(1) + toc, body, count=1) if toc else body


def write_report(layout: Layout = DEFAULT, *, explorer: bool = True) -> Path:
    """Convert each notebook to HTML, write the index page and (by default) the offline explorer."""
    from nbconvert import HTMLExporter

    stale = stale_notebooks(layout)
    if stale:
        raise InputError(layout.notebooks, None, f"{', '.join(stale)} were not executed on the current processed data; "
                                                 "run `make notebooks` (or `make run`) first")
    out = layout.reports
    out.mkdir(parents=True, exist_ok=True)
    copy_font(out / "fonts")
    if explorer:
        from compare.publish.explorer import write_explorer

        write_explorer(layout)
    has_explorer = (out / "explorer" / "index.html").exists()
    # nbconvert's lab template without require.js and MathJax from a CDN: the pages load no remote code
    template = resources.files("compare.publish").joinpath("templates", "offline.html.j2")
    exporter = HTMLExporter(template_file=str(template))
    # nbconvert warns that inline PNG outputs have no alt text; the index has captions
    exporter.log.setLevel(logging.ERROR)
    nb_items = []
    for nb_path in notebook_paths(layout):
        target = out / f"{nb_path.stem}.html"
        atomic_write_bytes(target, _notebook_page(exporter, nb_path, has_explorer).encode("utf-8"))
        nb_items.append((target.name, _title(nb_path)))
    write_excel_copies(layout)
    atomic_write_bytes(out / "index.html", _index(layout, nb_items, has_explorer).encode("utf-8"))
    return out / "index.html"


EXCEL_README = """Spreadsheet-safe copies of data/processed/*.csv (written by `python -m compare report`).

Each file is the processed table with a UTF-8 byte-order mark and CRLF line ends, so that Excel opens the Japanese
text correctly, and with every cell that a spreadsheet would run as a formula (one starting with = + - @ or their
full-width forms, after any white space, or with a tab) prefixed with an apostrophe. The tables in data/processed/
keep the text exactly as the plans print it; use those for pandas, R or anything but a spreadsheet.
"""


def write_excel_copies(layout: Layout = DEFAULT) -> list[Path]:
    """``reports/excel/<table>.csv``: every processed CSV as a spreadsheet-safe copy (BOM, CRLF, formula cells
    prefixed with ``'`` by `compare.io.files.excel_safe`); the processed tables themselves stay as printed.

    Examples
    --------
    >>> import csv, io, tempfile, pathlib
    >>> from compare.testing.synthetic import copy_layout
    >>> L = copy_layout(pathlib.Path(tempfile.mkdtemp())); L.processed.mkdir(parents=True)
    >>> _ = (L.processed / "t.csv").write_text("a,b\\n=HYPERLINK(1),地域\\n", encoding="utf-8")
    >>> [p.name for p in write_excel_copies(L)]
    ['t.csv']
    >>> raw = (L.reports / "excel" / "t.csv").read_bytes()
    >>> raw[:3] == b"\\xef\\xbb\\xbf", list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    (True, [['a', 'b'], ["'=HYPERLINK(1)", '地域']])
    """
    import csv
    import io

    from compare.io.files import excel_safe

    target = layout.reports / "excel"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(layout.processed.rglob("*.csv")):
        rel = src.relative_to(layout.processed)
        name = "__".join(rel.parts)                           # networks/x.csv -> networks__x.csv
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        with src.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                w.writerow([excel_safe(v) for v in row])
        atomic_write_bytes(target / name, ("\ufeff" + buf.getvalue()).encode("utf-8"))
        written.append(target / name)
    atomic_write_bytes(target / "README.txt", EXCEL_README.encode("utf-8"))
    return written


def _index(layout: Layout, nb_items: list[tuple[str, str]], has_explorer: bool) -> str:
    from compare.io import datasets, schemas

    captions_file = layout.figures / "captions.json"
    captions = json.loads(captions_file.read_text(encoding="utf-8")) if captions_file.exists() else {}
    figures = sorted(layout.figures.glob("*.png"))
    tables = sorted(p for p in layout.processed.rglob("*") if p.is_file() and not p.name.startswith("."))
    cities = datasets.load_cities(layout)
    names = "・".join(cities.name_ja)
    parts = [
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'>",
        "<title>地域福祉計画の比較 — report</title>", f"<style>{_STYLE}</style></head><body>",
        f"<h1>地域福祉計画の比較 Comparing the community-welfare plans of {html.escape(names)}</h1>",
        "<p class='note'>Generated by <code>make run</code>: the executed notebooks, every figure and every processed "
        "table; everything links relative to this folder, so the pages read without Python or a network.</p>",
    ]
    if has_explorer:
        parts.append("<h2>計画エクスプローラ Plan explorer</h2>"
                     "<p><a href='explorer/index.html'>Open the plan explorer</a>"
                     " — every plan side by side, counterparts with evidence, key words in context and the networks, "
                     "in any browser, offline.</p>")
    parts += ["<h2>ノートブック Notebooks</h2><ol>",
              *(f"<li><a href='{html.escape(n)}'>{html.escape(t)}</a></li>" for n, t in nb_items),
              "</ol><h2>図 Figures</h2><div class='figs'>"]
    for f in figures:
        rel = (Path("..") / f.relative_to(layout.root)).as_posix()
        cap = captions.get(f.stem, f.stem.replace("-", " "))
        parts.append(f"<figure><a href='{rel}'><img src='{rel}' alt='{html.escape(cap)}'></a>"
                     f"<figcaption>{html.escape(cap)} · <a href='{rel[:-4]}.svg'>SVG</a><br>"
                     f"<code>{html.escape(f.stem)}</code></figcaption></figure>")
    parts.append("</div><h2>表 Processed tables</h2><table><tr><th>file</th><th>one row is</th><th>size</th></tr>")
    for t in tables:
        rel = (Path("..") / t.relative_to(layout.root)).as_posix()
        name = t.relative_to(layout.processed).as_posix()
        spec = schemas.TABLES.get(name)
        parts.append(f"<tr><td><a href='{rel}'>{html.escape(name)}</a></td>"
                     f"<td>{html.escape(spec.row if spec else '')}</td>"
                     f"<td>{t.stat().st_size:,} bytes</td></tr>")
    parts.append("</table></body></html>\n")
    return "\n".join(parts)
