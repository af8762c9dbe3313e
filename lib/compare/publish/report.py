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
@media (max-width:600px){table{display:block;overflow-x:auto}}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
figure{margin:0;border:1px solid #ddd;padding:.5em;background:#fff}figure img{width:100%}
figcaption{font-size:.85em;color:#444}figcaption code{color:#777;word-break:break-all}
td,th{padding:.2em .6em;text-align:left;vertical-align:top}.note{color:#555}
"""
_NAV_CSS = """<style>.wpc-nav{position:sticky;top:0;z-index:10;background:#f7f7f7;border-bottom:1px solid #ddd;
padding:.4em 1em;font-size:.9em}.wpc-nav a{margin-right:1em}.wpc-toc{background:#fafafa;border:1px solid #e3e3e3;
padding:.5em 1.2em;margin:1em 0;font-size:.9em}.wpc-toc ol{margin:.2em 0}
body:not(.wpc-code) .jp-CodeCell .jp-Cell-inputWrapper,body:not(.wpc-code) .jp-CodeCell .jp-OutputPrompt{display:none}
.wpc-nav button{font:inherit;margin-left:.5em}.wpc-cap{font-size:.9em;color:#333;margin:.2em 0 1.2em}
.wpc-cap b{margin-right:.4em}</style>"""
#: Code cells are folded by default (the prose, tables and figures read on their own); one button shows them.
_CODE_TOGGLE = ("<button type='button' onclick=\"document.body.classList.toggle('wpc-code')\">"
                "コードの表示・非表示 Show / hide code</button>")
#: The printout of `compare.plots.style.show_figure` and the image after it, in nbconvert's lab HTML.
_FIGURE = re.compile(
    r'<div class="jp-OutputArea-child">\s*<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>\[(?:\'|&#39;)figures/([^\'&]+)\.png'
    r'(?:\'|&#39;), (?:\'|&#39;)figures/[^\'&]+\.svg(?:\'|&#39;)\]\s*</pre>\s*</div>\s*</div>\s*'
    r'(<div class="jp-OutputArea-child">\s*<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedImage jp-OutputArea-output"[^>]*>\s*)<img alt="[^"]*"([^>]*)>')


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


def _number_figures(body: str, figures: list, captions: dict, page: str) -> str:
    """Each figure of a notebook page numbered across the report (図 N) with its caption and its files, in place of
    the printout of the saved paths; appends (number, name, caption, page) to `figures`."""
    def caption(m: re.Match) -> str:
        name = html.unescape(m.group(1))
        number = len(figures) + 1
        cap = captions.get(name, name.replace("-", " "))
        figures.append((number, name, cap, page))
        rel = f"../figures/{html.escape(name)}"
        return (f'{m.group(2)}<img alt="図{number} {html.escape(cap)}"{m.group(3)}>'
                f'<p class="wpc-cap" id="fig-{html.escape(name)}"><b>図{number}</b>{html.escape(cap)} · '
                f'<a href="{rel}.png">PNG</a> · <a href="{rel}.svg">SVG</a></p>')
    return _FIGURE.sub(caption, body)


def _notebook_page(exporter, nb_path: Path, has_explorer: bool, figures: list | None = None,
                   captions: dict | None = None) -> str:
    body, _ = exporter.from_filename(str(nb_path))
    head = f"<style>{FONT_CSS}</style>{_NAV_CSS}"
    body = body.replace("</head>", f"{head}</head>", 1)
    body = _number_figures(body, figures if figures is not None else [], captions or {}, f"{nb_path.stem}.html")
    nav = ('<div class="wpc-nav"><a href="index.html">← 一覧 Index</a>'
           + ('<a href="explorer/index.html">計画エクスプローラ Plan explorer</a>' if has_explorer else "")
           + _CODE_TOGGLE + "</div>")
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
    nb_items, figures = [], []
    captions_file = layout.figures / "captions.json"
    captions = json.loads(captions_file.read_text(encoding="utf-8")) if captions_file.exists() else {}
    for nb_path in notebook_paths(layout):
        target = out / f"{nb_path.stem}.html"
        page = _notebook_page(exporter, nb_path, has_explorer, figures, captions)
        atomic_write_bytes(target, page.encode("utf-8"))
        nb_items.append((target.name, _title(nb_path)))
    write_excel_copies(layout)
    atomic_write_bytes(out / "index.html", _index(layout, nb_items, has_explorer, figures).encode("utf-8"))
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


def _findings(layout: Layout) -> list[str]:
    """The report's headline results, one HTML sentence each, written from the processed tables (no typed number;
    a registered name is escaped). Claim words follow the notebooks: "distinctive" means q < 0.05 under the
    element-level test."""
    from compare.io import datasets

    esc = html.escape
    out = []
    cities = datasets.load_cities(layout)
    def size(r) -> str:
        rows = f", {r.programme_rows:,} programme rows" if r.programme_rows else ""
        return f"{esc(r.name_ja)} ({r.nodes:,} elements{rows})"

    out.append(f"{len(cities)} plans compared: " + ", ".join(size(r) for r in cities.itertuples())
               + ". One document per city: differences are between these documents, not between the cities' "
               "policies as practised.")
    key = datasets.load_keyness(layout)
    plan = key[(key.view == "plan") & (key.comparison == "one-vs-rest")]
    n_dist = int(plan.distinctive.sum())
    out.append(f"Vocabulary (02): {n_dist} term–city pairs are distinctive (over-used at q &lt; 0.05, plan elements "
               "as the unit of the test)" + ("" if n_dist else ": no term passes the test")
               + ".")
    cov = datasets.load_theme_coverage(layout)
    t = cov[cov.view == "plan"].iloc[0]
    verdict = "the cities' theme profiles differ" if t.p_monte_carlo < 0.05 else "no difference between the cities' " \
        "theme profiles is shown at the 5 % level"
    out.append(f"Themes: χ² = {t.chi2:.1f} on {int(t.dof)} df, Monte Carlo p = {t.p_monte_carlo:.3f} ({int(t.draws):,} "
               f"tables): {verdict}.")
    ev = datasets.load_alignment_eval(layout)
    loco = ev[(ev.task == "policy") & (ev.method == "combined (leave-one-city-out)") & (ev.scope == "all")]
    if len(loco):
        r = loco.iloc[0]
        out.append(f"Alignment (03), measured on a city the model never saw (leave one city out, {int(r['items'])} "
                   f"gold items): the first-ranked counterpart is right for {r.top1:.0%} (95 % CI {r.top1_low:.0%}–"
                   f"{r.top1_high:.0%}); right or rightly “no counterpart” for {r.end_to_end:.0%}.")
    dr = datasets.load_draft_evaluation(layout)
    held = dr[dr.kind.str.contains("held out") & (dr.scope == "policy_and_above")]
    if len(held):
        out.append(f"Drafting a plan tree from a PDF (<code>compare draft</code>), on {len(held)} fictional plans held "
                   f"out from its development: node recall {held.recall.min():.2f}–{held.recall.max():.2f}, precision "
                   f"{held.precision.min():.2f}–{held.precision.max():.2f}, parent accuracy "
                   f"{held.parent_accuracy.min():.2f}–{held.parent_accuracy.max():.2f} at policy level and above: "
                   "review every draft.")
    return out


def _index(layout: Layout, nb_items: list[tuple[str, str]], has_explorer: bool,
           numbered: list | None = None) -> str:
    from compare.io import datasets, schemas

    captions_file = layout.figures / "captions.json"
    captions = json.loads(captions_file.read_text(encoding="utf-8")) if captions_file.exists() else {}
    numbered = numbered or []
    placed = {name for _, name, _, _ in numbered}
    rest = [p for p in sorted(layout.figures.glob("*.png")) if p.stem not in placed]
    tables = sorted(p for p in layout.processed.rglob("*") if p.is_file() and not p.name.startswith("."))
    cities = datasets.load_cities(layout)
    names = "・".join(cities.name_ja)
    parts = [
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>地域福祉計画の比較 — report</title>", f"<style>{_STYLE}</style></head><body>",
        f"<h1>地域福祉計画の比較 Comparing the community-welfare plans of {html.escape(names)}</h1>",
        "<p class='note'>Generated by <code>make run</code>: the executed notebooks, every figure and every processed "
        "table; everything links relative to this folder, so the pages read without Python or a network.</p>",
    ]
    parts.append("<h2>主な結果 Findings</h2><ul>" + "".join(f"<li>{s}</li>" for s in _findings(layout))
                 + "</ul><p class='note'>Each sentence is written from the tables when the report is made; the "
                 "notebooks give the tests, intervals and what one document per city can and cannot show.</p>")
    if has_explorer:
        parts.append("<h2>計画エクスプローラ Plan explorer</h2>"
                     "<p><a href='explorer/index.html'>Open the plan explorer</a>"
                     " — every plan side by side, counterparts with evidence, key words in context and the networks, "
                     "in any browser, offline.</p>")
    parts += ["<h2>ノートブック Notebooks</h2><ol>",
              *(f"<li><a href='{html.escape(n)}'>{html.escape(t)}</a></li>" for n, t in nb_items),
              "</ol><h2>図 Figures</h2><p class='note'>In the order the notebooks show them; each number links to "
              "the figure in its notebook.</p><div class='figs'>"]
    items = [(f"図{n}", name, cap, f"{page}#fig-{name}") for n, name, cap, page in numbered] + [
        ("", p.stem, captions.get(p.stem, p.stem.replace("-", " ")), "") for p in rest]
    for label, name, cap, where in items:
        rel = f"../figures/{name}.png"
        head = f"<a href='{html.escape(where)}'><b>{label}</b></a> " if where else ""
        parts.append(f"<figure><a href='{html.escape(rel)}'><img src='{html.escape(rel)}' alt='{html.escape(cap)}'>"
                     f"</a><figcaption>{head}{html.escape(cap)} · <a href='{html.escape(rel[:-4])}.svg'>SVG</a><br>"
                     f"<code>{html.escape(name)}</code></figcaption></figure>")
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
