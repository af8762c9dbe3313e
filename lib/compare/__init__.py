"""Compare the community-welfare plans (地域福祉計画) of any set of municipalities.

Stages, one module each: `cities` (the registry) → `raw` (checksums) → `parse` (one plan model) → `text`
(Sudachi tokens) → `vocab`, `themes` → `align` / `align_model`, `network`. `datasets` reads every processed table
with its types; `plots` draws them; `kwic` finds passages; `paths` holds every location.
"""

from __future__ import annotations

__all__ = ["__version__", "setup_notebook", "kwic"]
__version__ = "0.2.0"


def setup_notebook() -> None:
    """Fixed pandas display options and the project's figure style, for deterministic notebook output."""
    import pandas as pd

    from compare.plots.style import use_style

    pd.set_option("display.max_rows", 80)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 50)
    pd.set_option("display.precision", 3)
    use_style()


def kwic(term: str, window: int = 20, **options):
    """Every passage of every plan that contains `term` (see `compare.pipeline.ondemand.kwic`).

    >>> kwic("見守り").shape[0] > 0
    True
    """
    from compare.pipeline.ondemand import kwic as _kwic

    return _kwic(term, window, **options)
