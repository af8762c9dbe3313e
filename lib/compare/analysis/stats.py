"""Statistics shared by the analyses: 2 × 2 log-likelihood (G²), log ratio, exact hypergeometric tails, the
two-sided Fisher test of element counts, Benjamini–Hochberg q values, Welch's t test from sums (the element-level
test of keyness) and bootstrap intervals of a log ratio.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. Computational Linguistics 19(1).
Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables. Biometrika 63(1).
Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for Corpus Approaches to Social Science.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
Woolf, B. (1955). On estimating the relation between blood group and disease. Annals of Human Genetics 19(4).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["g2_2x2", "g2_arrays", "log_ratio", "hypergeom_tail", "fisher_two_sided", "bh", "welch_from_sums",
           "bootstrap_log_ratio", "log_odds_ratio"]


def g2_2x2(a, b, c, d, *, williams: bool = False) -> np.ndarray:
    """Log-likelihood G² of the 2 × 2 table [[a, c − a], [b, d − b]] (term vs other tokens, target vs reference).

    >>> round(float(g2_2x2(30, 10, 1000, 2000)), 3)
    29.463
    """
    scalar = np.ndim(a) == 0
    a, b, c, d = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in (a, b, c, d)))
    g2 = g2_arrays(a, b, c, d, williams=williams)
    return g2[0] if scalar else g2


def log_ratio(a, b, c, d) -> np.ndarray:
    """log₂ of (a/c) / (b/d), with 0.5 in place of a zero count (Hardie 2014).

    >>> float(log_ratio(8, 0, 100, 100))
    4.0
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))


def hypergeom_tail(x, n, N, M, *, upper: bool) -> np.ndarray:
    """Exact hypergeometric tail P(X ≥ x) (`upper`) or P(X ≤ x): X = successes in N draws from M items, n successes.

    Summed term by term from P(X = x) with the ratio of consecutive probabilities, vectorised over arrays and stopped
    once the remaining terms are negligible (1e-17 of the sum); agrees with `scipy.stats.hypergeom` to ~1e-12 and is
    orders of magnitude faster for the thousands of tests of a large registry.

    >>> from scipy import stats
    >>> bool(np.isclose(hypergeom_tail(3, 5, 10, 40, upper=True), stats.hypergeom.sf(2, 40, 5, 10)))
    True
    """
    from scipy.special import gammaln

    x, n, N, M = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, n, N, M)))
    lo, hi = np.maximum(0, N - (M - n)), np.minimum(n, N)
    xc = np.clip(x, lo, hi)
    lchoose = lambda a, b: gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1)  # noqa: E731
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        p = np.exp(lchoose(n, xc) + lchoose(M - n, N - xc) - lchoose(M, N))
        flat = p.reshape(-1).copy()                                  # the sums, cell by cell
        idx = np.flatnonzero((xc < hi) if upper else (xc > lo))     # cells whose tail has further terms
        k, q, t = xc.reshape(-1)[idx], p.reshape(-1)[idx], flat[idx]
        n_, N_, M_, end = (v.reshape(-1)[idx] for v in (n, N, M, hi if upper else lo))
        while len(idx):                                # only the cells still summing are computed each round
            if upper:
                ratio = (n_ - k) * (N_ - k) / ((k + 1) * (M_ - n_ - N_ + k + 1))
                k = k + 1
            else:
                ratio = k * (M_ - n_ - N_ + k) / ((n_ - k + 1) * (N_ - k + 1))
                k = k - 1
            q = q * ratio
            t = t + q
            flat[idx] = t
            go = ((k < end) if upper else (k > end)) & (q > t * 1e-17)
            idx, k, q, t, n_, N_, M_, end = (v[go] for v in (idx, k, q, t, n_, N_, M_, end))
        total = flat.reshape(p.shape)
    out = (np.where(x > hi, 0.0, np.where(x < lo, 1.0, total)) if upper
           else np.where(x < lo, 0.0, np.where(x > hi, 1.0, total)))
    return np.clip(out, 0.0, 1.0)


def fisher_two_sided(na, nb, nt, nr) -> np.ndarray:
    """Two-sided hypergeometric (Fisher) p of a 2 × 2 table of elements: the observed side's tail, doubled.

    Parameters
    ----------
    na, nb : array_like
        Elements of the target and of the reference that use the term.
    nt, nr : array_like
        Elements of the target and of the reference in all.

    Returns
    -------
    numpy.ndarray
        p values (at most 1).

    Examples
    --------
    >>> round(float(fisher_two_sided(5, 0, 10, 10)), 4)
    0.0325
    """
    na, nb, nt, nr = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (na, nb, nt, nr)))
    m, n = nt + nr, na + nb
    over = na * m >= n * nt
    tail = np.where(over, hypergeom_tail(na, n, nt, m, upper=True), hypergeom_tail(na, n, nt, m, upper=False))
    return np.minimum(1.0, 2 * tail)


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q values of the p values in `p` (along the first axis).

    Parameters
    ----------
    p : numpy.ndarray
        p values, one test per row (columns are separate families).

    Returns
    -------
    numpy.ndarray
        q values of the same shape.

    Examples
    --------
    >>> bh(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    return stats.false_discovery_control(p, axis=0) if len(p) else p


def g2_arrays(a, b, c, d, *, williams: bool) -> np.ndarray:
    """G² of 2 × 2 tables given as arrays of equal shape (see `g2_2x2`); with `williams`, divided by Williams' q.

    Examples
    --------
    >>> g2_arrays(np.array([30.0]), np.array([10.0]), np.array([1000.0]), np.array([2000.0]), williams=False).round(3)
    array([29.463])
    """
    n = c + d
    ab = a + b
    cells = ((a, c * ab / n), (b, d * ab / n), (c - a, c * (n - ab) / n), (d - b, d * (n - ab) / n))
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in cells)
        if williams:
            q = 1 + (n / c + n / d - 1) * (n / ab + n / np.where(n - ab > 0, n - ab, np.nan) - 1) / (6 * n)
            g2 = g2 / np.where(np.isfinite(q), q, 1.0)
    return np.maximum(g2, 0.0)


