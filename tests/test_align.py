"""Alignment tables: coverage of the contract, ranking, evidence, assignment and the evaluation."""

from __future__ import annotations

import pandas as pd
import pytest

from compare.align import AlignConfig, load_gold
from compare.corpus import load_nodes
from compare.paths import DEFAULT


@pytest.fixture(scope="module")
def alignment():
    return pd.read_csv(DEFAULT.processed / "alignment.csv", dtype={"rank": int})


@pytest.fixture(scope="module")
def nodes():
    return load_nodes()


def test_every_policy_or_action_has_five_sendai_policies(alignment, nodes):
    sources = nodes[nodes.city.isin(["sagamihara", "hatsukaichi"]) & nodes.level.isin(["policy", "action"])]
    to_sendai = alignment[alignment.target_city == "sendai"]
    sendai_policies = set(nodes[(nodes.city == "sendai") & (nodes.level == "policy")].node_id)
    for sid in sources.node_id:
        rows = to_sendai[to_sendai.source_id == sid]
        assert rows["rank"].tolist() == [1, 2, 3, 4, 5], sid
        assert set(rows.target_id) <= sendai_policies
        assert rows.score.is_monotonic_decreasing


def test_sagamihara_and_hatsukaichi_are_aligned_both_ways(alignment):
    pairs = set(zip(alignment.source_city, alignment.target_city))
    assert {("sagamihara", "hatsukaichi"), ("hatsukaichi", "sagamihara")} <= pairs


def test_evidence_names_terms_and_themes(alignment):
    assert alignment.evidence.str.startswith("terms: ").all()
    top = alignment[(alignment.source_id == "hatsukaichi.g3.a4") & (alignment["rank"] == 1)].iloc[0]
    assert top.target_id == "sendai.g2.p4" and "福祉避難所" in top.evidence


def test_goal_assignment_is_one_to_one():
    goals = pd.read_csv(DEFAULT.processed / "goal_alignment.csv")
    for (a, b), g in goals.groupby(["city_a", "city_b"]):
        chosen = g[g.assigned]
        assert len(chosen) == min(g.goal_a.nunique(), g.goal_b.nunique())
        assert chosen.goal_a.is_unique and chosen.goal_b.is_unique


def test_gold_is_well_formed(nodes):
    gold = load_gold()
    ids = set(nodes.node_id)
    sendai_policies = set(nodes[(nodes.city == "sendai") & (nodes.level == "policy")].node_id)
    assert len(gold) >= 20
    assert set(gold.source_id) <= ids
    assert all(set(a) <= sendai_policies for a in gold.acceptable)
    assert gold.rationale.str.len().gt(10).all()


def test_evaluation_reports_baseline_and_honest_tuning():
    ev = pd.read_csv(DEFAULT.processed / "alignment_eval.csv").set_index("method")
    assert {"tfidf-title (baseline)", "tfidf", "themes", "combined (LOO)"} <= set(ev.index)
    assert (ev["items"] == len(load_gold())).all()
    assert ev.loc["combined (LOO)", "top3"] >= ev.loc["tfidf-title (baseline)", "top3"]
    assert ev.loc["combined (in-sample best)", "top1"] >= ev.loc["combined (LOO)", "top1"]


def test_config_validates():
    with pytest.raises(ValueError, match="method must be one of"):
        AlignConfig(method="bert")
