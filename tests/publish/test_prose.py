"""Generated prose says what the tables say: every number and claim word ("supported", "differs", "stable", "none")
in the sentences of `compare.publish.prose` is checked against the rows it claims to summarise."""

from __future__ import annotations

import re

import pytest

from compare.io import datasets as ds
from compare.plots import CityStyle
from compare.publish import prose


@pytest.fixture(scope="module")
def style():
    return CityStyle(ds.load_cities())


def test_coverage_names_exactly_the_supported_cells(style):
    cov = ds.load_theme_coverage()
    for view in dict.fromkeys(cov.view):
        text = prose.coverage(cov, style, view=view)
        c = cov[cov.view == view]
        sup = c[c.supported]
        if sup.empty:
            assert "No single cell survives" in text, text
        else:
            named = re.findall(r"(\S+) (T\d\d) \S+ \((more|less); (\d+) of (\d+) elements, share difference "
                               r"([+-][\d.]+) \[([+-][\d.]+), ([+-][\d.]+)\], q = ([\d.]+)\)", text)
            assert len(named) == len(sup), text
            short = {style.short(x): x for x in style.ids}
            for city, tid, direction, k, n, d, lo, hi, q in named:
                row = sup[(sup.city == short[city]) & (sup.theme_id == tid)].iloc[0]
                assert (direction == "more") == (row.residual > 0) and int(k) == row.elements_with_theme
                assert (float(d) > 0) == (direction == "more") and float(lo) <= float(d) <= float(hi)
                assert float(q) < 0.05 and int(n) == row.elements
        t = c.iloc[0]
        assert ("not independent" in text) == (t.p_monte_carlo < 0.05), text


def test_association_prose_says_none_only_when_none_differs(style):
    diffs = ds.read("cooccurrence_differences.csv")
    lines = prose.association_differences(diffs, style).splitlines()
    groups = list(diffs.groupby(["city_a", "city_b"], sort=False))
    assert len(lines) == len(groups)
    for text, (_, d) in zip(lines, groups):
        assert f"{len(d)} term pairs tested" in text
        if d.significant.any():
            assert f"{int(d.significant.sum())} differ" in text, text
        else:
            assert "none differs" in text and f"smallest q = {d.q_value.min():.2f}" in text, text


def test_cluster_stability_counts_match_the_table(style):
    stab, nodes = ds.read("cluster_stability.csv"), ds.read("cluster_nodes.csv")
    text = prose.cluster_stability(stab, nodes, style)
    for city, g in stab[stab.analysis == "terms"].groupby("city"):
        assert f"{style.short(city)} {int((g.stability >= 0.75).sum())} of {len(g)} stable" in text
    pol = stab[stab.analysis == "policies"]
    assert f"Policy clusters: {int((pol.stability >= 0.75).sum())} of {len(pol)} stable" in text
    mixed = pol[pol.cluster.map(nodes.groupby("cluster").city.nunique()) > 1]
    assert f"{len(mixed)} of {len(pol)} join policies of more than one city" in text


def test_codebook_validation_figures_are_the_tables():
    now, before = ds.load_codebook_validation(), ds.load_codebook_validation(as_written=True)
    text = prose.codebook_validation(now, before)
    b = before[(before.stratum == "plan") & (before.theme_id == "all")].iloc[0]
    n = now[(now.stratum == "plan") & (now.theme_id == "all")].iloc[0]
    h = now[(now.stratum == "heldout") & (now.theme_id == "all")].iloc[0]
    first, revised, held = text.splitlines()[:3]
    assert f"precision {b.precision:.2f}" in first and f"κ = {b.kappa:.2f}" in first and "out of sample" in first
    assert f"precision {n.precision:.2f}" in revised and "*in-sample*" in revised
    assert f"κ = {h.kappa:.2f}" in held and "out of" in held
    weak = now[(now.stratum == "plan") & (now.theme_id != "all") & (now.kappa < 0.4)]
    line = next(x for x in text.splitlines() if "on the plan text as revised" in x)
    assert all(t in line for t in weak.theme_id) and (weak.empty == line.endswith("none."))


