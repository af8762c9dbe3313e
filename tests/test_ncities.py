"""Any set of municipalities: a layout with two more registered cities (one CP932 with CRLF, one UTF-8 with a BOM)
builds, the seed cities' pairwise results do not change, the new cities appear in every per-city table, and the
notebooks run on it and name every city."""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pandas as pd
import pytest

from compare.core.paths import DEFAULT
from compare.io import datasets as ds
from compare.io.registry import load_registry
from conftest import EXTRA_CITIES

NEW = [c[0] for c in EXTRA_CITIES]


@pytest.fixture(scope="module")
def seed_ids():
    return load_registry(DEFAULT).ids


@pytest.mark.slow
def test_encodings_are_detected_and_logged(ncity_layout):
    report = ds.load_parse_report(ncity_layout)
    enc = {s["city"]: s["encoding"] for s in report["sources"]}
    assert {enc[c[0]] for c in EXTRA_CITIES} == {"cp932", "utf-8-sig"}


@pytest.mark.slow
@pytest.mark.parametrize("file, a, b", [
    ("alignment.csv", "source_city", "target_city"),
    ("subplan_alignment.csv", "source_city", "target_city"),
    ("alignment_programmes.csv", "source_city", "target_city"),
    ("goal_alignment.csv", "city_a", "city_b"),
    ("goal_counterparts.csv", "source_city", "target_city"),
    ("vocab_overlap_pairs.csv", "city_a", "city_b"),
])
def test_seed_city_pairwise_results_are_byte_identical(ncity_layout, seed_ids, file, a, b):
    base = (DEFAULT.processed / file).read_text(encoding="utf-8").splitlines()
    new = (ncity_layout.processed / file).read_text(encoding="utf-8").splitlines()
    header = new[0].split(",")
    ia, ib = header.index(a), header.index(b)
    df = pd.read_csv(ncity_layout.processed / file, dtype=str, keep_default_na=False)
    keep = [i + 1 for i, (x, y) in enumerate(zip(df[a], df[b])) if x in seed_ids and y in seed_ids]
    assert base[0] == new[0] and len(keep) == len(base) - 1
    assert [new[i] for i in keep] == base[1:], f"{file}: rows among the seed cities changed"
    assert ia != ib


@pytest.mark.slow
def test_pairwise_keyness_among_seed_cities_is_unchanged(ncity_layout, seed_ids):
    k0, k1 = ds.load_keyness(), ds.load_keyness(ncity_layout)
    sel = lambda k: k[(k.comparison == "pairwise") & k.city.isin(seed_ids) & k.reference.isin(seed_ids)  # noqa: E731
                      ].drop(columns="robust_settings").reset_index(drop=True)
    pd.testing.assert_frame_equal(sel(k0), sel(k1))


@pytest.mark.slow
def test_new_cities_appear_in_every_per_city_table(ncity_layout):
    L = ncity_layout
    every = load_registry(L).ids
    assert every[-2:] == NEW
    checks = {
        "cities": ds.load_cities(L).city, "nodes": ds.load_nodes(L).city, "tokens": ds.load_tokens(L).city.astype(str),
        "frame_sizes": ds.load_frame_sizes(L).city, "frequencies": ds.load_frequencies(L).city,
        "keyness": ds.load_keyness(L).city, "theme_coverage": ds.load_theme_coverage(L).city,
        "alignment sources": ds.load_alignment(L).source_city, "alignment targets": ds.load_alignment(L).target_city,
        "goal_alignment": pd.concat([ds.load_goal_alignment(L).city_a, ds.load_goal_alignment(L).city_b]),
        "goal_counterparts": pd.concat([ds.load_goal_counterparts(L).source_city,
                                        ds.load_goal_counterparts(L).target_city]),
        "actor networks": pd.Series([n.removeprefix("actors-") for n in ds.graph_names("actors-", L)]),
        "cooccurrence": pd.Series([n.removeprefix("cooccurrence-") for n in ds.graph_names("cooccurrence-", L)]),
        "network_measures": ds.load_network_measures(L).city,
    }
    for name, col in checks.items():
        assert set(every) <= set(col), f"{name} misses {sorted(set(every) - set(col))}"


