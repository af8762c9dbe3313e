"""The offline explorer, opened from file:// in headless Chromium with every non-file request blocked."""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.parse

import pytest

from compare.core.paths import DEFAULT
from compare.io import datasets as ds
from compare.publish.explorer import explorer_data, write_explorer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def test_explorer_data_covers_every_city_and_node():
    data = explorer_data()
    cities = ds.load_cities()
    assert [c["id"] for c in data["cities"]] == list(cities.sort_values("order").city)
    assert set(data["nodes"]) == set(ds.load_nodes().node_id)
    assert {n["city"] for n in data["networks"]} == set(cities.city)
    size = len(json.dumps(data, ensure_ascii=False).encode())
    assert size < 3_000_000, f"data.js would be {size:,} bytes"


def test_kwic_passages_are_the_librarys():
    from compare.pipeline.ondemand import passages

    data = explorer_data()
    p = passages()
    assert [x[4] for x in data["passages"]] == list(p.norm)


@pytest.fixture(scope="module")
def page():
    if CHROMIUM is None:
        pytest.skip("Chromium not installed: the explorer's browser test did not run (apt-get install -y chromium; "
                    ".ci/run does this when it runs as root)")
    from playwright.sync_api import sync_playwright

    index = write_explorer(DEFAULT)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1500, "height": 950})
        pg.errors, pg.blocked = [], []
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))

        def guard(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                pg.blocked.append(route.request.url)
                route.abort()

        pg.route("**/*", guard)
        pg.url0 = index.as_uri()
        t0 = time.perf_counter()
        pg.goto(pg.url0)
        pg.wait_for_selector("body[data-ready=true]", timeout=10_000)
        pg.first_render = time.perf_counter() - t0
        yield pg
        browser.close()


@pytest.mark.browser
def test_every_city_tree_renders(page):
    for c in ds.load_cities().itertuples():
        assert page.locator(f'.tree[data-city="{c.city}"] .node-link').count() == c.nodes
        assert c.name_ja in page.inner_text(f'.tree[data-city="{c.city}"] h2')
    assert page.first_render < 5


@pytest.mark.browser
def test_deep_link_to_a_node_shows_its_counterparts_and_a_click_opens_one(page):
    page.goto(page.url0 + "#node=sagamihara.g1.p3")
    page.wait_for_selector("#detail:not([hidden])")
    detail = page.inner_text("#detail")
    assert "生活に困窮する人への支援体制を充実します" in detail
    assert "自立相談支援体制の充実" in detail                       # Sendai's counterpart
    page.click('#detail a[href="#node=sendai.livelihood.p1"]')
    page.wait_for_function("location.hash === '#node=sendai.livelihood.p1'")
    page.wait_for_selector("#detail h2 >> text=自立相談支援体制の充実")
    assert page.locator('.node-link.selected[data-id="sendai.livelihood.p1"]').count() == 1


@pytest.mark.browser
def test_a_goal_shows_its_counterpart_goals_or_none_and_the_bands_are_explained(page):
    gc = ds.load_goal_counterparts()
    none = gc[gc.outcome == "no counterpart"].iloc[0]
    page.goto(page.url0 + "#node=" + none.source_goal)
    page.wait_for_selector("#detail:not([hidden])")
    box = page.locator("#detail .cp-city", has_text=ds.load_cities().set_index("city").label[none.target_city])
    assert "no counterpart" in box.inner_text()
    found = gc[(gc.source_goal == none.source_goal) & (gc.outcome == "counterpart")]
    for r in found.itertuples():
        assert page.locator(f'#detail a[href="#node={r.target_goal}"]').count() >= 1
    page.goto(page.url0 + "#node=sagamihara.g1.p3")
    page.wait_for_selector("#detail .legend")
    floors = ds.load_alignment_model()["policy"]["calibration"]
    assert f"{floors['strong']:.0%}" in page.locator("#detail .legend").text_content()


@pytest.mark.browser
def test_search_lists_passages_of_every_city(page):
    page.goto(page.url0 + "#view=kwic")
    page.fill("#kwic-input", "見守り")
    page.click("#kwic-form button[type=submit]")
    page.wait_for_selector(".kwic-city")
    from compare import kwic

    expected = kwic("見守り")
    text = page.inner_text("#kwic-results")
    total, strings, forms = (int(x) for x in re.match(
        r"(\d+) occurrences: (\d+) as the string, (\d+) as other forms of 見守る", text).groups())
    assert strings + forms == total and strings == len(expected) and forms > 0   # the string matches are the library's
    assert page.locator(".kwic-city").count() == expected.city.nunique() == len(ds.load_cities())
    assert "#term=" + urllib.parse.quote("見守り") == page.evaluate("location.hash")
    assert "per 1,000 tokens" in text


@pytest.mark.browser
def test_kwic_finds_word_forms_and_sorts_by_context(page):
    """見守る finds 見守り, 繋ぐ finds つなぐ (Hatsukaichi's distinctive spelling), each hit says how it matched; the
    keyword column is aligned and the rows sort by left or right context."""
    count = "(t) => window.explorer.kwic(t, true).filter((h) => h.c === 'hatsukaichi').length"
    assert page.evaluate(count, "見守る") > 0 and page.evaluate(count, "繋ぐ") > 0
    assert page.evaluate("(t) => window.explorer.kwic(t, true).some((h) => h.how === 'form of 繋ぐ' && "
                         "h.text.slice(h.i, h.j) === 'つなぐ')", "繋ぐ")
    page.goto(page.url0 + "#term=" + urllib.parse.quote("作る"))
    page.wait_for_selector(".kwic-row")
    page.select_option("#kwic-sort", "right")
    rights = page.eval_on_selector_all(".kwic-city:first-of-type .kwic-row .r", "els => els.map(e => e.textContent)")
    assert rights == sorted(rights, key=lambda s: s) or len(rights) < 2 or rights == page.evaluate(
        "(xs) => xs.slice().sort((a, b) => a.localeCompare(b, 'ja'))", rights)
    kw = page.eval_on_selector_all(".kwic-row .kw", "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    rows = page.eval_on_selector_all(".kwic-city:first-of-type .kwic-row .kw",
                                     "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    assert kw and max(rows) - min(rows) <= 40                   # the keyword column lines up (within a word's width)


@pytest.mark.browser
def test_every_figure_term_and_network_label_finds_its_citys_passages(page):
    """Every term a keyness figure shows for a city (the top 12 by rank, with its count in the city; the distinctive
    ones among them) and every co-occurrence network label resolves to ≥ 1 passage of that city."""
    key = ds.load_keyness()
    shown = key[(key["rank"] <= 12) & (key.count_target > 0)]
    pairs = sorted({(t, c) for t, c in zip(shown.term, shown.city)})
    for name in ds.graph_names("cooccurrence-"):
        G = ds.load_graph(name)
        pairs += sorted({(str(d.get("label", n)), name.removeprefix("cooccurrence-")) for n, d in G.nodes(data=True)})
    found = page.evaluate("(ps) => ps.map(([t, c]) => window.explorer.kwic(t, true).filter((h) => h.c === c).length)",
                          pairs)
    missing = [p for p, n in zip(pairs, found) if n == 0]
    assert pairs and not missing, f"{len(missing)} of {len(pairs)} terms find nothing in their city: {missing[:10]}"


@pytest.mark.browser
def test_networks_and_themes_render_and_explain_an_edge(page):
    name = ds.graph_names("owner-coresponsibility-")[0]
    page.goto(page.url0 + "#net=" + name)
    page.wait_for_function("document.querySelectorAll('#cy canvas').length > 0")
    assert page.evaluate("window.cyEdges()") > 0
    page.evaluate("window.cyTapEdge(0)")
    info = page.inner_text("#net-info")
    assert "Behind this link" in info and page.locator("#net-info ol li a").count() >= 1   # click-through to programmes
    page.goto(page.url0 + "#view=themes")
    page.click("#theme-table td.cell >> nth=0")
    assert "elements" in page.inner_text("#theme-nodes")


@pytest.mark.browser
def test_tables_download_as_excel_safe_csv_with_bom(page):
    page.goto(page.url0 + "#compare=sendai.g1.p1,hatsukaichi.g3.a4&view=compare")
    page.wait_for_selector("#compare-table table")
    with page.expect_download() as dl:
        page.click("#compare-csv")
    data = open(dl.value.path(), "rb").read()
    assert data.startswith("\ufeff".encode()) and "hatsukaichi.g3.a4" in data.decode("utf-8-sig")
    out = page.evaluate("window.explorerCsv([['=SUM(A1)', '+1', '-x', '@a', '地域', ' =A1', '\u3000＝A1', '＋1']])")
    assert out == "\ufeff'=SUM(A1),'+1,'-x,'@a,地域,' =A1,'\u3000＝A1,'＋1\r\n"


@pytest.mark.browser
def test_no_console_errors_and_no_network(page):
    assert page.errors == [] and page.blocked == []


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_detail_pane_fits_the_screen_and_can_be_closed(page, width, height):
    """At a laptop's and a phone's size: the open pane lies inside the window, its close button is visible and
    works, and on a laptop the plans keep more than half the width; a cue says when plans are out of view."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page.url0 + "#view=plans&node=sagamihara.g1.p3")
    page.wait_for_selector("#detail:not([hidden])")
    box = page.locator("#detail").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    close = page.locator("#detail .close")
    cb = close.bounding_box()
    assert cb["y"] >= 0 and cb["x"] + cb["width"] <= width + 1
    assert page.evaluate("(([x, y]) => document.elementFromPoint(x, y).closest('.close') !== null)",
                         [cb["x"] + cb["width"] / 2, cb["y"] + cb["height"] / 2])   # not under the header
    if width > 760:
        assert page.locator("#trees").bounding_box()["width"] >= 0.55 * width
    # the cue counts the plans of which less than 60 % is in view, and shows only when there are any
    cue = page.evaluate("""(() => { const c = document.querySelector('#trees-cue'), b = document.querySelector('#trees')
        .getBoundingClientRect(); const out = [...document.querySelectorAll('#trees .tree')].filter((t) => {
        const r = t.getBoundingClientRect();
        return Math.min(r.right, b.right) - Math.max(r.left, b.left) < 0.6 * r.width; }).length;
        return [c.hidden, c.textContent, out]; })()""")
    assert cue[0] == (cue[2] == 0) and (cue[2] == 0 or f"{cue[2]} of" in cue[1])
    close.click()
    page.wait_for_selector("#detail", state="hidden")
    page.set_viewport_size({"width": 1500, "height": 950})


@pytest.mark.browser
def test_the_view_and_the_comparison_table_survive_a_reload(page):
    page.goto(page.url0 + "#view=plans&node=sagamihara.g1.p3")
    page.wait_for_selector("#detail:not([hidden])")
    page.click("#add-compare")
    page.click('#tabs button[data-view="compare"]')
    assert "view=compare" in page.evaluate("location.hash") and "sagamihara.g1.p3" in page.evaluate(
        "decodeURIComponent(location.hash)")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#view-compare.active").count() == 1
    assert "sagamihara.g1.p3" in page.inner_text("#compare-table")
    page.goto(page.url0 + page.evaluate("location.hash") + "&node=sendai.g1")
    page.wait_for_selector("#detail:not([hidden])")
    page.click("#detail .close")
    page.wait_for_selector("#detail", state="hidden")
    assert "compare=" in page.evaluate("location.hash")                 # closing an element keeps the table
    page.click("#compare-clear")
    assert "compare=" not in page.evaluate("location.hash")


@pytest.mark.browser
def test_titles_are_not_doubled_and_a_plans_own_goals_come_first(page):
    nodes = ds.load_nodes()
    same = nodes[(nodes.label == nodes.title) & (nodes.label != "")].iloc[0]
    page.goto(page.url0 + f"#view=plans&node={same.node_id}")
    page.wait_for_selector("#detail:not([hidden])")
    assert f"{same.title} {same.title}" not in page.inner_text("#detail")
    for c in ds.load_cities().city:        # the plan's own goals, then the priority section and the sub-plans
        parts = page.evaluate("(c) => [...document.querySelectorAll(`.tree[data-city='${c}'] .node-link`)]"
                              ".map((a) => window.EXPLORER_DATA.nodes[a.dataset.id]).filter((n) => n.l === 'goal')"
                              ".map((n) => n.p)", c)
        first_other = next((k for k, p in enumerate(parts) if p != "main"), len(parts))
        assert "main" not in parts[first_other:], (c, parts)


@pytest.mark.browser
def test_networks_show_counts_as_counts_and_neighbours_as_links(page):
    owners = next(n for n in explorer_data()["networks"] if n["kind"] == "owners" and n["elements"]["edges"])
    page.goto(page.url0 + "#net=" + owners["id"])
    page.wait_for_function("window.cyEdges && window.cyEdges() > 0")
    page.evaluate("window.cyTapEdge(0)")
    info = page.inner_text("#net-info")
    assert "shared elements" in info and not re.search(r"\d\.000", info) and page.is_hidden("#net-tip")
    page.evaluate("window.cyTapNode(0)")
    before = page.inner_text("#net-info h3")
    link = page.locator("#net-info a.nb").first
    target = link.inner_text()
    link.click()
    assert page.inner_text("#net-info h3") == target != before       # a neighbour opens its own details


@pytest.mark.browser
def test_themes_switching_frame_clears_the_element_list(page):
    page.goto(page.url0 + "#view=themes")
    page.wait_for_selector("#theme-table td.cell")
    page.click("#theme-table td.cell")
    assert page.inner_text("#theme-nodes").strip()
    options = page.eval_on_selector_all("#theme-view option", "os => os.map(o => o.value)")
    page.select_option("#theme-view", options[-1])
    assert page.inner_text("#theme-nodes").strip() == ""
    assert "per 1,000 tokens" in page.inner_text("#theme-table")


@pytest.mark.browser
def test_copy_link_gives_the_address_of_the_view_and_print_shows_only_the_plans(page):
    page.goto(page.url0 + "#term=" + urllib.parse.quote("見守り"))
    page.wait_for_selector(".kwic-row")
    page.click("#copy-link")
    page.wait_for_timeout(200)
    shown = page.evaluate("(b => b.hidden ? null : b.value)(document.querySelector('#link-box'))")
    copied = page.evaluate("navigator.clipboard && window.isSecureContext ? 'clipboard' : 'box'")
    assert (shown or "").endswith("#term=" + urllib.parse.quote("見守り")) or copied == "clipboard"
    page.goto(page.url0 + "#view=plans")
    page.wait_for_selector(".tree")
    closed = page.evaluate("document.querySelectorAll('#trees details:not([open])').length")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert closed > 0 and page.evaluate("document.querySelectorAll('#trees details:not([open])').length") == 0
    page.emulate_media(media="print")
    assert page.is_hidden("#tabs") and page.is_visible(".tree")
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('#trees details:not([open])').length") == closed


def _fresh(page):
    """The explorer as a student opens it: the plans view, nothing selected."""
    page.goto(page.url0 + "#")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")


@pytest.mark.browser
def test_the_goals_tab_answers_which_goal_has_no_counterpart_in_one_click(page):
    """Student question (a), e.g. "which of Hatsukaichi's goals has no counterpart in Sendai?": one click on the goals
    tab shows every goal of every plan with its outcome in each other plan, as goal_counterparts.csv says."""
    _fresh(page)
    page.click('#tabs button[data-view="goals"]')                                             # action 1
    page.wait_for_selector("#view-goals.active .goal-table")
    cells = page.evaluate("""[...document.querySelectorAll('.goal-table')].flatMap((t) => {
        const heads = [...t.querySelectorAll('thead th')].slice(1).map((h) => h.dataset.city);
        return [...t.querySelectorAll('tbody tr')].flatMap((tr) => [...tr.querySelectorAll('td')].slice(1).map(
            (td, i) => [tr.dataset.id, heads[i], td.textContent, (td.querySelector('a') || {}).hash || '']));
    })""")
    seen = {(g, c): (text, href) for g, c, text, href in cells}
    gc = ds.load_goal_counterparts()
    assert len(seen) == len(gc)
    for r in gc.itertuples():
        text, href = seen[(r.source_goal, r.target_city)]
        if r.outcome == "counterpart":
            assert href == f"#node={r.target_goal}", (r.source_goal, r.target_city)
        elif r.outcome == "no counterpart":
            assert "対応なし no counterpart" in text and not href
    assert page.url.endswith("view=goals")


@pytest.mark.browser
def test_the_other_student_questions_take_at_most_three_actions(page):
    """(b) where a plan talks of 見守る: the search tab, the term and Enter; (c) a policy's counterpart and its
    evidence: open its goal in the plan's tree and select it; (d) which owners share the most programmes: the
    networks tab and the owner network, whose key lists the most linked owners."""
    _fresh(page)
    page.click('#tabs button[data-view="kwic"]')                                              # (b) 1
    page.fill("#kwic-input", "見守る")                                                         # 2
    page.press("#kwic-input", "Enter")                                                        # 3
    page.wait_for_selector(".kwic-row")
    assert page.locator('.kwic-city[data-city="hatsukaichi"] .kwic-row').count() > 0
    _fresh(page)
    link = page.locator('#trees .node-link[data-id="sendai.g3.p2"]')
    if not link.is_visible():                                  # its goal is closed: open it
        page.click('#trees details[data-id="sendai.g3"] > summary')                           # (c) 1
    link.click()                                                                              # 2
    page.wait_for_selector("#detail:not([hidden])")
    detail = page.inner_text("#detail")
    best = ds.load_alignment().query("source_id == 'sendai.g3.p2' and target_city == 'sagamihara' and rank == 1")
    assert best.target_title.iloc[0] in detail and "terms:" in detail
    _fresh(page)
    owners = [n for n in explorer_data()["networks"] if n["kind"] == "owners" and n["elements"]["edges"]]
    page.click('#tabs button[data-view="networks"]')                                          # (d) 1
    page.select_option("#net-select", owners[0]["id"])                                         # 2
    page.wait_for_selector("#net-info ol.most li")
    top = page.locator("#net-info ol.most li").first.inner_text()
    weights = {}
    for e in owners[0]["elements"]["edges"]:
        for end in (e["data"]["source"], e["data"]["target"]):
            weights[end] = weights.get(end, 0) + e["data"]["weight"]
    label = {n["data"]["id"]: n["data"]["label"] for n in owners[0]["elements"]["nodes"]}
    best = max(weights.values())
    assert any(top.startswith(label[n]) for n, w in weights.items() if w == best)


@pytest.mark.browser
def test_counterparts_are_named_by_the_plans_numbering_not_by_ids(page):
    """A counterpart, and the best candidate of a "no counterpart", is named as its plan numbers it (goal first:
    two different "(4)" sections are told apart), never by an internal id."""
    from compare.core.plan import plan_numbers

    numbers = plan_numbers(ds.load_nodes())
    al = ds.load_alignment()
    none = al[al.confidence == "no counterpart"].iloc[0]
    page.goto(page.url0 + "#node=" + none.source_id)
    page.wait_for_selector("#detail:not([hidden])")
    best = re.search(r"best candidate (\S+) ", none.evidence).group(1)
    detail = page.inner_text("#detail .cp-city >> nth=0") + page.inner_text("#detail")
    assert numbers[best] in detail and best not in detail
    kept = al[(al.source_id == "sagamihara.g1.p3") & (al["rank"] >= 1)]
    page.goto(page.url0 + "#node=sagamihara.g1.p3")
    page.wait_for_selector("#detail:not([hidden])")
    detail = page.inner_text("#detail")
    for r in kept.itertuples():
        assert f"{numbers[r.target_id]} {r.target_title}" in detail


@pytest.mark.browser
def test_a_network_is_drawn_the_same_on_every_load(page):
    """The layout starts from the static figure's seeded positions and runs on a seeded generator: two loads of
    a network place every node at the same point, so a reader can point at a link and find it again."""
    name = next(n for n in explorer_data()["networks"] if n["kind"] == "terms" and n["elements"]["edges"])["id"]
    seen = []
    for _ in range(2):
        page.goto(page.url0 + "#")
        page.reload()
        page.goto(page.url0 + "#net=" + name)
        page.wait_for_function("window.cyPositions && window.cyPositions().length > 0")
        seen.append(page.evaluate("window.cyPositions()"))
    assert seen[0] == seen[1]
