"""Sentences for the notebooks, written from the tables: no number in the narrative is typed by hand.

Each function takes loaded tables (and a `CityStyle` for names) and returns Markdown; the notebooks display it with
`IPython.display.Markdown`. A sentence is only as strong as its table: "distinctive" always means over-used with
q < 0.05 under the element-level test (``distinctive`` in keyness.csv), always with its effect size and interval, and
a frame with too few elements gets "too few elements for a test".
"""

from __future__ import annotations

import html
import re

import pandas as pd

__all__ = [
    "join_ja", "counting", "text_volume", "frames", "distinctive", "robust", "calibration", "keyness_summary",
    "coverage", "alignment_summary", "gold_summary", "goal_assignment", "structure",
]


def join_ja(items: list[str], empty: str = "none") -> str:
    """'a, b and c' (or `empty`).

    Parameters
    ----------
    items : list of str
        The phrases, in the order they are to be read (any iterable).
    empty : str, optional
        What to write when there are none; default ``'none'``.

    Returns
    -------
    str
        The items joined by ``', '`` with ``' and '`` before the last; one item alone; `empty` for none.

    Examples
    --------
    >>> join_ja(["見守り", "居場所", "担い手"]), join_ja([])
    ('見守り, 居場所 and 担い手', 'none')
    >>> join_ja(["見守り"]), join_ja([], empty="—")
    ('見守り', '—')
    """
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_MD_PUNCT = re.compile(r"([\\`*_\[\]#+!|$~])")


def md(text) -> str:
    """Text a researcher registered (a city's name, a plan title, a term) as literal Markdown: HTML-escaped, and the
    Markdown and MathJax punctuation backslash-escaped, so that it is shown, never run or typeset.

    >>> md("<img src=x onerror=alert(1)>市 $x$ *a* [b](c)")
    '&lt;img src=x onerror=alert(1)&gt;市 \\\\$x\\\\$ \\\\*a\\\\* \\\\[b\\\\](c)'
    """
    return _MD_PUNCT.sub(r"\\\1", html.escape(str(text), quote=False))


def _label(style, city: str) -> str:
    return md(style.label(city))


def _short(style, city: str) -> str:
    return md(style.short(city))


def _n(x) -> str:
    return f"{int(x):,}"


def structure(nodes: pd.DataFrame, style) -> str:
    """How many elements each city's plan has, by level.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Plan elements with at least ``city`` and ``level`` (``compare.io.datasets.load_nodes()``).
    style : compare.plots.style.CityStyle
        City names (``style.label`` in bold headings, ``style.short`` in running text) and registry order.

    Returns
    -------
    str
        One Markdown sentence: for every city of `nodes` in registry order, its label in bold and the number of
        elements at each level it has (vision, goal, policy, action, program; levels it lacks are left out).

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> style = CityStyle(ds.load_cities())
    >>> print(structure(ds.load_nodes(), style))
    Elements per city and level — **仙台市 Sendai**: ... vision, ... goal, ... policy, ... program;
    **相模原市 Sagamihara**: ... vision, ... goal, ... policy, ... action; ...
    """
    parts = []
    for c in style.order(nodes.city.unique()):
        counts = nodes[nodes.city == c].level.value_counts()
        bits = [f"{_n(counts[lvl])} {lvl}" for lvl in ("vision", "goal", "policy", "action", "program")
                if lvl in counts]
        parts.append(f"**{_label(style, c)}**: {', '.join(bits)}")
    return "Elements per city and level — " + "; ".join(parts) + "."


def text_volume(volume: pd.DataFrame, style, level: str = "goal") -> str:
    """Characters of one level's text in every city, smallest and largest named.

    Parameters
    ----------
    volume : pandas.DataFrame
        Characters per city (index: city ids) and level (columns), as from `compare.analysis.corpus.text_volume`.
    style : compare.plots.style.CityStyle
        City names (``style.label`` in bold headings, ``style.short`` in running text) and registry order.
    level : str, optional
        The column of `volume` to describe; default ``'goal'``.

    Returns
    -------
    str
        One Markdown sentence: the characters of every city (rows of `volume`, in their order) and the ratio of
        the largest city's characters to the smallest's (both named), or, if the smallest has none, that it has
        none at this level.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> style = CityStyle(ds.load_cities())
    >>> from compare.analysis.corpus import text_volume as volume_table
    >>> volume = volume_table(ds.load_nodes(), ds.load_cities())
    >>> print(text_volume(volume, style))
    Characters of *goal* text: 仙台市 ..., 相模原市 ..., 廿日市市 .... The levels are not of similar size across
    plans: ... has ...× the goal text of ....

    Where a city has no text at the level (a hand-made table):

    >>> toy = pd.DataFrame({"program": [27550, 0]}, index=["sendai", "sagamihara"])
    >>> print(text_volume(toy, style, "program"))
    Characters of *program* text: 仙台市 27,550, 相模原市 0; 相模原市 has none at this level.
    """
    v = volume[level]
    bits = [f"{_short(style, c)} {_n(v[c])}" for c in volume.index]
    lo, hi = v.idxmin(), v.idxmax()
    ratio = v[hi] / v[lo] if v[lo] else float("inf")
    return (f"Characters of *{level}* text: {', '.join(bits)}. The levels are not of similar size across plans: "
            f"{_short(style, hi)} has {ratio:.1f}× the {level} text of {_short(style, lo)}" if v[lo] else
            f"Characters of *{level}* text: {', '.join(bits)}; {_short(style, lo)} has none at this level") + "."


