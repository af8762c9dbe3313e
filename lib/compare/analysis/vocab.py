"""Vocabulary comparison: frequencies, keyness (element-level tests, effect sizes with intervals), the split-half
calibration of the tests, robustness, overlap. Computing only: figures are in `compare.plots.vocab`.

What is counted
---------------
Content tokens (the POS filter and stop words of `compare.text.tokenize`) whose node is *counted*: a programme's first
listing counts, its 【再掲】 re-listings do not (``counted`` column of tokens.csv; `TextConfig.include_relistings`
records the rule). Comparisons are made within a *frame* (`compare.analysis.frames.FRAMES`) that compares the same
kind of text in every city.

Keyness
-------
The plan element is the unit of inference: tokens nest in elements and phrasing repeats within one, so a test that
treats tokens as independent draws (token-level G²) rejects far too often — on random halves of one city's elements
it finds "distinctive" terms where there can be none (keyness_calibration.csv measures it). For a term seen ``a``
times in the target's ``c`` tokens and ``b`` times in the reference's ``d`` tokens:

- ``t_element``, ``df_element``, ``p_element``: Welch's t test of the per-element rate of the term (count / the
  element's tokens), target elements against reference elements (Welch 1947; the per-text test Lijffijt et al. 2016
  recommend). ``q_element``: Benjamini–Hochberg within one comparison (frame, target, reference).
- ``distinctive``: over-used with q_element < 0.05, where both sides have at least `VocabConfig.min_frame_elements`
  elements (``testable``). This is the only sense of the word in the project.
- ``log_ratio``: log₂ of the ratio of pooled relative frequencies (Hardie 2014), 0.5 for a zero count;
  ``log_ratio_low``/``log_ratio_high``: its 95 % percentile interval over 1,000 element-bootstrap replicates
  (elements resampled within each city). ``mean_rate_*``: the mean per-element rate (per 1,000) the t test compares.
- ``g2``, ``g2_williams``, ``p_token``, ``q_token``: token-level log-likelihood of the full 2 × 2 table (Dunning 1993;
  quanteda's ``textstat_keyness(measure = "lr")``), with Williams' (1976) correction as quanteda applies it by
  default; p from χ²(1). Descriptive only, never a gate.
- ``nodes_target``/``nodes_reference``: elements using the term; ``nodes_*_total``: elements in the frame.
- ``robust_settings``: in how many of the six tokenizer settings (Sudachi split modes A, B, C × with/without the
  user dictionary) the term is distinctive in the same comparison (e.g. ``6/6``).

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. Computational Linguistics 19(1).
Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables. Biometrika 63(1).
Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for Corpus Approaches to Social Science.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
Welch, B. L. (1947). The generalization of 'Student's' problem when several different population variances are
involved. Biometrika 34(1/2).
Lijffijt, J. et al. (2016). Significance testing of word frequencies in corpora. Digital Scholarship in the
Humanities 31(2): 374–397.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from compare.analysis.frames import TESTED_FRAMES, select_frame
from compare.analysis.stats import bh, bootstrap_log_ratio, g2_arrays, welch_from_sums
from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES, RESAMPLING_SEED, rng
from compare.io.schemas import CALIBRATION_COLUMNS, KEYNESS_COLUMNS, ROBUSTNESS_COLUMNS
from compare.text.dictionary import TextResources

__all__ = [
    "VocabConfig", "frequencies", "keyness", "split_half_null", "comparisons", "robustness", "overlap",
    "overlap_pairs", "vocab_stage",
]


@dataclass(frozen=True)
class VocabConfig:
    """Parameters of the vocabulary stage (recorded in build_config.json).

    min_frame_elements: below this many plan elements on either side, a comparison is reported as "too few elements
    for a test" (``testable`` false) instead of giving a verdict: the element is the unit, and with fewer than 15 a
    term would have to be in nearly every element of one side and none of the other to reach q < 0.05, so "no
    distinctive term" would be uninformative rather than negative. The split-half check (`split_half_null`) is run on
    halves down to 10 elements (`calibration_min_elements` 20), below this size, so the test is shown to hold its level
    at sizes smaller than any it decides.
    """

    keyness_min_freq: int = 3
    alpha: float = 0.05
    min_frame_elements: int = 15
    bootstrap_draws: int = 1000
    seed: int = RESAMPLING_SEED
    calibration_splits: int = 100
    calibration_min_elements: int = 20
    max_pairwise_cities: int = MAX_PAIRWISE_CITIES
    robustness_max_cities: int = MAX_PAIRWISE_CITIES
    overlap_min_count: int = 2
    frames: tuple[str, ...] = TESTED_FRAMES


def frequencies(tokens: pd.DataFrame, by: tuple[str, ...] = ("city",)) -> pd.DataFrame:
    """Counts, counts per 1,000 tokens and document frequency (nodes using it) of each lemma within each group.

    >>> t = pd.DataFrame({"city": ["a", "a", "a", "b"], "node_id": ["n1", "n1", "n2", "n3"],
    ...                   "lemma": ["x", "x", "y", "x"]})
    >>> frequencies(t).to_dict("records")[0]
    {'city': 'a', 'lemma': 'x', 'count': 2, 'per_1000': 666.667, 'nodes': 1}
    """
    by = list(by)
    cat = {c: str_categorical(tokens[c]) for c in (*by, "node_id", "lemma")}
    g_rows, g = unique_rows(*(cat[c].codes for c in by), inverse=True)     # groups of `by` values, sorted
    li, ni = np.asarray(cat["lemma"].codes, dtype=np.int64), np.asarray(cat["node_id"].codes, dtype=np.int64)
    rows, count = unique_rows(g, li, counts=True)
    _, nodes = unique_rows(*unique_rows(g, li, ni)[:2], counts=True)     # the same rows in the same order
    total = np.bincount(g, minlength=g_rows.shape[1])[rows[0]]
    order = np.lexsort((rows[1], -count, rows[0]))
    out = {c: np.asarray(cat[c].categories, dtype=object)[g_rows[k][rows[0]]][order] for k, c in enumerate(by)}
    out["lemma"] = np.asarray(cat["lemma"].categories, dtype=object)[rows[1]][order]
    out["count"] = count[order]
    out["per_1000"] = np.round(count * 1000 / total, 3)[order]
    out["nodes"] = nodes[order]
    return pd.DataFrame(out)


def comparisons(cities: list[str], *, max_pairwise: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(comparison, target, reference cities): each city one-vs-rest, then every ordered pair (up to `max_pairwise`).

    Parameters
    ----------
    cities : list of str
        City ids in registry order.
    max_pairwise : int
        Up to this many cities every ordered pair is compared as well.

    Returns
    -------
    list of tuple
        ``(comparison, target, reference cities)`` in the order of keyness.csv.

    Examples
    --------
    >>> [c[:2] + (",".join(c[2]),) for c in comparisons(["a", "b", "c"], max_pairwise=3)][:4]
    [('one-vs-rest', 'a', 'b,c'), ('one-vs-rest', 'b', 'a,c'), ('one-vs-rest', 'c', 'a,b'), ('pairwise', 'a', 'b')]
    """
    out = [("one-vs-rest", c, tuple(x for x in cities if x != c)) for c in cities] if len(cities) > 1 else []
    if len(cities) <= max_pairwise:
        out += [("pairwise", a, (b,)) for a, b in itertools.permutations(cities, 2)]
    return out


