"""The integer-code helpers give what the row-by-row pandas/numpy idioms they replace give."""

import numpy as np
import pandas as pd
import pytest

from compare.core.codes import present, str_categorical, unique_rows


@pytest.mark.parametrize("seed", range(5))
def test_unique_rows_equals_numpy_unique_on_rows(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, [3, 50, 1000][seed % 3], (3, 2000))
    rows, n, inv = unique_rows(*x, counts=True, inverse=True)
    ref, ref_inv, ref_n = np.unique(x, axis=1, return_inverse=True, return_counts=True)
    assert (rows == ref).all() and (n == ref_n).all() and (inv == ref_inv.ravel()).all()


def test_unique_rows_falls_back_when_the_key_would_overflow():
    x = np.array([[2**40, 0, 2**40], [2**40, 1, 2**40]])
    assert unique_rows(*x).tolist() == [[0, 2**40], [1, 2**40]]


def test_unique_rows_of_nothing():
    assert unique_rows(np.array([], dtype=int), np.array([], dtype=int)).shape == (2, 0)


@pytest.mark.parametrize("values", [
    pd.Series(pd.Categorical(["b", "a", "b", None], categories=["z", "b", "a"])),
    pd.Series(pd.Categorical([1, 2, 1])),
    pd.Series(["x", "y", "x"]),
])
def test_str_categorical_equals_astype_str(values):
    got, ref = str_categorical(values), pd.Categorical(values.astype(str))
    assert list(got.categories) == list(ref.categories) and (got.codes == ref.codes).all()


def test_present_with_and_without_mask():
    s = pd.Series(pd.Categorical(["a", "b", "a"], categories=["a", "b", "c"]))
    assert present(s) == {"a", "b"} and present(s, np.array([False, True, False])) == {"b"}
