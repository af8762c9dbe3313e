"""Figure of the city × theme coverage: counts in every cell, colour only where the exact test supports a difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from compare.plots.style import CityStyle, plt

__all__ = ["plot_coverage"]


def plot_coverage(cov: pd.DataFrame, style: CityStyle, *, alpha: float = 0.05, glosses: dict | None = None):
    """Heatmap of keyword hits per city and theme; a cell is coloured only when its Fisher test has q < `alpha`.

    Colour: adjusted standardized residual (red = the city uses the theme more than the other cities do, blue =
    less). Numbers: hits (and per 1,000 content tokens). Grey numbers: no supported difference.

    Parameters
    ----------
    cov : pandas.DataFrame
        One row per city and theme, shaped like one ``view`` of ``theme_coverage.csv``: ``city``, ``theme_id``,
        ``label_ja``, ``hits``, ``per_1000``, ``residual``, ``supported`` (the cell's q < `alpha`), and the
        whole table's test, repeated on every row: ``chi2``, ``dof``, ``p_monte_carlo`` and ``draws`` (the title
        reads them from the first row). Themes are drawn in their order of appearance.
    style : CityStyle
        City labels and order.
    alpha : float, default 0.05
        The q threshold named in the colour bar and the title (which cells are coloured is given by
        ``supported``).

    glosses : dict of str to str, optional
        Theme id → its English gloss (``gloss_en`` of the codebook), written under the Japanese label.
    Returns
    -------
    matplotlib.figure.Figure
        The heatmap axes and its colour bar's axes.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> cov = pd.DataFrame({"city": ["sendai", "sagamihara"] * 2, "theme_id": ["T01", "T01", "T02", "T02"],
    ...                     "label_ja": ["包括的相談支援"] * 2 + ["参加支援"] * 2, "hits": [83, 20, 25, 30],
    ...                     "per_1000": [18.2, 15.6, 5.5, 23.4], "residual": [-0.3, 0.3, -4.2, 4.2],
    ...                     "supported": [False, False, True, True], "chi2": 19.5, "dof": 1, "p_monte_carlo": 0.0001,
    ...                     "draws": 9999})
    >>> fig = plot_coverage(cov, style)
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.texts]
    ['83 (18.2)', '20 (15.6)', '25 (5.5)', '30 (23.4)']
    >>> [t.get_color() for t in ax.texts]           # dark grey: no supported difference
    ['#555555', '#555555', 'white', 'white']
    >>> plt.close(fig)
    """
    cities = style.order(cov.city.unique())
    tids = list(dict.fromkeys(cov.theme_id))
    R = cov.pivot(index="theme_id", columns="city", values="residual").reindex(index=tids, columns=cities)
    H = cov.pivot(index="theme_id", columns="city", values="hits").reindex(index=tids, columns=cities)
    F = cov.pivot(index="theme_id", columns="city", values="per_1000").reindex(index=tids, columns=cities)
    S = cov.pivot(index="theme_id", columns="city", values="supported").reindex(index=tids, columns=cities)
    S = S.fillna(False).astype(bool)
    labels = cov.drop_duplicates("theme_id").set_index("theme_id").label_ja.reindex(tids)
    shown = np.where(S.to_numpy(), R.to_numpy(dtype=float), np.nan)
    lim = max(3.0, float(np.nanmax(np.abs(R.to_numpy(dtype=float))))
              if np.isfinite(R.to_numpy(dtype=float)).any() else 3.0)
    fig, ax = plt.subplots(figsize=(2.0 + 1.35 * len(cities), 0.4 * len(tids) + 2.2))
    im = ax.imshow(shown, cmap="RdBu_r", norm=TwoSlopeNorm(0, -lim, lim), aspect="auto")
    for i in range(len(tids)):
        for j in range(len(cities)):
            sup = bool(S.iat[i, j])
            ax.text(j, i, f"{int(H.iat[i, j])} ({F.iat[i, j]:.1f})", ha="center", va="center", fontsize=8,
                    color=("white" if sup and abs(R.iat[i, j]) > lim * 0.6 else "#111111") if sup else "#555555")
    ax.set_xticks(range(len(cities)), [style.label(c).replace(" ", "\n") for c in cities], fontsize=9)
    ax.set_yticks(range(len(tids)), [f"{t} {labels[t]}" + (f"\n{glosses[t]}" if t in (glosses or {}) else "")
                                     for t in tids], fontsize=8)
    ax.set_xticks(np.arange(len(cities) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(tids) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#dddddd", lw=0.6)
    ax.tick_params(which="minor", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    fig.colorbar(im, ax=ax, shrink=0.6, label="adjusted standardized residual\n(coloured only where q < %.2f)" % alpha)
    if not S.to_numpy().any():                      # nothing coloured: say so, so the key is not read as a result
        ax.text(0.5, -0.6 / max(1, len(tids)) - 0.02, f"no cell reaches q < {alpha} — 有意な偏りなし",
                ha="center", va="top", transform=ax.transAxes, fontsize=9, color="#8a4b00")
    t = cov.iloc[0]
    floor = 1 / (int(t.draws) + 1)
    p_text = f"p ≤ {floor:.2g}" if t.p_monte_carlo <= floor + 1e-12 else f"p = {t.p_monte_carlo:.4f}"
    ax.set_title(f"テーマの偏り City × theme: elements χ² = {t.chi2:.1f}, df = {int(t.dof)}, "
                 f"permutation {p_text} ({int(t.draws):,} shufflings)\n"
                 "numbers: keyword hits (per 1,000 tokens); colour: cells whose element-level "
                 f"Fisher test has BH q < {alpha}", fontsize=10)
    return fig
