"""Project-wide defaults that several stages share: one home for the seeds and the city-count limit.

Every config dataclass takes its default from here, and every seeded algorithm receives its seed from its config
(recorded in ``build_config.json``); no module types a seed or a limit of its own.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SEED", "RESAMPLING_SEED", "FIGURE_SEED", "MAX_PAIRWISE_CITIES", "rng"]

#: Seed of graph layouts' and communities' algorithms (Louvain), permutation tests of edges and CA's solver.
SEED = 42
#: Seed of Monte Carlo tests (themes) and of the alignment's cross-validation folds and bootstraps.
RESAMPLING_SEED = 20261123
#: Seed of the figures' spring layouts (plots only: no table depends on it).
FIGURE_SEED = 7
#: Up to this many cities every pair is compared (pairwise keyness, overlap, co-occurrence differences, robustness,
#: joint clustering, alignment); beyond it only one-vs-rest results are built and pairs are aligned on demand
#: (``python -m compare align A B``), so the build stays linear in the number of cities.
MAX_PAIRWISE_CITIES = 12


def rng(seed: int) -> np.random.Generator:
    """The one way to make a random generator: from a seed recorded in a config.

    Parameters
    ----------
    seed : int
        A config's seed field.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> int(rng(SEED).integers(100)) == int(rng(SEED).integers(100))
    True
    """
    return np.random.default_rng(seed)
