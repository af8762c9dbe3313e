"""Figure of the city × theme coverage: counts in every cell, colour only where the exact test supports a difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from compare.plots.style import CityStyle, plt

__all__ = ["plot_coverage"]


def plot_coverage(cov: pd.DataFrame, style: CityStyle, *, alpha: float = 0.05):
    """Heatmap of keyword hits per city and theme; a cell is coloured only when its Fisher test has q < `alpha`.

    Colour: adjusted standardized residual (red = the city uses the theme more than the other cities do, blue =
    less). Numbers: hits (and per 1,000 content tokens). Grey numbers: no supported difference.
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
    lim = max(3.0, float(np.nanmax(np.abs(R.to_numpy(dtype=float)))) if np.isfinite(R.to_numpy(dtype=float)).any() else 3.0)
    fig, ax = plt.subplots(figsize=(2.0 + 1.35 * len(cities), 0.4 * len(tids) + 2.2))
    im = ax.imshow(shown, cmap="RdBu_r", norm=TwoSlopeNorm(0, -lim, lim), aspect="auto")
    for i in range(len(tids)):
        for j in range(len(cities)):
            sup = bool(S.iat[i, j])
            ax.text(j, i, f"{int(H.iat[i, j])} ({F.iat[i, j]:.1f})", ha="center", va="center", fontsize=8,
                    color=("white" if sup and abs(R.iat[i, j]) > lim * 0.6 else "#111111") if sup else "#8a8a8a")
    ax.set_xticks(range(len(cities)), [style.label(c).replace(" ", "\n") for c in cities], fontsize=9)
    ax.set_yticks(range(len(tids)), [f"{t} {labels[t]}" for t in tids], fontsize=8)
    ax.set_xticks(np.arange(len(cities) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(tids) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#dddddd", lw=0.6)
    ax.tick_params(which="minor", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    fig.colorbar(im, ax=ax, shrink=0.6, label="adjusted standardized residual\n(coloured only where q < %.2f)" % alpha)
    t = cov.iloc[0]
    ax.set_title(f"テーマの偏り City × theme keyword hits: $\\chi^2$ = {t.chi2:.1f}, df = {int(t.dof)}, Monte Carlo p = "
                 f"{t.p_monte_carlo:.4f} ({int(t.draws):,} tables)\nnumbers: hits (per 1,000 tokens); colour: cells whose "
                 f"Fisher exact test has BH q < {alpha}", fontsize=10)
    return fig
