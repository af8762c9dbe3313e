"""Sentences for the notebooks, written from the tables: no number in the narrative is typed by hand.

Each function takes loaded tables (and a `CityStyle` for names) and returns Markdown; the notebooks display it with
`IPython.display.Markdown`. A sentence is only as strong as its table: "distinctive" always means q < 0.05 under the
token-level G² test with the node-level dispersion check passed (``distinctive`` in keyness.csv), ★ marks the stricter
node-level q < 0.05, and a frame below the stated minimum gets "too little text for a test".
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "join_ja", "counting", "text_volume", "frames", "distinctive", "robust", "coverage", "alignment_summary",
    "gold_summary", "goal_assignment", "structure",
]


def join_ja(items: list[str], empty: str = "none") -> str:
    """'a, b and c' (or `empty`).

    >>> join_ja(["見守り", "居場所", "担い手"]), join_ja([])
    ('見守り, 居場所 and 担い手', 'none')
    """
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _n(x) -> str:
    return f"{int(x):,}"


def structure(nodes: pd.DataFrame, style) -> str:
    """How many elements each city's plan has, by level."""
    parts = []
    for c in style.order(nodes.city.unique()):
        counts = nodes[nodes.city == c].level.value_counts()
        bits = [f"{_n(counts[lvl])} {lvl}" for lvl in ("vision", "goal", "policy", "action", "program")
                if lvl in counts]
        parts.append(f"**{style.label(c)}**: {', '.join(bits)}")
    return "Elements per city and level — " + "; ".join(parts) + "."


def text_volume(volume: pd.DataFrame, style, level: str = "goal") -> str:
    """Characters of one level's text in every city, smallest and largest named."""
    v = volume[level]
    bits = [f"{style.short(c)} {_n(v[c])}" for c in volume.index]
    lo, hi = v.idxmin(), v.idxmax()
    ratio = v[hi] / v[lo] if v[lo] else float("inf")
    return (f"Characters of *{level}* text: {', '.join(bits)}. The levels are not of similar size across plans: "
            f"{style.short(hi)} has {ratio:.1f}× the {level} text of {style.short(lo)}" if v[lo] else
            f"Characters of *{level}* text: {', '.join(bits)}; {style.short(lo)} has none at this level") + "."


def counting(tokens: pd.DataFrame, style) -> tuple[pd.DataFrame, str]:
    """Content tokens with and without re-listings per city, and the sentence that says what is excluded."""
    c = tokens[tokens.content.to_numpy(dtype=bool)]
    t = pd.DataFrame({"all listings": c.groupby(c.city.astype(str)).size(),
                      "counted (first listings)": c[c.counted.to_numpy(dtype=bool)].groupby(
                          c.city.astype(str)[c.counted.to_numpy(dtype=bool)]).size()}).fillna(0).astype(int)
    t = t.reindex(style.order(t.index))
    t["excluded"] = t["all listings"] - t["counted (first listings)"]
    t["excluded share"] = (t.excluded / t["all listings"]).round(3)
    with_ex = [c for c in t.index if t.excluded[c]]
    bits = [f"{style.short(c)} {_n(t.excluded[c])} of {_n(t['all listings'][c])} ({t['excluded share'][c]:.0%})"
            for c in with_ex]
    text = ("Re-listed texts are not counted: they would add " + join_ja(bits) + " content tokens."
            if bits else "No city re-lists a text, so every token is counted.")
    return t, text


def frames(sizes: pd.DataFrame, style, min_tokens: int) -> str:
    """Per frame: tokens per city, and which cities are below the minimum for a test."""
    out = []
    for view, g in sizes.groupby("view", sort=False):
        bits = [f"{style.short(r.city)} {_n(r.tokens)}" for r in g.itertuples()]
        small = [style.short(r.city) for r in g.itertuples() if not r.testable]
        s = f"- **{g.frame.iloc[0]}** (`{view}`): {', '.join(bits)} content tokens."
        if small:
            s += f" Below {min_tokens:,} tokens — too little text for a test: {join_ja(small)}."
        out.append(s)
    return "\n".join(out)


