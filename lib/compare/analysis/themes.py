"""Theme tagging with the shared codebook, and city × theme coverage with tests that fit small counts.

Coverage counts keyword hits of *counted* tokens (first listings) in a comparison frame. The overall test of
independence of city and theme uses Pearson's χ² with a Monte Carlo p-value over tables with the observed margins
(Patefield 1981, `scipy.stats.random_table`, seeded), because many cells have small expected counts. Each cell
gets an exact test of "this city uses this theme more (or less) than the other cities do": Fisher's exact test
on the 2 × 2 table (theme / other themes × city / other cities; two-sided by doubling the tail on the observed side),
Benjamini–Hochberg across all cells of the table.
A cell is flagged (``supported``) only at q < 0.05; adjusted standardized residuals (Haberman 1973) give the
direction and size. Computing only: the figure is in `compare.plots.themes`.

References
----------
Patefield, W. M. (1981). An efficient method of generating random R × C tables with given row and column
  totals. Applied Statistics 30.
Haberman, S. J. (1973). The analysis of residuals in cross-classified tables. Biometrics 29.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from compare.core.settings import MAX_PAIRWISE_CITIES, RESAMPLING_SEED
from compare.io.schemas import THEME_COLUMNS

__all__ = [
    "ThemeConfig", "descendants", "tag_nodes", "coverage", "theme_vectors", "themes_stage",
]



@dataclass(frozen=True)
class ThemeConfig:
    """Parameters of the theme stage (recorded in build_config.json)."""

    views: tuple[str, ...] = ("whole", "subplans")
    draws: int = 9999
    #: Beyond this many cities the Monte Carlo test uses `draws_large` tables (p resolution 0.001): drawing 9,999
    #: tables of hundreds of rows costs more than the rest of the build.
    large_table_cities: int = MAX_PAIRWISE_CITIES
    draws_large: int = 999
    seed: int = RESAMPLING_SEED
    alpha: float = 0.05


def descendants(nodes: pd.DataFrame) -> dict[str, list[str]]:
    """Every node's descendants (children, grandchildren, …) in document order, without recursion.

    >>> d = descendants(pd.DataFrame({"node_id": ["a", "b", "c"], "parent_id": ["", "a", "b"]}))
    >>> d["a"], d["c"]
    (['b', 'c'], [])
    """
    children: dict[str, list[str]] = {}
    for nid, parent in zip(nodes.node_id, nodes.parent_id):
        if parent:
            children.setdefault(parent, []).append(nid)
    out: dict[str, list[str]] = {}
    for root in nodes.node_id:
        if root in out:
            continue
        # iterative post-order: a node's list is its children each followed by that child's list
        stack = [(root, False)]
        seen = {root}
        while stack:
            nid, done = stack.pop()
            if done:
                acc = []
                for ch in children.get(nid, []):
                    acc.append(ch)
                    acc.extend(out.get(ch, []))
                out[nid] = acc
                continue
            stack.append((nid, True))
            for ch in reversed(children.get(nid, [])):
                if ch not in out and ch not in seen:
                    seen.add(ch)
                    stack.append((ch, False))
    return out


def _keyword_index(codebook: pd.DataFrame) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for tid, kws in zip(codebook.theme_id, codebook.keywords):
        for k in kws:
            index.setdefault(k, []).append(tid)
    return index


def _hits(tokens: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Keyword hits of the tokens: one row per (node_id, city, theme_id, lemma) with the count ``n``."""
    index = _keyword_index(codebook)
    kw = pd.DataFrame([(k, t) for k, ts in index.items() for t in ts], columns=["lemma", "theme_id"])
    lemma = tokens.lemma.astype(str)
    sel = lemma.isin(kw.lemma).to_numpy()
    t = pd.DataFrame({"node_id": tokens.node_id.astype(str).to_numpy()[sel],
                      "city": tokens.city.astype(str).to_numpy()[sel],
                      "lemma": lemma.to_numpy()[sel]})
    t = t.merge(kw, on="lemma")
    return t.groupby(["node_id", "city", "theme_id", "lemma"], sort=False).size().rename("n").reset_index()


def _ancestor_pairs(nodes: pd.DataFrame) -> pd.DataFrame:
    """(ancestor, node) for every node and each of its ancestors, itself included; no recursion."""
    parent = dict(zip(nodes.node_id, nodes.parent_id))
    cur = pd.Series(nodes.node_id.to_numpy(), index=nodes.node_id.to_numpy())
    frames = [pd.DataFrame({"ancestor": cur.to_numpy(), "node_id": cur.index})]
    for _ in range(len(nodes)):
        cur = cur.map(parent).dropna()
        cur = cur[cur != ""]
        if cur.empty:
            break
        frames.append(pd.DataFrame({"ancestor": cur.to_numpy(), "node_id": cur.index}))
    return pd.concat(frames, ignore_index=True)


