"""Applying the alignment: ranked counterparts with calibrated confidence for every ordered pair of cities, and
the two build stages (the gold-set evaluation, then the alignment itself).

The model is learned once on the gold standard (`gold_stage`: nested cross-validation, the final fit and its
record); `align_stage` applies it to every pair. The gold stage reads only the cities the gold standard names, so
registering another city changes neither its cache key nor its results.
"""

from __future__ import annotations

import itertools

import pandas as pd

from compare.analysis.align.evaluate import agreement, evaluate, evaluate_fixed
from compare.analysis.align.features import SOURCE_LEVELS, TARGET_LEVELS, AlignConfig, goal_alignment, pair_features
from compare.analysis.align.goals import goal_counterparts
from compare.analysis.align.model import TASKS, Model, Task, build_items
from compare.analysis.themes import node_themes
from compare.core.codes import present
from compare.io.schemas import ALIGNMENT_COLUMNS

__all__ = ["align_pair", "gold_cities", "gold_inputs", "gold_stage", "align_stage", "MODELS"]

#: The in-memory output of `gold_stage` that `align_stage` reads: the fitted model of each task (never written).
MODELS = "@alignment_models"
#: The reference tables of the gold stage: one gold file per task, and the second judge's pass.
GOLD_FILES = tuple(f"{t.gold}.csv" for t in TASKS.values()) + ("alignment_gold_second_pass.csv",)
#: The confirmation set: gold items of a FICTIONAL city written after the feature set was fixed, and its plan tree.
CONFIRMATION_GOLD, CONFIRMATION_NODES = "alignment_gold_confirmation.csv", "confirmation_nodes.csv"


def _confirmation(inputs: dict, model: Model, config: AlignConfig, text, theme_ids) -> tuple:
    """The final policy model scored on the confirmation items: the fictional city's elements are tokenized as the
    build tokenizes (`compare.text.tokenize.TextConfig` defaults, the build's dictionaries) and compared with the
    gold cities' elements; nothing is fitted on them."""
    from compare.text.tokenize import TextConfig, tokenize_nodes

    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    extra = inputs[CONFIRMATION_NODES]
    extra_tokens = tokenize_nodes(extra, TextConfig(), text).assign(counted=True)
    cols = list(tokens.columns)
    all_nodes = pd.concat([nodes, extra[list(nodes.columns)]], ignore_index=True)
    all_tokens = pd.concat([tokens.astype({c: str for c in ("node_id", "city", "lemma", "part", "level", "field",
                                                                 "surface", "pos") if c in cols}),
                            extra_tokens[cols].astype({c: str for c in ("node_id", "city", "lemma") if c in cols})],
                           ignore_index=True)
    themes = node_themes(all_nodes, all_tokens, codebook, first_listings=False)
    items = build_items(inputs[CONFIRMATION_GOLD], all_nodes, all_tokens, themes, TASKS["policy"], config, theme_ids,
                        {})
    return evaluate_fixed(items, model, TASKS["policy"], config, "combined (confirmation)",
                          "the final model (fitted on all development gold) on items of a fictional city written "
                          "blind after the feature set was fixed; nothing fitted or tuned on them")


