"""Applying the alignment: ranked counterparts with calibrated confidence for every ordered pair of cities, and
the two build stages (the gold-set evaluation, then the alignment itself).

The model is learned once on the gold standard (`gold_stage`: nested cross-validation, the final fit and its
record); `align_stage` applies it to every pair. The gold stage reads only the cities the gold standard names, so
registering another city changes neither its cache key nor its results.
"""

from __future__ import annotations

import itertools

import pandas as pd

from compare.analysis.align.evaluate import agreement, evaluate
from compare.analysis.align.features import SOURCE_LEVELS, TARGET_LEVELS, AlignConfig, goal_alignment, pair_features
from compare.analysis.align.model import TASKS, Model, Task, build_items
from compare.analysis.themes import node_themes
from compare.core.codes import present
from compare.io.schemas import ALIGNMENT_COLUMNS

__all__ = ["align_pair", "gold_cities", "gold_inputs", "gold_stage", "align_stage", "MODELS"]

#: The in-memory output of `gold_stage` that `align_stage` reads: the fitted model of each task (never written).
MODELS = "@alignment_models"
#: The reference tables of the gold stage: one gold file per task, and the second judge's pass.
GOLD_FILES = tuple(f"{t.gold}.csv" for t in TASKS.values()) + ("alignment_gold_second_pass.csv",)


def _rows_for_sources(pf, model: Model, sources: list[str], targets: list[str], target_city: str, config: AlignConfig,
                      labels: dict, method: str) -> list[dict]:
    if not sources or not targets:
        return []
    mats = pf.matrices(sources, targets, config.features)
    P = model.proba(mats)
    nd = pf.nodes
    rows = []
    for i, s in enumerate(sources):
        order = sorted(range(len(targets)), key=lambda j: (-round(float(P[i, j]), 12), targets[j]))
        s_node = nd.loc[s]
        base = {"source_city": s_node.city, "source_id": s, "source_title": s_node.title,
                "target_city": target_city, "method": method, "source_part": s_node.part,
                "source_level": s_node.level}
        kept = [j for j in order[: config.top_k] if P[i, j] >= model.thresholds.none]
        if not kept:
            j = order[0]
            rows.append({**base, "target_id": "", "target_title": "", "rank": 0, "score": round(float(P[i, j]), 4),
                         "confidence": "no counterpart",
                         "evidence": f"best candidate {targets[j]} 「{nd.loc[targets[j]].title}」 at "
                                     f"{P[i, j]:.3f} is below the validated threshold {model.thresholds.none:.3f}",
                         "lexical": round(float(mats['tfidf'][i, j]), 4),
                         "thematic": round(float(mats['themes'][i, j]), 4),
                         "bm25": round(float(mats['bm25'][i, j]), 4),
                         "chargram": round(float(mats['chargram'][i, j]), 4),
                         "structure": round(float(mats['structure'][i, j]), 4), "target_part": ""})
            continue
        for r, j in enumerate(kept, 1):
            t = targets[j]
            terms, themes = pf.evidence(s, t, labels)
            rows.append({**base, "target_id": t, "target_title": nd.loc[t].title, "rank": r,
                         "score": round(float(P[i, j]), 4), "confidence": model.thresholds.band(float(P[i, j])),
                         "evidence": f"terms: {terms or '—'}; themes: {themes or '—'}",
                         "lexical": round(float(mats['tfidf'][i, j]), 4),
                         "thematic": round(float(mats['themes'][i, j]), 4),
                         "bm25": round(float(mats['bm25'][i, j]), 4),
                         "chargram": round(float(mats['chargram'][i, j]), 4),
                         "structure": round(float(mats['structure'][i, j]), 4), "target_part": nd.loc[t].part})
    return rows


def align_pair(pf, model: Model, source_city: str, target_city: str, task: Task, config: AlignConfig, labels: dict,
               *, parts=None, source_ids=None, target_ids=None) -> pd.DataFrame:
    """Ranked counterparts (with confidence, or "no counterpart") of `source_city`'s nodes in `target_city`."""
    sources = source_ids if source_ids is not None else pf.ids_of(source_city, task.source_levels, parts)
    targets = target_ids if target_ids is not None else pf.ids_of(target_city, task.target_levels, parts)
    return pd.DataFrame(_rows_for_sources(pf, model, sources, targets, target_city, config, labels,
                                          f"combined-{task.name}"), columns=list(ALIGNMENT_COLUMNS))


def _first_listings(nodes: pd.DataFrame, tokens: pd.DataFrame, city: str) -> list[str]:
    counted = present(tokens.node_id, tokens.counted.to_numpy(dtype=bool))
    sel = nodes[(nodes.city == city) & (nodes.level == "program")]
    return [n for n in sel.node_id if n in counted]