def tag_nodes(nodes: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Themes of every node: keyword matches in its own text plus those of its descendants.

    A node *describes* its content here, so every listing of a programme counts under the section that prints it
    (a Sendai 施策 includes the programmes it re-lists); counts of the corpus use `coverage` instead.
    `score = own_score + descendant_score`; `matched_terms` lists lemma×count, most frequent first.
    """
    hits = _hits(tokens, codebook)
    if hits.empty:
        return pd.DataFrame(columns=list(THEME_COLUMNS))
    m = _ancestor_pairs(nodes).merge(hits, on="node_id")
    m["own"] = np.where(m.ancestor == m.node_id, m.n, 0)
    per_term = m.groupby(["ancestor", "theme_id", "lemma"], sort=False).n.sum().reset_index()
    per_term = per_term.sort_values(["ancestor", "theme_id", "n", "lemma"], ascending=[True, True, False, True])
    per_term["s"] = per_term.lemma + "×" + per_term.n.astype(str)
    anc, th = per_term.ancestor.to_numpy(), per_term.theme_id.to_numpy()
    starts = np.flatnonzero(np.r_[True, (anc[1:] != anc[:-1]) | (th[1:] != th[:-1])])  # groups are contiguous
    texts = per_term.s.tolist()
    terms = pd.Series([";".join(texts[a:b]) for a, b in zip(starts, np.r_[starts[1:], len(texts)])],
                      index=pd.MultiIndex.from_arrays([anc[starts], th[starts]], names=["ancestor", "theme_id"]),
                      name="s")
    score = m.groupby(["ancestor", "theme_id"], sort=False).agg(score=("n", "sum"), own_score=("own", "sum"))
    out = score.join(terms).reset_index().rename(columns={"ancestor": "node_id", "s": "matched_terms"})
    out["descendant_score"] = out.score - out.own_score
    info = nodes.set_index("node_id")
    out["city"], out["level"] = out.node_id.map(info.city), out.node_id.map(info.level)
    node_pos = {n: i for i, n in enumerate(nodes.node_id)}
    theme_pos = {t: i for i, t in enumerate(codebook.theme_id)}
    out = out.iloc[np.lexsort((out.theme_id.map(theme_pos).to_numpy(), out.node_id.map(node_pos).to_numpy()))]
    return out[list(THEME_COLUMNS)].astype({"score": int, "own_score": int,
                                            "descendant_score": int}).reset_index(drop=True)


def theme_vectors(themes: pd.DataFrame, node_ids, theme_ids) -> np.ndarray:
    """Matrix (nodes × themes) of log1p(score): a node's theme profile for cosine similarity."""
    pivot = themes.pivot_table(index="node_id", columns="theme_id", values="score", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(index=list(node_ids), columns=list(theme_ids), fill_value=0)
    return np.log1p(pivot.to_numpy(dtype=float))


def _cell_tests(obs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fisher's exact p of every cell against the rest of its row and column (two-sided: the observed side's tail
    doubled), and Benjamini–Hochberg q across all cells."""
    from compare.analysis.stats import hypergeom_tail

    n, rows, cols = obs.sum(), obs.sum(axis=1, keepdims=True), obs.sum(axis=0, keepdims=True)
    rows, cols = np.broadcast_to(rows, obs.shape), np.broadcast_to(cols, obs.shape)
    over = obs * n >= rows * cols
    tail = np.where(over, hypergeom_tail(obs, cols, rows, n, upper=True),
                    hypergeom_tail(obs, cols, rows, n, upper=False))
    p = np.minimum(1.0, 2 * tail)
    q = stats.false_discovery_control(p.ravel()).reshape(p.shape) if p.size else p
    return p, q


def _monte_carlo_chi2(obs: np.ndarray, expected: np.ndarray, draws: int, seed: int, chunk: int = 500) -> float:
    """P(χ² ≥ observed) over random tables with the observed margins: (1 + hits) / (1 + draws); drawn in chunks."""
    stat = ((obs - expected) ** 2 / expected).sum()
    rng = np.random.default_rng(seed)
    sampler = stats.random_table(obs.sum(axis=1).astype(int), obs.sum(axis=0).astype(int))
    hits, done = 0, 0
    while done < draws:
        k = min(chunk, draws - done)
        tables = sampler.rvs(size=k, random_state=rng)
        hits += int(np.sum(((tables - expected) ** 2 / expected).sum(axis=(1, 2)) >= stat - 1e-9))
        done += k
    return float((1 + hits) / (1 + draws))


def coverage(tokens: pd.DataFrame, codebook: pd.DataFrame, cities: list[str], *, config: ThemeConfig = ThemeConfig()):
    """City × theme keyword hits of already selected tokens, with the overall and per-cell tests.

    Returns (long table with `COVERAGE_COLUMNS` except ``view``; dict with χ², dof, asymptotic and Monte Carlo p, n).
    Cities with no hit and themes no city uses are left out of the tests (hits 0, no p-value).
    """
    hits = _hits(tokens, codebook)
    counts: Counter = Counter()
    for (city, tid), n in hits.groupby(["city", "theme_id"]).n.sum().items():
        counts[(city, tid)] = int(n)
    tids = [tid for tid in codebook.theme_id if any(counts[(c, tid)] for c in cities)]
    tested = [c for c in cities if any(counts[(c, tid)] for tid in tids)]
    obs = np.array([[counts[(c, tid)] for tid in tids] for c in tested], dtype=float).reshape(len(tested), len(tids))
    test = {"chi2": float("nan"), "dof": 0, "p_value": float("nan"), "p_monte_carlo": float("nan"),
            "draws": config.draws, "n": int(obs.sum())}
    expected = resid = p_cell = q_cell = np.full(obs.shape, np.nan)
    if obs.shape[0] >= 2 and obs.shape[1] >= 2:
        chi2, p, dof, expected = stats.chi2_contingency(obs, correction=False)
        n = obs.sum()
        rs, cs = obs.sum(axis=1, keepdims=True) / n, obs.sum(axis=0, keepdims=True) / n
        resid = (obs - expected) / np.sqrt(expected * (1 - rs) * (1 - cs))
        p_cell, q_cell = _cell_tests(obs)
        draws = config.draws if obs.shape[0] <= config.large_table_cities else config.draws_large
        test.update(chi2=round(float(chi2), 3), dof=int(dof), p_value=float(p), draws=draws,
                    p_monte_carlo=_monte_carlo_chi2(obs, expected, draws, config.seed))
    sizes = tokens.groupby(tokens.city.astype(str)).size()
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    rows = []
    for c in cities:
        i = tested.index(c) if c in tested else None
        for j, tid in enumerate(tids):
            hits = counts[(c, tid)]
            get = (lambda m: round(float(m[i, j]), 4)) if i is not None else (lambda m: float("nan"))
            q = float(q_cell[i, j]) if i is not None else float("nan")
            rows.append({"city": c, "theme_id": tid, "label_ja": labels[tid], "hits": int(hits),
                         "per_1000": round(1000 * hits / sizes[c], 3) if sizes.get(c) else 0.0,
                         "expected": get(expected), "residual": get(resid),
                         "p_cell": float(p_cell[i, j]) if i is not None else float("nan"), "q_cell": q,
                         "supported": bool(q < config.alpha) if q == q else False})
    return pd.DataFrame(rows), test


def node_themes(nodes: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame, cities=None) -> pd.DataFrame:
    """The rows of ``themes.csv``: `tag_nodes` over the content tokens; with `cities`, for those cities only.

    A node's themes come from its own city's text (its own and its descendants'), so the rows of a subset of
    cities equal the whole table's rows for them; the alignment stage uses that to start without the themes stage.
    """
    if cities is not None:
        nodes = nodes[nodes.city.isin(list(cities))]
        tokens = tokens[tokens.city.isin(list(cities)).to_numpy(dtype=bool)]
    content = tokens[tokens.content.to_numpy(dtype=bool)]
    return tag_nodes(nodes, content.assign(node_id=lambda d: d.node_id.astype(str),
                                           lemma=lambda d: d.lemma.astype(str)),
                     codebook)


def themes_stage(inputs: dict, config: ThemeConfig, *, text=None) -> dict:
    """Build stage: themes.csv (every node's themes) and theme_coverage.csv (one table per frame)."""
    from compare.analysis.frames import select_frame

    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    cities = list(dict.fromkeys(nodes.city))
    tagged = node_themes(nodes, tokens, codebook)
    frames = []
    for view in config.views:
        cov, test = coverage(select_frame(tokens, view), codebook, cities, config=config)
        frames.append(cov.assign(view=view, **test))
    return {"themes.csv": tagged, "theme_coverage.csv": pd.concat(frames, ignore_index=True)}