def welch_from_sums(n1, s1, q1, n0, s0, q0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welch's two-sample t test from group sizes, sums and sums of squares (arrays broadcast together).

    The unit is whatever was summed: here a plan element's relative frequency of a term (count / the element's
    tokens), so the test compares the mean rate per element and its element-to-element variation — the nesting of
    tokens in elements is respected (Lijffijt et al. 2016 recommend tests on per-text frequencies for exactly this).
    Degrees of freedom by Welch–Satterthwaite. Where both groups have zero variance the p value is 1.

    Parameters
    ----------
    n1, s1, q1 : array_like
        Size, sum and sum of squares of the first group (target).
    n0, s0, q0 : array_like
        The same for the second group (reference).

    Returns
    -------
    t, df, p : numpy.ndarray
        The statistic (positive: the first group's mean is larger), degrees of freedom and two-sided p value.

    References
    ----------
    Welch, B. L. (1947). The generalization of 'Student's' problem when several different population variances are
    involved. Biometrika 34(1/2). Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K. & Mannila, H.
    (2016). Significance testing of word frequencies in corpora. Digital Scholarship in the Humanities 31(2).

    Examples
    --------
    >>> x, y = np.array([0.2, 0.1, 0.3, 0.0]), np.array([0.0, 0.05, 0.0, 0.0, 0.1])
    >>> t, df, p = welch_from_sums(4, x.sum(), (x * x).sum(), 5, y.sum(), (y * y).sum())
    >>> ref = stats.ttest_ind(x, y, equal_var=False)
    >>> bool(np.isclose(t, ref.statistic)), bool(np.isclose(p, ref.pvalue))
    (True, True)
    """
    n1, s1, q1, n0, s0, q0 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (n1, s1, q1, n0, s0, q0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        m1, m0 = s1 / n1, s0 / n0
        v1 = np.maximum(q1 - n1 * m1 * m1, 0.0) / (n1 - 1)
        v0 = np.maximum(q0 - n0 * m0 * m0, 0.0) / (n0 - 1)
        e1, e0 = v1 / n1, v0 / n0
        se2 = e1 + e0
        ok = se2 > 1e-300
        t = np.where(ok, (m1 - m0) / np.sqrt(np.where(ok, se2, 1.0)), 0.0)
        df = np.where(ok, se2 ** 2 / (np.where(n1 > 1, e1 * e1 / (n1 - 1), 0.0)
                                      + np.where(n0 > 1, e0 * e0 / (n0 - 1), 0.0)), np.nan)
    p = np.where(ok, 2 * stats.t.sf(np.abs(t), np.where(ok, df, 1.0)), 1.0)
    return t, df, np.minimum(p, 1.0)


def bootstrap_log_ratio(a_boot, c_boot, b_boot, d_boot, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the log₂ ratio of two rates from bootstrap replicates (rows are replicates).

    A zero count is replaced by 0.5 in every replicate, as in `log_ratio`.

    Parameters
    ----------
    a_boot, c_boot : numpy.ndarray
        Replicates of the target's term count (replicates × terms) and of its token total (replicates × 1).
    b_boot, d_boot : numpy.ndarray
        The same for the reference.
    level : float
        Coverage of the interval.

    Returns
    -------
    low, high : numpy.ndarray
        One value per term.

    Examples
    --------
    >>> a = np.array([[4.0], [6.0], [5.0], [5.0]]); b = np.array([[1.0], [0.0], [1.0], [2.0]])
    >>> c = d = np.full((4, 1), 100.0)
    >>> low, high = bootstrap_log_ratio(a, c, b, d)
    >>> bool(low[0] < np.log2(5 / 1) < high[0])
    True
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log2((np.where(a_boot == 0, 0.5, a_boot) / c_boot) / (np.where(b_boot == 0, 0.5, b_boot) / d_boot))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(lr, [tail, 100 - tail], axis=0, method="linear")
    return low, high


def log_odds_ratio(n11, n10, n01, n00) -> tuple[np.ndarray, np.ndarray]:
    """Log odds ratio of 2 × 2 tables with the Haldane–Anscombe correction (0.5 added to every cell) and Woolf's
    variance, the sum of the reciprocal cells.

    Parameters
    ----------
    n11, n10, n01, n00 : array_like
        Cell counts (broadcast together): both, the first only, the second only, neither.

    Returns
    -------
    log_or, variance : numpy.ndarray

    Examples
    --------
    >>> lor, var = log_odds_ratio(4, 1, 1, 4)
    >>> round(float(lor), 3), round(float(var), 3)     # log((4.5 * 4.5) / (1.5 * 1.5)), 2/4.5 + 2/1.5
    (2.197, 1.778)
    """
    cells = [np.asarray(v, dtype=float) + 0.5 for v in (n11, n10, n01, n00)]
    return (np.log(cells[0]) + np.log(cells[3]) - np.log(cells[1]) - np.log(cells[2]),
            sum(1.0 / c for c in cells))