@pytest.mark.slow
@pytest.mark.verify
def test_notebooks_run_on_the_layout_and_name_every_city(ncity_layout, monkeypatch):
    """Every notebook on five cities (one drafted from a PDF): a minute of kernels, so in `make verify`."""
    from compare.plots.style import FIGURE_DRAFT_ENV
    from compare.publish.notebooks import execute_all, notebook_paths

    L = ncity_layout
    shutil.copytree(DEFAULT.notebooks, L.notebooks, dirs_exist_ok=True)
    monkeypatch.setenv("COMPARE_ROOT", str(L.root))
    monkeypatch.setenv(FIGURE_DRAFT_ENV, "1")            # every figure drawn, as a small PNG only (no SVG)
    ran = [name for name, _ in execute_all(L)]
    assert ran == [p.name for p in notebook_paths(DEFAULT)]
    names = ds.load_cities(L).name_ja.tolist()
    for path in notebook_paths(L):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8"))["cells"], ensure_ascii=False)
        if path.name.startswith(("00", "01", "02", "03", "04")):
            missing = [n for n in names if n not in text]
            assert not missing, f"{path.name} does not name {missing}"
    assert (L.figures / "actor-comention-networks-all-cities.png").exists()


@pytest.mark.slow
def test_the_city_drafted_from_a_pdf_is_marked_unreviewed(ncity_layout):
    """The second extra city came PDF → `compare draft` → `add-city` without --reviewed: the registry, cities.csv and
    the explorer say so; the other cities are reviewed."""
    from compare.publish.explorer import explorer_data

    drafted = NEW[-1]
    cities = ds.load_cities(ncity_layout).set_index("city")
    assert not cities.reviewed[drafted] and cities.drop(index=drafted).reviewed.all()
    marks = {c["id"]: c["draft"] for c in explorer_data(ncity_layout)["cities"]}
    assert marks[drafted] and not any(v for k, v in marks.items() if k != drafted)
    nodes = ds.load_nodes(ncity_layout)
    assert (nodes[nodes.city == drafted].source_file == "shiomi_plan_fictional.pdf").all()


@pytest.mark.slow
@pytest.mark.browser
def test_the_city_picker_shows_the_chosen_plans_and_the_url_keeps_them(ncity_layout):
    """With five plans at 1366 × 900 the picker lists every city; showing three gives each more width and no cue
    (all in view), the choice survives a reload through the URL, and opening an element of a hidden plan shows that
    plan again."""
    from compare.publish.explorer import write_explorer

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium not installed: the city picker's browser test did not run")
    from playwright.sync_api import sync_playwright

    order = list(ds.load_cities(ncity_layout).sort_values("order").city)
    index = write_explorer(ncity_layout)
    visible = "[...document.querySelectorAll('#trees .tree')].filter((t) => !t.hidden).map((t) => t.dataset.city)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(index.as_uri())
        page.wait_for_selector("body[data-ready=true]")
        assert page.locator("#city-picker input").count() == len(order)
        width = f"document.querySelector('.tree[data-city=\"{order[0]}\"]').getBoundingClientRect().width"
        narrow = page.evaluate(width)
        for c in order[3:]:
            page.locator(f'#city-picker input[value="{c}"]').uncheck()
        assert page.evaluate(visible) == order[:3]
        assert page.locator("#trees-cue").is_hidden(), "three plans fit side by side"
        assert page.evaluate(width) > 1.2 * narrow, "the plans shown take the width of those hidden"
        assert f"cities={','.join(order[:3])}" in urllib.parse.unquote(page.url)
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        assert page.evaluate(visible) == order[:3]
        hidden_node = ds.load_nodes(ncity_layout).query("city == @order[-1] and level == 'policy'").node_id.iloc[0]
        page.goto(page.url + "&node=" + urllib.parse.quote(hidden_node))
        page.wait_for_selector("#detail:not([hidden])")
        assert page.evaluate(visible) == order[:3] + [order[-1]]
        browser.close()
