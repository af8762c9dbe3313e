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

import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from compare.core.settings import MAX_PAIRWISE_CITIES, RESAMPLING_SEED, rng
from compare.io.schemas import CALIBRATION_COLUMNS, THEME_COLUMNS, VALIDATION_COLUMNS

__all__ = [
    "ThemeConfig", "descendants", "tag_nodes", "coverage", "theme_vectors", "themes_stage",
]



@dataclass(frozen=True)
class ThemeConfig:
    """Parameters of the theme stage (recorded in build_config.json)."""

    views: tuple[str, ...] = ("plan", "whole", "subplans")
    draws: int = 9999
    #: Beyond this many cities the Monte Carlo test uses `draws_large` tables (p resolution 0.001): drawing 9,999
    #: tables of hundreds of rows costs more than the rest of the build.
    large_table_cities: int = MAX_PAIRWISE_CITIES
    draws_large: int = 999
    seed: int = RESAMPLING_SEED
    alpha: float = 0.05
    calibration_splits: int = 100
    calibration_min_elements: int = 20
    bootstrap_draws: int = 2000


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

    A node is described by its own text and its descendants'; which tokens count (first listings only, or every
    listing) is decided by the caller (`node_themes`); counts of the corpus use `coverage` instead.
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


def _permutation_chi2(M: np.ndarray, labels: np.ndarray, n_cities: int, draws: int, seed: int,
                      chunk: int = 250) -> tuple[float, float]:
    """χ² of the city × theme table of element incidences, and its permutation p: city labels shuffled among the
    elements (each element keeps its set of themes, each city its number of elements); (1 + hits) / (1 + draws)."""
    def chi2(tables: np.ndarray) -> np.ndarray:
        n = tables.sum(axis=(-2, -1), keepdims=True)
        e = tables.sum(axis=-1, keepdims=True) * tables.sum(axis=-2, keepdims=True) / n
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(e > 0, (tables - e) ** 2 / e, 0.0).sum(axis=(-2, -1))

    onehot = np.eye(n_cities)[labels]                         # elements × cities
    stat = float(chi2(onehot.T @ M))
    gen = rng(seed)
    hits, done = 0, 0
    while done < draws:
        k = min(chunk, draws - done)
        perm = np.stack([gen.permutation(labels) for _ in range(k)])          # k × elements
        tables = np.einsum("kec,et->kct", np.eye(n_cities)[perm], M)
        hits += int(np.sum(chi2(tables) >= stat - 1e-9))
        done += k
    return stat, float((1 + hits) / (1 + draws))