def gold_cities(inputs: dict) -> list[str]:
    """The cities the gold tables name (sources and targets), in registry order."""
    nodes = inputs["nodes.csv"]
    city_of = dict(zip(nodes.node_id, nodes.city))
    named: set[str] = set()
    for name in GOLD_FILES:
        g = inputs[name]
        named |= set(g.target_city) | {city_of.get(s, "") for s in g.source_id}
    return [c for c in dict.fromkeys(nodes.city) if c in named]


def gold_inputs(inputs: dict) -> dict:
    """`gold_stage`'s inputs narrowed to the gold cities' nodes and tokens (its cache key and results then do not
    depend on any other registered city)."""
    keep = gold_cities(inputs)
    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    out = dict(inputs)
    out["nodes.csv"] = nodes[nodes.city.isin(keep)].reset_index(drop=True)
    out["tokens.csv"] = tokens[tokens.city.isin(keep).to_numpy(dtype=bool)].reset_index(drop=True)
    return out


def gold_stage(inputs: dict, config: AlignConfig, *, text=None) -> dict:
    """Build stage: the combination learned on the gold standard, evaluated by nested cross-validation.

    Returns ``alignment_eval.csv``, ``alignment_eval_items.csv``, ``alignment_model.json`` and, in memory only,
    the fitted models (`MODELS`) that `align_stage` applies.
    """
    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    theme_ids = list(codebook.theme_id)
    themes = node_themes(nodes, tokens, codebook, cities=gold_cities(inputs))
    cache: dict = {}
    models, evals, eval_items, records = {}, [], [], {}
    for task in TASKS.values():
        items = build_items(inputs[f"{task.gold}.csv"], nodes, tokens, themes, task, config, theme_ids, cache)
        table, per_item, model = evaluate(items, task, config)
        models[task.name] = model
        evals.append(table)
        eval_items.append(per_item)
        records[task.name] = model.record()
    records["agreement"] = agreement(inputs["alignment_gold.csv"], inputs["alignment_gold_second_pass.csv"])
    return {
        "alignment_eval.csv": pd.concat(evals, ignore_index=True),
        "alignment_eval_items.csv": pd.concat(eval_items, ignore_index=True),
        "alignment_model.json": records,
        MODELS: models,
    }


def align_stage(inputs: dict, config: AlignConfig, *, text=None) -> dict:
    """Build stage: alignment for every ordered pair of cities, goal assignment, sub-plans, programmes."""
    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    models: dict[str, Model] = inputs[MODELS]
    cities = list(dict.fromkeys(nodes.city))
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    theme_ids = list(codebook.theme_id)
    pairs = list(itertools.permutations(cities, 2)) if len(cities) <= config.max_pairwise_cities else []
    # theme profiles of the cities this stage compares: the same rows as themes.csv has for them, computed here so
    # that alignment need not wait for the themes stage
    themes = node_themes(nodes, tokens, codebook, cities=[c for c in cities if any(c in p for p in pairs)])
    policy = models["policy"]
    cache: dict = {}
    rows, goals, subs, progs = [], [], [], []
    for a, b in pairs:
        key = tuple(sorted((a, b)))
        if key not in cache:
            cache[key] = pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
        pf = cache[key]
        rows.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels))
        if cities.index(a) < cities.index(b):
            goals.append(goal_alignment(pf, a, b))
        for part in ("livelihood", "guardianship", "reoffending"):
            if pf.ids_of(a, SOURCE_LEVELS, [part]) and pf.ids_of(b, TARGET_LEVELS, [part]):
                subs.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels, parts=[part])
                            .assign(part=part))
        prog = _first_listings(nodes, tokens, a)
        if prog and pf.ids_of(b, ("action",)):
            progs.append(align_pair(pf, models["programme"], a, b, TASKS["programme"], config, labels,
                                    source_ids=prog).assign(direction="programme→action", validated=True))
            back = TASKS["programme"]
            reverse = Task("programme-reverse", ("action",), ("program",), back.gold)
            progs.append(align_pair(pf, models["programme"], b, a, reverse, config, labels, target_ids=prog)
                         .assign(direction="action→programme", validated=False))
    empty = pd.DataFrame(columns=list(ALIGNMENT_COLUMNS))
    return {
        "alignment.csv": pd.concat(rows, ignore_index=True) if rows else empty,
        "goal_alignment.csv": pd.concat(goals, ignore_index=True) if goals else pd.DataFrame(),
        "subplan_alignment.csv": pd.concat(subs, ignore_index=True) if subs else empty.assign(part=""),
        "alignment_programmes.csv": pd.concat(progs, ignore_index=True) if progs else
        empty.assign(direction="", validated=False),
    }
