"""Figures: Japanese glyphs render (no tofu) and saved files are byte-identical across saves."""

from __future__ import annotations

import hashlib
import warnings

from compare.figures import CITY_COLORS, JP_FONT, plt, save_figure, use_style
from compare.paths import Layout


def test_japanese_text_renders_without_missing_glyphs():
    use_style()
    fig, ax = plt.subplots()
    ax.set_title("地域福祉計画 仙台市・相模原市・廿日市市 【再掲】 ①②③")
    ax.set_xlabel("民生委員・児童委員 コミュニティソーシャルワーカー")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would raise here
        fig.canvas.draw()
    plt.close(fig)


def test_font_is_the_bundled_japanese_font():
    from matplotlib import font_manager

    use_style()
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert "ipaex" in path.lower()
    assert JP_FONT == "IPAexGothic"


def test_saved_figures_are_byte_identical(tmp_path):
    layout = Layout(tmp_path)
    digests = []
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.bar(["仙台市", "相模原市", "廿日市市"], [3, 1, 2], color=list(CITY_COLORS.values()))
        paths = save_figure(fig, "demo-bars", layout)
        plt.close(fig)
        digests.append([hashlib.sha256((tmp_path / p).read_bytes()).hexdigest() for p in paths])
    assert paths == ["figures/demo-bars.png", "figures/demo-bars.svg"]
    assert digests[0] == digests[1]
    svg = (tmp_path / "figures/demo-bars.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_save_figure_refuses_tofu(tmp_path):
    import pytest

    fig, ax = plt.subplots()
    ax.set_title("2 ≥ 1")  # U+2265 is not in IPAexGothic
    with pytest.raises(ValueError, match="tofu"):
        save_figure(fig, "tofu", Layout(tmp_path))
    plt.close(fig)
    assert not (tmp_path / "figures" / "tofu.png").exists()