def _statistics(a, b, c, d, el) -> dict[str, np.ndarray]:
    """Every statistic of a keyness row, for arrays of terms (rows) × comparisons (columns); BH per column.

    `el` holds the element-level sums ``(n, Σ rate, Σ rate²)`` of the target, then of the reference.
    """
    a, b, c, d = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, c, d)))
    g2 = g2_arrays(a, b, c, d, williams=False)
    g2w = g2_arrays(a, b, c, d, williams=True)
    p_tok = stats.chi2.sf(g2w, df=1)
    t, df, p_el = welch_from_sums(*el)
    n1, s1, _, n0, s0, _ = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in el))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_t, per_r = np.where(c > 0, a * 1000 / c, 0.0), np.where(d > 0, b * 1000 / d, 0.0)
        lr = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))
        mean_t, mean_r = np.where(n1 > 0, s1 / n1 * 1000, 0.0), np.where(n0 > 0, s0 / n0 * 1000, 0.0)
    return {"g2": g2, "g2_williams": g2w, "p_token": p_tok, "q_token": bh(p_tok), "t_element": t,
            "df_element": np.nan_to_num(df, nan=0.0), "p_element": p_el, "q_element": bh(p_el),
            "per_1000_target": per_t, "per_1000_reference": per_r, "mean_rate_target": mean_t,
            "mean_rate_reference": mean_r, "log_ratio": lr, "over": (a * d >= b * c) & (t > 0)}