def counting(tokens: pd.DataFrame, style) -> tuple[pd.DataFrame, str]:
    """Content tokens with and without re-listings per city, and the sentence that says what is excluded and why.

    Two rules exclude tokens: a re-listed text (【再掲】, or a later listing of the same programme) is counted at its
    first listing only, and a title printed verbatim inside its own body is counted in the body only.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens with at least ``city``, ``node_id``, ``field``, ``content`` and ``counted``
        (``compare.io.datasets.load_tokens()``).
    style : compare.plots.style.CityStyle
        City names and registry order.

    Returns
    -------
    table : pandas.DataFrame
        One row per city (registry order): ``all listings`` (content tokens of every listing), ``counted``,
        ``re-listed`` (tokens of elements not counted at all), ``title in body`` (title tokens of counted elements
        whose body prints the title), ``excluded share`` (3 decimals).
    text : str
        The Markdown sentence naming, for every city, what each rule excludes.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> table, text = counting(ds.load_tokens(), CityStyle(ds.load_cities()))
    >>> list(table.columns)
    ['all listings', 'counted', 're-listed', 'title in body', 'excluded share']
    >>> bool((table["all listings"] == table.counted + table["re-listed"] + table["title in body"]).all())
    True
    """
    c = tokens[tokens.content.to_numpy(dtype=bool)]
    city, counted = c.city.astype(str), c.counted.to_numpy(dtype=bool)
    node_counted = pd.Series(counted, index=c.index).groupby(c.node_id.astype(str)).transform("any").to_numpy()
    t = pd.DataFrame({"all listings": c.groupby(city).size(),
                      "counted": pd.Series(counted, index=c.index).groupby(city).sum(),
                      "re-listed": pd.Series(~node_counted, index=c.index).groupby(city).sum(),
                      "title in body": pd.Series(node_counted & ~counted, index=c.index).groupby(city).sum()}
                     ).fillna(0).astype(int)
    t = t.reindex(style.order(t.index))
    t["excluded share"] = ((t["re-listed"] + t["title in body"]) / t["all listings"]).round(3)
    bits = []
    for ci in t.index:
        r = t.loc[ci]
        parts = ([f"{_n(r['re-listed'])} re-listed"] if r["re-listed"] else []) + (
            [f"{_n(r['title in body'])} in titles printed again in their body"] if r["title in body"] else [])
        if parts:
            bits.append(f"{_short(style, ci)}: {join_ja(parts)}, of {_n(r['all listings'])} "
                        f"({r['excluded share']:.0%})")
    text = ("Content tokens not counted — " + "; ".join(bits) + "." if bits
            else "No city re-lists a text or prints a title in its body, so every token is counted.")
    return t, text


def frames(sizes: pd.DataFrame, style, min_elements: int) -> str:
    """Per frame: the genre compared, elements and tokens per city, and which cities are too small for a test.

    Parameters
    ----------
    sizes : pandas.DataFrame
        frame_sizes.csv (``compare.io.datasets.load_frame_sizes()``): ``view``, ``frame``, ``genre``, ``city``,
        ``tokens``, ``nodes``, ``testable``.
    style : compare.plots.style.CityStyle
        City names and registry order.
    min_elements : int
        The minimum elements per side for a test (``build_config.json``), as stated in the sentence.

    Returns
    -------
    str
        A Markdown list, one item per frame.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> sizes = ds.load_frame_sizes()
    >>> text = frames(sizes, CityStyle(ds.load_cities()), 15)
    >>> len(text.splitlines()) == sizes.view.nunique(), "descriptive only" in text
    (True, True)
    """
    out = []
    for view, g in sizes.groupby("view", sort=False):
        bits = [f"{_short(style, r.city)} {_n(r.nodes)} elements ({_n(r.tokens)} tokens)" for r in g.itertuples()]
        s = f"- **{g.frame.iloc[0]}** (`{view}`, {g.genre.iloc[0]}): {', '.join(bits)}."
        if view == "whole":
            s += " Mixes genres: descriptive only, never tested."
        elif int((g.nodes > 0).sum()) < 2:
            s += " Fewer than two cities have text of this kind: no comparison."
        else:
            small = [_short(style, r.city) for r in g.itertuples() if not r.testable]
            if small:
                s += f" Fewer than {min_elements} elements — not tested as a target: {join_ja(small)}."
        out.append(s)
    return "\n".join(out)


def distinctive(key: pd.DataFrame, style, *, view: str, comparison: str = "one-vs-rest", top: int = 8) -> str:
    """For every target city of one frame and comparison: its distinctive terms with effect sizes and intervals, or
    why there are none (too few elements; or no term with q < 0.05, with the strongest over-used terms shown).

    Parameters
    ----------
    key : pandas.DataFrame
        keyness.csv rows (``compare.io.datasets.load_keyness()``).
    style : compare.plots.style.CityStyle
    view : str
        The frame.
    comparison : str
        ``'one-vs-rest'`` or ``'pairwise'``.
    top : int
        Terms named per city (ties at the cut-off kept).

    Returns
    -------
    str
        A Markdown list, one item per target city (and reference, for pairwise comparisons).

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> text = distinctive(ds.load_keyness(), CityStyle(ds.load_cities()), view="plan")
    >>> text.startswith("- **"), "distinctive" in text
    (True, True)
    """
    k = key[(key.view == view) & (key.comparison == comparison)]
    if k.empty:
        return f"- No comparison in this frame (`{view}`): fewer than two cities have text in it."
    out = []
    for (c, ref), sub in k.groupby(["city", "reference"], sort=False):
        against = "the other cities" if ref == "rest" else _short(style, ref)
        head = f"- **{_label(style, c)}** vs {against}"
        if not sub.testable.any():
            out.append(f"{head}: too few elements for a test ({_n(sub.nodes_target_total.max())} and "
                       f"{_n(sub.nodes_reference_total.max())} elements).")
            continue
        d = sub[sub.distinctive].sort_values(["rank", "term"])
        if d.empty:
            best = sub[sub.direction == "over"].sort_values(["rank", "term"]).head(3)
            named = ", ".join(f"{md(r.term)} (log ratio {r.log_ratio:+.1f} [{r.log_ratio_low:+.1f}, "
                              f"{r.log_ratio_high:+.1f}], q {r.q_element:.2f})" for r in best.itertuples())
            out.append(f"{head}: no distinctive term (no q < 0.05 among {_n(len(sub))} terms tested)"
                       + (f"; the strongest over-used: {named}" if named else "") + ".")
            continue
        cut = d["rank"].iloc[min(top, len(d)) - 1]
        shown = d[d["rank"] <= cut]
        terms = [f"{md(r.term)} (log ratio {r.log_ratio:+.1f} [{r.log_ratio_low:+.1f}, {r.log_ratio_high:+.1f}], "
                 f"q {r.q_element:.3f}, in {_n(r.nodes_target)} of {_n(r.nodes_target_total)} elements, "
                 f"{r.robust_settings} tokenizer settings)" for r in shown.itertuples()]
        more = f"; {len(d) - len(shown)} more in `keyness.csv`" if len(d) > len(shown) else ""
        out.append(f"{head}: {len(d)} distinctive term{'s' if len(d) != 1 else ''} of {_n(len(sub))} tested — "
                   f"{', '.join(terms)}{more}.")
    return "\n".join(out)


