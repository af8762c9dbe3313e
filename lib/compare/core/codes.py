"""Integer codes for token columns: the large-corpus path of every stage that counts tokens.

A token table has millions of rows but few distinct node ids, lemmas or cities. Stages work on integer codes into
sorted tables of those values instead of on the strings row by row (which costs seconds per column at 300 cities).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["str_categorical", "unique_rows", "present"]


def str_categorical(values) -> pd.Categorical:
    """A column as a Categorical of ``str`` with sorted categories, only those present, as
    ``pd.Categorical(values.astype(str))`` gives, but converting each distinct value once instead of every row.

    Examples
    --------
    >>> s = pd.Series(pd.Categorical(["b", "a", "b"], categories=["c", "b", "a"]))
    >>> c = str_categorical(s)
    >>> list(c.categories), c.codes.tolist()
    (['a', 'b'], [1, 0, 1])
    >>> str_categorical(pd.Series([2, 1])).categories.tolist()
    ['1', '2']
    """
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return pd.Categorical(s.astype(str))
    codes = s.cat.codes.to_numpy()
    names = np.asarray(s.cat.categories.astype(str), dtype=object)
    missing = codes < 0                                       # stays missing, as with astype(str)
    used = np.flatnonzero(np.bincount(codes[~missing], minlength=len(names)))
    cats, rank = np.unique(names[used], return_inverse=True)  # sorted; values equal as text (1 and "1") merge
    remap = np.full(len(names) + 1, -1, dtype=np.int64)
    remap[used] = rank.ravel()
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(cats.tolist(), dtype=object))


def unique_rows(*codes: np.ndarray, counts: bool = False, inverse: bool = False):
    """The distinct rows of stacked non-negative integer code arrays, sorted (``np.unique(np.stack(codes),
    axis=1)``), computed on one mixed-radix int64 key instead of on rows. With `counts`, also how often each occurs;
    with `inverse`, also each input row's index among them (returned in that order: rows, counts, inverse).

    >>> unique_rows(np.array([1, 0, 1]), np.array([2, 5, 2])).tolist()
    [[0, 1], [5, 2]]
    >>> rows, n, inv = unique_rows(np.array([1, 0, 1]), counts=True, inverse=True)
    >>> n.tolist(), inv.tolist()
    ([1, 2], [1, 0, 1])
    """
    arrays = [np.asarray(c, dtype=np.int64) for c in codes]
    size = len(arrays[0]) if arrays else 0
    radix = [int(a.max()) + 1 if size else 1 for a in arrays]
    if float(np.prod([float(r) for r in radix])) >= 2 ** 62:
        out, inv, n = np.unique(np.stack(arrays), axis=1, return_inverse=True, return_counts=True)
    else:
        key = np.zeros(size, dtype=np.int64)
        for a, r in zip(arrays, radix):
            key = key * r + a
        key, inv, n = np.unique(key, return_inverse=True, return_counts=True)
        out = np.empty((len(arrays), len(key)), dtype=np.int64)
        for k in range(len(arrays) - 1, -1, -1):
            key, out[k] = np.divmod(key, radix[k])
    extra = ([n] if counts else []) + ([inv.ravel()] if inverse else [])
    return (out, *extra) if extra else out


def present(column: pd.Series, mask: np.ndarray | None = None) -> set[str]:
    """The distinct values (as ``str``) of a column, or of its rows where `mask` is true, without a pass over rows
    in Python.

    >>> sorted(present(pd.Series(pd.Categorical(["x", "y", "x"])), np.array([True, False, True])))
    ['x']
    """
    s = column if mask is None else column[np.asarray(mask, dtype=bool)]
    return set(map(str, pd.unique(s.to_numpy())))
