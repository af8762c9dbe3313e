"""Theme tagging with the shared codebook, and city × theme coverage with a chi-square test."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats

from .errors import InputError
from .figures import city_label, city_order, plt
from .paths import DEFAULT, Layout
from .tables import csv_bytes, read_commented_csv

__all__ = [
    "load_codebook", "descendants", "tag_nodes", "coverage", "theme_vectors", "plot_coverage", "themes_stage",
    "THEME_COLUMNS",
]

THEME_COLUMNS = ("node_id", "city", "level", "theme_id", "score", "own_score", "descendant_score", "matched_terms")


def load_codebook(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/codebook.csv with `keywords` as a list; checks ids are unique and keywords non-empty.

    >>> cb = load_codebook()
    >>> len(cb), cb.loc[cb.theme_id == "T05", "label_ja"].item()
    (18, '見守り・支え合い')
    """
    path = layout.reference / "codebook.csv"
    rows = read_commented_csv(path)
    seen = set()
    for r in rows:
        if r["theme_id"] in seen:
            raise InputError(path, r["_line"], f"duplicate theme_id {r['theme_id']!r}")
        seen.add(r["theme_id"])
        r["keywords"] = [k.strip() for k in r["keywords"].split("|") if k.strip()]
        if not r["keywords"]:
            raise InputError(path, r["_line"], "expected at least one keyword")
    return pd.DataFrame(rows).drop(columns="_line")


def descendants(nodes: pd.DataFrame) -> dict[str, list[str]]:
    """Every node's descendants (children, grandchildren, …) in document order.

    >>> d = descendants(pd.DataFrame({"node_id": ["a", "b", "c"], "parent_id": ["", "a", "b"]}))
    >>> d["a"], d["c"]
    (['b', 'c'], [])
    """
    children: dict[str, list[str]] = {}
    for nid, parent in zip(nodes.node_id, nodes.parent_id):
        if parent:
            children.setdefault(parent, []).append(nid)
    out: dict[str, list[str]] = {}

    def walk(nid: str) -> list[str]:
        if nid not in out:
            acc = []
            for ch in children.get(nid, []):
                acc.append(ch)
                acc.extend(walk(ch))
            out[nid] = acc
        return out[nid]

    for nid in nodes.node_id:
        walk(nid)
    return out


def _own_matches(tokens: pd.DataFrame, codebook: pd.DataFrame) -> dict[str, dict[str, Counter]]:
    """node_id → theme_id → Counter of matched lemmas, from the node's own title and body."""
    index: dict[str, list[str]] = {}
    for tid, kws in zip(codebook.theme_id, codebook.keywords):
        for k in kws:
            index.setdefault(k, []).append(tid)
    hits = tokens[tokens.lemma.isin(index)]
    out: dict[str, dict[str, Counter]] = {}
    for nid, lemma in zip(hits.node_id, hits.lemma):
        for tid in index[lemma]:
            out.setdefault(nid, {}).setdefault(tid, Counter())[lemma] += 1
    return out