_DECIMALS = {"g2": 4, "g2_williams": 4, "log_ratio": 4, "t_element": 4, "df_element": 2, "per_1000_target": 3,
             "per_1000_reference": 3, "mean_rate_target": 3, "mean_rate_reference": 3}


def _long(terms, stat: dict, a, b, na, nb, c, d, nt, nr, cities, kind, refs, config: VocabConfig,
          keep=None, interval=None) -> pd.DataFrame:
    """The long keyness table of one or more comparisons (columns of the arrays), ranked within each comparison.

    `interval` is ``(low, high)``, the element-bootstrap interval of the log ratio (arrays shaped like `a`), or None.
    """
    T, K = a.shape
    keep = np.ones((T, K), dtype=bool) if keep is None else keep
    ti, ki = np.nonzero(keep.T)[::-1]            # column-major: one comparison after another, terms in order
    nt_b, nr_b = np.broadcast_to(nt, a.shape), np.broadcast_to(nr, a.shape)
    low, high = interval if interval is not None else (np.full(a.shape, np.nan), np.full(a.shape, np.nan))
    col = {k: (np.round(stat[k][ti, ki], _DECIMALS[k]) if k in _DECIMALS else stat[k][ti, ki]) for k in stat}
    out = pd.DataFrame({
        "comparison": kind, "city": np.asarray(cities, dtype=object)[ki],
        "reference": np.asarray(refs, dtype=object)[ki],
        "term": np.asarray(terms, dtype=object)[ti], "count_target": a[ti, ki].astype(int),
        "count_reference": b[ti, ki].astype(int),
        **{k: col[k] for k in ("per_1000_target", "per_1000_reference", "mean_rate_target", "mean_rate_reference",
                               "log_ratio")},
        "log_ratio_low": np.round(low[ti, ki], 4), "log_ratio_high": np.round(high[ti, ki], 4),
        **{k: col[k] for k in ("t_element", "df_element", "p_element", "q_element", "g2", "g2_williams", "p_token",
                               "q_token")},
        "nodes_target": na[ti, ki].astype(int), "nodes_reference": nb[ti, ki].astype(int),
        "direction": np.where(stat["over"][ti, ki], "over", "under"),
        "tokens_target": np.broadcast_to(c, a.shape)[ti, ki].astype(int),
        "tokens_reference": np.broadcast_to(d, a.shape)[ti, ki].astype(int),
        "nodes_target_total": nt_b[ti, ki].astype(int), "nodes_reference_total": nr_b[ti, ki].astype(int),
        "testable": (np.minimum(nt_b, nr_b) >= config.min_frame_elements)[ti, ki],
    })
    out["distinctive"] = (out.direction == "over") & out.testable & (out.q_element < config.alpha)
    order = np.lexsort((out.term.to_numpy(), -out.t_element.to_numpy(), (out.direction != "over").to_numpy(), ki))
    out = out.iloc[order].reset_index(drop=True)
    o = (out.direction == "over").to_numpy()
    out["rank"] = 0
    out.loc[o, "rank"] = (out.t_element[o].groupby(ki[order][o], sort=False)
                          .rank(method="min", ascending=False).astype(int))
    return out