def _rows_for_sources(pf, model: Model, sources: list[str], targets: list[str], target_city: str, config: AlignConfig,
                      labels: dict, method: str) -> list[dict]:
    if not sources or not targets:
        return []
    mats = pf.matrices(sources, targets, config.features)
    P = model.proba(mats)
    cal = model.calibration
    R = cal.right(P)
    nd = pf.nodes
    title, part = dict(zip(nd.node_id, nd.title)), dict(zip(nd.node_id, nd.part))
    city, level = dict(zip(nd.node_id, nd.city)), dict(zip(nd.node_id, nd.level))
    rows = []

    def singles(i, j):
        return {"lexical": round(float(mats['tfidf'][i, j]), 4), "thematic": round(float(mats['themes'][i, j]), 4),
                "bm25": round(float(mats['bm25'][i, j]), 4), "chargram": round(float(mats['chargram'][i, j]), 4),
                "structure": round(float(mats['structure'][i, j]), 4)}

    for i, s in enumerate(sources):
        order = sorted(range(len(targets)), key=lambda j: (-round(float(P[i, j]), 12), targets[j]))
        base = {"source_city": city[s], "source_id": s, "source_title": title[s],
                "target_city": target_city, "method": method, "source_part": part[s],
                "source_level": level[s]}
        none = cal.none(P[i])
        base["p_none"] = round(none, 4)
        if cal.decide(P[i]) == "no counterpart":
            j = order[0]
            rows.append({**base, "target_id": "", "target_title": "", "rank": 0, "score": round(float(R[i, j]), 4),
                         "confidence": "no counterpart",
                         "evidence": f"best candidate {targets[j]} 「{title[targets[j]]}」: probability "
                                     f"{R[i, j]:.2f} that it is right, {none:.2f} that there is no counterpart",
                         **singles(i, j), "target_part": ""})
            continue
        kept = [j for r, j in enumerate(order[: config.top_k]) if r == 0 or R[i, j] > none]
        for r, j in enumerate(kept, 1):
            t = targets[j]
            terms, themes = pf.evidence(s, t, labels)
            rows.append({**base, "target_id": t, "target_title": title[t], "rank": r,
                         "score": round(float(R[i, j]), 4), "confidence": cal.band(float(R[i, j])),
                         "evidence": f"terms: {terms or '—'}; themes: {themes or '—'}", **singles(i, j),
                         "target_part": part[t]})
    return rows


def align_pair(pf, model: Model, source_city: str, target_city: str, task: Task, config: AlignConfig, labels: dict,
               *, parts=None, source_ids=None, target_ids=None) -> pd.DataFrame:
    """Ranked counterparts (with confidence, or "no counterpart") of `source_city`'s nodes in `target_city`.

    For every source node the candidate targets are ranked by the model's probability (ties by target id) and scored
    by their calibrated probability of being right (`compare.analysis.align.model.Calibration`). A source for which
    "no counterpart" is more probable than its first-ranked target being right gets a single row with rank 0, no
    target and confidence ``'no counterpart'``; its evidence names the best candidate and both probabilities.
    Otherwise the first-ranked target is listed, and after it those of the first `AlignConfig.top_k` that are more
    probable than "no counterpart".

    Parameters
    ----------
    pf : compare.analysis.align.features.PairFeatures
        The features of the two cities (`compare.analysis.align.features.pair_features`; one object serves both
        directions).
    model : compare.analysis.align.model.Model
        The fitted combination: one of the models `gold_stage` returns under `MODELS`, or
        `compare.analysis.align.model.fit_final`.
    source_city, target_city : str
        City ids, both among ``pf.cities``.
    task : compare.analysis.align.model.Task
        Which levels are aligned (``TASKS["policy"]``: policies and actions → policies; ``TASKS["programme"]``:
        programmes → actions); the ``method`` column is ``combined-<task.name>``.
    config : compare.analysis.align.features.AlignConfig
        The features the model combines and ``top_k`` (counterparts kept per source).
    labels : dict of str to str
        Theme id → label (``label_ja`` of the codebook), for the evidence.
    parts : list of str, optional
        Only sources and targets of these parts (e.g. ``["guardianship"]``); default None: every part.
    source_ids, target_ids : list of str, optional
        Explicit node ids instead of the task's levels (and `parts`) of each city; default None.

    Returns
    -------
    pandas.DataFrame
        Columns `compare.io.schemas.ALIGNMENT_COLUMNS`, sources in the order of `source_ids` (or of the nodes):
        ``rank`` (1 … top_k, or 0), ``score`` (calibrated probability that the target is a right counterpart, 4
        decimals; for rank 0 that of the best candidate), ``confidence`` (``strong``: score ≥
        `AlignConfig.strong_precision`, ``moderate``: ≥ `AlignConfig.moderate_precision`, ``weak``, or ``no
        counterpart``), ``p_none`` (calibrated probability that the source has no counterpart in the target
        city), ``method``, ``evidence`` (shared terms and themes, ``terms: …; themes:
        …``), the single features behind the score (``lexical`` = TF-IDF cosine, ``thematic``, ``bm25``,
        ``chargram``, ``structure``), the titles and parts of source and target, and the source's level.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> from compare.io import reference as ref
    >>> from compare.analysis.align.features import AlignConfig, pair_features
    >>> from compare.analysis.align.model import TASKS, build_items, fit_final
    >>> nodes, tokens, themes, codebook = ds.load_nodes(), ds.load_tokens(), ds.load_themes(), ref.load_codebook()
    >>> config = AlignConfig(c_grid=(3.0,), inner_folds=2, top_k=2)   # quick settings, for the example only
    >>> gold = ref.load_gold()
    >>> gold = gold[(gold.source_city == "sagamihara") & (gold.target_city == "hatsukaichi")]
    >>> pf = pair_features(nodes, tokens, themes, "sagamihara", "hatsukaichi", config=config,
    ...                    theme_ids=list(codebook.theme_id))
    >>> items = build_items(gold, nodes, tokens, themes, TASKS["policy"], config, list(codebook.theme_id),
    ...                     {("hatsukaichi", "sagamihara"): pf})
    >>> model = fit_final(items, config)
    >>> labels = dict(zip(codebook.theme_id, codebook.label_ja))
    >>> out = align_pair(pf, model, "sagamihara", "hatsukaichi", TASKS["policy"], config, labels)
    >>> list(out.columns) == list(ALIGNMENT_COLUMNS), set(out.target_city), set(out.method)
    (True, {'hatsukaichi'}, {'combined-policy'})
    >>> set(out.source_id) == set(pf.ids_of("sagamihara", TASKS["policy"].source_levels))
    True
    >>> bool(out["rank"].between(0, config.top_k).all()), bool(out.target_id.eq("").eq(out["rank"].eq(0)).all())
    (True, True)
    >>> set(out.confidence) <= {"strong", "moderate", "weak", "no counterpart"}
    True
    >>> sub = align_pair(pf, model, "sagamihara", "hatsukaichi", TASKS["policy"], config, labels,
    ...                  parts=["guardianship"])
    >>> set(sub.source_part), set(sub.target_part) <= {"guardianship", ""}
    ({'guardianship'}, True)
    """
    sources = source_ids if source_ids is not None else pf.ids_of(source_city, task.source_levels, parts)
    targets = target_ids if target_ids is not None else pf.ids_of(target_city, task.target_levels, parts)
    return pd.DataFrame(_rows_for_sources(pf, model, sources, targets, target_city, config, labels,
                                          f"combined-{task.name}"), columns=list(ALIGNMENT_COLUMNS))


