"""The HTML report links every figure and table and carries its own Japanese font."""

from __future__ import annotations

from compare.paths import DEFAULT
from compare.report import write_report


def test_report_links_everything_and_embeds_the_font():
    index = write_report(DEFAULT)
    html = index.read_text(encoding="utf-8")
    for png in DEFAULT.figures.glob("*.png"):
        assert f"../figures/{png.name}" in html
    assert "../data/processed/alignment.csv" in html and "../data/processed/nodes.csv" in html
    assert (DEFAULT.reports / "fonts" / "ipaexg.ttf").exists()
    assert (DEFAULT.reports / "fonts" / "IPA_Font_License_Agreement_v1.0.txt").exists()
    nb_html = (DEFAULT.reports / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "@font-face" in nb_html and "/work/" not in nb_html
