"""Vocabulary statistics checked against textbook formulas, scipy, and the processed tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from compare.analysis.cooccurrence import cooccurrence_graph
from compare.analysis.frames import FRAMES, TESTED_FRAMES, select_frame
from compare.analysis.stats import g2_2x2, log_ratio
from compare.analysis.vocab import (
    VocabConfig,
    comparisons,
    frequencies,
    keyness,
    overlap,
    overlap_pairs,
    split_half_null,
)
from compare.io import datasets


def test_g2_is_the_full_2x2_log_likelihood():
    # a = 30 of c = 1000 vs b = 10 of d = 2000: G² = 2 Σ O ln(O/E) over the four cells (Dunning 1993)
    obs = np.array([[30, 970], [10, 1990]])
    g2_scipy, _, _, _ = stats.chi2_contingency(obs, correction=False, lambda_="log-likelihood")
    assert float(g2_2x2(30, 10, 1000, 2000)) == pytest.approx(g2_scipy, rel=1e-9)
    two_cell = 2 * (30 * math.log(30 / (1000 * 40 / 3000)) + 10 * math.log(10 / (2000 * 40 / 3000)))
    assert float(g2_2x2(30, 10, 1000, 2000)) != pytest.approx(two_cell, rel=1e-3)   # not Rayson & Garside's 2 cells


def test_williams_correction_shrinks_g2():
    assert 0 < float(g2_2x2(5, 1, 100, 120, williams=True)) < float(g2_2x2(5, 1, 100, 120))


def test_log_ratio_with_stated_zero_smoothing():
    assert float(log_ratio(30, 10, 1000, 2000)) == pytest.approx(math.log2((30 / 1000) / (10 / 2000)))
    assert float(log_ratio(4, 0, 100, 100)) == pytest.approx(math.log2(4 / 0.5))


def _element_tokens(spec: dict) -> pd.DataFrame:
    """Tokens from {city: [[lemma, ...] per element]} (one row per token)."""
    rows = [{"city": c, "node_id": f"{c}.e{i}", "lemma": lem}
            for c, elements in spec.items() for i, el in enumerate(elements) for lem in el]
    return pd.DataFrame(rows)


def test_the_element_test_is_welchs_t_on_element_rates():
    rng = np.random.default_rng(3)
    spec = {c: [list(rng.choice(["w", "x", "y", "z"], size=int(rng.integers(3, 12)), p=p)) for _ in range(20)]
            for c, p in (("a", [0.4, 0.2, 0.2, 0.2]), ("b", [0.1, 0.3, 0.3, 0.3]))}
    k = keyness(_element_tokens(spec), ["a", "b"], config=VocabConfig(min_frame_elements=1))
    row = k[(k.comparison == "pairwise") & (k.city == "a") & (k.term == "w")].iloc[0]
    rate = {c: [el.count("w") / len(el) for el in spec[c]] for c in spec}
    ref = stats.ttest_ind(rate["a"], rate["b"], equal_var=False)
    assert row.t_element == pytest.approx(ref.statistic, abs=1e-4) and row.p_element == pytest.approx(ref.pvalue)
    assert row.mean_rate_target == pytest.approx(1000 * np.mean(rate["a"]), abs=1e-3)
    assert row.log_ratio_low <= row.log_ratio <= row.log_ratio_high


def test_a_term_repeated_in_one_element_is_not_distinctive():
    # 20 uses of "a" in ONE target element: a token-level test calls it significant, the element test does not
    target = [["a"] * 20 + ["x"] * 5] + [["b", "x", "y"] for _ in range(19)]
    reference = [["x", "y", "z"] for _ in range(20)]
    k = keyness(_element_tokens({"t": target, "r": reference}), ["t", "r"])
    row = k[(k.comparison == "pairwise") & (k.city == "t")].set_index("term")
    assert row.loc["a", "q_token"] < 0.05 and not row.loc["a", "distinctive"]
    assert row.loc["b", "distinctive"]                      # in 19 of 20 elements, never in the reference


def test_small_frames_get_no_verdict():
    k = keyness(_element_tokens({"t": [["a", "a"]] * 5, "r": [["x"]] * 5}), ["t", "r"])
    assert not k.testable.any() and not k.distinctive.any()


def test_ties_share_a_rank():
    target = [["a", "x"], ["b", "x"], ["c", "x"], ["c", "x"]] * 5     # c in twice as many elements as a and b
    k = keyness(_element_tokens({"t": target, "r": [["x", "y"]] * 20}), ["t", "r"])
    ranks = dict(zip(*k[(k.comparison == "pairwise") & (k.city == "t")][["term", "rank"]].T.to_numpy()))
    assert ranks["c"] == 1 and ranks["a"] == ranks["b"] == 2


def test_the_element_test_holds_its_level_on_split_halves_and_the_token_test_does_not():
    """The calibration in keyness_calibration.csv: random halves of one city's elements as two pseudo-cities, at
    least 100 splits for every city with enough elements; the element-level test's false-positive rate at α = .05 is
    at most .05 (allowing two standard errors), in every tested frame."""
    cal = datasets.load_keyness_calibration()
    el = cal[cal.test == "element"]
    assert len(el) and (el.splits >= 100).all()
    assert (el.false_positive_rate - 2 * el.fpr_se <= 0.05).all(), el.to_string()
    token = cal[cal.test == "token"].set_index(["view", "city"]).false_positive_rate
    assert (token > el.set_index(["view", "city"]).false_positive_rate).mean() > 0.5   # the inflation it replaces
    sizes = datasets.load_frame_sizes()
    big = sizes[(sizes.nodes >= VocabConfig().calibration_min_elements) & sizes.view.isin(VocabConfig().frames)]
    assert set(zip(big.view, big.city)) == set(zip(el.view, el.city))                 # every city that can be split


def test_split_half_recomputes(registry):
    tok = select_frame(datasets.load_tokens(), "plan")
    cal = datasets.load_keyness_calibration()
    again = split_half_null(tok, registry.ids, view="plan")
    pd.testing.assert_frame_equal(again, cal[cal.view == "plan"].reset_index(drop=True), check_dtype=False)


def test_comparisons_cover_one_vs_rest_and_every_ordered_pair():
    comps = comparisons(["a", "b", "c", "d"], max_pairwise=12)
    assert sum(c[0] == "one-vs-rest" for c in comps) == 4 and sum(c[0] == "pairwise" for c in comps) == 12
    assert not [c for c in comparisons(list("abcdefghijklm"), max_pairwise=12) if c[0] == "pairwise"]


def test_per_1000_and_document_frequency():
    t = pd.DataFrame({"city": ["a"] * 4, "node_id": ["n1", "n1", "n2", "n2"], "lemma": ["x", "x", "x", "y"]})
    f = frequencies(t).set_index("lemma")
    assert f.loc["x", "per_1000"] == 750.0 and f.loc["x", "nodes"] == 2


def test_overlap_is_linear_and_partitions_the_vocabulary(registry):
    tokens = select_frame(datasets.load_tokens(), "whole")
    ov = overlap(tokens, registry.ids, min_count=2)
    counts = tokens.groupby([tokens.city.astype(str), tokens.lemma.astype(str)]).size()
    union = {lem for (c, lem), n in counts.items() if n >= 2}
    assert ov.n_terms.sum() == len(union)
    assert set(ov.region.str.split("+").explode()) <= set(registry.ids)
    many = pd.DataFrame({"city": [f"c{i}" for i in range(40)], "lemma": ["x"] * 40})
    assert overlap(pd.concat([many, many]), [f"c{i}" for i in range(40)]).n_cities.tolist() == [40]


def test_overlap_pairs_depend_only_on_the_pair():
    t = pd.DataFrame({"city": list("aaabbbccc"), "lemma": list("xxyxxyzzz")})
    p2 = overlap_pairs(t[t.city != "c"], ["a", "b"])
    p3 = overlap_pairs(t, ["a", "b", "c"])
    assert p2.iloc[0].to_dict() == p3.iloc[0].to_dict()


def test_frames_select_what_they_say():
    tok = datasets.load_tokens()
    sub = select_frame(tok, "subplans")
    assert set(sub.part.astype(str)) == {"guardianship", "reoffending"} and "program" not in set(sub.level.astype(str))
    head = select_frame(tok, "headings")
    assert set(head.field.astype(str)) == {"title"} and set(head.level.astype(str)) <= {"vision", "goal", "policy"}
    assert set(select_frame(tok, "plan").level.astype(str)) <= {"vision", "goal", "policy", "action"}
    assert set(select_frame(tok, "programmes").level.astype(str)) <= {"program"}
    assert select_frame(tok, "whole").counted.all() and not FRAMES["whole"].tested and TESTED_FRAMES[0] == "plan"


def test_keyness_table_carries_the_element_test_intervals_and_robustness(registry):
    k = datasets.load_keyness()
    assert {"t_element", "p_element", "q_element", "log_ratio_low", "log_ratio_high", "g2_williams", "q_token",
            "robust_settings", "distinctive", "rank"} <= set(k.columns)
    d = k[k.distinctive]
    assert ((d.q_element < 0.05) & d.testable & (d.direction == "over")).all()
    assert d.robust_settings.str.fullmatch(r"[1-6]/6").all()
    assert set(k.city) <= set(registry.ids) and "plan" in set(k.view) and set(k.view) <= set(TESTED_FRAMES)
    assert (k.log_ratio_low <= k.log_ratio_high).all()
    tok = select_frame(datasets.load_tokens(), "plan")             # recomputed from tokens: no stale numbers
    again = keyness(tok, registry.ids)
    mine = k[(k.view == "plan")].reset_index(drop=True)
    assert np.allclose(again.t_element.to_numpy(), mine.t_element.to_numpy(), atol=1e-3)
    assert np.allclose(again.log_ratio_high.to_numpy(), mine.log_ratio_high.to_numpy(), atol=1e-3)


def test_no_city_is_distinctive_by_its_own_name(registry):
    from compare.text.tokenize import city_names

    names = city_names(datasets.load_cities().name_ja)
    assert set(datasets.load_text_config()["city_names_removed"]) == names
    assert not names & set(datasets.load_keyness().term)
    assert not names & set(select_frame(datasets.load_tokens(), "whole").lemma.astype(str))


def test_sendai_counts_exclude_relistings():
    f = datasets.load_frequencies()
    row = f[(f.view == "whole") & (f.part == "all") & (f.city == "sendai") & (f.lemma == "子育て")].iloc[0]
    assert row["count"] == 43          # 57 with the 【再掲】 re-listings, 43 on first listings


def test_cooccurrence_same_rules_and_communities():
    t = pd.DataFrame({"node_id": ["a", "a", "b", "b", "c"], "lemma": ["見守り", "地域", "地域", "見守り", "参加"]})
    G = cooccurrence_graph(t, min_df=1, min_cooccurrence=1)
    assert sorted(G.nodes) == ["地域", "見守り"] and G["地域"]["見守り"]["jaccard"] == 1.0
    assert {d["community"] for _, d in G.nodes(data=True)} == {1}
