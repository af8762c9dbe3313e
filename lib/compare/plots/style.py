"""One style for every figure: Japanese font, the registry's colour-blind-safe city colours, byte-identical saving."""

from __future__ import annotations

import os
import warnings
import weakref
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (registers IPAexGothic, IPA Font License v1.0)
import pandas as pd

from compare.core.paths import DEFAULT, Layout
from compare.io.files import atomic_write_bytes
from compare.io.registry import MARKERS, palette_colour

__all__ = ["OKABE_ITO", "GROUP_COLOURS", "JP_FONT", "CityStyle", "use_style", "save_figure", "show_figure", "plt",
           "FIGURE_DIR_ENV", "FIGURE_DRAFT_ENV", "DRAFT_DPI"]

#: Okabe & Ito (2008) colour-blind-safe palette, for categories that are not cities.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
JP_FONT = "IPAexGothic"
#: Colours of groups that are not cities (communities, clusters): Paul Tol's "light" scheme, kept apart from the
#: city palette so that a community is never read as a city.
GROUP_COLOURS = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#DDDDDD")
#: When set (by `compare.publish.notebooks`), figures are written there and moved into figures/ only after every
#: notebook ran.
FIGURE_DIR_ENV = "COMPARE_FIGURE_DIR"
#: Set to ``1``: draft figures, PNG only at `DRAFT_DPI` (no SVG): for quick reruns of the notebooks (the N-city test
#: uses it); never for the committed figures, which `make run` writes at full resolution in both formats.
FIGURE_DRAFT_ENV = "COMPARE_FIGURE_DRAFT"
DRAFT_DPI = 50


class CityStyle:
    """Label, colour and marker of every city, from the processed ``cities.csv`` (registry order).

    Parameters
    ----------
    cities : pandas.DataFrame
        One row per city with at least the columns ``city`` (id), ``label`` (display label, Japanese name first)
        and ``order`` (1-based position in the registry, which picks the city's colour and marker), e.g.
        ``compare.io.datasets.load_cities()``.

    Attributes
    ----------
    ids : list of str
        The city ids in registry order.

    Examples
    --------
    >>> s = CityStyle(pd.DataFrame({"city": ["sendai", "minato"], "label": ["仙台市 Sendai", "湊市"], "order": [1, 4]}))
    >>> s.label("minato"), s.colour("minato"), s.marker("sendai"), s.order(["minato", "sendai"])
    ('湊市', '#663333', 'o', ['sendai', 'minato'])
    >>> s.ids
    ['sendai', 'minato']
    """

    def __init__(self, cities: pd.DataFrame):
        c = cities.sort_values("order")
        self._label = dict(zip(c.city, c.label))
        self._index = {cid: int(o) - 1 for cid, o in zip(c.city, c.order)}
        self.ids = list(c.city)

    def label(self, city: str) -> str:
        """The display label of `city` (the id itself for a city not in the table).

        Parameters
        ----------
        city : str
            City id.

        Returns
        -------
        str
            The ``label`` column of `city`, e.g. ``'仙台市 Sendai'``.

        Examples
        --------
        >>> s = CityStyle(pd.DataFrame({"city": ["sendai"], "label": ["仙台市 Sendai"], "order": [1]}))
        >>> s.label("sendai"), s.label("elsewhere")
        ('仙台市 Sendai', 'elsewhere')
        """
        return self._label.get(city, city)

    def short(self, city: str) -> str:
        """The Japanese name only.

        Parameters
        ----------
        city : str
            City id.

        Returns
        -------
        str
            The label up to its first space (the whole label, or the id, when there is no space).

        Examples
        --------
        >>> s = CityStyle(pd.DataFrame({"city": ["sendai"], "label": ["仙台市 Sendai"], "order": [1]}))
        >>> s.short("sendai")
        '仙台市'
        """
        return self.label(city).split(" ")[0]

    def colour(self, city: str) -> str:
        """The colour of `city`: its registry position in the colour-blind-safe palette, grey for an unknown city.

        Parameters
        ----------
        city : str
            City id.

        Returns
        -------
        str
            A hex colour, ``compare.io.registry.palette_colour(order - 1)`` or ``'#777777'``.

        Examples
        --------
        >>> s = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"], "label": ["仙台市", "相模原市"],
        ...                             "order": [1, 2]}))
        >>> s.colour("sagamihara") == palette_colour(1), s.colour("elsewhere")
        (True, '#777777')
        """
        return palette_colour(self._index[city]) if city in self._index else "#777777"

    def marker(self, city: str) -> str:
        """The matplotlib marker of `city`, from its registry position (the first marker for an unknown city).

        Parameters
        ----------
        city : str
            City id.

        Returns
        -------
        str
            A marker code from ``compare.io.registry.MARKERS``.

        Examples
        --------
        >>> s = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"], "label": ["仙台市", "相模原市"],
        ...                             "order": [1, 2]}))
        >>> s.marker("sendai"), s.marker("sagamihara"), s.marker("elsewhere")
        ('o', 's', 'o')
        """
        return MARKERS[self._index.get(city, 0) % len(MARKERS)]

    def order(self, ids) -> list[str]:
        """`ids` without duplicates, in registry order; ids not in the table follow, sorted.

        Parameters
        ----------
        ids : iterable
            City ids (converted with ``str``), in any order, possibly repeated.

        Returns
        -------
        list of str
            The known ids in registry order, then the unknown ones in sorted order.

        Examples
        --------
        >>> s = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"], "label": ["仙台市", "相模原市"],
        ...                             "order": [1, 2]}))
        >>> s.order(["zama", "sagamihara", "sendai", "sagamihara", "atsugi"])
        ['sendai', 'sagamihara', 'atsugi', 'zama']
        """
        ids = list(dict.fromkeys(str(i) for i in ids))
        return [c for c in self.ids if c in ids] + sorted(set(ids) - set(self.ids))


