"""The build's stages after parsing, each a pure function of the tables and config it declares.

A stage is ``run(inputs, config, *, text) -> {file: table | dict | graph}``. `reads` names the processed tables it
reads (outputs of parsing or of earlier stages), `references` the files of data/reference/ its results depend on:
the pipeline loads those that have a loader in `REFERENCE_LOADERS` and hands them in with the tables; the user
dictionary and stop words reach tokenization through `text` (a `compare.text.dictionary.TextResources`, which also
says where the compiled dictionary and the token cache live). A stage never opens a file itself. `narrow`, where
set, reduces the inputs to what the stage depends on (the cache key and the run see the same narrowed inputs).
Outputs whose name starts with ``@`` stay in memory for later stages and are never written.

Data flows one way: raw → parse → tokenize → (alignment model → alignment, vocabulary, co-occurrence, themes,
networks) → multivariate. Every config is a frozen dataclass, recorded in ``build_config.json``; the code part of
every cache key is computed (`compare.pipeline.cache`).
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass

import pandas as pd

from compare.analysis.align.apply import (
    CONFIRMATION_GOLD,
    CONFIRMATION_NODES,
    GOLD_FILES,
    MODELS,
    align_stage,
    gold_inputs,
    gold_stage,
)
from compare.analysis.align.features import AlignConfig
from compare.analysis.cooccurrence import CooccurrenceConfig, cooccurrence_stage
from compare.analysis.multivariate import MultivariateConfig, multivariate_stage
from compare.analysis.network import NetworkConfig, network_stage
from compare.analysis.sensitivity import SensitivityConfig, sensitivity_stage
from compare.analysis.themes import ThemeConfig, themes_stage
from compare.analysis.vocab import VocabConfig, vocab_stage
from compare.core.paths import DEFAULT, Layout
from compare.io import reference
from compare.parse.draft.evaluate import DRAFT_FIXTURES, DraftConfig, draft_eval_stage
from compare.parse.draft.source import read_document
from compare.text.tokenize import TextConfig, tokenize_stage

__all__ = ["Stage", "STAGES", "REFERENCE_LOADERS", "load_references", "stage_inputs", "build_config"]


@dataclass(frozen=True)
class Stage:
    """One build stage and what it depends on.

    Parameters
    ----------
    name : str
    run : callable
        ``run(inputs, config, *, text) -> outputs``.
    reads : tuple of str
        Processed tables (and in-memory ``@`` outputs) of earlier stages.
    references : tuple of str
        Files of data/reference/ whose bytes enter the key (and which are handed in, see `REFERENCE_LOADERS`).
    config : dataclass
    narrow : callable, optional
        ``narrow(inputs) -> inputs``: what the stage really depends on.
    """

    name: str
    run: Callable
    reads: tuple[str, ...]
    references: tuple[str, ...]
    config: object
    narrow: Callable | None = None

    def code_roots(self) -> list[str]:
        """The modules whose import closure is the code part of the key: the run's, the config's, narrow's."""
        roots = [self.run.__module__, type(self.config).__module__]
        return roots + ([self.narrow.__module__] if self.narrow is not None else [])


def _gold(name: str, check_ids: bool = True) -> Callable:
    return lambda layout, tables: reference.load_gold(layout, name, tables["nodes.csv"] if check_ids else None)


#: How the pipeline loads each reference table a stage is handed (``layout, tables -> object``).
REFERENCE_LOADERS: dict[str, Callable] = {
    "codebook.csv": lambda layout, tables: reference.load_codebook(layout),
    "codebook_judgements.csv": lambda layout, tables: reference.load_codebook_judgements(layout),
    "actors.csv": lambda layout, tables: reference.load_actors(layout),
    "alignment_gold.csv": _gold("alignment_gold"),
    "alignment_gold_programmes.csv": _gold("alignment_gold_programmes"),
    "alignment_gold_second_pass.csv": _gold("alignment_gold_second_pass", check_ids=False),
    "alignment_gold_confirmation.csv": _gold("alignment_gold_confirmation", check_ids=False),
    "confirmation_nodes.csv": lambda layout, tables: reference.load_confirmation_nodes(layout),
}
_TEXT = ("userdict.csv", "stopwords.csv")
#: The drafter's evaluation: the fictional plan PDFs of data/reference/draft/ and their expected trees.
_DRAFT = tuple(f"draft/{f}" for name in DRAFT_FIXTURES for f in (name, name.replace(".pdf", ".expected.csv")))


