"""The HTML report: every figure with its caption, every table, the Japanese font in text and code, navigation."""

from __future__ import annotations

import json

import pytest

from compare.core.errors import InputError
from compare.core.paths import DEFAULT
from compare.publish.report import write_report


@pytest.fixture(scope="module")
def index():
    return write_report(DEFAULT).read_text(encoding="utf-8")


def test_report_links_every_figure_with_its_caption_and_every_table(index):
    captions = json.loads((DEFAULT.figures / "captions.json").read_text(encoding="utf-8"))
    for png in DEFAULT.figures.glob("*.png"):
        assert f"../figures/{png.name}" in index
        assert png.stem in captions, f"{png.name} has no caption"
    assert "../data/processed/alignment.csv" in index and "../data/processed/nodes.csv" in index
    assert "one row is" in index
    assert (DEFAULT.reports / "fonts" / "ipaexg.ttf").exists()
    assert (DEFAULT.reports / "fonts" / "IPA_Font_License_Agreement_v1.0.txt").exists()


def test_figures_are_numbered_in_narrative_order_with_captions_and_code_is_folded(index):
    """Every figure has one number across the report, in the order the notebooks show it, with the same caption on
    its notebook page (in place of the printout of its paths) and in the index; code cells start folded."""
    import html
    import re

    captions = json.loads((DEFAULT.figures / "captions.json").read_text(encoding="utf-8"))
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(DEFAULT.reports.glob("[0-9][0-9]-*.html"))}
    numbered = [(int(n), name, page) for page, text in pages.items()
                for name, n in re.findall(r'<p class="wpc-cap" id="fig-([^"]+)"><b>図(\d+)</b>', text)]
    assert [n for n, _, _ in numbered] == list(range(1, len(numbered) + 1))
    assert {name for _, name, _ in numbered} == {p.stem for p in DEFAULT.figures.glob("*.png")}
    assert not any("[&#39;figures/" in t or "['figures/" in t for t in pages.values())
    order = re.findall(r"<b>図(\d+)</b></a> ", index)
    assert [int(n) for n in order] == [n for n, _, _ in numbered]
    for _, name, page in numbered:
        assert f"{page}#fig-{name}" in index and html.escape(captions[name]) in index
    assert all("body:not(.wpc-code) .jp-CodeCell .jp-Cell-inputWrapper" in t and "toggle('wpc-code')" in t
               for t in pages.values())
    assert "<h2>主な結果 Findings</h2>" in index and "leave one city out" in index


def test_spreadsheet_safe_copies_of_every_processed_table(index):
    import csv

    excel = DEFAULT.reports / "excel"
    for src in DEFAULT.processed.rglob("*.csv"):
        copy = excel / "__".join(src.relative_to(DEFAULT.processed).parts)
        raw = copy.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, copy.name
    rows = list(csv.reader(open(excel / "nodes.csv", encoding="utf-8-sig", newline="")))
    assert not any(v[:1] in "=+-@" for r in rows for v in r if v)
    assert "spreadsheet" in (excel / "README.txt").read_text(encoding="utf-8")


def test_notebook_pages_have_navigation_contents_and_japanese_code_font(index):
    page = (DEFAULT.reports / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "@font-face" in page and "/work/" not in page
    assert "--jp-code-font-family:ui-monospace,'DejaVu Sans Mono','Liberation Mono','IPAexGothic',monospace" in page
    assert 'href="index.html"' in page and "wpc-toc" in page


def test_report_refuses_stale_notebooks(tmp_path):
    import shutil

    from compare.testing.synthetic import copy_layout

    layout = copy_layout(tmp_path)
    shutil.copytree(DEFAULT.processed, layout.processed)
    shutil.copytree(DEFAULT.notebooks, layout.notebooks)
    (layout.processed / "nodes.csv").write_bytes((layout.processed / "nodes.csv").read_bytes() + b"\n")
    with pytest.raises(InputError, match="were not executed on the current processed data"):
        write_report(layout)


def test_code_cells_render_japanese_in_a_browser(index):
    """The parameter cell of 04 sets FOCUS_OWNER to a Japanese bureau name: measured in Chromium, its glyphs are
    drawn with the bundled font (a tofu box would have the width of the fallback's .notdef glyph)."""
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium not installed: the rendering check of report pages did not run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                "--disable-background-networking"])
        pg = b.new_page()
        pg.goto((DEFAULT.reports / "04-networks.html").as_uri())
        pg.wait_for_load_state("load")
        fonts = pg.evaluate("""async () => { await document.fonts.ready;
            const el = [...document.querySelectorAll('.highlight pre, pre')].find(e => e.textContent.includes('FOCUS_OWNER'));
            return [getComputedStyle(el).fontFamily, document.fonts.check('12px IPAexGothic', '健康福祉局')]; }""")  # noqa: E501
        b.close()
    assert "IPAexGothic" in fonts[0] and fonts[1]


HOSTILE = ("湊市<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> *b* [l](javascript:x) "
           "$\\alpha$")