def coverage(tokens: pd.DataFrame, codebook: pd.DataFrame, cities: list[str], *, config: ThemeConfig = ThemeConfig()):
    """City × theme coverage of already selected tokens, with the overall and per-cell tests — the plan element is
    the unit: an element counts once for a theme however many of the theme's keywords it uses.
    ``rate_difference`` is the effect size beside every q: the share of the city's elements with the theme minus
    the other cities' share, with a 95 % element-bootstrap interval (``rate_difference_low``/``_high``).

    ``hits`` (keyword tokens) and ``per_1000`` describe; the tests count elements. Per cell, Fisher's exact test of
    the city's elements mentioning the theme against the other cities' (two-sided: the observed tail doubled), BH
    across the cells (``q_cell``; ``supported`` = q_cell < `config.alpha`). Overall, χ² of the city × theme table of
    element incidences with a permutation p: city labels shuffled among the elements (`config.draws` times).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of one frame (``node_id``, ``city``, ``lemma``).
    codebook : pandas.DataFrame
        The codebook (`compare.io.reference.load_codebook`).
    cities : list of str
    config : ThemeConfig

    Returns
    -------
    table : pandas.DataFrame
        `COVERAGE_COLUMNS` except ``view`` and the overall test's columns.
    test : dict
        chi2, dof, p_value (asymptotic, descriptive), p_monte_carlo (the permutation p), draws, n (elements).

    Examples
    --------
    >>> from compare.analysis.frames import select_frame
    >>> from compare.io import datasets as ds
    >>> from compare.io.reference import load_codebook
    >>> cov, test = coverage(select_frame(ds.load_tokens(), "plan"), load_codebook(), list(ds.load_cities().city),
    ...                      config=ThemeConfig(draws=99))
    >>> bool((cov.elements_with_theme <= cov.elements).all()), 0 < test["p_monte_carlo"] <= 1
    (True, True)
    """
    from compare.analysis.stats import fisher_two_sided

    hits = _hits(tokens, codebook)
    counts: Counter = Counter()
    for (city, tid), n in hits.groupby(["city", "theme_id"]).n.sum().items():
        counts[(city, tid)] = int(n)
    node_city = tokens.drop_duplicates("node_id")[["node_id", "city"]].astype(str)
    node_city = node_city[node_city.city.isin(cities)].sort_values("node_id")
    elements = node_city.groupby("city").size().reindex(cities, fill_value=0)
    tids = [tid for tid in codebook.theme_id if any(counts[(c, tid)] for c in cities)]
    inc = (hits[hits.theme_id.isin(tids)].drop_duplicates(["node_id", "theme_id"])
           .assign(one=1).pivot_table(index="node_id", columns="theme_id", values="one", aggfunc="max", fill_value=0)
           .reindex(index=node_city.node_id, columns=tids, fill_value=0))
    M = inc.to_numpy(dtype=float)
    tested = [c for c in cities if elements[c] > 0 and any(counts[(c, tid)] for tid in tids)]
    keep = node_city.city.isin(tested).to_numpy()
    labels = np.array([tested.index(c) for c in node_city.city[keep]], dtype=np.int64)
    obs = (np.eye(len(tested))[labels].T @ M[keep]) if len(tested) else np.zeros((0, len(tids)))
    test = {"chi2": float("nan"), "dof": 0, "p_value": float("nan"), "p_monte_carlo": float("nan"),
            "draws": config.draws, "n": int(keep.sum())}
    expected = resid = p_cell = q_cell = diff = diff_lo = diff_hi = np.full(obs.shape, np.nan)
    if obs.shape[0] >= 2 and obs.shape[1] >= 2:
        n_el = np.array([elements[c] for c in tested], dtype=float)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = obs.sum(axis=0, keepdims=True) / n_el.sum()
            expected = n_el * rate                                  # elements expected to mention the theme
            resid = (obs - expected) / np.sqrt(expected * (1 - rate) * (1 - n_el / n_el.sum()))
        na, nt = obs, np.broadcast_to(n_el, obs.shape)
        nb, nr = obs.sum(axis=0, keepdims=True) - obs, n_el.sum() - nt
        p_cell = fisher_two_sided(na, nb, nt, nr)
        q_cell = stats.false_discovery_control(p_cell.ravel()).reshape(p_cell.shape)
        # effect size: share of the city's elements with the theme minus the other cities' share, with a 95 %
        # element-bootstrap interval (resampling 0/1 element incidences within a group is binomial)
        gen = rng(config.seed ^ zlib.crc32(b"theme rate difference"))
        n_a, n_r = np.broadcast_to(n_el, obs.shape), n_el.sum() - np.broadcast_to(n_el, obs.shape)
        p_a, p_r = obs / n_a, nb / np.where(n_r > 0, n_r, 1)
        boot = (gen.binomial(n_a.astype(int), p_a, size=(config.bootstrap_draws, *obs.shape)) / n_a
                - gen.binomial(n_r.astype(int), p_r, size=(config.bootstrap_draws, *obs.shape))
                / np.where(n_r > 0, n_r, 1))
        diff, diff_lo, diff_hi = p_a - p_r, np.quantile(boot, 0.025, axis=0), np.quantile(boot, 0.975, axis=0)
        draws = config.draws if obs.shape[0] <= config.large_table_cities else config.draws_large
        dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)
        chi2, p_mc = _permutation_chi2(M[keep], labels, len(tested), draws, config.seed)
        test.update(chi2=round(chi2, 3), dof=int(dof), p_value=float(stats.chi2.sf(chi2, dof)), draws=draws,
                    p_monte_carlo=p_mc)
    sizes = tokens.groupby(tokens.city.astype(str)).size()
    labels_ja = dict(zip(codebook.theme_id, codebook.label_ja))
    rows = []
    for c in cities:
        i = tested.index(c) if c in tested else None
        for j, tid in enumerate(tids):
            n_hits = counts[(c, tid)]
            get = (lambda m: round(float(m[i, j]), 4)) if i is not None else (lambda m: float("nan"))
            q = float(q_cell[i, j]) if i is not None else float("nan")
            rows.append({"city": c, "theme_id": tid, "label_ja": labels_ja[tid], "hits": int(n_hits),
                         "per_1000": round(1000 * n_hits / sizes[c], 3) if sizes.get(c) else 0.0,
                         "expected": get(expected), "residual": get(resid),
                         "p_cell": float(p_cell[i, j]) if i is not None else float("nan"), "q_cell": q,
                         "supported": bool(q < config.alpha) if q == q else False,
                         "elements": int(elements[c]),
                         "elements_with_theme": int(obs[i, j]) if i is not None else 0,
                         "rate_difference": get(diff), "rate_difference_low": get(diff_lo),
                         "rate_difference_high": get(diff_hi)})
    return pd.DataFrame(rows), test


