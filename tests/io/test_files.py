"""The fast CSV writer prints exactly what pandas' writer prints, on every dtype and awkward value it meets."""

import numpy as np
import pandas as pd
import pytest

from compare.io.files import _pandas_csv_bytes, frame_csv_bytes

AWKWARD = ["地域", "", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", " lead", "trail ", "=1+1", "-", "0", "true"]


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    words = np.array(AWKWARD, dtype=object)
    floats = rng.choice([0.0, -0.0, 1.5, 1e-7, 123456789.0, np.nan, np.inf, -np.inf, 2 / 3], n)
    return pd.DataFrame({
        "text": words[rng.integers(0, len(words), n)],
        "maybe": pd.Series(words[rng.integers(0, len(words), n)]).where(rng.random(n) > 0.3, None),
        "cat": pd.Categorical(words[rng.integers(0, 4, n)], categories=AWKWARD[:5]),
        "int": rng.integers(-5, 10**12, n),
        "float": floats,
        "flag": rng.random(n) > 0.5,
        "same": ["x"] * n,
    })


@pytest.mark.parametrize("n, seed", [(0, 0), (1, 1), (7, 2), (500, 3), (5000, 4)])
def test_fast_writer_matches_pandas_byte_for_byte(n, seed):
    df = _frame(n, seed)
    cols = list(df.columns)
    assert frame_csv_bytes(df, cols) == _pandas_csv_bytes(df, cols)
    assert frame_csv_bytes(df, cols[::-1]) == _pandas_csv_bytes(df, cols[::-1])


def test_categorical_missing_values_and_mixed_objects_fall_back_correctly():
    df = pd.DataFrame({"c": pd.Categorical(["a", None, "b,c"]), "o": [True, 1, 1.5], "n": ["x", None, np.nan]})
    cols = ["c", "o", "n"]
    assert frame_csv_bytes(df, cols) == _pandas_csv_bytes(df, cols)
    assert frame_csv_bytes(df, cols).decode() == 'c,o,n\na,true,x\n,1,\n"b,c",1.5,\n'


def test_one_column_empty_field_is_quoted_as_the_csv_module_does():
    df = pd.DataFrame({"a": ["", "x"]})
    assert frame_csv_bytes(df, ["a"]) == _pandas_csv_bytes(df, ["a"])


def test_a_file_mixing_utf8_and_cp932_rows_is_refused_at_the_true_line(tmp_path):
    """Its UTF-8 part would also decode as CP932 (mojibake): refused, naming the line that is not UTF-8."""
    from compare.core.errors import InputError
    from compare.io.files import read_text

    p = tmp_path / "mixed.csv"
    p.write_bytes("a,b\n地域,見守り\n".encode() + "支え合い,x\n".encode("cp932") + "福祉,y\n".encode())
    with pytest.raises(InputError, match=r"mixed.csv, line 3: mixed encodings: line 2 is UTF-8"):
        read_text(p, allow_cp932=True)
    q = tmp_path / "cp932_first.csv"
    q.write_bytes("支え合い,x\n".encode("cp932") + "地域,見守り\n".encode())
    with pytest.raises(InputError, match=r"cp932_first.csv, line 1: mixed encodings: line 2 is UTF-8"):
        read_text(q, allow_cp932=True)
