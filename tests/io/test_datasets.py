"""The loader layer: every processed table is declared, read with its types, and written back byte-identically."""

from __future__ import annotations

import pandas as pd
import pytest

from compare.core.paths import DEFAULT
from compare.io import datasets as ds
from compare.io import schemas


@pytest.mark.parametrize("file", sorted(schemas.TABLES))
def test_every_declared_table_round_trips_byte_identically(file):
    path = DEFAULT.processed / file
    assert path.exists(), f"{file} is declared but not built"
    df = ds.read(file)
    assert tuple(df.columns) == schemas.TABLES[file].columns
    assert ds.to_bytes(file, df) == path.read_bytes()


def test_every_processed_csv_is_declared():
    csvs = {p.name for p in DEFAULT.processed.glob("*.csv")}
    assert csvs <= set(schemas.TABLES), sorted(csvs - set(schemas.TABLES))


def test_types_are_applied_once():
    tokens = ds.load_tokens()
    assert tokens.content.dtype == bool and tokens.counted.dtype == bool
    assert isinstance(tokens.lemma.dtype, pd.CategoricalDtype)
    assert ds.load_programs().relisted.dtype == bool
    assert ds.load_alignment()["rank"].dtype == "int64"
    k = ds.load_keyness()
    assert k.distinctive.dtype == bool and k.q_element.dtype == "float64"


def test_chosen_parameters_are_recorded_not_parsed_from_strings():
    cfg = ds.load_build_config()
    names = [s["name"] for s in cfg["stages"]]
    from compare.pipeline.stages import STAGES

    assert names == [s.name for s in STAGES]
    assert set(names) == {"tokenize", "alignment-model", "vocabulary", "alignment", "cooccurrence", "themes",
                          "multivariate", "networks", "sensitivity", "draft-evaluation"}
    align = next(s for s in cfg["stages"] if s["name"] == "alignment")
    gold = next(s for s in cfg["stages"] if s["name"] == "alignment-model")
    assert align["config"]["top_k"] == 5 and "alignment_gold.csv" in gold["references"]
    model = ds.load_alignment_model()
    assert set(model["policy"]["coefficients"]) == set(model["policy"]["features"])


def test_missing_table_is_a_clear_error(tmp_path):
    from compare.core.errors import InputError
    from compare.core.paths import Layout

    with pytest.raises(InputError, match="processed table missing; run `make build`"):
        ds.load_nodes(Layout(tmp_path))