def use_style() -> None:
    """Set the project style: Japanese font first everywhere (networkx labels use 'sans-serif'), fixed SVG salt.

    Also turns mathtext off (text a researcher registers is drawn as it is), sets the Okabe–Ito colour cycle, text
    as paths in SVG, the resolutions (100 dpi on screen, 150 saved),
    tight bounding boxes and no top or right spines. Called when this module is imported and by `save_figure`.
    The function takes no parameters.

    Returns
    -------
    None
        ``matplotlib.rcParams`` is changed in place.

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
    # text as text: a researcher can edit and search the labels of an SVG; it names IPAexGothic (shipped with the
    # report under reports/fonts/, IPA Font License), so a viewer without that font substitutes another Japanese one
    rc["svg.fonttype"] = "none"
    rc["figure.dpi"] = 100
    rc["savefig.dpi"] = 150
    rc["savefig.bbox"] = "tight"
    rc["axes.spines.top"] = False
    rc["axes.spines.right"] = False
    rc["axes.titlesize"] = 12
    rc["axes.titleweight"] = "normal"  # IPAexGothic has no bold face (matplotlib would log a fallback)
    rc["axes.unicode_minus"] = False
    rc["text.parse_math"] = False      # registered names and plan titles are text: "$…$" is never mathtext


def _figure_dir(layout: Layout) -> Path:
    staged = os.environ.get(FIGURE_DIR_ENV)
    return Path(staged) if staged else layout.figures


#: The PNG bytes `save_figure` last wrote for a figure (weakly held), so `show_figure` displays them without drawing
#: the figure again.
_last_png: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


#: The font an SVG names, loaded from the copy the report ships (figures/ and reports/ are siblings), so an SVG
#: opened from the project shows its text even where IPAexGothic is not installed.
SVG_FONT_FACE = ("@font-face { font-family: 'IPAexGothic'; src: url('../reports/fonts/ipaexg.ttf'); }\n")


def _svg_with_font(svg: bytes) -> bytes:
    """matplotlib's SVG with `SVG_FONT_FACE` in its style sheet (text is text: ``svg.fonttype`` none).

    >>> _svg_with_font(b'<defs>\\n  <style type="text/css">*{stroke-linejoin: round}</style>').count(b"@font-face")
    1
    """
    return svg.replace(b'<style type="text/css">', b'<style type="text/css">' + SVG_FONT_FACE.encode(), 1)


def save_figure(fig, name: str, layout: Layout = DEFAULT, *, caption: str = "") -> list[str]:
    """Save `fig` as figures/<name>.png and .svg, byte-identically across reruns and never half-written.

    Refuses a figure with characters the font cannot draw (tofu). `caption` (what the figure shows) is kept in
    figures/captions.json for the report's index. Returns the paths relative to the project root (so notebook
    outputs carry no absolute paths).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to save (it is drawn once to detect missing glyphs).
    name : str
        File name without extension.
    layout : compare.core.paths.Layout, default DEFAULT
        Project root whose ``figures/`` folder receives the files; when the environment variable named by
        `FIGURE_DIR_ENV` is set, its directory is used instead.
    caption : str, default ""
        What the figure shows; when given, stored under `name` in ``captions.json`` beside the figures.

    Returns
    -------
    list of str
        ``["figures/<name>.png", "figures/<name>.svg"]``.

    Raises
    ------
    ValueError
        If the figure has characters the font cannot draw.

    Examples
    --------
    The figure goes to a temporary project root, with the staging variable cleared for the call, so nothing is
    written into the repository's figures/:

    >>> import tempfile
    >>> from unittest import mock
    >>> root = Path(tempfile.mkdtemp())
    >>> fig, ax = plt.subplots(figsize=(2, 1.5))
    >>> _ = ax.bar(["仙台市", "相模原市"], [3, 1])
    >>> with mock.patch.dict(os.environ):
    ...     _ = os.environ.pop(FIGURE_DIR_ENV, None)
    ...     paths = save_figure(fig, "demo-bars", Layout(root), caption="demo")
    >>> paths
    ['figures/demo-bars.png', 'figures/demo-bars.svg']
    >>> sorted(p.name for p in (root / "figures").iterdir())
    ['captions.json', 'demo-bars.png', 'demo-bars.svg']
    >>> plt.close(fig)
    >>> import shutil
    >>> shutil.rmtree(root)
    """
    import io
    import json

    use_style()
    rendered = {}
    draft = os.environ.get(FIGURE_DRAFT_ENV) == "1"
    formats = (("png", {"Software": None}),) if draft else (("png", {"Software": None}),
                                                             ("svg", {"Date": None, "Creator": None}))
    for ext, meta in formats:
        buf = io.BytesIO()
        with warnings.catch_warnings(record=True) as caught:       # the PNG's own drawing finds any tofu
            warnings.simplefilter("always")
            fig.savefig(buf, format=ext, metadata=meta, **({"dpi": DRAFT_DPI} if draft else {}))
        missing = sorted({str(w.message) for w in caught if "missing from font" in str(w.message)})
        if missing:
            raise ValueError(f"figure {name!r} has characters the font cannot draw (tofu): {'; '.join(missing)}")
        rendered[ext] = buf.getvalue() if ext == "png" else _svg_with_font(buf.getvalue())
    target = _figure_dir(layout)
    written = []
    for ext, data in rendered.items():
        atomic_write_bytes(target / f"{name}.{ext}", data)
        written.append(f"figures/{name}.{ext}")
    _last_png[fig] = rendered["png"]
    if caption:
        index = target / "captions.json"
        captions = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
        captions[name] = caption
        atomic_write_bytes(index, (json.dumps(dict(sorted(captions.items())), ensure_ascii=False, indent=1) + "\n")
                           .encode("utf-8"))
    return written


use_style()


def show_figure(fig, name: str, layout: Layout = DEFAULT, *, caption: str = "") -> None:
    """`save_figure`, then show the saved PNG in the notebook (scaled to the screen resolution) and close `fig`.

    The inline image is the file's own rendering, resampled from the saved resolution to ``figure.dpi``, so the figure
    is drawn once for the PNG and once for the SVG, not a third time for the notebook. Prints the saved paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File name without extension.
    layout : compare.core.paths.Layout, default DEFAULT
    caption : str, default ""
        As for `save_figure`.

    Returns
    -------
    None
        The saved paths are printed; nothing is displayed outside IPython.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> fig, ax = plt.subplots(figsize=(2, 1.5))
    >>> with mock.patch.dict(os.environ, {FIGURE_DIR_ENV: tempfile.mkdtemp()}):
    ...     show_figure(fig, "demo-bars")
    ['figures/demo-bars.png', 'figures/demo-bars.svg']
    >>> plt.fignum_exists(fig.number)
    False
    """
    paths = save_figure(fig, name, layout, caption=caption)
    print(paths)
    png = _last_png.pop(fig, None)
    plt.close(fig)
    try:
        from IPython import get_ipython
    except ImportError:                                  # pragma: no cover - IPython comes with the notebooks extra
        return
    if get_ipython() is None or png is None:
        return
    import io

    from IPython.display import Image, display
    from PIL import Image as PILImage

    saved_dpi = DRAFT_DPI if os.environ.get(FIGURE_DRAFT_ENV) == "1" else plt.rcParams["savefig.dpi"]
    scale = min(1.0, plt.rcParams["figure.dpi"] / saved_dpi)
    with PILImage.open(io.BytesIO(png)) as im:
        small = im.convert("RGB").resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))),
                                         PILImage.LANCZOS)
        out = io.BytesIO()
        small.quantize(256).save(out, format="png")      # a 256-colour palette keeps the notebooks small
    display(Image(data=out.getvalue(), format="png"))
