"""Goal-level counterparts read off the element alignment: which goal of another city does what a goal does, or none.

A goal (基本目標, a sub-plan's root, a priority section) is compared through its elements, the policies and actions
under it, each already aligned with calibrated confidence (`compare.analysis.align.apply.align_pair`). Every
element votes once:

- for the goal of the other city under which its first-ranked counterpart sits, with weight P(right), the calibrated
  probability that this counterpart is right (the ``score`` of the rank-1 row);
- for "no counterpart", with weight P(none), the calibrated probability that the element has no counterpart in the
  other city (``p_none``; an element said to have no counterpart votes only this way).

The goal's counterpart is the option with the largest total vote; it is *unassigned* ("no counterpart in B") when the
"no counterpart" vote is the largest: most of what the goal's elements do is, by the calibrated alignment, probably
not in B. Nothing is tuned: the rule reuses the element-level probabilities, so a goal's outcome is as out-of-city
as the element scores it sums (cross-fitted, see `compare.analysis.align.model.CrossFit`). A goal without policies
or actions has nothing to vote and is reported as such.

`goal_gold` derives the same outcome from the gold standard (each gold item votes for the goal holding its accepted
targets, split equally among them, or for none), and `goal_accuracy` compares the two.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from compare.analysis.align.features import ancestor_at
from compare.io.schemas import GOAL_COUNTERPART_COLUMNS

__all__ = ["NONE", "goal_counterparts", "goal_gold", "goal_accuracy"]

#: The outcome of a goal whose "no counterpart" vote is the largest.
NONE = "no counterpart"


def _winner(votes: dict[str, float]) -> tuple[str, float, str, float]:
    ranked = sorted(votes.items(), key=lambda kv: (-round(kv[1], 9), kv[0] == NONE, kv[0]))
    first = ranked[0]
    second = ranked[1] if len(ranked) > 1 else ("", 0.0)
    return first[0], first[1], second[0], second[1]


def goal_counterparts(alignment: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Every goal of every source city → its counterpart goal in each target city, or "no counterpart".

    Parameters
    ----------
    alignment : pandas.DataFrame
        The element alignment (``alignment.csv``: ``source_city``, ``source_id``, ``target_city``, ``target_id``,
        ``rank``, ``score``, ``p_none``).
    nodes : pandas.DataFrame
        The plan trees (``nodes.csv``): goals and the ancestry of every element.

    Returns
    -------
    pandas.DataFrame
        Columns `GOAL_COUNTERPART_COLUMNS`, one row per (source goal, target city) of the ordered pairs in
        `alignment`: ``outcome`` (``counterpart``, ``no counterpart``, or ``no elements`` for a goal without
        policies or actions), ``target_goal`` and its title (empty unless ``counterpart``), ``support`` (the
        winning vote as a share of the goal's elements), ``none_support`` (the "no counterpart" vote's share), the
        runner-up and its share, ``elements`` (policies and actions under the goal) and
        ``elements_with_counterpart`` (those whose first answer is a counterpart, not "no counterpart").

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": ["a.g1", "a.g1.p1", "a.g1.p2", "a.g2", "b.g1", "b.g1.p1"],
    ...                       "parent_id": ["", "a.g1", "a.g1", "", "", "b.g1"], "city": list("aaaabb"),
    ...                       "level": ["goal", "policy", "policy", "goal", "goal", "policy"],
    ...                       "title": ["A1", "p", "q", "A2", "B1", "r"], "part": ["main"] * 6})
    >>> al = pd.DataFrame({"source_city": ["a", "a"], "source_id": ["a.g1.p1", "a.g1.p2"], "target_city": ["b", "b"],
    ...                    "target_id": ["b.g1.p1", ""], "rank": [1, 0], "score": [0.9, 0.1],
    ...                    "p_none": [0.05, 0.7]})
    >>> out = goal_counterparts(al, nodes)
    >>> out[["source_goal", "outcome", "target_goal", "support", "none_support"]].values.tolist()
    [['a.g1', 'counterpart', 'b.g1', 0.45, 0.375], ['a.g2', 'no elements', '', 0.0, 0.0]]
    """
    # a tie between a goal and "no counterpart" goes to the goal only when strictly larger: see _winner's order
    goal_of = ancestor_at(nodes, "goal")
    nd = nodes.set_index("node_id")
    elements = nodes[nodes.level.isin(["policy", "action"])]
    under: dict[str, list[str]] = defaultdict(list)
    for nid in elements.node_id:
        if goal_of.get(nid):
            under[goal_of[nid]].append(nid)
    first = alignment[alignment["rank"] <= 1].set_index(["source_id", "target_city"])
    rows = []
    pairs = list(dict.fromkeys(zip(alignment.source_city, alignment.target_city)))
    for a, b in pairs:
        for g in nodes[(nodes.city == a) & (nodes.level == "goal")].node_id:
            els = under.get(g, [])
            votes: dict[str, float] = defaultdict(float)
            found = 0
            for e in els:
                if (e, b) not in first.index:
                    continue
                r = first.loc[(e, b)]
                p = float(r.score)
                votes[NONE] += float(r.p_none)
                if int(r["rank"]) == 1 and goal_of.get(r.target_id):
                    votes[goal_of[r.target_id]] += p
                    found += 1
            base = {"source_city": a, "source_goal": g, "source_title": nd.loc[g].title, "source_part": nd.loc[g].part,
                    "target_city": b, "elements": len(els), "elements_with_counterpart": found}
            if not votes:
                rows.append({**base, "target_goal": "", "target_title": "", "outcome": "no elements", "support": 0.0,
                             "none_support": 0.0, "runner_up": "", "runner_up_support": 0.0})
                continue
            win, sw, second, s2 = _winner(votes)
            n = max(len(els), 1)
            rows.append({**base, "target_goal": "" if win == NONE else win,
                         "target_title": "" if win == NONE else nd.loc[win].title,
                         "outcome": NONE if win == NONE else "counterpart", "support": round(sw / n, 4),
                         "none_support": round(votes.get(NONE, 0.0) / n, 4), "runner_up": second,
                         "runner_up_support": round(s2 / n, 4)})
    return pd.DataFrame(rows, columns=list(GOAL_COUNTERPART_COLUMNS))


