"""Vocabulary comparison: comparison frames, frequencies, keyness (token- and node-level), robustness, overlap,
co-occurrence networks. Computing only: figures are in `compare.plots.vocab`.

What is counted
---------------
Content tokens (the POS filter and stop words of `compare.text.tokenize`) whose node is *counted*: a programme's first
listing counts, its 【再掲】 re-listings do not (``counted`` column of tokens.csv; `TextConfig.include_relistings`
records the rule). Comparisons are made within a *frame* (`FRAMES`) in which the units of the plans correspond.

Keyness
-------
For a term seen ``a`` times in the target's ``c`` tokens and ``b`` times in the reference's ``d`` tokens:

- ``g2``: the log-likelihood ratio of the full 2 × 2 table (term / other tokens × target / reference),
  G² = 2 Σ O ln(O / E) over the four cells (Dunning 1993; quanteda's ``textstat_keyness(measure = "lr")``), with
  p from χ²(1); ``g2_williams`` divides it by Williams' (1976) correction
  q = 1 + (N/R₁ + N/R₂ − 1)(N/C₁ + N/C₂ − 1)/(6N).
- ``log_ratio``: log₂ of the ratio of relative frequencies (Hardie 2014); a zero count is replaced by 0.5 before
  the ratio, so the effect size stays finite and is stated as such.
- ``q_value``: Benjamini–Hochberg within one comparison (one frame, one target, one reference).
- Node level (dispersion-aware, because tokens are nested in plan elements and phrasing repeats within a node):
  ``nodes_target`` of the target's ``nodes_target_total`` nodes use the term, ``nodes_reference`` of the reference's;
  ``p_node`` is the two-sided hypergeometric (Fisher's exact) test of that 2 × 2 table of *nodes* (the smaller
  tail doubled), ``q_node`` its Benjamini–Hochberg value.
- A term is ``distinctive`` for the target when it is over-used with q < 0.05 under the token test (the corrected
  test) *and* passes the node-level dispersion check, p_node < 0.05: its over-use is spread over enough plan
  elements that a random draw of elements would rarely produce it, so it is not the repeated phrasing of one or two
  elements. Both sides of the comparison must have at least `VocabConfig.min_frame_tokens` tokens (``testable``).
  ``distinctive_strict`` also requires q_node < 0.05 (the node test corrected across terms): with plans of a few
  dozen elements it is rarely met, and the notebooks say so.
- ``robust_settings``: in how many of the six tokenizer settings (Sudachi split modes A, B, C × with/without the
  user dictionary) the term is distinctive in the same comparison (e.g. ``6/6``).

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. Computational Linguistics 19(1).
Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables. Biometrika 63(1).
Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for Corpus Approaches to Social Science.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from compare.analysis.frames import FRAMES, select_frame
from compare.analysis.stats import bh, fisher_two_sided, g2_arrays
from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES
from compare.io.schemas import KEYNESS_COLUMNS
from compare.text.dictionary import TextResources

__all__ = [
    "VocabConfig", "frequencies", "compare_counts", "keyness", "comparisons", "robustness", "overlap", "overlap_pairs",
    "vocab_stage",
]


@dataclass(frozen=True)
class VocabConfig:
    """Parameters of the vocabulary stage (recorded in build_config.json).

    min_frame_tokens: below this many content tokens on either side, a comparison is reported as "too little text
    for a test" (``testable`` false) instead of giving a verdict. 300 tokens is the size at which a term used five
    times in the target and never in a reference of the same size reaches q < 0.05 among ~100 tested terms
    (G² ≈ 6.9 needs ~5 occurrences; BH over the few dozen terms above `keyness_min_freq` in such a frame); in
    smaller frames nothing short of an absent-vs-frequent contrast can be detected, so a "no distinctive terms"
    result would be uninformative rather than negative.
    """

    keyness_min_freq: int = 3
    alpha: float = 0.05
    min_frame_tokens: int = 300
    williams: bool = False
    max_pairwise_cities: int = MAX_PAIRWISE_CITIES
    robustness_max_cities: int = MAX_PAIRWISE_CITIES
    overlap_min_count: int = 2
    frames: tuple[str, ...] = tuple(FRAMES)


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


def _statistics(a, b, c, d, na, nb, nt, nr, *, williams: bool) -> dict[str, np.ndarray]:
    """Every statistic of `compare_counts` for arrays of terms (rows) × comparisons (columns), BH per column."""
    a, b, c, d, na, nb, nt, nr = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                                       for v in (a, b, c, d, na, nb, nt, nr)))
    g2 = g2_arrays(a, b, c, d, williams=False)
    g2w = g2_arrays(a, b, c, d, williams=True)
    p = stats.chi2.sf(g2w if williams else g2, df=1)
    pn = fisher_two_sided(na, nb, nt, nr)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_t, per_r = np.where(c > 0, a * 1000 / c, 0.0), np.where(d > 0, b * 1000 / d, 0.0)
        lr = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))
    return {"g2": g2, "g2_williams": g2w, "p_value": p, "q_value": bh(p), "p_node": pn, "q_node": bh(pn),
            "per_1000_target": per_t, "per_1000_reference": per_r, "log_ratio": lr,
            "over": a * d >= b * c}


def _long(terms, stat: dict, a, b, na, nb, c, d, nt, nr, cities, kind, refs, config: VocabConfig,
          keep=None) -> pd.DataFrame:
    """The long keyness table of one or more comparisons (columns of the arrays), ranked within each comparison."""
    T, K = a.shape
    keep = np.ones((T, K), dtype=bool) if keep is None else keep
    ti, ki = np.nonzero(keep.T)[::-1]            # column-major: one comparison after another, terms in order
    alpha = config.alpha
    testable = ((np.minimum(c, d) >= config.min_frame_tokens)[0] if np.ndim(c) == 2
                else np.minimum(c, d) >= config.min_frame_tokens)
    out = pd.DataFrame({
        "comparison": kind, "city": np.asarray(cities, dtype=object)[ki],
        "reference": np.asarray(refs, dtype=object)[ki],
        "term": np.asarray(terms, dtype=object)[ti], "count_target": a[ti, ki].astype(int),
        "count_reference": b[ti, ki].astype(int),
        **{k: (np.round(stat[k][ti, ki], 4 if k.startswith(("g2", "log")) else 3) if k.startswith(("g2", "log", "per"))
               else stat[k][ti, ki]) for k in ("per_1000_target", "per_1000_reference", "g2", "g2_williams",
                                               "log_ratio", "p_value", "q_value", "p_node", "q_node")},
        "nodes_target": na[ti, ki].astype(int), "nodes_reference": nb[ti, ki].astype(int),
        "direction": np.where(stat["over"][ti, ki], "over", "under"),
        "tokens_target": np.broadcast_to(c, a.shape)[ti, ki].astype(int),
        "tokens_reference": np.broadcast_to(d, a.shape)[ti, ki].astype(int),
        "nodes_target_total": np.broadcast_to(nt, a.shape)[ti, ki].astype(int),
        "nodes_reference_total": np.broadcast_to(nr, a.shape)[ti, ki].astype(int),
        "testable": np.broadcast_to(testable, (K,))[ki],
    })
    over = (out.direction == "over") & out.testable
    out["distinctive"] = over & (out.q_value < alpha) & (out.p_node < alpha)
    out["distinctive_strict"] = out.distinctive & (out.q_node < alpha)
    sig = "g2_williams" if config.williams else "g2"
    order = np.lexsort((out.term.to_numpy(), -out[sig].to_numpy(), (out.direction != "over").to_numpy(), ki))
    out = out.iloc[order].reset_index(drop=True)
    o = out.direction == "over"
    out["rank"] = 0
    out.loc[o, "rank"] = out[o].groupby("city", sort=False)[sig].rank(method="min", ascending=False).astype(int)
    return out


def compare_counts(terms, a, b, c: float, d: float, na, nb, nt: int, nr: int, *, alpha: float = 0.05,
                   min_tokens: int = 300, williams: bool = False) -> pd.DataFrame:
    """Keyness of every term for one comparison, from token counts (a, b of c, d) and node counts (na, nb of nt, nr).

    >>> k = compare_counts(["見守り", "x"], [8, 2], [0, 10], 10, 10, [4, 1], [0, 5], 5, 5, min_tokens=1)
    >>> r = k.iloc[0]
    >>> r.term, r.direction, int(r.count_target), int(r.nodes_target)
    ('見守り', 'over', 8, 4)
    """
    col = lambda v: np.asarray(v, dtype=float).reshape(-1, 1)  # noqa: E731
    a, b, na, nb = col(a), col(b), col(na), col(nb)
    cfg = VocabConfig(alpha=alpha, min_frame_tokens=min_tokens, williams=williams)
    stat = _statistics(a, b, c, d, na, nb, nt, nr, williams=williams)
    out = _long(list(terms), stat, a, b, na, nb, np.array([[c]]), np.array([[d]]), np.array([[nt]]), np.array([[nr]]),
                [""], "", [""], cfg)
    return out.drop(columns=["comparison", "city", "reference"])


def comparisons(cities: list[str], *, max_pairwise: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(comparison, target, reference cities): each city one-vs-rest, then every ordered pair (up to `max_pairwise`).

    >>> [c[:2] + (",".join(c[2]),) for c in comparisons(["a", "b", "c"], max_pairwise=3)][:4]
    [('one-vs-rest', 'a', 'b,c'), ('one-vs-rest', 'b', 'a,c'), ('one-vs-rest', 'c', 'a,b'), ('pairwise', 'a', 'b')]
    """
    out = [("one-vs-rest", c, tuple(x for x in cities if x != c)) for c in cities] if len(cities) > 1 else []
    if len(cities) <= max_pairwise:
        out += [("pairwise", a, (b,)) for a, b in itertools.permutations(cities, 2)]
    return out