class _Elements:
    """One frame's tokens as plan elements: an element × term count matrix and what the tests sum from it.

    Attributes: ``terms``; ``X`` (elements × terms, sparse counts); ``L`` (tokens per element); ``city`` (city code
    of each element); per term × city: ``C`` token counts, ``D`` elements using the term, ``S`` and ``Q`` the sums of
    each element's rate (count / tokens) and of its square; per city: ``tot`` tokens and ``ntot`` elements.
    """

    def __init__(self, tokens: pd.DataFrame, cities: list[str]):
        import scipy.sparse as sp

        lem = str_categorical(tokens.lemma)
        node = str_categorical(tokens.node_id)
        city = pd.Categorical(str_categorical(tokens.city), categories=cities)
        li, ni, ci = (np.asarray(x.codes, dtype=np.int64) for x in (lem, node, city))
        self.terms = list(lem.categories)
        T, E, N = len(self.terms), len(node.categories), len(cities)
        self.X = sp.csr_matrix((np.ones(len(li)), (ni, li)), shape=(E, T))
        self.X.sum_duplicates()
        self.L = np.bincount(ni, minlength=E).astype(float)
        self.city = np.zeros(E, dtype=np.int64)
        self.city[ni] = ci
        G = sp.csr_matrix((np.ones(E), (self.city, np.arange(E))), shape=(N, E))   # city × element indicator
        R = sp.diags(1 / np.where(self.L > 0, self.L, 1)) @ self.X
        self.C = np.asarray((G @ self.X).todense()).T
        self.D = np.asarray((G @ (self.X > 0).astype(float)).todense()).T
        self.S = np.asarray((G @ R).todense()).T
        self.Q = np.asarray((G @ R.multiply(R)).todense()).T
        self.tot = self.C.sum(axis=0)
        self.ntot = np.bincount(self.city, minlength=N).astype(float)
        self.cities = cities

    def bootstrap(self, j: int, rows: np.ndarray, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Element-bootstrap replicates of city `j`'s counts of the terms `rows` (draws × rows) and of its token total
        (draws × 1): elements resampled with replacement within the city, from a generator seeded by the city id (so a
        city's replicates do not depend on the other cities registered)."""
        idx = np.flatnonzero(self.city == j)
        gen = rng(seed ^ zlib.crc32(self.cities[j].encode("utf-8")))
        W = gen.multinomial(len(idx), np.full(len(idx), 1 / len(idx)), size=draws).astype(np.float32)
        Xc = self.X[idx][:, rows]
        counts = np.asarray((Xc.T @ W.T).T, dtype=np.float32)
        return counts, (W @ self.L[idx].astype(np.float32))[:, None]


def keyness(tokens: pd.DataFrame, cities: list[str], *, config: VocabConfig = VocabConfig(),
            intervals: bool = True) -> pd.DataFrame:
    """Keyness of every comparison (`comparisons`) on the tokens of one frame, as one long table.

    The test is element-level: Welch's t on each plan element's rate of the term (`compare.analysis.stats.
    welch_from_sums`), BH within each comparison; ``distinctive`` means over-used with q_element < `config.alpha`
    where both sides have at least `config.min_frame_elements` elements. Token-level G² (with and without Williams'
    correction) stays as a descriptive column. The effect size is the log ratio of pooled rates with an element-
    bootstrap percentile interval (`config.bootstrap_draws` replicates; ``intervals=False`` or more than
    `config.max_pairwise_cities` cities: left empty).

    One-vs-rest for every city is computed in one pass over term × city sums (linear in the number of cities);
    pairwise comparisons (every ordered pair, up to `config.max_pairwise_cities`) each on their two cities alone.
    ``reference`` is ``rest`` for one-vs-rest, else the other city. Terms with fewer than `config.keyness_min_freq`
    occurrences in the compared data are left out; beyond `max_pairwise_cities` cities, one-vs-rest rows of terms the
    target never uses are left out too. One-vs-rest results change when a city is added (the "rest" changes);
    pairwise results depend only on their two cities.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of one frame (`compare.analysis.frames.select_frame`): ``city``, ``node_id``, ``lemma``.
    cities : list of str
        City ids in registry order (cities without tokens are left out).
    config : VocabConfig
        Thresholds, α, bootstrap draws and seed.
    intervals : bool
        Whether to compute the bootstrap intervals of the log ratio.

    Returns
    -------
    pandas.DataFrame
        One row per comparison × term (the columns of keyness.csv without ``view``, ``split_mode`` and
        ``robust_settings``), over-used terms first in each comparison, ranked by t.

    Examples
    --------
    >>> from compare.analysis.frames import select_frame
    >>> from compare.io import datasets as ds
    >>> k = keyness(select_frame(ds.load_tokens(), "plan"), list(ds.load_cities().city))
    >>> bool((k[k.distinctive].q_element < 0.05).all()), bool((k.log_ratio_low <= k.log_ratio_high).all())
    (True, True)
    """
    seen = set(tokens.city.astype(str).unique())
    present = [c for c in cities if c in seen]
    if len(present) < 2:
        return pd.DataFrame(columns=[c for c in KEYNESS_COLUMNS if c not in ("view", "split_mode", "robust_settings")])
    E = _Elements(tokens, present)
    keep_rows = np.flatnonzero(E.C.sum(axis=1) >= config.keyness_min_freq)
    C, D, S, Q = E.C[keep_rows], E.D[keep_rows], E.S[keep_rows], E.Q[keep_rows]
    terms = np.asarray(E.terms, dtype=object)[keep_rows]
    small = len(present) <= config.max_pairwise_cities
    boot = {}
    if intervals and small and config.bootstrap_draws:
        boot = {j: E.bootstrap(j, keep_rows, config.bootstrap_draws, config.seed) for j in range(len(present))}
    b, nb = C.sum(axis=1, keepdims=True) - C, D.sum(axis=1, keepdims=True) - D
    c, d = E.tot[None, :], E.tot.sum() - E.tot[None, :]
    nt, nr = E.ntot[None, :], E.ntot.sum() - E.ntot[None, :]
    el = (nt, S, Q, nr, S.sum(axis=1, keepdims=True) - S, Q.sum(axis=1, keepdims=True) - Q)
    interval = None
    if boot:
        total = sum(x for x, _ in boot.values()), sum(t for _, t in boot.values())
        parts = [bootstrap_log_ratio(x, t, total[0] - x, total[1] - t) for x, t in boot.values()]
        interval = np.stack([p[0] for p in parts], axis=1), np.stack([p[1] for p in parts], axis=1)
    frames = [_long(terms, _statistics(C, b, c, d, el), C, b, D, nb, c, d, nt, nr, present, "one-vs-rest",
                    ["rest"] * len(present), config, None if small else C > 0, interval)]
    if small:
        for i, j in itertools.permutations(range(len(present)), 2):
            rows = np.flatnonzero((C[:, i] + C[:, j]) >= config.keyness_min_freq)
            a2, b2 = C[rows][:, [i]], C[rows][:, [j]]
            c2, d2 = E.tot[[i]][None, :], E.tot[[j]][None, :]
            nt2, nr2 = E.ntot[[i]][None, :], E.ntot[[j]][None, :]
            el2 = (nt2, S[rows][:, [i]], Q[rows][:, [i]], nr2, S[rows][:, [j]], Q[rows][:, [j]])
            iv = None
            if boot:
                lo, hi = bootstrap_log_ratio(boot[i][0][:, rows], boot[i][1], boot[j][0][:, rows], boot[j][1])
                iv = lo[:, None], hi[:, None]
            frames.append(_long(terms[rows], _statistics(a2, b2, c2, d2, el2), a2, b2, D[rows][:, [i]],
                                D[rows][:, [j]], c2, d2, nt2, nr2, [present[i]], "pairwise", [present[j]], config,
                                interval=iv))
    return pd.concat(frames, ignore_index=True)


def split_half_null(tokens: pd.DataFrame, cities: list[str], *, config: VocabConfig = VocabConfig(),
                    view: str = "") -> pd.DataFrame:
    """False-positive rates of the keyness tests when there is nothing to find: random halves of one city's elements.

    For every city with at least `config.calibration_min_elements` elements in the frame, its elements are split at
    random into two pseudo-cities `config.calibration_splits` times, and every term used at least
    `config.keyness_min_freq` times in the city is tested between the halves, by the element-level test that decides
    ``distinctive`` and, for contrast, by the token-level G² (Williams) that is only descriptive.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of one frame.
    cities : list of str
        City ids.
    config : VocabConfig
        Thresholds, number of splits, α, seed.
    view : str
        The frame's name, copied into the ``view`` column.

    Returns
    -------
    pandas.DataFrame
        One row per city × test: ``elements``, ``splits``, ``tests`` (term tests in all), ``false_positive_rate``
        (share of tests with p < α; nominal α), ``fpr_se`` (its standard error over splits), ``splits_with_discovery``
        (splits in which some term has q < α) and ``discoveries`` (terms with q < α, summed over splits).

    Examples
    --------
    >>> from compare.analysis.frames import select_frame
    >>> from compare.io import datasets as ds
    >>> cal = split_half_null(select_frame(ds.load_tokens(), "plan"), list(ds.load_cities().city), view="plan")
    >>> bool((cal[cal.test == "element"].false_positive_rate <= 0.05).all())
    True
    """
    rows = []
    alpha = config.alpha
    for city in cities:
        t = tokens[tokens.city.astype(str) == city]
        E = _Elements(t, [city]) if len(t) else None
        n = 0 if E is None else len(E.L)
        if n < config.calibration_min_elements:
            continue
        keep = np.flatnonzero(E.C[:, 0] >= config.keyness_min_freq)
        if not len(keep):
            continue
        X = E.X[:, keep].toarray()
        R = X / E.L[:, None]
        R2 = R * R
        gen = rng(config.seed ^ zlib.crc32(f"split-half {view} {city}".encode()))
        half = n // 2
        G = np.zeros((config.calibration_splits, n))                 # splits × elements: 1 = first half
        for b in range(config.calibration_splits):
            G[b, gen.permutation(n)[:half]] = 1.0
        H = 1.0 - G
        _, _, p_el = welch_from_sums(half, G @ R, G @ R2, n - half, H @ R, H @ R2)   # splits × terms
        a, b = np.asarray(G @ X), np.asarray(H @ X)
        c, d = (G @ E.L)[:, None], (H @ E.L)[:, None]
        p_tok = stats.chi2.sf(g2_arrays(a, b, np.broadcast_to(c, a.shape), np.broadcast_to(d, b.shape),
                                        williams=True), df=1)
        found = {name: list(zip((p < alpha).mean(axis=1), (bh(p.T) < alpha).sum(axis=0).astype(int)))
                 for name, p in (("element", p_el), ("token", p_tok))}
        for name, res in found.items():
            fpr = np.array([r[0] for r in res])
            disc = np.array([r[1] for r in res])
            rows.append({"view": view, "city": city, "test": name, "elements": n, "splits": len(res),
                         "tests": len(keep) * len(res), "false_positive_rate": round(float(fpr.mean()), 4),
                         "fpr_se": round(float(fpr.std(ddof=1) / np.sqrt(len(fpr))), 4),
                         "splits_with_discovery": int((disc > 0).sum()), "discoveries": int(disc.sum())})
    return pd.DataFrame(rows, columns=list(CALIBRATION_COLUMNS))


def robustness(nodes: pd.DataFrame, counted: pd.Series, cities: list[str], config: VocabConfig, text_config, *,
               text: TextResources, tokens: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Distinctive (view, comparison, city, reference, term) under each of the six tokenizer settings.

    Parameters
    ----------
    nodes : pandas.DataFrame
        nodes.csv.
    counted : pandas.Series
        Whether each node counts (`compare.text.tokenize.counted_nodes`).
    cities : list of str
    config : VocabConfig
    text_config : TextConfig
        The build's tokenizer setting; the six settings vary its split mode and user dictionary.
    text : TextResources
        Dictionaries and stop words (with the cities' own names).
    tokens : pandas.DataFrame, optional
        The build's tokens (with ``counted``): used for the build's own setting instead of tokenizing again.

    Returns
    -------
    found : pandas.DataFrame
        One row per distinctive term and setting: view, comparison, city, reference, term, setting.
    names : list of str
        The settings, e.g. ``C+userdict``.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> k = ds.load_keyness()                 # what the build records of it: every row re-tested in six settings
    >>> sorted(set(k.robust_settings.str.split("/").str[1]))
    ['6']
    """
    from compare.text.tokenize import SPLIT_MODES, count_flags, tokenize_nodes

    settings = [replace(text_config, split_mode=m, user_dictionary=u) for m in SPLIT_MODES for u in (True, False)]
    names = [f"{s.split_mode}{'+' if s.user_dictionary else '-'}userdict" for s in settings]
    found = []
    for name, setting in zip(names, settings):
        if tokens is not None and setting == text_config:
            tok = tokens                     # the build's own setting: its tokens are already made
        else:
            tok = tokenize_nodes(nodes, setting, text)
            tok["counted"] = count_flags(tok, nodes, counted)
        for view in config.frames:
            k = keyness(select_frame(tok, view), cities, config=config, intervals=False)
            hits = k.loc[k.distinctive.to_numpy(dtype=bool), ["comparison", "city", "reference", "term"]]
            found.append(hits.assign(view=view, setting=name))
    return pd.concat(found, ignore_index=True), names


def overlap(tokens: pd.DataFrame, cities: list[str], *, min_count: int = 2, list_terms: int = 30) -> pd.DataFrame:
    """Shared vocabulary for any number of cities, UpSet-style: one row per non-empty exact intersection.

    A term belongs to a city's vocabulary when it occurs at least `min_count` times there; its *region* is the
    set of cities whose vocabulary has it. Linear in terms × cities (no enumeration of subsets).
    """
    t = tokens[["city", "lemma"]].astype(str)
    counts = t.groupby(["lemma", "city"]).size().unstack("city", fill_value=0).reindex(columns=cities, fill_value=0)
    member = counts >= min_count
    member = member[member.any(axis=1)]
    total = counts.sum(axis=1)
    region = member.apply(lambda r: "+".join(c for c, on in zip(cities, r) if on), axis=1)
    rows = []
    for reg, terms in region.groupby(region):
        ranked = sorted(terms.index, key=lambda x: (-total[x], x))
        rows.append({"region": reg, "n_cities": reg.count("+") + 1, "n_terms": len(ranked),
                     "terms": " ".join(ranked[:list_terms])})
    out = pd.DataFrame(rows, columns=["region", "n_cities", "n_terms", "terms"])
    return out.sort_values(["n_cities", "n_terms", "region"], ascending=[False, False, True]).reset_index(drop=True)


def overlap_pairs(tokens: pd.DataFrame, cities: list[str], *, min_count: int = 2) -> pd.DataFrame:
    """Pairwise intersection matrix in long form: shared terms, terms of one city only, Jaccard (each pair alone)."""
    t = tokens[["city", "lemma"]].astype(str)
    counts = t.groupby(["city", "lemma"]).size()
    vocab = {c: set(counts[c][counts[c] >= min_count].index) if c in counts.index.get_level_values(0) else set()
             for c in cities}
    rows = []
    for a, b in itertools.combinations(cities, 2):
        inter, union = vocab[a] & vocab[b], vocab[a] | vocab[b]
        rows.append({"city_a": a, "city_b": b, "terms_a": len(vocab[a]), "terms_b": len(vocab[b]),
                     "shared": len(inter), "only_a": len(vocab[a] - vocab[b]), "only_b": len(vocab[b] - vocab[a]),
                     "jaccard": round(len(inter) / len(union), 4) if union else 0.0})
    return pd.DataFrame(rows, columns=["city_a", "city_b", "terms_a", "terms_b", "shared", "only_a", "only_b",
                                       "jaccard"])


def vocab_stage(inputs: dict, config: VocabConfig, *, text: TextResources) -> dict:
    """Build stage: frame sizes, frequencies, keyness (element-level tests, intervals, robustness), the split-half
    calibration of the tests, overlap.

    Parameters
    ----------
    inputs : dict
        nodes.csv, node_links.csv, programs.csv, tokens.csv and text_config.json (see `compare.pipeline.stages`).
    config : VocabConfig
    text : TextResources
        The dictionaries the robustness check re-tokenizes with.

    Returns
    -------
    dict
        vocab_frequencies.csv, keyness.csv, keyness_robustness.csv, keyness_calibration.csv, vocab_overlap.csv,
        vocab_overlap_pairs.csv, frame_sizes.csv.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> k = ds.load_keyness()
    >>> bool((k[k.distinctive].q_element < 0.05).all()), set(k.view) <= set(VocabConfig().frames)
    (True, True)
    """
    from compare.analysis.frames import FRAMES, frame_sizes
    from compare.text.tokenize import TextConfig, counted_nodes

    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    text_cfg = inputs["text_config.json"]
    cities = list(dict.fromkeys(nodes.city))
    split_mode = text_cfg["split_mode"]
    sizes = frame_sizes(tokens, cities, min_elements=config.min_frame_elements)
    freq, key, cal, ov, pairs = [], [], [], [], []
    for view in FRAMES:
        t = select_frame(tokens, view)
        freq.append(pd.concat([frequencies(t, ("city",)).assign(part="all"), frequencies(t, ("city", "part"))])
                    .assign(view=view))
        ov.append(overlap(t, cities, min_count=config.overlap_min_count).assign(view=view))
        if len(cities) <= config.max_pairwise_cities:
            pairs.append(overlap_pairs(t, cities, min_count=config.overlap_min_count).assign(view=view))
        if view in config.frames:
            key.append(keyness(t, cities, config=config).assign(view=view, split_mode=split_mode))
            cal.append(split_half_null(t, cities, config=config, view=view))
    key_df = pd.concat(key, ignore_index=True)
    key_df["robust_settings"] = ""
    found = pd.DataFrame(columns=list(ROBUSTNESS_COLUMNS))
    if len(cities) <= config.robustness_max_cities and len(key_df):
        tc = TextConfig(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in text_cfg.items()
                           if k in TextConfig.__dataclass_fields__})
        counted = counted_nodes(nodes, inputs["node_links.csv"], inputs["programs.csv"],
                                include_relistings=tc.include_relistings)
        text = replace(text, stopwords=text.stopwords | frozenset(text_cfg.get("city_names_removed", ())))
        found, names = robustness(nodes, counted, cities, config, tc, text=text, tokens=tokens)
        n = found.groupby(["view", "comparison", "city", "reference", "term"]).setting.nunique()
        idx = pd.MultiIndex.from_frame(key_df[["view", "comparison", "city", "reference", "term"]])
        key_df["robust_settings"] = [f"{int(v)}/{len(names)}" for v in n.reindex(idx, fill_value=0).to_numpy()]
    return {
        "vocab_frequencies.csv": pd.concat(freq, ignore_index=True),
        "keyness.csv": key_df[list(KEYNESS_COLUMNS)],
        "keyness_robustness.csv": found[list(ROBUSTNESS_COLUMNS)].reset_index(drop=True),
        "keyness_calibration.csv": pd.concat(cal, ignore_index=True),
        "vocab_overlap.csv": pd.concat(ov, ignore_index=True),
        "vocab_overlap_pairs.csv": pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame(),
        "frame_sizes.csv": sizes,
    }