def goal_gold(gold: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """The goal-level outcome the gold standard implies: each gold item of a goal's elements votes for the goal(s)
    holding its accepted targets (its vote split equally), or for "no counterpart".

    Parameters
    ----------
    gold : pandas.DataFrame
        ``compare.io.reference.load_gold()``: ``source_id``, ``target_city``, ``acceptable`` (lists).
    nodes : pandas.DataFrame
        The plan trees.

    Returns
    -------
    pandas.DataFrame
        ``source_goal``, ``target_city``, ``gold_goal`` (``''`` for no counterpart), ``gold_items`` and ``tied``
        (True where two options tie: such goals are left out of `goal_accuracy`).

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": ["a.g1", "a.g1.p1", "b.g1", "b.g1.p1"], "parent_id": ["", "a.g1", "", "b.g1"],
    ...                       "level": ["goal", "policy", "goal", "policy"]})
    >>> g = pd.DataFrame({"source_id": ["a.g1.p1"], "target_city": ["b"], "acceptable": [["b.g1.p1"]]})
    >>> goal_gold(g, nodes)[["source_goal", "gold_goal", "tied"]].values.tolist()
    [['a.g1', 'b.g1', False]]
    """
    goal_of = ancestor_at(nodes, "goal")
    votes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    count: dict[tuple[str, str], int] = defaultdict(int)
    for r in gold.itertuples(index=False):
        g = goal_of.get(r.source_id, "")
        if not g:
            continue
        key = (g, r.target_city)
        count[key] += 1
        targets = [goal_of.get(t, "") for t in r.acceptable if goal_of.get(t, "")]
        if not targets:
            votes[key][NONE] += 1.0
        for t in targets:
            votes[key][t] += 1.0 / len(targets)
    rows = []
    for key, v in votes.items():
        ranked = sorted(v.items(), key=lambda kv: -kv[1])
        tied = len(ranked) > 1 and abs(ranked[0][1] - ranked[1][1]) < 1e-9
        rows.append({"source_goal": key[0], "target_city": key[1],
                     "gold_goal": "" if ranked[0][0] == NONE else ranked[0][0], "gold_items": count[key],
                     "tied": tied})
    return pd.DataFrame(rows, columns=["source_goal", "target_city", "gold_goal", "gold_items", "tied"])


def goal_accuracy(counterparts: pd.DataFrame, gold_goals: pd.DataFrame) -> dict:
    """Agreement of `goal_counterparts` with `goal_gold` on the goals the gold decides (ties left out).

    Returns
    -------
    dict
        ``goals`` (compared), ``agree`` (share with the same outcome: the same goal, or both none), and for "no
        counterpart" its ``none_precision`` and ``none_recall`` (NaN when undefined), ``none_gold`` (how many goals
        the gold says have none).

    Examples
    --------
    >>> c = pd.DataFrame({"source_goal": ["x", "y"], "target_city": ["b", "b"], "target_goal": ["b1", ""],
    ...                   "outcome": ["counterpart", "no counterpart"]})
    >>> g = pd.DataFrame({"source_goal": ["x", "y"], "target_city": ["b", "b"], "gold_goal": ["b1", "b2"],
    ...                   "gold_items": [3, 2], "tied": [False, False]})
    >>> goal_accuracy(c, g)["agree"], goal_accuracy(c, g)["none_precision"]
    (0.5, 0.0)
    """
    m = counterparts.merge(gold_goals[~gold_goals.tied], on=["source_goal", "target_city"])
    m = m[m.outcome != "no elements"]
    said_none, gold_none = m.outcome == NONE, m.gold_goal == ""
    agree = (said_none & gold_none) | (~said_none & (m.target_goal == m.gold_goal))
    nan = float("nan")
    return {"goals": int(len(m)), "agree": round(float(agree.mean()), 3) if len(m) else nan,
            "none_gold": int(gold_none.sum()),
            "none_precision": round(float(gold_none[said_none].mean()), 3) if said_none.any() else nan,
            "none_recall": round(float(said_none[gold_none].mean()), 3) if gold_none.any() else nan}
