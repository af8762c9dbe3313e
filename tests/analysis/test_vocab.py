"""Vocabulary statistics checked against textbook formulas, scipy, and the processed tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from compare.analysis.cooccurrence import cooccurrence_graph
from compare.analysis.frames import FRAMES, select_frame
from compare.analysis.stats import g2_2x2, log_ratio
from compare.analysis.vocab import compare_counts, comparisons, frequencies, keyness, overlap, overlap_pairs
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


def test_node_level_test_is_fishers_exact():
    k = compare_counts(["w"], [9], [1], 100, 100, [6], [1], 20, 20, min_tokens=1)
    fisher = stats.fisher_exact([[6, 14], [1, 19]]).pvalue
    assert k.p_node.iloc[0] == pytest.approx(fisher, rel=0.2)        # doubled one-sided vs summed two-sided tails
    assert k.p_node.iloc[0] <= 2 * stats.fisher_exact([[6, 14], [1, 19]], alternative="greater").pvalue + 1e-12


def test_distinctive_needs_the_corrected_token_test_and_the_node_check():
    # 20 uses in the target, all in ONE element: significant per token, not dispersed over elements
    k = compare_counts(["a", "b"], [20, 20], [0, 0], 400, 400, [1, 10], [0, 0], 40, 40, min_tokens=1)
    row = k.set_index("term")
    assert row.loc["a", "q_value"] < 0.05 and not row.loc["a", "distinctive"]
    assert row.loc["b", "distinctive"]


def test_small_frames_get_no_verdict():
    k = compare_counts(["a"], [20], [0], 100, 100, [10], [0], 10, 10, min_tokens=300)
    assert not k.testable.any() and not k.distinctive.any()


def test_ties_share_a_rank():
    k = compare_counts(["a", "b", "c"], [5, 5, 9], [0, 0, 0], 500, 500, [5, 5, 9], [0, 0, 0], 50, 50, min_tokens=1)
    ranks = dict(zip(k.term, k["rank"]))
    assert ranks["c"] == 1 and ranks["a"] == ranks["b"] == 2


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
    assert set(sub.part.astype(str)) == {"guardianship", "reoffending"}
    head = select_frame(tok, "headings")
    assert set(head.field.astype(str)) == {"title"} and set(head.level.astype(str)) <= {"vision", "goal", "policy"}
    assert select_frame(tok, "whole").counted.all() and set(FRAMES) == {"whole", "subplans", "headings"}


def test_keyness_table_carries_both_tests_and_robustness(registry):
    k = datasets.load_keyness()
    assert {"g2", "log_ratio", "q_value", "p_node", "q_node", "robust_settings",
            "distinctive", "rank"} <= set(k.columns)
    d = k[k.distinctive]
    assert len(d) and (d.q_value < 0.05).all() and (d.p_node < 0.05).all() and (d.direction == "over").all()
    assert d.robust_settings.str.fullmatch(r"[1-6]/6").all()
    assert set(k.city) == set(registry.ids)
    # keyness recomputed from tokens equals the table (no stale numbers)
    tok = select_frame(datasets.load_tokens(), "whole")
    again = keyness(tok, registry.ids)
    mine = k[(k.view == "whole")].reset_index(drop=True)
    assert np.allclose(again.g2.to_numpy(), mine.g2.to_numpy(), atol=1e-3)


def test_sendai_counts_exclude_relistings():
    k = datasets.load_keyness()
    row = k[(k.view == "whole") & (k.comparison == "one-vs-rest") & (k.city == "sendai") & (k.term == "子育て")].iloc[0]
    assert row.count_target == 43          # 57 with the 【再掲】 re-listings, 43 on first listings


def test_cooccurrence_same_rules_and_communities():
    t = pd.DataFrame({"node_id": ["a", "a", "b", "b", "c"], "lemma": ["見守り", "地域", "地域", "見守り", "参加"]})
    G = cooccurrence_graph(t, min_df=1, min_cooccurrence=1)
    assert sorted(G.nodes) == ["地域", "見守り"] and G["地域"]["見守り"]["jaccard"] == 1.0
    assert {d["community"] for _, d in G.nodes(data=True)} == {1}
