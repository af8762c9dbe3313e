"""Figures: Japanese glyphs render (no tofu), saving is byte-identical and atomic, network labels never overlap."""

from __future__ import annotations

import hashlib
import warnings

import pytest

from compare.core.paths import Layout
from compare.io import datasets as ds
from compare.io.registry import palette_colour
from compare.plots import CityStyle, plt, save_figure, use_style
from compare.plots.graph import label_overlaps
from compare.plots.style import JP_FONT


@pytest.fixture(scope="module")
def style():
    return CityStyle(ds.load_cities())


def test_japanese_text_renders_without_missing_glyphs():
    use_style()
    fig, ax = plt.subplots()
    ax.set_title("地域福祉計画 仙台市・相模原市・廿日市市 【再掲】 ①②③ ★ ● ◐ ○ ▲ —")
    ax.set_xlabel("民生委員・児童委員 コミュニティソーシャルワーカー")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would raise here
        fig.canvas.draw()
    plt.close(fig)


def test_font_is_the_bundled_japanese_font():
    from matplotlib import font_manager

    use_style()
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert "ipaex" in path.lower() and JP_FONT == "IPAexGothic"


def test_saved_figures_are_byte_identical(tmp_path):
    layout = Layout(tmp_path)
    digests = []
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.bar(["仙台市", "相模原市", "廿日市市"], [3, 1, 2], color=[palette_colour(i) for i in range(3)])
        paths = save_figure(fig, "demo-bars", layout, caption="demo")
        plt.close(fig)
        digests.append([hashlib.sha256((tmp_path / p).read_bytes()).hexdigest() for p in paths])
    assert paths == ["figures/demo-bars.png", "figures/demo-bars.svg"]
    assert digests[0] == digests[1]
    assert "<dc:date>" not in (tmp_path / "figures/demo-bars.svg").read_text(encoding="utf-8")
    assert not list((tmp_path / "figures").glob(".*.tmp"))


def test_save_figure_refuses_tofu(tmp_path):
    fig, ax = plt.subplots()
    ax.set_title("2 ≥ 1")  # U+2265 is not in IPAexGothic
    with pytest.raises(ValueError, match="tofu"):
        save_figure(fig, "tofu", Layout(tmp_path))
    plt.close(fig)
    assert not (tmp_path / "figures" / "tofu.png").exists()


def _network_figures(style):
    from compare.plots import network as net
    from compare.plots import vocab as voc

    yield "cooccurrence", voc.plot_cooccurrence({c: ds.load_graph(f"cooccurrence-{c}") for c in style.ids}, style,
                                                 title="t")
    yield "actors", net.plot_actor_networks({c: ds.load_graph(f"actors-{c}") for c in style.ids}, style)
    for name in ds.graph_names("owner-coresponsibility-"):
        city = name.removeprefix("owner-coresponsibility-")
        yield name, net.plot_owner_network(ds.load_graph(name), style, city)
    for name in ds.graph_names("policy-relisting-bridges-"):
        city = name.removeprefix("policy-relisting-bridges-")
        yield name, net.plot_policy_network(ds.load_graph(name), style, city)
    from compare.plots import multivariate as mv

    graphs = {c: ds.load_graph(f"cooccurrence-{c}") for c in style.ids}
    diffs = ds.read("cooccurrence_differences.csv")
    for a, b in dict.fromkeys(zip(diffs.city_a, diffs.city_b)):
        yield f"difference {a}-{b}", mv.plot_cooccurrence_difference(diffs, style, a, b)
    yield "spanning trees", voc.plot_cooccurrence(graphs, style, title="t", mst_only=True)
    coords, inertia = ds.read("correspondence_coordinates.csv"), ds.read("correspondence_inertia.csv")
    for analysis in dict.fromkeys(coords.analysis):
        yield f"ca {analysis}", mv.plot_ca_biplot(coords, inertia, style, analysis=analysis, title="t",
                                                   column_city=lambda label: label.split(" ")[0])


def test_no_two_network_labels_overlap(style):
    names = []
    for name, fig in _network_figures(style):
        bad = label_overlaps(fig)
        plt.close(fig)
        assert bad == [], f"{name}: overlapping labels {bad[:5]}"
        names.append(name)
    assert len(names) >= 4


def test_label_overlap_check_detects_overlaps():
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "重なる")
    ax.text(0.5, 0.5, "ラベル")
    assert label_overlaps(fig)
    plt.close(fig)


def test_registered_text_is_drawn_as_text_not_mathtext(tmp_path, monkeypatch):
    """A city name with $…$ (which mathtext would parse, and fail on) is drawn as the characters it is."""
    from compare.plots.style import FIGURE_DIR_ENV, plt, save_figure

    monkeypatch.setenv(FIGURE_DIR_ENV, str(tmp_path))
    fig, ax = plt.subplots(figsize=(3, 1))
    ax.set_title("$\\alpha_\\undefinedcmd$市")
    assert save_figure(fig, "mathtext-off") == ["figures/mathtext-off.png", "figures/mathtext-off.svg"]
    plt.close(fig)