def split_half_null(tokens: pd.DataFrame, codebook: pd.DataFrame, cities: list[str],
                    config: ThemeConfig = ThemeConfig(), *, view: str = "plan") -> pd.DataFrame:
    """False-positive rate of the per-cell test of `coverage` on random halves of one city's elements.

    Every city with at least `config.calibration_min_elements` elements in the frame is split
    `config.calibration_splits` times into two pseudo-cities, and each half's cells are tested as `coverage` tests
    them (Fisher's exact test of elements mentioning the theme, BH across the cells).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of one frame.
    codebook : pandas.DataFrame
    cities : list of str
    config : ThemeConfig
    view : str
        The frame's name, copied into the ``view`` column.

    Returns
    -------
    pandas.DataFrame
        `compare.io.schemas.CALIBRATION_COLUMNS` with ``test`` = ``cell``.

    Examples
    --------
    >>> from compare.analysis.frames import select_frame
    >>> from compare.io import datasets as ds
    >>> from compare.io.reference import load_codebook
    >>> cal = split_half_null(select_frame(ds.load_tokens(), "plan"), load_codebook(), list(ds.load_cities().city))
    >>> bool((cal.false_positive_rate <= 0.05).all())
    True
    """
    from compare.analysis.stats import bh, fisher_two_sided

    hits = _hits(tokens, codebook)
    rows = []
    for city in cities:
        elements = np.array(sorted(set(tokens.node_id[tokens.city.astype(str) == city].astype(str))))
        n = len(elements)
        h = hits[hits.city == city]
        if n < config.calibration_min_elements or h.empty:
            continue
        M = (h.drop_duplicates(["node_id", "theme_id"]).assign(one=1.0)
             .pivot_table(index="node_id", columns="theme_id", values="one", aggfunc="max", fill_value=0.0)
             .reindex(index=elements, fill_value=0.0).to_numpy())
        gen = rng(config.seed ^ zlib.crc32(f"split-half themes {view} {city}".encode()))
        G = np.zeros((config.calibration_splits, n))
        for s_ in range(config.calibration_splits):
            G[s_, gen.permutation(n)[: n // 2]] = 1.0
        o1, o2 = G @ M, (1.0 - G) @ M
        n1, n2 = G.sum(axis=1, keepdims=True), (1.0 - G).sum(axis=1, keepdims=True)
        p1 = fisher_two_sided(o1, o2, np.broadcast_to(n1, o1.shape), np.broadcast_to(n2, o1.shape))
        p2 = fisher_two_sided(o2, o1, np.broadcast_to(n2, o1.shape), np.broadcast_to(n1, o1.shape))
        p = np.concatenate([p1, p2], axis=1)                          # the cells of both pseudo-cities
        fpr = (p < config.alpha).mean(axis=1)
        disc = (bh(p.T) < config.alpha).sum(axis=0)
        rows.append({"view": view, "city": city, "test": "cell", "elements": n, "splits": len(fpr),
                     "tests": int(p.size), "false_positive_rate": round(float(fpr.mean()), 4),
                     "fpr_se": round(float(fpr.std(ddof=1) / np.sqrt(len(fpr))), 4),
                     "splits_with_discovery": int((disc > 0).sum()), "discoveries": int(disc.sum())})
    return pd.DataFrame(rows, columns=list(CALIBRATION_COLUMNS))


def rule_incidence(tokens: pd.DataFrame, codebook: pd.DataFrame, node_ids) -> pd.DataFrame:
    """Which themes the codebook's rules give each element from its own counted text (title and body).

    Parameters
    ----------
    tokens : pandas.DataFrame
        tokens.csv; content words of counted text are read, as `coverage` reads them.
    codebook : pandas.DataFrame
    node_ids : iterable of str

    Returns
    -------
    pandas.DataFrame
        node_id, theme_id, rule (0/1) and ``lemmas`` (the keywords found, ``|``-joined) for every element × theme.

    Examples
    --------
    >>> t = pd.DataFrame({"node_id": ["n1", "n1"], "city": ["a", "a"], "lemma": ["相談", "窓口"], "level": "goal",
    ...                   "part": "main", "field": "body", "content": True, "counted": True})
    >>> cb = pd.DataFrame({"theme_id": ["T01", "T02"], "keywords": [["相談", "窓口"], ["参加"]]})
    >>> rule_incidence(t, cb, ["n1"])[["theme_id", "rule", "lemmas"]].values.tolist()
    [['T01', 1, '相談|窓口'], ['T02', 0, '']]
    """
    from compare.analysis.frames import select_frame

    ids = [str(n) for n in node_ids]
    t = select_frame(tokens, "whole")
    hits = _hits(t[t.node_id.astype(str).isin(ids).to_numpy()], codebook)
    found = hits.groupby(["node_id", "theme_id"]).lemma.agg(lambda s: "|".join(sorted(set(s))))
    grid = pd.MultiIndex.from_product([ids, list(codebook.theme_id)], names=["node_id", "theme_id"])
    lemmas = found.reindex(grid, fill_value="")
    return pd.DataFrame({"node_id": grid.get_level_values(0), "theme_id": grid.get_level_values(1),
                         "rule": (lemmas != "").astype(int).to_numpy(), "lemmas": lemmas.to_numpy()})


def _wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=0.95, method="wilson")
    return round(float(ci.low), 4), round(float(ci.high), 4)


def validate_codebook(judgements: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and Cohen's κ of every theme's rule against blind human coding, per stratum.

    The reference is the human reading of the element's own text (`compare.io.reference.load_codebook_judgements`:
    two blind readers, a third where they differ); the rule is `rule_incidence`. Intervals are Wilson 95 %.
    ``kappa_readers`` is the two first readers' agreement before adjudication, the level of agreement the task
    allows between people.

    Parameters
    ----------
    judgements : pandas.DataFrame
        codebook_judgements.csv.
    tokens : pandas.DataFrame
        tokens.csv.
    codebook : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        codebook_validation.csv: one row per stratum × theme and a pooled row per stratum (``theme_id`` = ``all``).

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.io.reference import load_codebook, load_codebook_judgements
    >>> v = validate_codebook(load_codebook_judgements(), ds.load_tokens(), load_codebook())
    >>> bool((v.true_positive + v.false_negative == v.human_positive).all())
    True
    """
    from sklearn.metrics import cohen_kappa_score

    rules = rule_incidence(tokens, codebook, judgements.node_id.drop_duplicates())
    m = judgements.merge(rules, on=["node_id", "theme_id"], how="left", validate="one_to_one")
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    rows = []

    def kappa(x, y) -> float:
        x, y = np.asarray(x), np.asarray(y)
        if len(set(x) | set(y)) < 2:
            return float("nan")
        return round(float(cohen_kappa_score(x, y)), 4)

    for stratum in dict.fromkeys(m.stratum):
        g_s = m[m.stratum == stratum]
        groups = [(tid, g_s[g_s.theme_id == tid]) for tid in codebook.theme_id] + [("all", g_s)]
        for tid, g in groups:
            h, r = g.human.to_numpy(), g.rule.to_numpy()
            tp, fp, fn = int(((h == 1) & (r == 1)).sum()), int(((h == 0) & (r == 1)).sum()), \
                int(((h == 1) & (r == 0)).sum())
            p_lo, p_hi = _wilson(tp, tp + fp)
            r_lo, r_hi = _wilson(tp, tp + fn)
            rows.append({"stratum": stratum, "theme_id": tid, "label_ja": labels.get(tid, "全テーマ"),
                         "elements": int(g.node_id.nunique()), "judgements": len(g),
                         "human_positive": int(h.sum()), "rule_positive": int(r.sum()), "true_positive": tp,
                         "false_positive": fp, "false_negative": fn,
                         "precision": round(tp / (tp + fp), 4) if tp + fp else float("nan"),
                         "precision_low": p_lo, "precision_high": p_hi,
                         "recall": round(tp / (tp + fn), 4) if tp + fn else float("nan"),
                         "recall_low": r_lo, "recall_high": r_hi, "kappa": kappa(h, r),
                         "kappa_readers": kappa(g.reader_a, g.reader_b)})
    return pd.DataFrame(rows, columns=list(VALIDATION_COLUMNS))


def node_themes(nodes: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame, cities=None, *,
                first_listings: bool = True) -> pd.DataFrame:
    """The rows of ``themes.csv``: `tag_nodes` over the content tokens; with `cities`, for those cities only.

    A node's themes come from its own city's text (its own and its descendants'), so the rows of a subset of
    cities equal the whole table's rows for them. With `first_listings` (themes.csv), only text that counts: a
    re-listed programme and a title printed again in its body add nothing. The alignment reads every listing
    (``first_listings=False``): a section is compared by everything it prints.
    """
    if cities is not None:
        nodes = nodes[nodes.city.isin(list(cities))]
        tokens = tokens[tokens.city.isin(list(cities)).to_numpy(dtype=bool)]
    keep = tokens.content.to_numpy(dtype=bool)
    if first_listings:
        keep = keep & tokens.counted.to_numpy(dtype=bool)
    content = tokens[keep]
    return tag_nodes(nodes, content.assign(node_id=lambda d: d.node_id.astype(str),
                                           lemma=lambda d: d.lemma.astype(str)),
                     codebook)


def themes_stage(inputs: dict, config: ThemeConfig, *, text=None) -> dict:
    """Build stage: themes.csv (every node's themes) and theme_coverage.csv (one table per frame)."""
    from compare.analysis.frames import select_frame

    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    judgements = inputs.get("codebook_judgements.csv")
    cities = list(dict.fromkeys(nodes.city))
    tagged = node_themes(nodes, tokens, codebook)
    frames, calibration = [], []
    for view in config.views:
        t = select_frame(tokens, view)
        cov, test = coverage(t, codebook, cities, config=config)
        frames.append(cov.assign(view=view, **test))
        calibration.append(split_half_null(t, codebook, cities, config, view=view))
    out = {"themes.csv": tagged, "theme_coverage.csv": pd.concat(frames, ignore_index=True),
           "theme_calibration.csv": pd.concat(calibration, ignore_index=True)}
    if judgements is not None:
        out["codebook_validation.csv"] = validate_codebook(
            judgements[judgements.node_id.isin(set(nodes.node_id))], tokens, codebook)
    return out