def test_registered_text_is_shown_as_text_never_run_in_a_report_page(tmp_path):
    """A city whose name carries HTML, JavaScript, Markdown and $…$: the prose the notebooks display, exported by
    the report's own exporter and opened in Chromium, shows the name as text; nothing runs, nothing loads remotely."""
    import shutil

    import nbformat
    import pandas as pd
    from nbconvert import HTMLExporter

    from compare.plots.style import CityStyle
    from compare.publish import prose
    from compare.publish.report import _notebook_page

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium not installed: the injection check of report pages did not run")
    cities = pd.DataFrame({"city": ["mm"], "label": [HOSTILE], "name_ja": [HOSTILE], "name_en": [""], "order": [1],
                           "colour": ["#0072B2"], "marker": ["o"]})
    style = CityStyle(cities)
    counterparts = pd.DataFrame([{"source_city": "mm", "source_goal": "mm.g1", "source_title": HOSTILE,
                                  "target_city": "mm", "outcome": "no counterpart", "elements": 2}])
    text = prose.goal_counterparts(counterparts, {}, style)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# page"), nbformat.v4.new_code_cell(
        "Markdown(text)", outputs=[nbformat.v4.new_output("execute_result", {"text/markdown": text})])])
    path = tmp_path / "hostile.ipynb"
    nbformat.write(nb, path)
    from importlib import resources
    template = resources.files("compare.publish").joinpath("templates", "offline.html.j2")
    page = tmp_path / "hostile.html"
    page.write_text(_notebook_page(HTMLExporter(template_file=str(template)), path, False), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert "mathjax" not in html.lower() and "require.js" not in html.lower()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                "--disable-background-networking"])
        pg = b.new_page()
        remote = []
        pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                 else (remote.append(r.request.url), r.abort()))
        pg.goto(page.as_uri())
        pg.wait_for_load_state("load")
        state = pg.evaluate("""() => { const out = document.querySelector('.jp-OutputArea .jp-RenderedMarkdown');
            return [window.__pwned || 0, out.querySelectorAll('img, script, a').length, out.innerText]; }""")
        b.close()
    assert state[0] == 0 and state[1] == 0 and not remote
    assert HOSTILE in state[2]                      # every character shown as typed


#: What a hostile (or careless) researcher could register, in every field the pages show: HTML with an event
#: handler and a script, Markdown links and emphasis, mathtext, a CSV formula.
EVIL = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>*b*[l](javascript:x)$\\alpha$"


@pytest.mark.slow
@pytest.mark.verify
def test_a_hostile_registry_runs_nothing_on_any_page(project_copy, monkeypatch):
    """A city registered with markup in its Japanese and English names, its document title, and element titles and
    bodies: the build, every notebook, the report and the explorer run, and in Chromium (network blocked) no page
    and no explorer view runs any of it, while the text is shown as typed."""
    import csv
    import shutil

    from compare.pipeline.build import build
    from compare.pipeline.parse import parse_outputs
    from compare.plots.style import FIGURE_DRAFT_ENV
    from compare.publish.explorer import write_explorer
    from compare.publish.notebooks import execute_all
    from compare.publish.report import write_report
    from compare.testing.synthetic import register_city, synthetic_city

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium not installed: the hostile-registry check did not run")
    L = project_copy
    from compare.pipeline.parse import parse_all

    nodes = parse_outputs(parse_all(L), L)["nodes.csv"]
    evil = synthetic_city(nodes, nodes.city.iloc[0], "evil", seed=5)
    rows = evil.index[evil.level.isin(["goal", "policy"])][:4]
    evil.loc[rows, "title"] = evil.loc[rows, "title"] + EVIL
    evil.loc[rows, "body"] = evil.loc[rows, "body"] + " =HYPERLINK(\"x\") " + EVIL
    register_city(L, evil, "evil", "悪市" + EVIL)
    text = L.registry.read_text(encoding="utf-8-sig").replace("\r\n", "\n").rstrip("\n").split("\n")
    k = next(i for i, ln in enumerate(text) if not ln.startswith("#"))
    header, body = next(csv.reader([text[k]])), [next(csv.reader([ln])) for ln in text[k + 1:]]
    for r in body:
        if r[header.index("city")] == "evil":
            r[header.index("city_en")] = "Evil" + EVIL
    with L.registry.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(text[:k]) + ("\n" if k else ""))
        csv.writer(fh, lineterminator="\n").writerows([header] + body)
    build(L)
    shutil.copytree(DEFAULT.notebooks, L.notebooks, dirs_exist_ok=True)
    monkeypatch.setenv("COMPARE_ROOT", str(L.root))
    monkeypatch.setenv(FIGURE_DRAFT_ENV, "1")
    list(execute_all(L))
    write_explorer(L)
    index = write_report(L)
    pages = sorted(index.parent.glob("*.html"))
    explorer = (L.reports / "explorer" / "index.html").as_uri()
    evil_node = evil.node_id[rows[0]]
    views = ["", "#view=goals", "#node=" + evil_node, "#term=" + "onerror", "#view=themes", "#view=networks",
             "#compare=" + evil_node]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page()
        remote, dialogs = [], []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                 else (remote.append(r.request.url), r.abort()))
        shown = ""
        for url in [page.as_uri() for page in pages] + [explorer + v for v in views]:
            pg.goto(url)
            pg.wait_for_load_state("load")
            pg.wait_for_timeout(150)
            assert pg.evaluate("window.__pwned || 0") == 0, url
            shown += pg.evaluate("document.body.innerText")
        b.close()
    assert not remote and not dialogs
    assert "悪市<img src=x onerror=" in shown           # shown as typed, as text
