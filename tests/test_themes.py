"""Codebook and theme tagging."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from compare.corpus import load_nodes
from compare.paths import DEFAULT
from compare.text import Analyzer, TextConfig
from compare.themes import coverage, descendants, load_codebook, tag_nodes
from compare.vocab import load_tokens

CODEBOOK = load_codebook()


def test_codebook_size_and_fields():
    assert 15 <= len(CODEBOOK) <= 20
    assert CODEBOOK.theme_id.is_unique
    for col in ("label_ja", "gloss_en", "definition", "grounding"):
        assert CODEBOOK[col].str.len().gt(0).all(), col


@pytest.mark.parametrize("theme_id, keywords", list(zip(CODEBOOK.theme_id, CODEBOOK.keywords)))
def test_keywords_are_sudachi_normalized_forms(theme_id, keywords):
    a = Analyzer(TextConfig())
    for k in keywords:
        toks = a.analyse(k)
        assert len(toks) == 1 and toks[0][1] == k, f"{theme_id}: {k!r} → {[(t[0], t[1]) for t in toks]}"


@pytest.fixture(scope="module")
def tagged():
    return pd.read_csv(DEFAULT.processed / "themes.csv", dtype=str, keep_default_na=False).astype(
        {"score": int, "own_score": int, "descendant_score": int})


def test_higher_levels_count_their_descendants(tagged):
    row = tagged[(tagged.node_id == "sendai.g2.p4") & (tagged.theme_id == "T06")].iloc[0]
    assert row.descendant_score > 0 and row.score == row.own_score + row.descendant_score
    assert "災害" in row.matched_terms


def test_a_node_may_carry_several_themes(tagged):
    assert tagged.groupby("node_id").theme_id.nunique().max() > 3


def test_tagging_matches_recount():
    nodes, tokens = load_nodes(), load_tokens()
    t = tag_nodes(nodes, tokens, CODEBOOK)
    kw = set(CODEBOOK.set_index("theme_id").keywords["T09"])
    own = tokens[(tokens.node_id == "hatsukaichi.guardianship.a2") & tokens.lemma.isin(kw)]
    row = t[(t.node_id == "hatsukaichi.guardianship.a2") & (t.theme_id == "T09")].iloc[0]
    assert row.own_score == len(own)


def test_coverage_chi_square_matches_scipy():
    cov, test = coverage(load_tokens(), CODEBOOK)
    obs = cov.pivot(index="city", columns="theme_id", values="hits").to_numpy()
    chi2, p, dof, _ = stats.chi2_contingency(obs)
    assert test["chi2"] == pytest.approx(chi2, abs=1e-3) and test["dof"] == dof
    assert np.isfinite(cov.residual).all()


def test_descendants_walks_the_tree():
    d = descendants(load_nodes())
    assert "sendai.g2.p4.r01" in d["sendai.g2"] and "sendai.g2.p4.r01" in d["sendai.vision"]