def _first_listings(nodes: pd.DataFrame, tokens: pd.DataFrame, city: str) -> list[str]:
    counted = present(tokens.node_id, tokens.counted.to_numpy(dtype=bool))
    sel = nodes[(nodes.city == city) & (nodes.level == "program")]
    return [n for n in sel.node_id if n in counted]


def gold_cities(inputs: dict) -> list[str]:
    """The cities the gold tables name (sources and targets), in registry order.

    Parameters
    ----------
    inputs : dict
        The gold stage's inputs: ``'nodes.csv'`` (whose order of cities is the registry order, and which maps a
        source id to its city) and every gold table of `GOLD_FILES` (with ``source_id`` and ``target_city``).

    Returns
    -------
    list of str
        City ids named by any gold table, as source or as target, in the order of ``nodes.csv``. Registering
        another city does not change it.

    Examples
    --------
    >>> from compare.core.paths import DEFAULT
    >>> from compare.io import datasets as ds
    >>> from compare.pipeline.stages import STAGES, load_references
    >>> stage = next(s for s in STAGES if s.name == "alignment-model")
    >>> tables = {"nodes.csv": ds.load_nodes(), "tokens.csv": ds.load_tokens()}
    >>> inputs = {**tables, **load_references(stage, DEFAULT, tables)}
    >>> gold_cities(inputs)
    ['sendai', 'sagamihara', 'hatsukaichi']
    """
    nodes = inputs["nodes.csv"]
    city_of = dict(zip(nodes.node_id, nodes.city))
    named: set[str] = set()
    for name in GOLD_FILES:
        g = inputs[name]
        named |= set(g.target_city) | {city_of.get(s, "") for s in g.source_id}
    return [c for c in dict.fromkeys(nodes.city) if c in named]