def _matrices(tokens: pd.DataFrame, cities: list[str]):
    """Term × city token counts and node counts (numpy), the terms, and per-city token and node totals."""
    lem = str_categorical(tokens.lemma)
    city = pd.Categorical(str_categorical(tokens.city), categories=cities)
    node = str_categorical(tokens.node_id)
    li, ci, ni = (np.asarray(x.codes, dtype=np.int64) for x in (lem, city, node))
    T, N = len(lem.categories), len(cities)
    counts = np.bincount(li * N + ci, minlength=T * N).reshape(T, N).astype(float)
    pairs = unique_rows(li, ci, ni)
    nodes = np.bincount(pairs[0] * N + pairs[1], minlength=T * N).reshape(T, N).astype(float)
    cn = unique_rows(ci, ni)
    node_totals = np.bincount(cn[0], minlength=N).astype(float)
    return list(lem.categories), counts, nodes, counts.sum(axis=0), node_totals


def keyness(tokens: pd.DataFrame, cities: list[str], *, config: VocabConfig = VocabConfig()) -> pd.DataFrame:
    """Keyness of every comparison (`comparisons`) on already selected tokens, as one long table.

    One-vs-rest for every city is computed in one pass over a term × city matrix (linear in the number of cities);
    pairwise comparisons (every ordered pair, up to `config.max_pairwise_cities`) each on their two cities alone.
    ``reference`` is ``rest`` for one-vs-rest, else the other city. Terms with fewer than `config.keyness_min_freq`
    occurrences in the compared data are left out; beyond `max_pairwise_cities` cities, one-vs-rest rows of terms the
    target never uses are left out too (the table would grow with cities × vocabulary). One-vs-rest results change
    when a city is added (the "rest" changes); pairwise results depend only on their two cities.
    """
    seen = set(tokens.city.astype(str).unique())
    present = [c for c in cities if c in seen]
    if len(present) < 2:
        return pd.DataFrame(columns=[c for c in KEYNESS_COLUMNS if c not in ("view", "split_mode", "robust_settings")])
    terms, C, D, tot, ntot = _matrices(tokens, present)
    frames = []
    keep_rows = C.sum(axis=1) >= config.keyness_min_freq
    a, na = C[keep_rows], D[keep_rows]
    b, nb = a.sum(axis=1, keepdims=True) - a, na.sum(axis=1, keepdims=True) - na
    c, d = tot[None, :], tot.sum() - tot[None, :]
    nt, nr = ntot[None, :], ntot.sum() - ntot[None, :]
    stat = _statistics(a, b, c, d, na, nb, nt, nr, williams=config.williams)
    keep = None if len(present) <= config.max_pairwise_cities else a > 0
    frames.append(_long(np.asarray(terms, dtype=object)[keep_rows], stat, a, b, na, nb, c, d, nt, nr, present,
                        "one-vs-rest", ["rest"] * len(present), config, keep))
    if len(present) <= config.max_pairwise_cities:
        for i, j in itertools.permutations(range(len(present)), 2):
            rows = (C[:, i] + C[:, j]) >= config.keyness_min_freq
            a, b = C[rows][:, [i]], C[rows][:, [j]]
            na, nb = D[rows][:, [i]], D[rows][:, [j]]
            args = (a, b, tot[[i]][None, :], tot[[j]][None, :], na, nb, ntot[[i]][None, :], ntot[[j]][None, :])
            stat = _statistics(*args, williams=config.williams)
            frames.append(_long(np.asarray(terms, dtype=object)[rows], stat, a, b, na, nb, *args[2:4], *args[6:8],
                                [present[i]], "pairwise", [present[j]], config))
    return pd.concat(frames, ignore_index=True)