def _draft_loader(name: str) -> Callable:
    if name.endswith(".pdf"):                  # read when the stage runs, not for every cache lookup (its bytes key it)
        return lambda layout, tables: functools.partial(read_document, layout.reference / name)
    return lambda layout, tables: pd.read_csv(layout.reference / name, dtype=str, keep_default_na=False)


REFERENCE_LOADERS.update({name: _draft_loader(name) for name in _DRAFT})

STAGES: tuple[Stage, ...] = (   # in an order that runs: each reads only what earlier ones wrote. With workers,
    # a stage starts as soon as its inputs exist, in this order: the longest (the gold-set evaluation) first.
    Stage("tokenize", tokenize_stage, ("nodes.csv", "node_links.csv", "programs.csv", "cities.csv"), _TEXT,
          TextConfig()),
    Stage("alignment-model", gold_stage, ("nodes.csv", "tokens.csv"),
          ("codebook.csv", *GOLD_FILES, CONFIRMATION_GOLD, CONFIRMATION_NODES, *_TEXT), AlignConfig(),
          narrow=gold_inputs),
    Stage("vocabulary", vocab_stage, ("nodes.csv", "node_links.csv", "programs.csv", "tokens.csv", "text_config.json"),
          _TEXT, VocabConfig()),
    Stage("alignment", align_stage, ("nodes.csv", "tokens.csv", MODELS), ("codebook.csv",), AlignConfig()),
    Stage("cooccurrence", cooccurrence_stage, ("nodes.csv", "tokens.csv"), (), CooccurrenceConfig()),
    Stage("themes", themes_stage, ("nodes.csv", "tokens.csv"), ("codebook.csv", "codebook_judgements.csv"),
          ThemeConfig()),
    Stage("networks", network_stage, ("nodes.csv", "programs.csv", "tokens.csv"), ("actors.csv",), NetworkConfig()),
    Stage("multivariate", multivariate_stage,
          ("nodes.csv", "tokens.csv", "vocab_frequencies.csv", "theme_coverage.csv"),
          ("codebook.csv",), MultivariateConfig()),
    Stage("draft-evaluation", draft_eval_stage, ("nodes.csv", "@draft_sources"), _DRAFT, DraftConfig()),
    Stage("sensitivity", sensitivity_stage, ("keyness.csv", "keyness_robustness.csv", "theme_coverage.csv",
                                             "cooccurrence_differences.csv", "text_config.json"), (),
          SensitivityConfig()),
)


def load_references(stage: Stage, layout: Layout, tables: dict) -> dict:
    """The reference tables `stage` is handed, loaded and validated (`REFERENCE_LOADERS`)."""
    return {name: REFERENCE_LOADERS[name](layout, tables) for name in stage.references if name in REFERENCE_LOADERS}


def stage_inputs(stage: Stage, layout: Layout, tables: dict) -> dict:
    """Everything `stage` is handed: the tables it reads and its reference tables, narrowed by `Stage.narrow`.

    Examples
    --------
    >>> from compare.io import datasets
    >>> tables = {"nodes.csv": datasets.load_nodes(), "tokens.csv": datasets.load_tokens()}
    >>> inputs = stage_inputs(STAGES[1], DEFAULT, tables)
    >>> sorted(inputs)[:3], inputs["nodes.csv"].city.nunique() <= tables["nodes.csv"].city.nunique()
    (['alignment_gold.csv', 'alignment_gold_confirmation.csv', 'alignment_gold_programmes.csv'], True)
    """
    inputs = {name: tables[name] for name in stage.reads}
    inputs.update(load_references(stage, layout, tables))
    return stage.narrow(inputs) if stage.narrow is not None else inputs


def _jsonable(value):
    if is_dataclass(value):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def build_config(stages=STAGES, layout: Layout = DEFAULT) -> dict:
    """Every stage's parameters and what it reads, plus the versions results depend on (``build_config.json``)."""
    versions = {d: importlib.metadata.version(d) for d in ("sudachipy", "sudachidict-core", "pandas", "numpy",
                                                          "scipy", "scikit-learn", "networkx", "prince")}
    return {
        "stages": [{"name": s.name, "reads": list(s.reads), "references": list(s.references),
                    "config": _jsonable(s.config)} for s in stages],
        "versions": versions,
    }
