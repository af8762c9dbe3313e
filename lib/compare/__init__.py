"""Compare the community-welfare plans (地域福祉計画) of Sendai, Sagamihara and Hatsukaichi.

Stages, one module each: `raw` (sources, checksums) → `parse` (common plan model) → `corpus` (tables as
pandas) → later stages. `paths` holds every location; `figures` the one figure style.
"""

from __future__ import annotations

__all__ = ["__version__", "setup_notebook", "kwic"]
__version__ = "0.1.0"


def setup_notebook() -> None:
    """Fixed pandas display options and the project's figure style, for deterministic notebook output."""
    import pandas as pd

    from .figures import use_style

    pd.set_option("display.max_rows", 80)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 50)
    pd.set_option("display.precision", 3)
    use_style()


def kwic(term: str, window: int = 6, **options):
    """Every passage of the three plans that uses `term` (see `compare.vocab.kwic`).

    >>> kwic("見守り").shape[1]
    6
    """
    from .vocab import kwic as _kwic

    return _kwic(term, window, **options)