def gold_inputs(inputs: dict) -> dict:
    """`gold_stage`'s inputs narrowed to the gold cities' nodes and tokens.

    Its cache key and results then do not depend on any other registered city. This is the gold stage's
    `compare.pipeline.stages.Stage.narrow`.

    Parameters
    ----------
    inputs : dict
        The gold stage's inputs: ``'nodes.csv'``, ``'tokens.csv'``, the gold tables of `GOLD_FILES` and
        ``'codebook.csv'``.

    Returns
    -------
    dict
        A new dict: ``'nodes.csv'`` and ``'tokens.csv'`` restricted to the rows of the `gold_cities` (fresh
        0-based index); every other entry is handed on unchanged.

    Examples
    --------
    >>> from compare.core.paths import DEFAULT
    >>> from compare.io import datasets as ds
    >>> from compare.pipeline.stages import STAGES, load_references
    >>> stage = next(s for s in STAGES if s.name == "alignment-model")
    >>> tables = {"nodes.csv": ds.load_nodes(), "tokens.csv": ds.load_tokens()}
    >>> inputs = {**tables, **load_references(stage, DEFAULT, tables)}
    >>> narrowed = gold_inputs(inputs)
    >>> stage.narrow is gold_inputs, set(narrowed["nodes.csv"].city) == set(gold_cities(inputs))
    (True, True)
    >>> set(narrowed["tokens.csv"].city) <= set(gold_cities(inputs)), narrowed["codebook.csv"] is inputs["codebook.csv"]
    (True, True)
    """
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

    Each task of `compare.analysis.align.model.TASKS` (policy, programme) is evaluated on its gold file
    (`compare.analysis.align.evaluate.evaluate`); the two judges' agreement comes from ``alignment_gold.csv`` and
    ``alignment_gold_second_pass.csv``. Themes are computed for the gold cities only.

    Parameters
    ----------
    inputs : dict
        What the pipeline hands in, narrowed by `gold_inputs`: ``'nodes.csv'`` and ``'tokens.csv'`` of the gold
        cities, ``'codebook.csv'`` and the gold tables of `GOLD_FILES` (as loaded by
        `compare.io.reference.load_gold`, ``acceptable`` as lists).
    config : compare.analysis.align.features.AlignConfig
        Features, folds, the grid of C, bootstrap draws, seed and the precision targets of the bands.
    text : optional
        The stage signature's text resources; not used here. Default None.

    Returns
    -------
    dict
        ``'alignment_eval.csv'``: one row per task, method and scope (all items, or one ordered pair of cities)
        with top-1, top-3, MRR, ROC AUC, precision at k and their 95 % intervals, end-to-end and band precisions
        (written with the columns `compare.io.schemas.EVAL_COLUMNS`); ``'alignment_eval_items.csv'``: the
        held-out result of every gold item; ``'alignment_model.json'``: per task the final model's record
        (features, C, coefficients, intercept, calibration) and ``'agreement'`` of the two judges; `MODELS`: task
        name → fitted `compare.analysis.align.model.Model` (never written).

    Examples
    --------
    The nested cross-validation takes a while, so this shows how the pipeline hands the stage its inputs and
    what the build wrote from them (the committed tables) instead of running it:

    >>> from compare.core.paths import DEFAULT
    >>> from compare.io import datasets as ds
    >>> from compare.pipeline.stages import STAGES, stage_inputs
    >>> stage = next(s for s in STAGES if s.name == "alignment-model")
    >>> stage.run is gold_stage, stage.narrow is gold_inputs, stage.reads
    (True, True, ('nodes.csv', 'tokens.csv'))
    >>> inputs = stage_inputs(stage, DEFAULT, {"nodes.csv": ds.load_nodes(), "tokens.csv": ds.load_tokens()})
    >>> sorted(inputs) == sorted(["nodes.csv", "tokens.csv", "codebook.csv", *GOLD_FILES, CONFIRMATION_GOLD,
    ...                           CONFIRMATION_NODES])
    True
    >>> list(dict.fromkeys(inputs["nodes.csv"].city)) == gold_cities(inputs)
    True
    >>> record = ds.load_alignment_model()                # gold_stage(inputs, stage.config)["alignment_model.json"]
    >>> sorted(record), sorted(record["policy"])
    (['agreement', 'policy', 'programme'], ['C', 'calibration', 'coefficients', 'features', 'held_out',
                                            'held_out_side', 'intercept'])
    >>> ev = ds.load_alignment_eval()
    >>> sorted(set(ev.task)), "combined (nested CV)" in set(ev.method)
    (['policy', 'programme'], True)
    """
    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    theme_ids = list(codebook.theme_id)
    themes = node_themes(nodes, tokens, codebook, cities=gold_cities(inputs), first_listings=False)
    cache: dict = {}
    models, evals, eval_items, records = {}, [], [], {}
    for task in TASKS.values():
        items = build_items(inputs[f"{task.gold}.csv"], nodes, tokens, themes, task, config, theme_ids, cache)
        table, per_item, model = evaluate(items, task, config)
        models[task.name] = model
        evals.append(table)
        eval_items.append(per_item)
        records[task.name] = model.record()
    if text is not None and CONFIRMATION_GOLD in inputs and CONFIRMATION_NODES in inputs:
        table, per_item = _confirmation(inputs, models["policy"].full, config, text, theme_ids)
        evals.append(table)
        eval_items.append(per_item)
    records["agreement"] = agreement(inputs["alignment_gold.csv"], inputs["alignment_gold_second_pass.csv"])
    return {
        "alignment_eval.csv": pd.concat(evals, ignore_index=True),
        "alignment_eval_items.csv": pd.concat(eval_items, ignore_index=True),
        "alignment_model.json": records,
        MODELS: models,
    }


def align_stage(inputs: dict, config: AlignConfig, *, text=None) -> dict:
    """Build stage: alignment for every ordered pair of cities, goal assignment, sub-plans, programmes.

    Pairs are compared only while the registry has at most `AlignConfig.max_pairwise_cities` cities (beyond,
    `compare.pipeline.ondemand.align_on_demand` aligns any two); the features of a pair are computed once for
    both directions, with theme profiles computed here for the compared cities.

    Parameters
    ----------
    inputs : dict
        What the pipeline hands in: ``'nodes.csv'``, ``'tokens.csv'``, ``'codebook.csv'`` and, under `MODELS`,
        the fitted models of `gold_stage` (task name → `compare.analysis.align.model.Model`; ``'policy'``, and
        ``'programme'`` when a city has a programme table).
    config : compare.analysis.align.features.AlignConfig
        Features, ``top_k`` and ``max_pairwise_cities``.
    text : optional
        The stage signature's text resources; not used here. Default None.

    Returns
    -------
    dict
        ``'alignment.csv'``: `align_pair` of the policy task for every ordered pair (columns
        `compare.io.schemas.ALIGNMENT_COLUMNS`); ``'goal_alignment.csv'``: the main-plan goals of every unordered
        pair and their one-to-one assignment (`compare.analysis.align.features.goal_alignment`);
        ``'goal_counterparts.csv'``: every goal's counterpart goal in each other city, or "no counterpart", read off
        the element alignment (`compare.analysis.align.goals.goal_counterparts`);
        ``'subplan_alignment.csv'``: the alignment within each embedded sub-plan (livelihood, guardianship,
        reoffending) that both cities have, plus ``part``; ``'alignment_programmes.csv'``: a city's programmes
        (first listings) → the other city's actions (``direction`` ``'programme→action'``, ``validated`` True)
        and back (``'action→programme'``, not validated), and, where both cities have programme rows, → the other
        city's programmes (``'programme→programme'``, scored by the programme model, not validated), plus
        ``direction`` and ``validated``. Empty tables
        with their columns where nothing is compared.

    Examples
    --------
    Two cities, with a model fitted quickly on the gold items of one direction (the build hands in
    `gold_stage`'s models):

    >>> from compare.io import datasets as ds
    >>> from compare.io import reference as ref
    >>> from compare.analysis.align.features import AlignConfig, pair_features
    >>> from compare.analysis.align.model import TASKS, build_items, fit_final
    >>> nodes, tokens, themes, codebook = ds.load_nodes(), ds.load_tokens(), ds.load_themes(), ref.load_codebook()
    >>> config = AlignConfig(c_grid=(3.0,), inner_folds=2, top_k=2)   # quick settings, for the example only
    >>> gold = ref.load_gold()
    >>> gold = gold[(gold.source_city == "sagamihara") & (gold.target_city == "hatsukaichi")]
    >>> two = ["sagamihara", "hatsukaichi"]
    >>> inputs = {"nodes.csv": nodes[nodes.city.isin(two)], "codebook.csv": codebook,
    ...           "tokens.csv": tokens[tokens.city.isin(two).to_numpy(dtype=bool)]}
    >>> items = build_items(gold, nodes, tokens, themes, TASKS["policy"], config, list(codebook.theme_id), {})
    >>> inputs[MODELS] = {"policy": fit_final(items, config)}
    >>> out = align_stage(inputs, config)
    >>> sorted(out)
    ['alignment.csv', 'alignment_programmes.csv', 'goal_alignment.csv', 'goal_counterparts.csv',
     'subplan_alignment.csv']
    >>> a = out["alignment.csv"]
    >>> sorted(set(zip(a.source_city, a.target_city))), list(a.columns) == list(ALIGNMENT_COLUMNS)
    ([('hatsukaichi', 'sagamihara'), ('sagamihara', 'hatsukaichi')], True)
    >>> sorted(set(out["subplan_alignment.csv"].part)), len(out["alignment_programmes.csv"])
    (['guardianship', 'reoffending'], 0)
    >>> bool(out["goal_alignment.csv"].groupby("goal_a").assigned.sum().le(1).all())   # one-to-one
    True
    """
    nodes, tokens, codebook = inputs["nodes.csv"], inputs["tokens.csv"], inputs["codebook.csv"]
    models: dict[str, Model] = inputs[MODELS]
    cities = list(dict.fromkeys(nodes.city))
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    theme_ids = list(codebook.theme_id)
    pairs = list(itertools.permutations(cities, 2)) if len(cities) <= config.max_pairwise_cities else []
    # theme profiles of the cities this stage compares, computed here so that alignment need not wait for the themes
    # stage; every listing counts (a section is compared by everything it prints), unlike themes.csv
    themes = node_themes(nodes, tokens, codebook, cities=[c for c in cities if any(c in p for p in pairs)],
                         first_listings=False)
    def model_for(task: str, a: str, b: str) -> Model:
        m = models[task]
        return m.for_pair(a, b) if hasattr(m, "for_pair") else m

    cache: dict = {}
    rows, goals, subs, progs = [], [], [], []
    for a, b in pairs:
        key = tuple(sorted((a, b)))
        if key not in cache:
            cache[key] = pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
        pf = cache[key]
        policy = model_for("policy", a, b)
        rows.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels))
        if cities.index(a) < cities.index(b):
            goals.append(goal_alignment(pf, a, b))
        for part in ("livelihood", "guardianship", "reoffending"):
            if pf.ids_of(a, SOURCE_LEVELS, [part]) and pf.ids_of(b, TARGET_LEVELS, [part]):
                subs.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels, parts=[part])
                            .assign(part=part))
        prog = _first_listings(nodes, tokens, a)
        if prog and pf.ids_of(b, ("action",)):
            programme = model_for("programme", a, b)
            progs.append(align_pair(pf, programme, a, b, TASKS["programme"], config, labels,
                                    source_ids=prog).assign(direction="programme→action", validated=True))
            back = TASKS["programme"]
            reverse = Task("programme-reverse", ("action",), ("program",), back.gold)
            progs.append(align_pair(pf, programme, b, a, reverse, config, labels, target_ids=prog)
                         .assign(direction="action→programme", validated=False))
        other = _first_listings(nodes, tokens, b)
        if prog and other:
            both = Task("programme-programme", ("program",), ("program",), TASKS["programme"].gold)
            progs.append(align_pair(pf, model_for("programme", a, b), a, b, both, config, labels, source_ids=prog,
                                    target_ids=other).assign(direction="programme→programme", validated=False))
    empty = pd.DataFrame(columns=list(ALIGNMENT_COLUMNS))
    alignment = pd.concat(rows, ignore_index=True) if rows else empty
    return {
        "alignment.csv": alignment,
        "goal_counterparts.csv": goal_counterparts(alignment, nodes),
        "goal_alignment.csv": pd.concat(goals, ignore_index=True) if goals else pd.DataFrame(),
        "subplan_alignment.csv": pd.concat(subs, ignore_index=True) if subs else empty.assign(part=""),
        "alignment_programmes.csv": pd.concat(progs, ignore_index=True) if progs else
        empty.assign(direction="", validated=False),
    }
