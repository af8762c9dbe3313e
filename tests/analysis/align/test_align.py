"""Alignment: pairwise features, the gold standard, nested CV evaluation, confidence and no-counterpart rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compare.analysis.align.evaluate import _weighted_auc, agreement, rank_metrics
from compare.analysis.align.features import FEATURES, AlignConfig, ancestor_at, pair_features
from compare.analysis.align.model import Item
from compare.io import datasets
from compare.io.reference import load_gold


@pytest.fixture(scope="module")
def alignment():
    return datasets.load_alignment()


@pytest.fixture(scope="module")
def nodes():
    return datasets.load_nodes()


def test_every_ordered_pair_and_every_source_is_there(alignment, nodes, registry):
    pairs = set(zip(alignment.source_city, alignment.target_city))
    assert pairs == {(a, b) for a in registry.ids for b in registry.ids if a != b}
    for a, b in pairs:
        src = set(nodes[(nodes.city == a) & nodes.level.isin(["policy", "action"])].node_id)
        assert set(alignment[(alignment.source_city == a) & (alignment.target_city == b)].source_id) == src


def test_ranks_scores_and_the_no_counterpart_rule(alignment, nodes):
    model = datasets.load_alignment_model()["policy"]
    assert model["held_out_side"] == "source"
    policies = set(nodes[nodes.level == "policy"].node_id)
    for (_s, _t), g in alignment.groupby(["source_id", "target_city"]):
        # cross-fitted: the pair is scored by the model that never saw the source city's gold, with its calibration
        cal = model["held_out"].get(g.source_city.iloc[0], model)["calibration"]
        if (g["rank"] == 0).any():
            assert len(g) == 1 and g.confidence.iloc[0] == "no counterpart" and g.target_id.iloc[0] == ""
        else:
            assert g["rank"].tolist() == list(range(1, len(g) + 1)) and len(g) <= AlignConfig().top_k
            assert g.score.is_monotonic_decreasing and set(g.target_id) <= policies
            # bands are floors of calibrated precision on the score
            expected = ["strong" if s >= cal["strong"] else "moderate" if s >= cal["moderate"] else "weak"
                        for s in g.score]
            assert g.confidence.tolist() == expected
    assert {"strong", "moderate", "weak", "no counterpart"} >= set(alignment.confidence)
    assert (alignment.confidence == "no counterpart").any()


def test_bands_are_monotone_in_out_of_city_precision():
    ev = datasets.load_alignment_eval()
    row = ev[(ev.task == "policy") & (ev.method == "combined (leave-one-city-out)") & (ev.scope == "all")].iloc[0]
    assert row.precision_strong > row.precision_moderate > row.precision_weak
    cal = datasets.load_alignment_model()["policy"]["calibration"]
    assert row.precision_strong >= cal["strong"] - 0.1 and 0 < row.brier < 0.25


def test_evidence_names_terms_and_themes(alignment):
    kept = alignment[alignment["rank"] >= 1]
    assert kept.evidence.str.startswith("terms: ").all()


def test_pair_features_depend_only_on_the_pair(nodes):
    tokens, themes = datasets.load_tokens(), datasets.load_themes()
    cfg = AlignConfig()
    pf = pair_features(nodes, tokens, themes, "sagamihara", "sendai", cfg)
    src, tgt = pf.ids_of("sagamihara", ["policy"]), pf.ids_of("sendai", ["policy"])
    fake = nodes[nodes.city == "hatsukaichi"].assign(city="zzz", node_id=lambda d: "zzz." + d.node_id)
    more = pd.concat([nodes, fake], ignore_index=True)
    pf2 = pair_features(more, tokens, themes, "sagamihara", "sendai", cfg)
    for f in FEATURES:
        assert np.array_equal(pf.matrix(f, src, tgt), pf2.matrix(f, src, tgt)), f


def test_features_are_similarities(nodes):
    pf = pair_features(nodes, datasets.load_tokens(), datasets.load_themes(), "hatsukaichi", "sendai")
    src, tgt = pf.ids_of("hatsukaichi", ["action"]), pf.ids_of("sendai", ["policy"])
    for f in FEATURES:
        m = pf.matrix(f, src, tgt)
        assert m.shape == (len(src), len(tgt)) and np.nanmin(m) >= -1e-9 and np.nanmax(m) <= 1 + 1e-9, f
    i, j = src.index("hatsukaichi.g3.a4"), tgt.index("sendai.g2.p4")           # welfare shelters → disaster policy
    assert pf.matrix("tfidf", src, tgt)[i].argmax() == j


def test_gold_is_large_honest_and_well_formed(nodes, registry):
    gold = load_gold(nodes=nodes)
    assert len(gold) >= 60
    pairs = set(zip(gold.source_city, gold.target_city))
    assert pairs == {(a, b) for a in registry.ids[:3] for b in registry.ids[:3] if a != b}
    assert (gold.acceptable.str.len() == 0).sum() >= 5                           # items with no counterpart
    assert set(gold.source_part) >= {"main", "guardianship", "reoffending", "livelihood"}
    assert set(gold.source_level) == {"policy", "action"}
    assert gold.rationale.str.len().gt(10).all() and gold.rule.str.match(r"R\d").all()


def test_second_judge_agreement_is_measured():
    a = agreement(load_gold(), load_gold(name="alignment_gold_second_pass"))
    assert a["items"] >= 40 and 0 <= a["best_agreement"] <= 1 and -1 <= a["kappa_has_counterpart"] <= 1


def test_metrics_match_hand_computation():
    it = [Item("s1", "a", "b", ["x", "y", "z"], np.zeros((3, 1)), np.array([False, True, False])),
          Item("s2", "a", "b", ["x", "y"], np.zeros((2, 1)), np.array([True, False])),
          Item("s3", "a", "b", ["x", "y"], np.zeros((2, 1)), np.array([False, False]))]
    scores = [np.array([0.9, 0.5, 0.1]), np.array([0.8, 0.2]), np.array([0.3, 0.1])]
    m = rank_metrics(it, scores, bootstrap=20)
    assert m["top1"] == 0.5 and m["top3"] == 1.0 and m["mrr"] == 0.75 and m["items_with_counterpart"] == 2
    from sklearn.metrics import roc_auc_score

    y = np.concatenate([i.y for i in it])
    s = np.concatenate(scores)
    assert m["auc"] == pytest.approx(round(roc_auc_score(y, s), 3))
    assert _weighted_auc(s, y, np.ones(len(s))) == pytest.approx(roc_auc_score(y, s))


def test_evaluation_reports_every_method_with_intervals_and_never_in_sample():
    ev = datasets.load_alignment_eval()
    allp = ev[(ev.task == "policy") & (ev.scope == "all")].set_index("method")
    assert {"chance", "tfidf-title", "combined (nested CV)", *FEATURES} <= set(allp.index)
    for col in ("top1", "top3", "mrr", "auc", "p_at_3"):
        assert allp[col].notna().all(), col
    comb = allp.loc["combined (nested CV)"]
    assert comb.top1_low <= comb.top1 <= comb.top1_high
    assert comb.top1 > allp.loc["tfidf-title", "top1"] > allp.loc["chance", "top1"]
    assert "held-out" in comb.note
    assert set(ev[ev.method == "combined (nested CV)"].scope) > {"all"}                  # per-pair breakdown


def test_goal_assignment_is_one_to_one_and_says_when_forced():
    goals = datasets.load_goal_alignment()
    for _, g in goals.groupby(["city_a", "city_b"]):
        chosen = g[g.assigned]
        assert len(chosen) == min(g.goal_a.nunique(), g.goal_b.nunique())
        assert chosen.goal_a.is_unique and chosen.goal_b.is_unique
        forced = chosen[chosen.forced]
        assert ((forced.similarity < forced.best_for_a) | (forced.similarity < forced.best_for_b)).all()
    assert goals.metric.str.contains("cosine").all()


def test_programme_level_alignment():
    p = datasets.load_alignment_programmes()
    assert {"programme→action", "action→programme"} == set(p.direction)
    assert p[p.direction == "programme→action"].validated.all()
    nodes = datasets.load_nodes().set_index("node_id")
    kept = p[(p["rank"] >= 1) & (p.direction == "programme→action")]
    assert (kept.target_id.map(nodes.level) == "action").all()


def test_ancestor_at():
    n = datasets.load_nodes()
    anc = ancestor_at(n, "goal")
    assert anc["sendai.g2.p4.r01"] == "sendai.g2" and anc["sendai.vision"] == ""


def test_confirmation_set_is_separate_and_valid():
    """The confirmation city is never registered; every gold id exists and every accepted target is a policy of the
    target city; the confirmation figures are reported as their own method."""
    from compare.io import reference

    extra = reference.load_confirmation_nodes()
    nodes = datasets.load_nodes()
    assert not set(extra.city) & set(nodes.city)
    both = pd.concat([nodes[["node_id", "city", "level"]], extra[["node_id", "city", "level"]]])
    level, city = dict(zip(both.node_id, both.level)), dict(zip(both.node_id, both.city))
    gold = reference.load_gold(name="alignment_gold_confirmation")
    assert len(gold) >= 60 and set(gold.source_id) <= set(both.node_id)
    for r in gold.itertuples():
        assert all(level[t] == "policy" and city[t] == r.target_city for t in r.acceptable), r.source_id
    ev = datasets.load_alignment_eval()
    conf = ev[ev.method == "combined (confirmation)"]
    assert (conf[conf.scope == "all"]["items"] == len(gold)).all()


def test_goal_counterparts_cover_every_goal_and_follow_the_votes(alignment):
    gc, nodes = datasets.load_goal_counterparts(), datasets.load_nodes()
    goals = nodes[nodes.level == "goal"]
    pairs = set(zip(alignment.source_city, alignment.target_city))
    assert len(gc) == sum(len(goals[goals.city == a]) for a, _ in pairs)
    goal_of = ancestor_at(nodes, "goal")
    has = gc[gc.outcome != "no elements"]
    assert (has.support >= has.none_support - 1e-9).all() and (has.support >= has.runner_up_support - 1e-9).all()
    # the winning goal holds the largest vote of its elements' first counterparts
    row = has[has.outcome == "counterpart"].iloc[0]
    first = alignment[(alignment.source_city == row.source_city) & (alignment.target_city == row.target_city)
                      & (alignment["rank"] == 1) & alignment.source_id.map(goal_of).eq(row.source_goal)]
    votes = first.groupby(first.target_id.map(goal_of)).score.sum()
    assert votes.idxmax() == row.target_goal
    assert {"counterpart", "no counterpart"} <= set(gc.outcome)
    assert (gc[gc.outcome == "no elements"].elements == 0).all()


def test_goal_counterparts_are_scored_against_the_gold():
    from compare.analysis.align.goals import goal_accuracy, goal_gold
    acc = goal_accuracy(datasets.load_goal_counterparts(), goal_gold(load_gold(), datasets.load_nodes()))
    assert acc["goals"] >= 20 and 0.5 < acc["agree"] <= 1


def test_programmes_align_with_another_citys_programmes():
    """A second city with programme rows (Sendai's, copied under a new id): every programme finds its copy first."""
    from compare.analysis.align.apply import MODELS, align_stage
    from compare.analysis.align.model import CrossFit
    from compare.io.reference import load_codebook

    nodes, tokens = datasets.load_nodes(), datasets.load_tokens()
    sendai = nodes[nodes.city == "sendai"]
    prefix = lambda s: s.where(s.eq(""), "zz" + s)  # noqa: E731
    copy = sendai.assign(city="zz", node_id=prefix(sendai.node_id), parent_id=prefix(sendai.parent_id))
    tk = tokens[(tokens.city == "sendai").to_numpy(dtype=bool)]
    tk2 = tk.assign(city="zz", node_id=("zz" + tk.node_id.astype(str)))
    from compare.analysis.align.model import TASKS, build_items, fit_final
    from compare.analysis.themes import node_themes
    cb = load_codebook()
    cfg = AlignConfig(c_grid=(0.3,), inner_folds=2)     # the build's models are not stored: fit quickly
    g = load_gold(name="alignment_gold_programmes")
    th = node_themes(nodes, tokens, cb, first_listings=False)
    fitted = fit_final(build_items(g, nodes, tokens, th, TASKS["programme"], cfg, list(cb.theme_id), {}), cfg)
    pol = CrossFit(fitted, {}, "target")   # the policy task is not under test: any fitted model will do
    inputs = {"nodes.csv": pd.concat([sendai, copy], ignore_index=True), "codebook.csv": cb,
              "tokens.csv": pd.concat([tk, tk2], ignore_index=True),
              MODELS: {"policy": pol, "programme": CrossFit(fitted, {}, "target")}}
    out = align_stage(inputs, cfg)["alignment_programmes.csv"]
    pp = out[(out.direction == "programme→programme") & (out.source_city == "sendai") & (out["rank"] == 1)]
    assert len(pp) and (pp.target_id == "zz" + pp.source_id).mean() > 0.9
    assert not out[out.direction == "programme→programme"].validated.any()