def robustness(nodes: pd.DataFrame, counted: pd.Series, cities: list[str], config: VocabConfig, text_config, *,
               text: TextResources) -> tuple[pd.DataFrame, list[str]]:
    """Distinctive (view, comparison, city, reference, term) under each of the six tokenizer settings.

    Returns (long table of distinctive terms with the setting that found them, the setting names).
    """
    from compare.text.tokenize import SPLIT_MODES, count_flags, tokenize_nodes

    settings = [replace(text_config, split_mode=m, user_dictionary=u) for m in SPLIT_MODES for u in (True, False)]
    names = [f"{s.split_mode}{'+' if s.user_dictionary else '-'}userdict" for s in settings]
    found = []
    for name, setting in zip(names, settings):
        tok = tokenize_nodes(nodes, setting, text)
        tok["counted"] = count_flags(tok, nodes, counted)
        for view in config.frames:
            k = keyness(select_frame(tok, view), cities, config=config)
            hits = k[k.distinctive][["comparison", "city", "reference", "term"]]
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
    """Build stage: frame sizes, frequencies, keyness with node-level tests and robustness, overlap."""
    from compare.analysis.frames import frame_sizes
    from compare.text.tokenize import TextConfig, counted_nodes

    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    text_cfg = inputs["text_config.json"]
    cities = list(dict.fromkeys(nodes.city))
    split_mode = text_cfg["split_mode"]
    sizes = frame_sizes(tokens, cities, min_tokens=config.min_frame_tokens)
    freq, key, ov, pairs = [], [], [], []
    for view in config.frames:
        t = select_frame(tokens, view)
        freq.append(pd.concat([frequencies(t, ("city",)).assign(part="all"), frequencies(t, ("city", "part"))])
                    .assign(view=view))
        key.append(keyness(t, cities, config=config).assign(view=view, split_mode=split_mode))
        ov.append(overlap(t, cities, min_count=config.overlap_min_count).assign(view=view))
        if len(cities) <= config.max_pairwise_cities:
            pairs.append(overlap_pairs(t, cities, min_count=config.overlap_min_count).assign(view=view))
    key_df = pd.concat(key, ignore_index=True)
    key_df["robust_settings"] = ""
    if len(cities) <= config.robustness_max_cities and len(key_df):
        tc = TextConfig(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in text_cfg.items()
                           if k in TextConfig.__dataclass_fields__})
        counted = counted_nodes(nodes, inputs["node_links.csv"], inputs["programs.csv"],
                                include_relistings=tc.include_relistings)
        found, names = robustness(nodes, counted, cities, config, tc, text=text)
        n = found.groupby(["view", "comparison", "city", "reference", "term"]).setting.nunique()
        idx = pd.MultiIndex.from_frame(key_df[["view", "comparison", "city", "reference", "term"]])
        key_df["robust_settings"] = [f"{int(v)}/{len(names)}" for v in n.reindex(idx, fill_value=0).to_numpy()]
    return {
        "vocab_frequencies.csv": pd.concat(freq, ignore_index=True),
        "keyness.csv": key_df,
        "vocab_overlap.csv": pd.concat(ov, ignore_index=True),
        "vocab_overlap_pairs.csv": pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame(),
        "frame_sizes.csv": sizes,
    }
