"""Sensitivity of the headline findings to the analyst's choices: in how many reasonable settings each holds.

A finding is anything a comparison could report: a distinctive term (keyness: comparison, city, reference, term), a
supported theme cell (themes: city, theme, more or less), a co-occurrence whose association differs (term pair,
stronger in which city). Each is re-decided with one choice changed at a time from the primary analysis:

- keyness — the counting unit and test (plan elements with Welch's t, or tokens with G² and Williams' correction),
  the correction (Benjamini–Hochberg, or none: p < α), the tokenizer (the six settings: Sudachi split mode A, B, C
  with and without the user dictionary; both directions, so a term distinctive only under another setting is a
  candidate too), and the frame (every tested frame);
- themes — the correction and the frame (plan text, whole documents, sub-plans);
- co-occurrence — the correction.

Every candidate is a finding that holds under at least one setting, so the table shows what a different choice would
have reported as well as what survives. ``holds_in`` / ``settings`` counts the distinct settings (the primary one
once). A finding that holds only without correction is what an uncorrected analysis would have claimed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from compare.io.schemas import SENSITIVITY_COLUMNS

__all__ = ["SensitivityConfig", "keyness_sensitivity", "theme_sensitivity", "cooccurrence_sensitivity", "summary",
           "sensitivity_stage"]


@dataclass(frozen=True)
class SensitivityConfig:
    """Parameters of the sensitivity stage: the level, and the primary frame of each analysis."""

    alpha: float = 0.05
    primary_frame: str = "plan"


def _tokenizer_name(text_config: dict) -> str:
    return f"{text_config['split_mode']}{'+' if text_config['user_dictionary'] else '-'}userdict"


def _finish(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[c for c in SENSITIVITY_COLUMNS if c not in ("holds_in", "settings")])
    if df.empty:
        return pd.DataFrame(columns=list(SENSITIVITY_COLUMNS))
    key = ["analysis", "comparison", "city", "reference", "item", "direction"]
    g = df.groupby(key, sort=False).holds
    df["holds_in"] = g.transform("sum").astype(int)
    df["settings"] = g.transform("size").astype(int)
    return df[list(SENSITIVITY_COLUMNS)]


def keyness_sensitivity(keyness: pd.DataFrame, robustness: pd.DataFrame, text_config: dict,
                        config: SensitivityConfig = SensitivityConfig()) -> pd.DataFrame:
    """Every term that is distinctive under some setting, re-decided in every setting (module docstring).

    Parameters
    ----------
    keyness : pandas.DataFrame
        keyness.csv.
    robustness : pandas.DataFrame
        keyness_robustness.csv: the distinctive rows under each tokenizer setting.
    text_config : dict
        text_config.json (the build's tokenizer setting is the primary one).
    config : SensitivityConfig

    Returns
    -------
    pandas.DataFrame
        `compare.io.schemas.SENSITIVITY_COLUMNS`, ``analysis`` = ``keyness``.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> s = keyness_sensitivity(ds.load_keyness(), ds.read("keyness_robustness.csv"), ds.load_text_config())
    >>> bool((s[s.primary].holds == s[s.primary].primary_holds).all()) if len(s) else True
    True
    """
    a = config.alpha
    primary_tok, frame0 = _tokenizer_name(text_config), config.primary_frame
    k = keyness.set_index(["view", "comparison", "city", "reference", "term"])
    over = k.direction == "over"
    decide = {  # (dimension, setting, frame) -> (holds Series, value Series)
        ("primary", "element · BH", frame0): (over & k.testable & (k.q_element < a), k.q_element),
        ("test", "token G² (Williams) · BH", frame0): ((k.log_ratio > 0) & (k.q_token < a), k.q_token),
        ("correction", "element · none", frame0): (over & k.testable & (k.p_element < a), k.p_element),
    }
    from compare.text.tokenize import SPLIT_MODES

    tokenizers = [f"{m}{'+' if u else '-'}userdict" for m in SPLIT_MODES for u in (True, False)]
    found = set(map(tuple, robustness[["view", "comparison", "city", "reference", "term", "setting"]].to_numpy()))
    frames = list(dict.fromkeys(keyness.view))
    cand = set()
    for (_, _, frame), (holds, _) in decide.items():
        cand |= {key[1:] for key in holds[holds].index if key[0] == frame}
    for _, comp, city, ref, term, _ in found:
        cand.add((comp, city, ref, term))
    for fr in frames:
        h = decide[("primary", "element · BH", frame0)][0]
        cand |= {key[1:] for key in h[h].index if key[0] == fr}
    rows = []
    order = {key: i for i, key in enumerate(keyness[["comparison", "city", "reference", "term"]].itertuples(
        index=False, name=None))}
    for comp, city, ref, term in sorted(cand, key=lambda c: order.get(c, len(order))):
        base = {"analysis": "keyness", "comparison": comp, "city": city, "reference": ref, "item": term,
                "direction": "over"}
        p_key = (frame0, comp, city, ref, term)
        primary_holds = bool(decide[("primary", "element · BH", frame0)][0].get(p_key, False))

        def add(dim, setting, holds, value, primary=False):
            rows.append({**base, "dimension": dim, "setting": setting, "primary": primary, "holds": bool(holds),
                         "value": float(value) if value == value else float("nan"),
                         "primary_holds": primary_holds})

        for (dim, setting, _), (holds, value) in decide.items():
            add(dim, setting, holds.get(p_key, False), value.get(p_key, np.nan), primary=dim == "primary")
        for tok in tokenizers:
            if tok != primary_tok:
                add("tokenizer", tok, (frame0, comp, city, ref, term, tok) in found, np.nan)
        for fr in frames:
            if fr != frame0:
                key = (fr, comp, city, ref, term)
                h, v = decide[("primary", "element · BH", frame0)]
                add("frame", fr, h.get(key, False), v.get(key, np.nan))
    return _finish(rows)


def theme_sensitivity(coverage: pd.DataFrame, config: SensitivityConfig = SensitivityConfig()) -> pd.DataFrame:
    """Every city × theme cell supported under some setting (frame, correction), re-decided in each.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> s = theme_sensitivity(ds.load_theme_coverage())
    >>> sorted(set(s.dimension))
    ['correction', 'frame', 'primary']
    """
    a, frame0 = config.alpha, config.primary_frame
    c = coverage.assign(direction=np.where(coverage.residual > 0, "more", "less"))
    c = c.set_index(["view", "city", "theme_id", "direction"])
    frames = list(dict.fromkeys(coverage.view))
    cand = {key[1:] for key in c.index[(c.q_cell < a).to_numpy() | ((c.p_cell < a).to_numpy()
                                                                    & (c.index.get_level_values(0) == frame0))]}
    labels = dict(zip(coverage.theme_id, coverage.label_ja))
    rows = []
    for city, tid, direction in sorted(cand):
        base = {"analysis": "themes", "comparison": "one-vs-rest", "city": city, "reference": "rest",
                "item": f"{tid} {labels.get(tid, '')}", "direction": direction}
        prim = (frame0, city, tid, direction)
        primary_holds = bool(c.q_cell.get(prim, 1.0) < a)

        def add(dim, setting, holds, value, primary=False):
            rows.append({**base, "dimension": dim, "setting": setting, "primary": primary, "holds": bool(holds),
                         "value": float(value), "primary_holds": primary_holds})

        add("primary", "Fisher (elements) · BH", primary_holds, c.q_cell.get(prim, np.nan), primary=True)
        add("correction", "Fisher (elements) · none", c.p_cell.get(prim, 1.0) < a, c.p_cell.get(prim, np.nan))
        for fr in frames:
            if fr != frame0:
                key = (fr, city, tid, direction)
                add("frame", fr, c.q_cell.get(key, 1.0) < a, c.q_cell.get(key, np.nan))
    return _finish(rows)


def cooccurrence_sensitivity(diffs: pd.DataFrame, config: SensitivityConfig = SensitivityConfig()) -> pd.DataFrame:
    """Every term pair whose association differs under some correction, re-decided under each.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> s = cooccurrence_sensitivity(ds.read("cooccurrence_differences.csv"))
    >>> bool((s[s.dimension == "primary"].holds <= s[s.dimension == "correction"].holds.to_numpy()).all())
    True
    """
    a = config.alpha
    rows = []
    for r in diffs[diffs.p_value < a].itertuples():
        base = {"analysis": "cooccurrence", "comparison": "pairwise", "city": r.city_a, "reference": r.city_b,
                "item": f"{r.term_a}–{r.term_b}", "direction": "stronger" if r.difference > 0 else "weaker"}
        rows.append({**base, "dimension": "primary", "setting": "log odds ratio (elements) · BH", "primary": True,
                     "holds": bool(r.q_value < a), "value": float(r.q_value), "primary_holds": bool(r.q_value < a)})
        rows.append({**base, "dimension": "correction", "setting": "log odds ratio (elements) · none",
                     "primary": False, "holds": True, "value": float(r.p_value), "primary_holds": bool(r.q_value < a)})
    return _finish(rows)


def summary(sens: pd.DataFrame) -> pd.DataFrame:
    """One row per finding: in how many settings it holds, whether under the primary one, and which.

    Parameters
    ----------
    sens : pandas.DataFrame
        sensitivity.csv.

    Returns
    -------
    pandas.DataFrame
        analysis, comparison, city, reference, item, direction, primary_holds, holds_in, settings, holds_under
        (the settings where it holds, ``dimension: setting``), most robust first.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> t = summary(ds.read("sensitivity.csv"))
    >>> bool((t.holds_in >= 1).all() and (t.holds_in <= t.settings).all())
    True
    """
    key = ["analysis", "comparison", "city", "reference", "item", "direction"]
    held = sens[sens.holds].assign(s=lambda d: d.dimension + ": " + d.setting)
    under = held.groupby(key, sort=False).s.agg("; ".join).rename("holds_under")
    first = sens.drop_duplicates(key).set_index(key)[["primary_holds", "holds_in", "settings"]]
    out = first.join(under).fillna({"holds_under": ""}).reset_index()
    order = {a: i for i, a in enumerate(dict.fromkeys(sens.analysis))}
    return out.sort_values(["analysis", "primary_holds", "holds_in"], ascending=[True, False, False],
                           key=lambda c: c.map(order) if c.name == "analysis" else c, kind="stable") \
        .reset_index(drop=True)


def sensitivity_stage(inputs: dict, config: SensitivityConfig, *, text=None) -> dict:
    """Build stage: sensitivity.csv, every finding against the analyst's choices."""
    parts = [keyness_sensitivity(inputs["keyness.csv"], inputs["keyness_robustness.csv"], inputs["text_config.json"],
                                 config),
             theme_sensitivity(inputs["theme_coverage.csv"], config),
             cooccurrence_sensitivity(inputs["cooccurrence_differences.csv"], config)]
    return {"sensitivity.csv": pd.concat([p for p in parts if len(p)], ignore_index=True)
            if any(len(p) for p in parts) else pd.DataFrame(columns=list(SENSITIVITY_COLUMNS))}