def distinctive(key: pd.DataFrame, style, *, view: str, comparison: str = "one-vs-rest", top: int = 8) -> str:
    """For every target city of one frame and comparison: its distinctive terms, or why there are none."""
    k = key[(key.view == view) & (key.comparison == comparison)]
    out = []
    for c in style.order(k.city.unique()):
        sub = k[k.city == c]
        ref = sub.reference.iloc[0]
        against = "the other cities" if ref == "rest" else style.short(ref)
        if not sub.testable.any():
            out.append(f"- **{style.label(c)}** vs {against}: too little text for a test "
                       f"({_n(sub.tokens_target.max())} and {_n(sub.tokens_reference.max())} tokens).")
            continue
        d = sub[sub.distinctive].sort_values(["rank", "term"])
        if d.empty:
            over = int(((sub.direction == "over") & (sub.q_value < 0.05)).sum())
            note = (f" ({over} pass the token test, but each is concentrated in too few plan elements)" if over else
                    " (none passes the token test)")
            out.append(f"- **{style.label(c)}** vs {against}: no distinctive term{note}.")
            continue
        cut = d["rank"].iloc[min(top, len(d)) - 1]
        shown = d[d["rank"] <= cut]
        terms = [f"{r.term}{' ★' if r.distinctive_strict else ''} (G² {r.g2:.1f}, log ratio {r.log_ratio:+.1f}, "
                 f"{r.robust_settings} settings)" for r in shown.itertuples()]
        more = f"; {len(d) - len(shown)} more in `keyness.csv`" if len(d) > len(shown) else ""
        strict = int(d.distinctive_strict.sum())
        out.append(f"- **{style.label(c)}** vs {against}: {len(d)} distinctive term{'s' if len(d) != 1 else ''} "
                   f"({strict} also at node-level q < 0.05, ★) — {', '.join(terms)}{more}.")
    return "\n".join(out)