def tag_nodes(nodes: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Themes of every node: keyword matches in its own text plus those of its descendants.

    `score = own_score + descendant_score`; `matched_terms` lists lemma×count, most frequent first. A node may
    carry several themes; nodes without any match have no row.
    """
    own = _own_matches(tokens, codebook)
    desc = descendants(nodes)
    rows = []
    order = list(codebook.theme_id)
    for n in nodes.itertuples(index=False):
        mine = own.get(n.node_id, {})
        below: dict[str, Counter] = {}
        for d in desc[n.node_id]:
            for tid, c in own.get(d, {}).items():
                below.setdefault(tid, Counter()).update(c)
        for tid in order:
            a, b = mine.get(tid, Counter()), below.get(tid, Counter())
            if not a and not b:
                continue
            both = a + b
            terms = ";".join(f"{t}×{k}" for t, k in sorted(both.items(), key=lambda kv: (-kv[1], kv[0])))
            rows.append((n.node_id, n.city, n.level, tid, sum(both.values()), sum(a.values()), sum(b.values()), terms))
    return pd.DataFrame(rows, columns=list(THEME_COLUMNS))


def theme_vectors(themes: pd.DataFrame, node_ids, theme_ids) -> np.ndarray:
    """Matrix (nodes × themes) of log1p(score): a node's theme profile for cosine similarity."""
    pivot = themes.pivot_table(index="node_id", columns="theme_id", values="score", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(index=list(node_ids), columns=list(theme_ids), fill_value=0)
    return np.log1p(pivot.to_numpy(dtype=float))


def coverage(tokens: pd.DataFrame, codebook: pd.DataFrame, *, levels=("vision", "goal", "policy", "action")):
    """City × theme keyword hits at comparable levels, with a χ² test of independence and adjusted residuals.

    Returns (long table: city, theme_id, label_ja, hits, per_1000, expected, residual; dict with χ², dof, p, n).
    Adjusted standardized residuals (Haberman 1973): |r| > 1.96 marks a cell the city over- (+) or
    under-covers (−) relative to independence.
    """
    t = tokens[tokens.level.isin(levels)]
    own = _own_matches(t, codebook)
    city_of = dict(zip(t.node_id, t.city))
    counts = Counter()
    for nid, by_theme in own.items():
        for tid, c in by_theme.items():
            counts[(city_of[nid], tid)] += sum(c.values())
    cities = city_order(t.city.unique())
    tids = [tid for tid in codebook.theme_id if any(counts[(c, tid)] for c in cities)]
    obs = np.array([[counts[(c, tid)] for tid in tids] for c in cities], dtype=float)
    chi2, p, dof, expected = stats.chi2_contingency(obs)
    n = obs.sum()
    rs, cs = obs.sum(axis=1, keepdims=True) / n, obs.sum(axis=0, keepdims=True) / n
    resid = (obs - expected) / np.sqrt(expected * (1 - rs) * (1 - cs))
    sizes = t[t.content].groupby("city").size()
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    rows = []
    for i, c in enumerate(cities):
        for j, tid in enumerate(tids):
            rows.append({"city": c, "theme_id": tid, "label_ja": labels[tid], "hits": int(obs[i, j]),
                         "per_1000": round(1000 * obs[i, j] / sizes[c], 3), "expected": round(float(expected[i, j]), 3),
                         "residual": round(float(resid[i, j]), 3)})
    return pd.DataFrame(rows), {"chi2": round(float(chi2), 3), "dof": int(dof), "p_value": float(p), "n": int(n)}


def plot_coverage(cov: pd.DataFrame, test: dict):
    """Heatmap of adjusted residuals (colour) with keyword hits per 1,000 content tokens (numbers)."""
    cities = city_order(cov.city.unique())
    tids = list(dict.fromkeys(cov.theme_id))
    R = cov.pivot(index="theme_id", columns="city", values="residual").loc[tids, cities]
    F = cov.pivot(index="theme_id", columns="city", values="per_1000").loc[tids, cities]
    labels = cov.drop_duplicates("theme_id").set_index("theme_id").label_ja.loc[tids]
    fig, ax = plt.subplots(figsize=(6.5, 0.36 * len(tids) + 1.8))
    lim = max(3.0, float(np.abs(R.to_numpy()).max()))
    im = ax.imshow(R.to_numpy(), cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto")
    for i in range(len(tids)):
        for j in range(len(cities)):
            r = R.iat[i, j]
            ax.text(j, i, f"{F.iat[i, j]:.1f}" + ("*" if abs(r) > 1.96 else ""), ha="center", va="center",
                    fontsize=8, color="white" if abs(r) > lim * 0.6 else "#222")
    ax.set_xticks(range(len(cities)), [city_label(c).replace(" ", "\n") for c in cities])
    ax.set_yticks(range(len(tids)), [f"{t} {labels[t]}" for t in tids], fontsize=8)
    fig.colorbar(im, ax=ax, label="adjusted residual (+ over, − under)", shrink=0.6)
    ax.set_title(f"テーマの偏り City × theme coverage\nχ² = {test['chi2']:.1f}, df = {test['dof']}, "
                 f"p = {test['p_value']:.2g}; numbers: hits per 1,000 tokens (* |r| > 1.96)", fontsize=10)
    return fig


def themes_stage(layout: Layout, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """Build stage: themes.csv (every node's themes) and theme_coverage.csv."""
    nodes = pd.read_csv(io.BytesIO(outputs["nodes.csv"]), dtype=str, keep_default_na=False)
    tokens = pd.read_csv(io.BytesIO(outputs["tokens.csv"]), dtype=str, keep_default_na=False)
    tokens["content"] = tokens["content"].eq("true")
    codebook = load_codebook(layout)
    tagged = tag_nodes(nodes, tokens, codebook)
    cov, test = coverage(tokens, codebook)
    cov = cov.assign(chi2=test["chi2"], dof=test["dof"], p_value=test["p_value"])
    return {
        "themes.csv": csv_bytes(tagged.to_dict("records"), THEME_COLUMNS),
        "theme_coverage.csv": csv_bytes(cov.to_dict("records"), list(cov.columns)),
    }