def test_sensitivity_counts_match_the_table(style):
    sens = ds.read("sensitivity.csv")
    text = prose.sensitivity(sens, style)
    key = ["comparison", "city", "reference", "item", "direction"]
    for analysis, g in sens.groupby("analysis"):
        f = g.drop_duplicates(key)
        line = next(x for x in text.splitlines() if x.startswith(f"- **{analysis}**"))
        assert line.startswith(f"- **{analysis}**: {len(f)} findings") and \
            f"; {int(f.primary_holds.sum())} under the primary analysis" in line


def test_calibration_prose_for_every_test_is_within_its_level(style):
    for file in ("keyness_calibration.csv", "theme_calibration.csv", "cooccurrence_calibration.csv"):
        cal = ds.read(file)
        text = prose.calibration(cal, style)
        for _, g in cal.groupby("test"):
            over = bool((g.false_positive_rate - 2 * g.fpr_se > 0.05).any())
            item = next(x for x in text.splitlines() if f"{g.false_positive_rate.min():.1%}" in x)
            assert ("above the nominal level" in item) == over, item


def test_shared_associations_count_the_table(style):
    shared, edges = ds.read("cooccurrence_shared.csv"), ds.read("cooccurrence_edges.csv")
    for view in dict.fromkeys(shared.view):
        s = shared[shared.view == view]
        every = s[s.shared_by == len(style.ids)].drop_duplicates(["term_a", "term_b"])
        text = prose.shared_associations(shared, edges, style, view=view)
        assert f"`{view}`, no top-N cut), {len(every)} term pairs co-occur" in text


def test_alignment_summary_figures_are_the_held_out_rows():
    ev = ds.load_alignment_eval()
    text = prose.alignment_summary(ev)
    row = ev[(ev.task == "policy") & (ev.scope == "all") & (ev.method == "combined (leave-one-city-out)")].iloc[0]
    assert f"On {row['items']} gold items ({row.items_with_counterpart} with a counterpart)" in text
    assert f"first for {row.top1:.0%} of the {row.items_with_counterpart} items that have one" in text
    assert "never saw a gold item of its held-out city" in text and f"{row.end_to_end:.0%} of the items" in text
    mono = row.precision_strong >= row.precision_moderate >= row.precision_weak
    assert ("— in order." in text) == mono and ("not in order" in text) == (not mono)
    singles = ev[(ev.task == "policy") & (ev.scope == "all") & ~ev.method.str.startswith("combined")
                 & (ev.method != "chance")]
    best = singles.loc[singles.top1.idxmax()]
    assert f"The best single feature ({best.method}) reaches {best.top1:.0%}" in text
    assert f"Brier score of the calibrated probability that the first target is right: {row.brier:.3f}" in text


def test_goal_counterparts_name_every_goal_without_one():
    from compare.analysis.align.goals import goal_accuracy, goal_gold
    from compare.io import reference as ref
    gc = ds.load_goal_counterparts()
    acc = goal_accuracy(gc, goal_gold(ref.load_gold(), ds.load_nodes()))
    text = prose.goal_counterparts(gc, acc, CityStyle(ds.load_cities()))
    for r in gc[gc.outcome == "no counterpart"].itertuples():
        assert f"{r.source_goal.split('.', 1)[1]}「{r.source_title}」" in text
    assert f"{acc['agree']:.0%} of {acc['goals']} goals agree" in text


def test_alignment_summary_reports_the_confirmation_separately():
    ev = ds.load_alignment_eval()
    text = prose.alignment_summary(ev)
    c = ev[(ev.task == "policy") & (ev.scope == "all") & (ev.method == "combined (confirmation)")].iloc[0]
    conf = text.split("**Confirmation**")[1]
    assert f"{c['items']} items of a *fictional* city" in conf and f"top-1 {c.top1:.0%}" in conf
    assert "top-1" in text.split("**Confirmation**")[0]          # the development figure comes first
