"""Vocabulary statistics checked against hand computation and against the processed tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from compare.vocab import cooccurrence_graph, frequencies, graphml_bytes, keyness, kwic, load_tokens, overlap, select_view


def test_g2_matches_the_textbook_formula():
    # a=30 of c=1000 vs b=10 of d=2000 (Rayson & Garside 2000)
    t = pd.DataFrame({"city": ["a"] * 1000 + ["b"] * 2000,
                      "lemma": ["w"] * 30 + ["x"] * 970 + ["w"] * 10 + ["x"] * 1990})
    k = keyness(t, min_freq=1)
    row = k[(k.city == "a") & (k.term == "w")].iloc[0]
    e1, e2 = 1000 * 40 / 3000, 2000 * 40 / 3000
    g2 = 2 * (30 * math.log(30 / e1) + 10 * math.log(10 / e2))
    assert row.g2 == pytest.approx(g2, abs=1e-3)
    assert row.p_value == pytest.approx(stats.chi2.sf(g2, 1))
    assert row.log_ratio == pytest.approx(math.log2((30 / 1000) / (10 / 2000)), abs=1e-3)


def test_per_1000_are_relative_to_the_group():
    t = pd.DataFrame({"city": ["a"] * 4, "lemma": ["x", "x", "x", "y"]})
    assert frequencies(t).per_1000.tolist() == [750.0, 250.0]


def test_overlap_regions_partition_the_vocabulary():
    tokens = select_view(load_tokens(), "comparable")
    ov = overlap(tokens, min_count=2)
    assert len(ov) == 7
    counts = tokens.groupby(["city", "lemma"]).size()
    union = {lem for (c, lem), n in counts.items() if n >= 2}
    assert ov.n_terms.sum() == len(union)


def test_hatsukaichi_keyness_is_in_the_processed_table():
    from compare.paths import DEFAULT

    k = pd.read_csv(DEFAULT.processed / "keyness.csv")
    h = k[(k.city == "hatsukaichi") & (k.view == "comparable") & (k.direction == "over")]
    assert (h.g2.diff().dropna() <= 0).all()          # sorted by G²
    assert set(k.split_mode) == {"C"}


def test_kwic_traces_to_nodes():
    k = kwic("見守り")
    assert set(k.city) == {"sendai", "sagamihara", "hatsukaichi"}
    assert all(k.keyword.str.startswith("見守"))
    assert {"見守り", "見守る"} <= set(k.keyword)                # the word family
    assert len(kwic("地域福祉")) > 50                             # not a single token: string match
    row = k[k.node_id == "sagamihara.g3.p8"].iloc[0]
    assert row.left.endswith("人を") and row.keyword == "見守り"


def test_kwic_window_and_options():
    assert kwic("見守り", window=0).left.eq("").all()
    with pytest.raises(ValueError):
        kwic("見守り", match="reading")


def test_cooccurrence_same_rules_and_stable_graphml():
    t = pd.DataFrame({"node_id": ["a", "a", "b", "b", "c"], "lemma": ["見守り", "地域", "地域", "見守り", "参加"]})
    G = cooccurrence_graph(t, min_df=1, min_cooccurrence=1)
    assert sorted(G.nodes) == ["地域", "見守り"] and G["地域"]["見守り"]["jaccard"] == 1.0
    assert graphml_bytes(G) == graphml_bytes(G.copy())
