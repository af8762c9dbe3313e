"""The columns, types and row meaning of every processed table: declared once, read by every layer.

Analysis code takes its column names from here, the loaders (`compare.io.datasets`) their types; nothing here
imports more than the plan model, so `import compare.io.datasets` stays cheap.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from compare.core.plan import LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS, TOKEN_COLUMNS

__all__ = [
    "Table", "TABLES", "CITY_COLUMNS", "ALIGNMENT_COLUMNS", "GOAL_COUNTERPART_COLUMNS", "EVAL_COLUMNS",
    "KEYNESS_COLUMNS", "CALIBRATION_COLUMNS",
    "THEME_COLUMNS", "COVERAGE_COLUMNS", "EDGE_COLUMNS", "DIFFERENCE_COLUMNS", "SHARED_COLUMNS", "VALIDATION_COLUMNS",
    "SENSITIVITY_COLUMNS", "ROBUSTNESS_COLUMNS", "BOOTSTRAP_COLUMNS", "STABILITY_COLUMNS", "NODE_COLUMNS",
    "LINK_COLUMNS", "PROGRAM_COLUMNS", "TOKEN_COLUMNS", "frame_hash",
]

ALIGNMENT_COLUMNS = (
    "source_city", "source_id", "source_title", "target_city", "target_id", "target_title", "rank", "score",
    "confidence", "p_none", "method", "evidence", "lexical", "thematic", "bm25", "chargram", "structure", "source_part",
    "source_level", "target_part",
)
#: ``goal_counterparts.csv`` (`compare.analysis.align.goals.goal_counterparts`).
GOAL_COUNTERPART_COLUMNS = ("source_city", "source_goal", "source_title", "source_part", "target_city", "target_goal",
                            "target_title", "outcome", "support", "none_support", "runner_up", "runner_up_support",
                            "elements", "elements_with_counterpart")
EVAL_COLUMNS = ("task", "method", "scope", "items", "items_with_counterpart", "top1", "top1_low", "top1_high", "top3",
                "top3_low", "top3_high", "mrr", "mrr_low", "mrr_high", "auc", "auc_low", "auc_high", "p_at_1",
                "p_at_1_low", "p_at_1_high", "p_at_3", "p_at_3_low", "p_at_3_high", "end_to_end",
                "no_counterpart_precision", "no_counterpart_recall", "precision_strong", "items_strong",
                "precision_moderate", "items_moderate", "precision_weak", "items_weak", "brier", "weight", "note")
KEYNESS_COLUMNS = (
    "view", "split_mode", "comparison", "city", "reference", "term", "count_target", "count_reference",
    "per_1000_target", "per_1000_reference", "mean_rate_target", "mean_rate_reference", "log_ratio", "log_ratio_low",
    "log_ratio_high", "t_element", "df_element", "p_element", "q_element", "g2", "g2_williams", "p_token", "q_token",
    "nodes_target", "nodes_reference", "direction", "rank", "distinctive", "robust_settings", "tokens_target",
    "tokens_reference", "nodes_target_total", "nodes_reference_total", "testable",
)
CALIBRATION_COLUMNS = ("view", "city", "test", "elements", "splits", "tests", "false_positive_rate", "fpr_se",
                       "splits_with_discovery", "discoveries")
THEME_COLUMNS = ("node_id", "city", "level", "theme_id", "score", "own_score", "descendant_score", "matched_terms")
COVERAGE_COLUMNS = ("view", "city", "theme_id", "label_ja", "hits", "per_1000", "expected", "residual", "p_cell",
                    "q_cell", "supported", "chi2", "dof", "p_value", "p_monte_carlo", "draws", "n", "elements",
                    "elements_with_theme",
                    "rate_difference", "rate_difference_low", "rate_difference_high")
EDGE_COLUMNS = ("city", "term_a", "term_b", "cooccurrence", "jaccard", "community_a", "community_b", "shared_by",
                "unique")
DIFFERENCE_COLUMNS = ("view", "city_a", "city_b", "term_a", "term_b", "elements_a", "elements_b", "cooccurrence_a",
                      "cooccurrence_b", "jaccard_a", "jaccard_b", "log_or_a", "log_or_b", "difference", "ci_low",
                      "ci_high", "z", "p_value", "q_value", "significant")
VALIDATION_COLUMNS = ("stratum", "theme_id", "label_ja", "elements", "judgements", "human_positive", "rule_positive",
                      "true_positive", "false_positive", "false_negative", "precision", "precision_low",
                      "precision_high", "recall", "recall_low", "recall_high", "kappa", "kappa_readers")
BOOTSTRAP_COLUMNS = ("analysis", "kind", "label", "dim1_low", "dim1_high", "dim2_low", "dim2_high", "draws")
STABILITY_COLUMNS = ("analysis", "city", "cluster", "size", "stability", "stability_low", "dissolved", "draws")
SENSITIVITY_COLUMNS = ("analysis", "comparison", "city", "reference", "item", "direction", "dimension", "setting",
                       "primary", "holds", "value", "primary_holds", "holds_in", "settings")
ROBUSTNESS_COLUMNS = ("view", "comparison", "city", "reference", "term", "setting")
SHARED_COLUMNS = ("view", "term_a", "term_b", "city", "cooccurrence", "jaccard", "shared_by", "elements")


@dataclass(frozen=True)
class Table:
    """A processed CSV: its columns in order, the non-text types, and what a row is."""

    file: str
    columns: tuple[str, ...]
    types: dict[str, str] = field(default_factory=dict)   # column -> int | float | bool | category
    row: str = ""


def _t(file, columns, row, **types) -> Table:
    return Table(file, tuple(columns), dict(types), row)


CITY_COLUMNS = ("city", "name_ja", "name_en", "label", "parser", "files", "document_title", "plan_title",
                "plan_period", "fy_start", "fy_end", "builtin", "reviewed", "order", "nodes", "programme_rows")

_ALIGN_TYPES = dict(rank="int", score="float", p_none="float", lexical="float", thematic="float", bm25="float",
                    chargram="float",
                    structure="float")

TABLES: dict[str, Table] = {t.file: t for t in [
    _t("cities.csv", CITY_COLUMNS, "a city of the registry", builtin="bool", reviewed="bool", order="int", nodes="int",
       programme_rows="int"),
    _t("nodes.csv", NODE_COLUMNS, "an element of a plan", ordinal="int", line_start="int", line_end="int"),
    _t("documents.csv", ("doc_id", "city", "kind", "text", "source_file", "line_start", "line_end"),
       "a text printed outside every plan element (a document title)", line_start="int", line_end="int"),
    _t("node_links.csv", LINK_COLUMNS, "a relation between two nodes that is not parent/child", line="int"),
    _t("programs.csv", PROGRAM_COLUMNS, "a printed row of a programme table", block="int", section="int",
       relisted="bool", line_start="int", line_end="int"),
    _t("tokens.csv", TOKEN_COLUMNS, "a token of a node's title or body", position="int", content="bool", counted="bool",
       node_id="category", city="category", part="category", level="category", field="category",
       surface="category", lemma="category", pos="category"),
    _t("vocab_frequencies.csv", ("view", "city", "part", "lemma", "count", "per_1000", "nodes"),
       "a lemma's frequency in one city (and part) within one comparison frame", count="int", per_1000="float",
       nodes="int"),
    _t("frame_sizes.csv", ("view", "frame", "genre", "city", "tokens", "nodes", "testable"),
       "the content tokens and elements a city has in a comparison frame", tokens="int", nodes="int",
       testable="bool"),
    _t("keyness.csv", KEYNESS_COLUMNS, "a term's keyness in one comparison (frame, target, reference)",
       count_target="int", count_reference="int", per_1000_target="float", per_1000_reference="float",
       mean_rate_target="float", mean_rate_reference="float", log_ratio="float", log_ratio_low="float",
       log_ratio_high="float", t_element="float", df_element="float", p_element="float", q_element="float",
       g2="float", g2_williams="float", p_token="float", q_token="float", nodes_target="int", nodes_reference="int",
       rank="int", distinctive="bool", tokens_target="int", tokens_reference="int", nodes_target_total="int",
       nodes_reference_total="int", testable="bool"),
    _t("keyness_calibration.csv", CALIBRATION_COLUMNS,
       "a keyness test between random halves of one city's elements (the split-half null)", elements="int",
       splits="int", tests="int", false_positive_rate="float", fpr_se="float", splits_with_discovery="int",
       discoveries="int"),
    _t("keyness_robustness.csv", ROBUSTNESS_COLUMNS,
       "a term distinctive in a comparison under one of the six tokenizer settings (the robustness check)"),
    _t("sensitivity.csv", SENSITIVITY_COLUMNS,
       "a finding (distinctive term, supported theme cell, differing co-occurrence) re-decided with one analytic "
       "choice changed", primary="bool", holds="bool", value="float", primary_holds="bool", holds_in="int",
       settings="int"),
    _t("vocab_overlap.csv", ("view", "region", "n_cities", "n_terms", "terms"),
       "an exact intersection of the cities' vocabularies (UpSet-style)", n_cities="int", n_terms="int"),
    _t("vocab_overlap_pairs.csv", ("view", "city_a", "city_b", "terms_a", "terms_b", "shared", "only_a", "only_b",
                                   "jaccard"), "a pair of cities' shared vocabulary", terms_a="int", terms_b="int",
       shared="int", only_a="int", only_b="int", jaccard="float"),
    _t("cooccurrence_edges.csv", EDGE_COLUMNS, "an edge of a city's co-occurrence network",
       cooccurrence="int", jaccard="float", community_a="int", community_b="int", shared_by="int", unique="bool"),
    _t("cooccurrence_differences.csv", DIFFERENCE_COLUMNS,
       "a term pair of two cities' plan text tested for a difference in association (log odds ratios of elements)",
       elements_a="int", elements_b="int", cooccurrence_a="int", cooccurrence_b="int", jaccard_a="float",
       jaccard_b="float", log_or_a="float", log_or_b="float", difference="float", ci_low="float", ci_high="float",
       z="float", p_value="float", q_value="float", significant="bool"),
    _t("codebook_validation.csv", VALIDATION_COLUMNS,
       "one theme's rule against blind human coding of one stratum of elements (theme_id 'all': pooled)",
       elements="int", judgements="int", human_positive="int", rule_positive="int", true_positive="int",
       false_positive="int", false_negative="int", precision="float", precision_low="float",
       precision_high="float", recall="float", recall_low="float", recall_high="float", kappa="float",
       kappa_readers="float"),
    _t("theme_calibration.csv", CALIBRATION_COLUMNS,
       "the per-cell theme test between random halves of one city's elements (the split-half null)",
       elements="int", splits="int", tests="int", false_positive_rate="float", fpr_se="float",
       splits_with_discovery="int", discoveries="int"),
    _t("cooccurrence_calibration.csv", CALIBRATION_COLUMNS,
       "the association test between random halves of one city's elements (the split-half null)", elements="int",
       splits="int", tests="int", false_positive_rate="float", fpr_se="float", splits_with_discovery="int",
       discoveries="int"),
    _t("cooccurrence_shared.csv", SHARED_COLUMNS,
       "a term pair co-occurring in at least two elements of a city, where at least two cities' texts have it",
       cooccurrence="int", jaccard="float", shared_by="int", elements="int"),
    _t("frequency_top.csv", ("view", "city", "rank", "lemma", "count", "per_1000", "nodes"),
       "one of a city's most frequent terms in a frame (KH Coder's 抽出語リスト; ties kept)", rank="int", count="int",
       per_1000="float", nodes="int"),
    _t("correspondence_coordinates.csv", ("analysis", "kind", "label", "supplementary", "mass", "dim1", "dim2",
                                          "contrib1", "contrib2", "cos2_1", "cos2_2"),
       "a row or column point of a correspondence analysis (principal coordinates)", supplementary="bool",
       mass="float", dim1="float", dim2="float", contrib1="float", contrib2="float", cos2_1="float", cos2_2="float"),
    _t("correspondence_bootstrap.csv", BOOTSTRAP_COLUMNS,
       "a point of a correspondence analysis with its 95 % partial-bootstrap interval on each axis (elements "
       "resampled within every column)", dim1_low="float", dim1_high="float", dim2_low="float", dim2_high="float",
       draws="int"),
    _t("cluster_stability.csv", STABILITY_COLUMNS,
       "a Ward cluster with its clusterwise stability (mean best Jaccard over resamples, Hennig 2007)",
       cluster="int", size="int", stability="float", stability_low="float", dissolved="float", draws="int"),
    _t("correspondence_inertia.csv", ("analysis", "dimension", "eigenvalue", "share", "cumulative", "total_inertia"),
       "a dimension of a correspondence analysis", dimension="int", eigenvalue="float", share="float",
       cumulative="float", total_inertia="float"),
    _t("cluster_terms.csv", ("city", "term", "nodes", "cluster"), "a frequent term of a city and its Ward cluster",
       nodes="int", cluster="int"),
    _t("cluster_terms_linkage.csv", ("city", "step", "left", "right", "height", "size"),
       "a merge step of a city's term dendrogram", step="int", height="float", size="int"),
    _t("cluster_nodes.csv", ("node_id", "city", "part", "label", "title", "cluster"),
       "a policy-level node of any city and its Ward cluster", cluster="int"),
    _t("cluster_nodes_linkage.csv", ("step", "left", "right", "height", "size"),
       "a merge step of the dendrogram of policies across cities", step="int", height="float", size="int"),
    _t("themes.csv", THEME_COLUMNS, "a theme of a node", score="int", own_score="int", descendant_score="int"),
    _t("theme_coverage.csv", COVERAGE_COLUMNS, "a city × theme cell of one frame", hits="int", per_1000="float",
       expected="float", residual="float", p_cell="float", q_cell="float", supported="bool", chi2="float",
       dof="int", p_value="float", p_monte_carlo="float", draws="int", n="int", elements="int",
       elements_with_theme="int", rate_difference="float", rate_difference_low="float",
       rate_difference_high="float"),
    _t("alignment.csv", ALIGNMENT_COLUMNS, "a ranked counterpart (or none) of a source node in another city",
       **_ALIGN_TYPES),
    _t("subplan_alignment.csv", ("part", *ALIGNMENT_COLUMNS),
       "a sub-plan item's counterparts in the same sub-plan of another city", **_ALIGN_TYPES),
    _t("alignment_programmes.csv", (*ALIGNMENT_COLUMNS, "direction", "validated"),
       "a programme's counterparts among another city's actions (and the reverse)", validated="bool",
       **_ALIGN_TYPES),
    _t("goal_alignment.csv", ("city_a", "goal_a", "title_a", "city_b", "goal_b", "title_b", "similarity", "assigned",
                              "best_for_a", "best_for_b", "forced", "metric"),
       "a pair of main-plan goals of two cities", similarity="float", assigned="bool", best_for_a="float",
       best_for_b="float", forced="bool"),
    _t("draft_evaluation.csv", ("plan", "kind", "documents", "mapping", "scope", "reference_nodes", "drafted_nodes",
                                "matched", "recall", "precision", "level_accuracy", "parent_accuracy", "tiers"),
       "`compare draft` on a plan whose tree is known (a seed city's parser, a fictional PDF's expected tree)",
       reference_nodes="int", drafted_nodes="int", matched="int", recall="float", precision="float",
       level_accuracy="float", parent_accuracy="float"),
    _t("goal_counterparts.csv", GOAL_COUNTERPART_COLUMNS,
       "a goal's counterpart goal in another city, or none, read off the element alignment", support="float",
       none_support="float", runner_up_support="float", elements="int", elements_with_counterpart="int"),
    _t("alignment_eval.csv", EVAL_COLUMNS, "a method's accuracy on the gold items (task, scope)",
       **{c: "float" for c in EVAL_COLUMNS if c not in ("task", "method", "scope", "note", "weight", "items",
                                                         "items_with_counterpart")},
       items="int", items_with_counterpart="int"),
    _t("alignment_eval_items.csv", ("task", "method", "source_id", "source_city", "target_city", "has_gold",
                                    "predicted", "best_score", "first_correct_rank", "top1", "top3", "rr", "band",
                                    "p_right", "acceptable", "rationale"),
       "a gold item under one method (held-out for the combined method)", has_gold="bool", best_score="float",
       p_right="float",
       first_correct_rank="int", top1="bool", top3="bool", rr="float"),
    _t("network_measures.csv", ("network", "city", "node", "label", "kind", "measure", "value"),
       "a measure of a node of a network", value="float"),
    _t("actor_mentions.csv", ("city", "node_id", "level", "actor", "kind", "mentions", "variants"),
       "an actor named in a node (first listings)", mentions="int"),
]}


def frame_hash(df: pd.DataFrame) -> bytes:
    """A content hash of a DataFrame (columns, dtypes and values), for cache keys."""
    h = hashlib.sha256(",".join(f"{c}:{t}" for c, t in df.dtypes.astype(str).items()).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.digest()