def robust(key: pd.DataFrame, style, *, view: str, comparison: str = "one-vs-rest") -> tuple[pd.DataFrame, str]:
    """Distinctive terms by how many tokenizer settings keep them distinctive, and the sentence."""
    k = key[(key.view == view) & (key.comparison == comparison) & key.distinctive]
    if k.empty or not k.robust_settings.str.len().gt(0).any():
        return pd.DataFrame(), "Robustness was not computed for this frame."
    n_set = int(k.robust_settings.iloc[0].split("/")[1])
    k = k.assign(settings=k.robust_settings.str.split("/").str[0].astype(int))
    table = k.pivot_table(index="city", columns="settings", values="term", aggfunc="count", fill_value=0)
    table = table.reindex(style.order(table.index))
    bits = []
    for c in table.index:
        sub = k[k.city == c]
        all_ = sorted(sub.term[sub.settings == n_set])
        fragile = sorted(sub.term[sub.settings <= n_set // 2])
        bits.append(f"- **{style.label(c)}**: {len(all_)} of {len(sub)} distinctive terms hold in all {n_set} settings"
                    + (f" ({join_ja(all_[:10])}{'…' if len(all_) > 10 else ''})" if all_ else "")
                    + (f"; {len(fragile)} hold in half of them or fewer ({join_ja(fragile[:8])})" if fragile else "")
                    + ".")
    return table, "\n".join(bits)


def coverage(cov: pd.DataFrame, style, *, view: str = "whole") -> str:
    """The overall test and the supported cells of the theme coverage."""
    c = cov[cov.view == view]
    t = c.iloc[0]
    sup = c[c.supported]
    bits = [f"{style.short(r.city)} {r.theme_id} {r.label_ja} ({'more' if r.residual > 0 else 'less'}; {r.hits} hits, "
            f"q = {r.q_cell:.3f})" for r in sup.itertuples()]
    small = int((c.expected < 5).sum())
    return (f"City and theme are not independent: χ² = {t.chi2:.1f} (df = {int(t.dof)}), Monte Carlo p = "
            f"{t.p_monte_carlo:.4f} over {int(t.draws):,} tables with the same margins ({small} of {len(c)} cells have "
            f"an expected count below 5, so the asymptotic p = {t.p_value:.2g} is not relied on). "
            if t.p_monte_carlo < 0.05 else
            f"No evidence that city and theme are dependent: Monte Carlo p = {t.p_monte_carlo:.3f}. ") + \
        (f"Cells whose exact test survives Benjamini–Hochberg (q < 0.05): {join_ja(bits)}." if bits else
         "No single cell survives Benjamini–Hochberg at q < 0.05.")


def alignment_summary(ev: pd.DataFrame, *, task: str = "policy") -> str:
    """The learned combination against the baseline, with intervals."""
    e = ev[(ev.task == task) & (ev.scope == "all")].set_index("method")
    comb, base = e.loc["combined (nested CV)"], e.loc["tfidf-title"]
    single = e.drop(index=["combined (nested CV)", "chance"], errors="ignore")
    best_single = single.top1.idxmax()
    return (f"On {_n(comb['items'])} gold items ({_n(comb.items_with_counterpart)} with a counterpart), the learned "
            f"combination ranks an acceptable counterpart first for {comb.top1:.0%} of the items "
            f"(95 % interval {comb.top1_low:.0%}–{comb.top1_high:.0%}; held-out in nested cross-validation) and within "
            f"the first three for {comb.top3:.0%}; MRR {comb.mrr:.2f}, ROC AUC {comb.auc:.2f}. The best single feature "
            f"({best_single}) reaches {single.top1.max():.0%}, the title-only baseline {base.top1:.0%}, chance "
            f"{e.loc['chance', 'top1']:.0%}. End to end, with the no-counterpart rule, {comb.end_to_end:.0%} of the "
            f"items are handled correctly.")


def gold_summary(gold: pd.DataFrame, agreement: dict) -> str:
    """Size and composition of the gold set and the two judges' agreement."""
    pairs = gold.groupby(["source_city", "target_city"]).size()
    none = gold[gold.acceptable.str.len() == 0] if gold.acceptable.dtype == object and isinstance(
        gold.acceptable.iloc[0], list) else gold[gold.acceptable == ""]
    border = int((gold.confidence == "borderline").sum()) if "confidence" in gold else 0
    return (f"The gold set has {_n(len(gold))} items over {len(pairs)} ordered pairs of cities "
            f"({_n(pairs.min())}–{_n(pairs.max())} per pair); {_n(len(none))} have no acceptable counterpart and "
            f"{_n(border)} were marked borderline. A second judge, blind to the first, judged {agreement['items']} of "
            f"them: the same best target (or both 'none') for {agreement['best_agreement']:.0%}, overlapping accepted "
            f"sets for {agreement['any_overlap']:.0%}, Cohen's κ = {agreement['kappa_has_counterpart']:.2f} for "
            f"'has a counterpart'. That agreement is the ceiling a method can be expected to reach.")


def goal_assignment(goals: pd.DataFrame, style) -> str:
    """Which one-to-one goal assignments were forced below a better available match."""
    forced = goals[goals.forced]
    if forced.empty:
        return "No goal assignment is forced: every assigned pair is the best match available to both goals."
    bits = [f"{style.short(r.city_a)} {r.goal_a.split('.', 1)[1]} → "
            f"{style.short(r.city_b)} {r.goal_b.split('.', 1)[1]} "
            f"at {r.similarity:.2f} (best available {max(r.best_for_a, r.best_for_b):.2f})"
            for r in forced.itertuples()]
    return ("Forced by the one-to-one constraint rather than by the texts: " + join_ja(bits) +
            ". Read these as 'least bad', not as counterparts.")
