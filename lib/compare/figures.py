"""One style for every figure (Japanese font, colour-blind-safe colours) and byte-identical saving."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (registers IPAexGothic, IPA Font License v1.0)

from .model import CITIES, CITY_LABELS
from .paths import DEFAULT, Layout

__all__ = ["OKABE_ITO", "CITY_COLORS", "JP_FONT", "use_style", "city_label", "city_order", "save_figure", "plt"]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: The same colour for a city in every figure.
CITY_COLORS = {"sendai": OKABE_ITO[0], "sagamihara": OKABE_ITO[1], "hatsukaichi": OKABE_ITO[2]}
JP_FONT = "IPAexGothic"


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


def city_label(city: str, *, english: bool = True) -> str:
    """'仙台市 Sendai' style labels.

    >>> city_label("sagamihara")
    '相模原市 Sagamihara'
    """
    ja = CITY_LABELS.get(city, city)
    return f"{ja} {city.capitalize()}" if english else ja


def save_figure(fig, name: str, layout: Layout = DEFAULT) -> list[str]:
    """Save `fig` as figures/<name>.png and .svg, byte-identically across reruns.

    Returns the paths written, relative to the project root (so notebook outputs carry no absolute paths).
    """
    use_style()
    layout.figures.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = sorted({str(w.message) for w in caught if "missing from font" in str(w.message)})
    if missing:
        raise ValueError(f"figure {name!r} has characters the font cannot draw (tofu): {'; '.join(missing)}")
    written = []
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        path = layout.figures / f"{name}.{ext}"
        fig.savefig(path, format=ext, metadata=meta)
        written.append(path.relative_to(layout.root).as_posix())
    return written


def city_order(cities) -> list[str]:
    """Built-in cities first in the fixed order, then any others alphabetically."""
    return [c for c in CITIES if c in set(cities)] + sorted(set(cities) - set(CITIES))


use_style()
