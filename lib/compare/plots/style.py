"""One style for every figure: Japanese font, the registry's colour-blind-safe city colours, byte-identical saving."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (registers IPAexGothic, IPA Font License v1.0)
import pandas as pd

from compare.io.registry import MARKERS, palette_colour
from compare.core.paths import DEFAULT, Layout
from compare.io.files import atomic_write_bytes

__all__ = ["OKABE_ITO", "GROUP_COLOURS", "JP_FONT", "CityStyle", "use_style", "save_figure", "plt", "FIGURE_DIR_ENV"]

#: Okabe & Ito (2008) colour-blind-safe palette, for categories that are not cities.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
JP_FONT = "IPAexGothic"
#: Colours of groups that are not cities (communities, clusters): Paul Tol's "light" scheme, kept apart from the
#: city palette so that a community is never read as a city.
GROUP_COLOURS = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#DDDDDD")
#: When set (by `compare.publish.notebooks`), figures are written there and moved into figures/ only after every notebook ran.
FIGURE_DIR_ENV = "COMPARE_FIGURE_DIR"


class CityStyle:
    """Label, colour and marker of every city, from the processed ``cities.csv`` (registry order).

    >>> s = CityStyle(pd.DataFrame({"city": ["sendai", "minato"], "label": ["仙台市 Sendai", "湊市"], "order": [1, 4]}))
    >>> s.label("minato"), s.colour("minato"), s.marker("sendai"), s.order(["minato", "sendai"])
    ('湊市', '#663333', 'o', ['sendai', 'minato'])
    """

    def __init__(self, cities: pd.DataFrame):
        c = cities.sort_values("order")
        self._label = dict(zip(c.city, c.label))
        self._index = {cid: int(o) - 1 for cid, o in zip(c.city, c.order)}
        self.ids = list(c.city)

    def label(self, city: str) -> str:
        return self._label.get(city, city)

    def short(self, city: str) -> str:
        """The Japanese name only."""
        return self.label(city).split(" ")[0]

    def colour(self, city: str) -> str:
        return palette_colour(self._index[city]) if city in self._index else "#777777"

    def marker(self, city: str) -> str:
        return MARKERS[self._index.get(city, 0) % len(MARKERS)]

    def order(self, ids) -> list[str]:
        ids = list(dict.fromkeys(str(i) for i in ids))
        return [c for c in self.ids if c in ids] + sorted(set(ids) - set(self.ids))


def use_style() -> None:
    """Set the project style: Japanese font first everywhere (networkx labels use 'sans-serif'), fixed SVG salt.

    Examples
    --------
    >>> use_style()
    >>> matplotlib.rcParams["font.sans-serif"][0]
    'IPAexGothic'
    """
    rc = matplotlib.rcParams
    rc["font.family"] = ["sans-serif"]
    rc["font.sans-serif"] = [JP_FONT, "DejaVu Sans"]
    rc["axes.prop_cycle"] = matplotlib.cycler(color=list(OKABE_ITO))
    rc["svg.hashsalt"] = "welfare-plan-compare"
    rc["svg.fonttype"] = "path"          # text as paths: the SVG renders without the font installed
    rc["figure.dpi"] = 100
    rc["savefig.dpi"] = 150
    rc["savefig.bbox"] = "tight"
    rc["axes.spines.top"] = False
    rc["axes.spines.right"] = False
    rc["axes.titlesize"] = 12
    rc["axes.titleweight"] = "normal"  # IPAexGothic has no bold face (matplotlib would log a fallback)
    rc["axes.unicode_minus"] = False


def _figure_dir(layout: Layout) -> Path:
    staged = os.environ.get(FIGURE_DIR_ENV)
    return Path(staged) if staged else layout.figures


def save_figure(fig, name: str, layout: Layout = DEFAULT, *, caption: str = "") -> list[str]:
    """Save `fig` as figures/<name>.png and .svg, byte-identically across reruns and never half-written.

    Refuses a figure with characters the font cannot draw (tofu). `caption` (what the figure shows) is kept in
    figures/captions.json for the report's index. Returns the paths relative to the project root (so notebook
    outputs carry no absolute paths).
    """
    import io
    import json

    use_style()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = sorted({str(w.message) for w in caught if "missing from font" in str(w.message)})
    if missing:
        raise ValueError(f"figure {name!r} has characters the font cannot draw (tofu): {'; '.join(missing)}")
    target = _figure_dir(layout)
    written = []
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, metadata=meta)
        atomic_write_bytes(target / f"{name}.{ext}", buf.getvalue())
        written.append(f"figures/{name}.{ext}")
    if caption:
        index = target / "captions.json"
        captions = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
        captions[name] = caption
        atomic_write_bytes(index, (json.dumps(dict(sorted(captions.items())), ensure_ascii=False, indent=1) + "\n")
                           .encode("utf-8"))
    return written


use_style()