def robust(key: pd.DataFrame, style, *, view: str, comparison: str = "one-vs-rest") -> tuple[pd.DataFrame, str]:
    """Robustness in both directions: the distinctive terms by how many tokenizer settings keep them, and the terms
    that are not distinctive here but are in some other setting.

    Parameters
    ----------
    key : pandas.DataFrame
        keyness.csv rows with ``robust_settings`` (``'k/n'``; ``''`` where robustness was not computed).
    style : compare.plots.style.CityStyle
    view : str
    comparison : str

    Returns
    -------
    table : pandas.DataFrame
        Per city: ``distinctive`` (here), ``in every setting``, ``in half or fewer``, ``elsewhere only`` (not
        distinctive here, distinctive in at least one other setting).
    text : str
        One Markdown item per city.

    Examples
    --------
    >>> toy = pd.DataFrame({"view": "plan", "comparison": "one-vs-rest", "city": ["sendai"] * 3,
    ...                     "term": ["子育て", "相談", "地域"], "distinctive": [True, False, False],
    ...                     "robust_settings": ["6/6", "2/6", "0/6"]})
    >>> from compare.plots.style import CityStyle
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai"], "label": ["仙台市 Sendai"], "order": [1]}))
    >>> table, text = robust(toy, style, view="plan")
    >>> table.loc["sendai"].tolist()
    [1, 1, 0, 1]
    >>> print(text)
    - **仙台市 Sendai**: 1 distinctive term, 1 of them in all 6 settings (子育て); 1 term is distinctive only in
    other settings (相談, 2 of 6).
    """
    k = key[(key.view == view) & (key.comparison == comparison)]
    if k.empty or not k.robust_settings.astype(str).str.len().gt(0).any():
        return pd.DataFrame(), "Robustness was not computed for this frame."
    k = k.assign(settings=k.robust_settings.str.split("/").str[0].astype(int))
    n_set = int(k.robust_settings.iloc[0].split("/")[1])
    rows, bits = {}, []
    for c in style.order(k.city.unique()):
        sub = k[k.city == c]
        d = sub[sub.distinctive]
        every = sorted(d.term[d.settings == n_set])
        fragile = sorted(d.term[d.settings <= n_set // 2])
        elsewhere = sub[~sub.distinctive & (sub.settings > 0)].sort_values(["settings", "term"],
                                                                            ascending=[False, True])
        rows[c] = {"distinctive": len(d), "in every setting": len(every), "in half or fewer": len(fragile),
                   "elsewhere only": len(elsewhere)}
        s = f"- **{_label(style, c)}**: {len(d)} distinctive term{'s' if len(d) != 1 else ''}"
        if len(d):
            s += f", {len(every)} of them in all {n_set} settings" + (f" ({join_ja(every[:10])})" if every else "")
            s += f"; {len(fragile)} in half of them or fewer ({join_ja(fragile[:8])})" if fragile else ""
        if len(elsewhere):
            named = ", ".join(f"{md(r.term)}, {r.settings} of {n_set}" for r in elsewhere.head(8).itertuples())
            s += (f"; {len(elsewhere)} term{' is' if len(elsewhere) == 1 else 's are'} distinctive only in other "
                  f"settings ({named})")
        bits.append(s + ".")
    return pd.DataFrame.from_dict(rows, orient="index"), "\n".join(bits)


def keyness_summary(key: pd.DataFrame, style, *, view: str) -> str:
    """One sentence on a frame's keyness as a whole: how many of its testable comparisons find a distinctive term,
    and which terms.

    Parameters
    ----------
    key : pandas.DataFrame
        keyness.csv rows.
    style : compare.plots.style.CityStyle
    view : str
        The frame.

    Returns
    -------
    str

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(keyness_summary(ds.load_keyness(), CityStyle(ds.load_cities()), view="plan"))
    On `plan` text, ... of ... testable comparisons find a distinctive term...
    """
    k = key[(key.view == view) & key.testable]
    comps = k.groupby(["comparison", "city", "reference"], sort=False)
    found = [(c, r, [md(t) for t in sorted(g.term[g.distinctive])]) for (_, c, r), g in comps if g.distinctive.any()]
    s = f"On `{view}` text, {_n(len(found))} of {_n(comps.ngroups)} testable comparisons find a distinctive term"
    if not found:
        return s + ": the documents differ in degree, not in any term this test can tell apart."
    named = "; ".join(f"{_short(style, c)} over {'the others' if r == 'rest' else _short(style, r)}: {join_ja(t)}"
                      for c, r, t in found)
    return s + f" ({named}); every other comparison finds none."


#: What one test of each calibrated test is about (for "splits have a … at q < α").
UNIT_OF_TEST = {"element": "term", "token": "term", "cell": "city × theme cell", "association": "term pair"}


def calibration(cal: pd.DataFrame, style, *, alpha: float = 0.05) -> str:
    """What the split-half null shows about each test: false-positive rates between random halves of one city's
    elements (keyness_calibration.csv: the element-level test and the token-level G²; theme_calibration.csv: the
    theme cell test; cooccurrence_calibration.csv: the association test).

    Parameters
    ----------
    cal : pandas.DataFrame
        ``compare.io.datasets.load_keyness_calibration()`` or another calibration table of the same columns.
    style : compare.plots.style.CityStyle
    alpha : float
        The nominal level.

    Returns
    -------
    str
        One Markdown item per test in the table: the range of its false-positive rate, and the splits with a
        discovery.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(calibration(ds.load_keyness_calibration(), CityStyle(ds.load_cities())))
    - **element-level test** (decides *distinctive*): false-positive rate ...–...% at α = 5% ...
    - **token-level G²** (descriptive only): ...
    """
    out = []
    for test, name in (("element", "**element-level test** (decides *distinctive*)"),
                       ("token", "**token-level G²** (descriptive only)"),
                       ("cell", "**theme cell test** (decides *supported*)"),
                       ("association", "**association test** (decides whether a co-occurrence differs)")):
        g = cal[cal.test == test]
        if g.empty:
            continue
        worst = g.loc[g.false_positive_rate.idxmax()]
        within = bool((g.false_positive_rate - 2 * g.fpr_se <= alpha).all())
        out.append(f"- {name}: false-positive rate {g.false_positive_rate.min():.1%}–"
                   f"{g.false_positive_rate.max():.1%} at α = {alpha:.0%} over {_n(g.splits.iloc[0])} random halves "
                   f"of each city with at least {_n(g.elements.min())} elements in a frame (highest: "
                   f"{_short(style, worst.city)}, `{worst.view}`); "
                   + ("at or below the nominal level in every frame and city" if within else
                      "**above the nominal level**: it finds differences where there are none")
                   + f"; {_n(g.splits_with_discovery.sum())} of {_n(g.splits.sum())} splits have a "
                   f"{UNIT_OF_TEST.get(test, 'test')} at q < {alpha}.")
    return "\n".join(out)


def _metrics(r) -> str:
    def pct(x):
        return "n/a" if x != x else f"{x:.2f}"
    return (f"precision {pct(r.precision)} [{pct(r.precision_low)}, {pct(r.precision_high)}], recall "
            f"{pct(r.recall)} [{pct(r.recall_low)}, {pct(r.recall_high)}], κ = {pct(r.kappa)}")


def codebook_validation(now: pd.DataFrame, before: pd.DataFrame, *, kappa_floor: float = 0.4,
                        stratum: str = "plan") -> str:
    """What the blind coding says about the codebook's rules, before and after their one revision.

    Parameters
    ----------
    now, before : pandas.DataFrame
        ``load_codebook_validation()`` (current rules) and ``load_codebook_validation(as_written=True)``.
    kappa_floor : float
        A rule whose κ with the coding is below this on `stratum` is reported as failing (0.4: 'moderate' agreement
        begins there, Landis & Koch 1977).
    stratum : str
        The stratum of the headline (the primary frame's census).

    Returns
    -------
    str
        Markdown: pooled precision, recall and κ of the rules as written (out of sample), revised (in-sample) and on
        the held-out rows (out of sample), the readers' agreement, and the themes below `kappa_floor`.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> print(codebook_validation(ds.load_codebook_validation(), ds.load_codebook_validation(as_written=True)))
    - **As first written** (out of sample: ...
    """
    def pooled(df, s):
        g = df[(df.stratum == s) & (df.theme_id == "all")]
        return None if g.empty else g.iloc[0]

    out = []
    b, n = pooled(before, stratum), pooled(now, stratum)
    if b is not None:
        out.append(f"- **As first written** (out of sample: the rules predate the coding), on {_n(b.elements)} "
                   f"plan-text elements × every theme ({_n(b.judgements)} judgements): {_metrics(b)}.")
    if n is not None:
        out.append(f"- **As revised** (`codebook_changes.csv`; *in-sample*: the revision saw these judgements): "
                   f"{_metrics(n)}.")
    h = pooled(now, "heldout")
    if h is not None:
        out.append(f"- **As revised, on {_n(h.elements)} programme rows drawn and coded after the revision** (out of "
                   f"sample): {_metrics(h)}; on the {_n(pooled(now, 'programmes').elements)} programme rows coded "
                   f"before it, {_metrics(pooled(now, 'programmes'))} (in-sample).")
    if n is not None:
        out.append(f"- The two first readers agreed at κ = {n.kappa_readers:.2f} on the plan text (before "
                   "adjudication): a reference for what the coding allows, not a ceiling.")
    for s_, where in ((stratum, "on the plan text as revised"), ("heldout", "on the held-out programme rows")):
        per = now[(now.stratum == s_) & (now.theme_id != "all")]
        if per.empty:
            continue
        weak = per[(per.kappa < kappa_floor) | (per.kappa.isna() & (per.human_positive + per.rule_positive > 0))]
        weak_bits = [f"{r.theme_id} {r.label_ja} (κ = {'n/a' if r.kappa != r.kappa else f'{r.kappa:.2f}'}; "
                     f"{_n(r.human_positive)} coded, {_n(r.rule_positive)} found)" for r in weak.itertuples()]
        out.append(f"- Rules below κ = {kappa_floor} {where}: " + join_ja(weak_bits) + ".")
    return "\n".join(out)


def shared_associations(shared: pd.DataFrame, edges: pd.DataFrame, style, *, view: str = "whole",
                        show: int = 12) -> str:
    """How many term pairs the cities' texts share, without a top-N cut, beside what the drawn networks share.

    Parameters
    ----------
    shared : pandas.DataFrame
        cooccurrence_shared.csv.
    edges : pandas.DataFrame
        cooccurrence_edges.csv (the drawn networks).
    style : compare.plots.style.CityStyle
    view : str
        The frame of `shared` to report.
    show : int
        Pairs named, most widely shared first, then by the smallest co-occurrence count across those cities.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(shared_associations(ds.read("cooccurrence_shared.csv"), ds.read("cooccurrence_edges.csv"),
    ...                           CityStyle(ds.load_cities())))
    In the texts (`whole`, no top-N cut), ... term pairs co-occur in at least two elements of every city...
    """
    n_cities = len(style.ids)
    s = shared[shared.view == view]
    pairs = s.groupby(["term_a", "term_b"]).agg(shared_by=("shared_by", "first"), least=("cooccurrence", "min"))
    every = pairs[pairs.shared_by == n_cities].sort_values("least", ascending=False)
    some = pairs[(pairs.shared_by >= 2) & (pairs.shared_by < n_cities)]
    drawn = edges[edges.shared_by == n_cities].drop_duplicates(["term_a", "term_b"])
    named = ", ".join(f"{a}–{b}" for a, b in every.index[:show])
    more = f" and {_n(len(every) - show)} more" if len(every) > show else ""
    return (f"In the texts (`{view}`, no top-N cut), {_n(len(every))} term pairs co-occur in at least two elements "
            f"of every city" + (f" (by their smallest count in any city: {named}{more})" if len(every) else "")
            + f", and {_n(len(some))} more in at least two but not all cities."
            + (f" Of the drawn networks' links (whole documents), {_n(len(drawn))} are in every city's drawing: each "
               "drawing keeps only its city's strongest pairs, so a link missing from a drawing may still be an "
               "association of that city's text." if view == "whole" else ""))


def association_differences(diffs: pd.DataFrame, style, *, alpha: float = 0.05, show: int = 8) -> str:
    """Which term pairs' association differs between two cities, per pair of cities, from
    cooccurrence_differences.csv.

    Parameters
    ----------
    diffs : pandas.DataFrame
        cooccurrence_differences.csv.
    style : compare.plots.style.CityStyle
    alpha : float
        The level of ``significant`` (q < alpha).
    show : int
        Differences named per pair at most.

    Returns
    -------
    str
        One Markdown item per pair of cities: pairs tested, those that differ (with the difference of log odds ratios
        and its 95 % interval), or that none does, with the smallest q.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(association_differences(ds.read("cooccurrence_differences.csv"), CityStyle(ds.load_cities())))
    - ...: ... term pairs tested;...
    """
    out = []
    for (a, b), d in diffs.groupby(["city_a", "city_b"], sort=False):
        sig = d[d.significant].sort_values("q_value")
        head = f"- {_short(style, a)} × {_short(style, b)} (`{d.view.iloc[0]}`): {_n(len(d))} term pairs tested; "
        if sig.empty:
            out.append(head + f"none differs in association at q < {alpha} (smallest q = {d.q_value.min():.2f}).")
            continue
        bits = [f"{md(r.term_a)}–{md(r.term_b)} "
                f"(stronger in {_short(style, a) if r.difference > 0 else _short(style, b)}; "
                f"Δ log OR = {r.difference:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}], q = {r.q_value:.3f})"
                for r in sig.head(show).itertuples()]
        out.append(head + f"{_n(len(sig))} differ{'s' if len(sig) == 1 else ''} at q < {alpha}: "
                   + "; ".join(bits) + ".")
    return "\n".join(out) if out else "No pair of cities was compared."


def ca_stability(boot: pd.DataFrame, coords: pd.DataFrame) -> str:
    """What the partial bootstrap says about each correspondence map: how many points keep their side of each axis.

    Parameters
    ----------
    boot : pandas.DataFrame
        correspondence_bootstrap.csv.
    coords : pandas.DataFrame
        correspondence_coordinates.csv.

    Returns
    -------
    str
        One Markdown item per analysis.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> print(ca_stability(ds.read("correspondence_bootstrap.csv"), ds.read("correspondence_coordinates.csv")))
    - *terms-cities* (... resamples of each column's elements): ...
    """
    out = []
    for name, b in boot.groupby("analysis", sort=False):
        bits = []
        for kind, word in (("column", "columns"), ("row", "rows")):
            g = b[b.kind == kind]
            if g.empty:
                continue
            side1 = int(((g.dim1_low > 0) | (g.dim1_high < 0)).sum())
            side2 = int(((g.dim2_low > 0) | (g.dim2_high < 0)).sum())
            bits.append(f"{_n(side1)} of {_n(len(g))} {word} keep their side of dimension 1 in 95 % of resamples, "
                        f"{_n(side2)} their side of dimension 2")
        out.append(f"- *{name}* ({_n(b.draws.iloc[0])} resamples of each column's elements): " + "; ".join(bits)
                   + ". A point whose interval crosses the origin cannot be placed on either side of that axis.")
    return "\n".join(out)


def cluster_stability(stab: pd.DataFrame, node_clusters: pd.DataFrame, style, *, stable: float = 0.75,
                      unstable: float = 0.6) -> str:
    """Which clusters hold up under resampling (Hennig 2007), and which policy clusters join cities.

    Parameters
    ----------
    stab : pandas.DataFrame
        cluster_stability.csv.
    node_clusters : pandas.DataFrame
        cluster_nodes.csv.
    style : compare.plots.style.CityStyle
    stable, unstable : float
        Hennig's reading of the mean best Jaccard: at least `stable` a stable cluster, below `unstable` not one.

    Returns
    -------
    str
        Markdown: term clusters per city, policy clusters, and the policy clusters that join more than one city
        with their stability.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(cluster_stability(ds.read("cluster_stability.csv"), ds.read("cluster_nodes.csv"),
    ...                         CityStyle(ds.load_cities())))
    Clusters are read as Hennig (2007) reads their mean Jaccard over ... resamples...
    """
    def count(g):
        return (f"{_n(int((g.stability >= stable).sum()))} of {_n(len(g))} stable (≥ {stable}), "
                f"{_n(int((g.stability < unstable).sum()))} not (< {unstable})")

    terms = stab[stab.analysis == "terms"]
    pol = stab[stab.analysis == "policies"]
    draws = int(stab.draws.max()) if len(stab) else 0
    parts = [f"Clusters are read as Hennig (2007) reads their mean Jaccard over {_n(draws)} resamples: "]
    parts.append("term clusters " + "; ".join(f"{_short(style, c)} {count(g)}" for c, g in terms.groupby(
        "city", sort=False)) + ". ")
    if len(pol):
        cities_in = node_clusters.groupby("cluster").city.nunique()
        mixed = pol[pol.cluster.map(cities_in).fillna(0) > 1]
        held = mixed[mixed.stability >= stable]
        parts.append(f"Policy clusters: {count(pol)}. {_n(len(mixed))} of {_n(len(pol))} join policies of more than "
                     f"one city, and of those {_n(len(held))} "
                     + ("is" if len(held) == 1 else "are") + " stable"
                     + (": " + ", ".join(f"cluster {int(r.cluster)} ({r.stability:.2f})" for r in held.itertuples())
                        if len(held) else "")
                     + ". Only a stable cluster that joins cities suggests wording the plans share; the others depend "
                       "on which policies happen to be in the sample and on the fixed number of clusters.")
    return "".join(parts)


def sensitivity(sens: pd.DataFrame, style) -> str:
    """What the sensitivity table says: per analysis, how many findings some choice would report, how many the
    primary analysis reports, and what each alternative choice would have added.

    Parameters
    ----------
    sens : pandas.DataFrame
        sensitivity.csv.
    style : compare.plots.style.CityStyle

    Returns
    -------
    str
        One Markdown item per analysis.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> print(sensitivity(ds.read("sensitivity.csv"), CityStyle(ds.load_cities())))
    - **keyness**: ... findings hold under at least one of ... settings; ...
    """
    key = ["comparison", "city", "reference", "item", "direction"]
    out = []
    for analysis, g in sens.groupby("analysis", sort=False):
        findings = g.drop_duplicates(key)
        prim = int(findings.primary_holds.sum())
        alt = (g[~g.primary].groupby(["dimension", "setting"], sort=False).holds.sum()
               .sort_values(ascending=False, kind="stable"))
        alt_bits = [f"{setting} ({dim}) {_n(int(n))}" for (dim, setting), n in alt.items() if n > 0]
        best = findings.sort_values("holds_in", ascending=False, kind="stable").iloc[0]
        out.append(f"- **{analysis}**: {_n(len(findings))} findings hold under at least one of "
                   f"{_n(int(findings.settings.max()))} settings; {_n(prim)} under the primary analysis. "
                   + ("Alternatives would have reported: " + ", ".join(alt_bits) + ". " if alt_bits else "")
                   + f"The most robust holds in {_n(int(best.holds_in))} of {_n(int(best.settings))} "
                   f"({_short(style, best.city)} vs "
                   f"{'the rest' if best.reference == 'rest' else _short(style, best.reference)}, {best['item']}).")
    return "\n".join(out) if out else "No finding holds under any setting."


def coverage(cov: pd.DataFrame, style, *, view: str = "plan") -> str:
    """The overall test and the supported cells of the theme coverage.

    Parameters
    ----------
    cov : pandas.DataFrame
        Theme coverage (``compare.io.datasets.load_theme_coverage()``): one row per frame, city and theme with
        ``city``, ``theme_id``, ``label_ja``, ``elements``, ``elements_with_theme``, ``residual``, ``q_cell``,
        ``supported`` and the frame's overall test (``chi2``, ``dof``, ``p_monte_carlo``, ``draws``, repeated).
    style : compare.plots.style.CityStyle
        City names (``style.label`` in bold headings, ``style.short`` in running text) and registry order.
    view : str, optional
        The frame; default ``'plan'``.

    Returns
    -------
    str
        Markdown: whether city and theme are independent (χ² of element incidences with its permutation p; a p at
        the permutation floor is written as an upper bound), then every cell whose element-level exact test
        survives Benjamini–Hochberg at q < 0.05 (more or less than expected, elements, the difference in the share
        of elements with its 95 % bootstrap interval, q), or that none does.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> style = CityStyle(ds.load_cities())
    >>> print(coverage(ds.load_theme_coverage(), style, view="whole"))
    City and theme are not independent: χ² = ... on the elements of `whole`, permutation p ... shufflings of the
    elements' cities. ... Benjamini–Hochberg ...
    """
    c = cov[cov.view == view]
    t = c.iloc[0]
    sup = c[c.supported]
    bits = [f"{_short(style, r.city)} {r.theme_id} {r.label_ja} ({'more' if r.residual > 0 else 'less'}; "
            f"{r.elements_with_theme} of {r.elements} elements, share difference {r.rate_difference:+.2f} "
            f"[{r.rate_difference_low:+.2f}, {r.rate_difference_high:+.2f}], q = {r.q_cell:.3f})"
            for r in sup.itertuples()]
    floor = 1 / (int(t.draws) + 1)
    p_text = (f"p ≤ {floor:.2g} (no permutation reached the observed χ²)" if t.p_monte_carlo <= floor + 1e-12
              else f"p = {t.p_monte_carlo:.4f}")
    head = (f"City and theme are not independent: χ² = {t.chi2:.1f} (df = {int(t.dof)}) on the elements of "
            f"`{view}`, permutation {p_text} over {int(t.draws):,} shufflings of the elements' cities. "
            if t.p_monte_carlo < 0.05 else
            f"No evidence that city and theme are dependent on `{view}` text: permutation {p_text} over "
            f"{int(t.draws):,} shufflings of the elements' cities. ")
    return head + (f"Cells whose element-level exact test survives Benjamini–Hochberg (q < 0.05): {join_ja(bits)}."
                   if bits else "No single cell survives Benjamini–Hochberg at q < 0.05.")


def alignment_summary(ev: pd.DataFrame, *, task: str = "policy", calibration: dict | None = None) -> str:
    """The learned combination against the baseline, with intervals.

    Parameters
    ----------
    ev : pandas.DataFrame
        The gold-set evaluation (``compare.io.datasets.load_alignment_eval()``), with rows ``scope == 'all'`` for
        the methods ``combined (leave-one-city-out)`` (the headline, when present), ``combined (nested CV)``,
        ``tfidf-title``, ``chance`` and the single features.
    task : str, optional
        ``'policy'`` (default) or ``'programme'``.
    calibration : dict, optional
        The task's ``calibration`` record of ``alignment_model.json``: when given, the bands' floors are named.

    Returns
    -------
    str
        One Markdown paragraph: items and items with a counterpart, the combination's held-out top-1 (with its
        95 % interval), top-3, MRR and ROC AUC, the best single feature, the title-only baseline and chance, and
        the end-to-end share handled correctly with the no-counterpart rule.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> print(alignment_summary(ds.load_alignment_eval()))
    On ... gold items (... with a counterpart), the learned combination ranks an acceptable counterpart first for
    ...% of the ... items that have one (95 % interval ...%–...%; cross-fitted: ...) and within the first three
    for ...%; ... Nested cross-validation, ...
    >>> alignment_summary(ds.load_alignment_eval(), task="programme").startswith("On ")
    True
    """
    e = ev[(ev.task == task) & (ev.scope == "all")].set_index("method")
    loco = "combined (leave-one-city-out)"
    head = loco if loco in e.index else "combined (nested CV)"
    comb, base = e.loc[head], e.loc["tfidf-title"]
    single = e[~e.index.str.startswith("combined") & (e.index != "chance")]
    best_single = single.top1.idxmax()
    how = ("cross-fitted: each item scored by a model that never saw a gold item of its held-out city, as the "
           "committed alignment is" if head == loco else "held-out in nested cross-validation")
    out = (f"On {_n(comb['items'])} gold items ({_n(comb.items_with_counterpart)} with a counterpart), the learned "
           f"combination ranks an acceptable counterpart first for {comb.top1:.0%} of the "
           f"{_n(comb.items_with_counterpart)} items that have one "
           f"(95 % interval {comb.top1_low:.0%}–{comb.top1_high:.0%}; {how}) and within "
           f"the first three for {comb.top3:.0%}; MRR {comb.mrr:.2f}, ROC AUC {comb.auc:.2f}. The best single feature "
           f"({best_single}) reaches {single.top1.max():.0%}, the title-only baseline {base.top1:.0%}, chance "
           f"{e.loc['chance', 'top1']:.0%}. End to end, with the no-counterpart rule, {comb.end_to_end:.0%} of the "
           f"items are handled correctly.")
    if head == loco and "combined (nested CV)" in e.index:
        n = e.loc["combined (nested CV)"]
        out += (f" Nested cross-validation, whose held-out items' cities are in the training folds, gives top-1 "
                f"{n.top1:.0%} ({n.top1_low:.0%}–{n.top1_high:.0%}).")
    bands = [(b, comb[f"precision_{b}"], int(comb[f"items_{b}"])) for b in ("strong", "moderate", "weak")]
    shown = [(b, p, k) for b, p, k in bands if k]
    if shown:
        mono = all(p1 >= p2 for (_, p1, _), (_, p2, _) in zip(shown, shown[1:]))
        order = ("" if len(shown) < 2 else " — in order" if mono else
                 " — **not in order**: a higher band is not more precise")
        floors = (f" (floors of calibrated probability: strong ≥ {calibration['strong']:.0%}, moderate ≥ "
                  f"{calibration['moderate']:.0%})" if calibration else "")
        out += (f" Confidence bands{floors}, measured precision of the first target: "
                + ", ".join(f"{b} {p:.0%} ({_n(k)} items)" for b, p, k in shown) + order + ".")
        if comb.brier == comb.brier:
            out += f" Brier score of the calibrated probability that the first target is right: {comb.brier:.3f}."
    if comb.no_counterpart_precision == comb.no_counterpart_precision:
        out += (f" \"No counterpart\": precision {comb.no_counterpart_precision:.0%}, recall "
                f"{comb.no_counterpart_recall:.0%}.")
    conf = "combined (confirmation)"
    if conf in e.index:
        c = e.loc[conf]
        out += (f"\n\n**Confirmation** (the final model on {_n(c['items'])} items of a *fictional* city, written "
                f"blind after the feature set was fixed; nothing fitted or tuned on them): top-1 {c.top1:.0%} "
                f"({c.top1_low:.0%}–{c.top1_high:.0%}) of the {_n(c.items_with_counterpart)} with a counterpart, "
                f"top-3 {c.top3:.0%}, end to end {c.end_to_end:.0%}; \"no counterpart\" precision "
                f"{c.no_counterpart_precision:.0%}, recall {c.no_counterpart_recall:.0%}. The fictional plan was "
                "written by the same kind of judge as its gold, so it may read more like the rules than a real "
                "plan does: a check that nothing was fitted to the development items, not a measure for real "
                "cities.")
    return out


def gold_summary(gold: pd.DataFrame, agreement: dict) -> str:
    """Size and composition of the gold set and the two judges' agreement.

    Parameters
    ----------
    gold : pandas.DataFrame
        The gold standard (``compare.io.reference.load_gold()``): ``source_city``, ``target_city``,
        ``acceptable`` (list of node ids, or ``;``-joined text; empty = no counterpart) and ``confidence``
        (``'borderline'`` counted, if the column exists).
    agreement : dict
        The judges' agreement (``compare.io.datasets.load_alignment_model()["agreement"]``) with ``items``,
        ``best_agreement``, ``any_overlap`` and ``kappa_has_counterpart``.

    Returns
    -------
    str
        One Markdown paragraph: items, ordered pairs and items per pair, items without an acceptable counterpart,
        borderline items, and the second judge's agreement (same best target, overlapping sets, Cohen's κ).

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.io.reference import load_gold
    >>> print(gold_summary(load_gold(), ds.load_alignment_model()["agreement"]))
    The gold set has ... items over ... ordered pairs of cities (...–... per pair); ... have no acceptable
    counterpart and ... were marked borderline. A second judge, blind to the first, judged ... of them: the same
    best target (or both 'none') for ...%, overlapping accepted sets for ...%, Cohen's κ = ... for 'has a
    counterpart'. Measured on ... of ... items, this is a reference for the method's figures, not an upper bound
    on them.
    """
    pairs = gold.groupby(["source_city", "target_city"]).size()
    none = gold[gold.acceptable.str.len() == 0] if gold.acceptable.dtype == object and isinstance(
        gold.acceptable.iloc[0], list) else gold[gold.acceptable == ""]
    border = int((gold.confidence == "borderline").sum()) if "confidence" in gold else 0
    return (f"The gold set has {_n(len(gold))} items over {len(pairs)} ordered pairs of cities "
            f"({_n(pairs.min())}–{_n(pairs.max())} per pair); {_n(len(none))} have no acceptable counterpart and "
            f"{_n(border)} were marked borderline. A second judge, blind to the first, judged {agreement['items']} of "
            f"them: the same best target (or both 'none') for {agreement['best_agreement']:.0%}, overlapping accepted "
            f"sets for {agreement['any_overlap']:.0%}, Cohen's κ = {agreement['kappa_has_counterpart']:.2f} for "
            f"'has a counterpart'. Measured on {agreement['items']} of {_n(len(gold))} items, this is a reference for "
            f"the method's figures, not an upper bound on them.")


def goal_counterparts(counterparts: pd.DataFrame, accuracy: dict, style) -> str:
    """Which goals have no counterpart in which city, and how often the goal-level outcome agrees with the gold.

    Parameters
    ----------
    counterparts : pandas.DataFrame
        ``compare.io.datasets.load_goal_counterparts()``.
    accuracy : dict
        `compare.analysis.align.goals.goal_accuracy` of `counterparts` against the goal outcomes the gold implies.
    style : compare.plots.style.CityStyle
        City names (``style.short``).

    Returns
    -------
    str
        Markdown: the count of goals with a counterpart and without one, every goal without one (by city, id and
        title), and the agreement with the gold-derived outcome.

    Examples
    --------
    >>> from compare.io import datasets as ds, reference as ref
    >>> from compare.analysis.align.goals import goal_accuracy, goal_gold
    >>> from compare.plots.style import CityStyle
    >>> gc = ds.load_goal_counterparts()
    >>> acc = goal_accuracy(gc, goal_gold(ref.load_gold(), ds.load_nodes()))
    >>> print(goal_counterparts(gc, acc, CityStyle(ds.load_cities())))
    Of ... goal → city questions, ... have a counterpart goal and ... have none... Against the outcome the gold...
    """
    has = counterparts[counterparts.outcome != "no elements"]
    none = has[has.outcome == "no counterpart"]
    empty = counterparts[counterparts.outcome == "no elements"]
    out = (f"Of {_n(len(has))} goal → city questions, {_n((has.outcome == 'counterpart').sum())} have a counterpart "
           f"goal and {_n(len(none))} have none")
    if len(none):
        out += (": " + join_ja([f"{_short(style, r.source_city)} {md(r.source_goal.split('.', 1)[1])}"
                                f"「{md(r.source_title)}」 in {_short(style, r.target_city)}"
                                for r in none.itertuples()]))
    out += "."
    if len(empty):
        out += (f" {_n(empty.source_goal.nunique())} goal(s) have no policies or actions to vote and are left out.")
    if accuracy.get("goals"):
        prec = accuracy["none_precision"]
        rec = accuracy["none_recall"]
        out += (f" Against the outcome the gold implies (each gold item voting for the goal of its accepted targets), "
                f"{accuracy['agree']:.0%} of {_n(accuracy['goals'])} goals agree; the gold says "
                f"{_n(accuracy['none_gold'])} have no counterpart"
                + (f", and \"no counterpart\" is right for {prec:.0%} of the goals it names" if prec == prec else "")
                + (f" and finds {rec:.0%} of them" if rec == rec else "") +
                ". The element scores it sums are cross-fitted, so this is out-of-city; but the gold is the same "
                "items the element model was developed on.")
    return out


def goal_assignment(goals: pd.DataFrame, style) -> str:
    """Which one-to-one goal assignments were forced below a better available match.

    Parameters
    ----------
    goals : pandas.DataFrame
        Goal alignment (``compare.io.datasets.load_goal_alignment()``) with ``city_a``, ``goal_a``, ``city_b``,
        ``goal_b``, ``similarity``, ``best_for_a``, ``best_for_b`` and ``forced`` (bool).
    style : compare.plots.style.CityStyle
        City names (``style.label`` in bold headings, ``style.short`` in running text) and registry order.

    Returns
    -------
    str
        One Markdown sentence naming every forced pair (goals by their id within the city, e.g. ``g1``), its
        similarity and the best similarity available to either goal; or that no assignment is forced.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.plots.style import CityStyle
    >>> style = CityStyle(ds.load_cities())
    >>> goals = ds.load_goal_alignment()
    >>> print(goal_assignment(goals, style))
    Forced by the one-to-one constraint rather than by the texts: ... g... → ... g... at ... (best available ...)...
    Read these as 'least bad', not as counterparts.
    >>> print(goal_assignment(goals[~goals.forced], style))
    No goal assignment is forced: every assigned pair is the best match available to both goals.
    """
    forced = goals[goals.forced]
    if forced.empty:
        return "No goal assignment is forced: every assigned pair is the best match available to both goals."
    bits = [f"{_short(style, r.city_a)} {md(r.goal_a.split('.', 1)[1])} → "
            f"{_short(style, r.city_b)} {md(r.goal_b.split('.', 1)[1])} "
            f"at {r.similarity:.2f} (best available {max(r.best_for_a, r.best_for_b):.2f})"
            for r in forced.itertuples()]
    return ("Forced by the one-to-one constraint rather than by the texts: " + join_ja(bits) +
            ". Read these as 'least bad', not as counterparts.")
