"""The co-occurrence comparison: a label-blind selection rule, an association measure that frequency alone does not
move, the element as the unit, a calibrated test and shared associations without a top-N cut."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from compare.analysis.cooccurrence import (
    CooccurrenceConfig,
    association_differences,
    documents,
    shared_associations,
    split_half_null,
)
from compare.analysis.frames import select_frame
from compare.io import datasets as ds


def _docs(both: int, only_x: int, only_y: int, neither: int) -> list[frozenset]:
    return ([frozenset({"x", "y"})] * both + [frozenset({"x"})] * only_x + [frozenset({"y"})] * only_y
            + [frozenset({"w"})] * neither)


def test_a_term_that_is_only_more_frequent_makes_no_difference():
    """Both cities' odds ratio is 1 (no association); in b both terms are three times as common. Jaccard nearly
    doubles, the log odds ratio barely moves (the 0.5 correction) and no difference is found."""
    a = _docs(20, 20, 20, 20)
    b = _docs(45, 15, 15, 5)
    d = association_differences({"a": a, "b": b}, "a", "b").iloc[0]
    assert d.jaccard_b > 1.8 * d.jaccard_a
    assert d.log_or_a == 0.0 and abs(d.difference) < 0.05 and d.p_value > 0.9


def test_the_difference_is_woolfs_wald_test_of_two_log_odds_ratios():
    a, b = _docs(12, 4, 4, 10), _docs(3, 12, 12, 10)
    d = association_differences({"a": a, "b": b}, "a", "b").iloc[0]
    cells = lambda n11, n10, n01, n00: np.array([n11, n10, n01, n00], float) + 0.5   # noqa: E731
    ca, cb = cells(12, 4, 4, 10), cells(3, 12, 12, 10)
    lor = lambda c: np.log(c[0] * c[3] / (c[1] * c[2]))                               # noqa: E731
    se = np.sqrt((1 / ca).sum() + (1 / cb).sum())
    z = (lor(ca) - lor(cb)) / se
    assert d.z == round(z, 4) and np.isclose(d.p_value, 2 * stats.norm.sf(abs(z)))
    assert d.ci_low < d.difference < d.ci_high and np.isclose(d.ci_high - d.ci_low, 2 * 1.959964 * se, atol=1e-3)


def test_the_selection_rule_is_blind_to_which_city_is_which():
    docs, _ = documents(select_frame(ds.load_tokens(), "plan"))
    a, b = list(docs)[:2]
    ab = association_differences(docs, a, b)
    ba = association_differences(docs, b, a)
    key = lambda d: sorted(zip(d.term_a, d.term_b))                                   # noqa: E731
    assert key(ab) == key(ba)
    m = ab.merge(ba, on=["term_a", "term_b"], suffixes=("", "_r"))
    assert np.allclose(m.difference, -m.difference_r) and np.allclose(m.p_value, m.p_value_r)


def test_rare_terms_are_not_tested():
    """A pair needs both terms in `min_df_each` elements of each city: absence is a frequency difference."""
    a = _docs(6, 2, 2, 5)
    b = [frozenset({"x"})] * 5 + [frozenset({"w"})] * 5
    assert association_differences({"a": a, "b": b}, "a", "b").empty


def test_processed_differences_recompute(registry):
    diffs = ds.read("cooccurrence_differences.csv")
    config = CooccurrenceConfig()
    docs, _ = documents(select_frame(ds.load_tokens(), config.test_frame))
    pairs = list(dict.fromkeys(zip(diffs.city_a, diffs.city_b)))
    assert len(pairs) == len(registry.ids) * (len(registry.ids) - 1) // 2
    a, b = pairs[0]
    again = association_differences(docs, a, b, config, view=config.test_frame)
    mine = diffs[(diffs.city_a == a) & (diffs.city_b == b)].reset_index(drop=True)
    pd.testing.assert_frame_equal(again, mine, check_dtype=False)
    assert (diffs.significant == (diffs.q_value < config.alpha)).all()


def test_the_association_test_holds_its_level_on_split_halves():
    cal = ds.read("cooccurrence_calibration.csv")
    assert len(cal) and (cal.test == "association").all()
    assert (cal.false_positive_rate <= 0.05 + 2 * cal.fpr_se).all()
    assert (cal.splits > 0).all() and (cal.tests > 0).all()


def test_split_half_null_recomputes():
    config = CooccurrenceConfig()
    docs, _ = documents(select_frame(ds.load_tokens(), config.test_frame))
    again = split_half_null(docs, list(ds.load_cities().city), config, view=config.test_frame)
    pd.testing.assert_frame_equal(again, ds.read("cooccurrence_calibration.csv"), check_dtype=False)


def test_shared_associations_have_no_top_n_cut():
    shared = ds.read("cooccurrence_shared.csv")
    edges = ds.read("cooccurrence_edges.csv")
    whole = shared[shared.view == "whole"]
    assert (whole.cooccurrence >= CooccurrenceConfig().min_cooccurrence).all() and (whole.shared_by >= 2).all()
    # every drawn edge shared by two networks is a shared association of the texts
    drawn = edges[edges.shared_by >= 2][["term_a", "term_b"]].drop_duplicates()
    assert drawn.merge(whole, on=["term_a", "term_b"]).drop_duplicates(["term_a", "term_b"]).shape[0] == len(drawn)
    docs, _ = documents(select_frame(ds.load_tokens(), "whole"))
    again = shared_associations(docs, list(ds.load_cities().city), view="whole")
    pd.testing.assert_frame_equal(again, whole.reset_index(drop=True), check_dtype=False)
