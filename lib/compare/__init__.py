"""Compare the community-welfare plans (地域福祉計画) of any set of municipalities.

Stages, one module each: `cities` (the registry) → `raw` (checksums) → `parse` (one plan model) → `text`
(Sudachi tokens) → `vocab`, `themes` → `align` / `align_model`, `network`. `datasets` reads every processed table
with its types; `plots` draws them; `kwic` finds passages; `paths` holds every location.
"""

from __future__ import annotations

__all__ = ["__version__", "setup_notebook", "kwic"]
__version__ = "0.2.0"


def setup_notebook() -> None:
    """Fixed pandas display options and the project's figure style, for deterministic notebook output.

    Sets ``display.max_rows`` 80, ``display.max_columns`` 20, ``display.width`` 120, ``display.max_colwidth`` 50
    and ``display.precision`` 3, then `compare.plots.style.use_style`. The notebooks call it after their imports.
    The function takes no parameters.

    Returns
    -------
    None
        The pandas options and ``matplotlib.rcParams`` are changed in place, for the whole process.

    Examples
    --------
    >>> import matplotlib
    >>> import pandas as pd
    >>> keys = ["display.max_rows", "display.max_columns", "display.width", "display.max_colwidth",
    ...         "display.precision"]
    >>> with pd.option_context(*[x for k in keys for x in (k, pd.get_option(k))]):  # restored afterwards
    ...     setup_notebook()
    ...     [pd.get_option(k) for k in keys]
    [80, 20, 120, 50, 3]
    >>> matplotlib.rcParams["font.sans-serif"][0]
    'IPAexGothic'
    """
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

    Imports the search only when called, so that ``import compare`` stays light.

    Parameters
    ----------
    term : str
        What to find: every occurrence as a substring (NFKC-normalised and lower-cased, like the passages).
    window : int, optional
        Characters of context on each side; default 20.
    **options
        Passed on to `compare.pipeline.ondemand.kwic`: ``expand_actors`` (bool, default False), ``all_listings``
        (bool, default False), ``cities`` (list of city ids, default None: all) and ``layout`` (default the
        project's).

    Returns
    -------
    pandas.DataFrame
        One row per hit, columns `compare.analysis.kwic.KWIC_COLUMNS` (``city``, ``node_id``, ``field``,
        ``left``, ``keyword``, ``right``, ``offset``, ``listings``, ``path``, ``level``, ``part``, ``source_file``,
        ``line_start``, ``line_end``).

    Examples
    --------
    >>> kwic("見守り").shape[0] > 0
    True
    >>> from compare.analysis.kwic import KWIC_COLUMNS
    >>> from compare.io import datasets as ds
    >>> k = kwic("見守り", window=5)
    >>> list(k.columns) == list(KWIC_COLUMNS), set(k.city) <= set(ds.load_cities().city)
    (True, True)
    >>> bool(k.left.str.len().le(5).all()), set(kwic("見守り", cities=["sagamihara"]).city) <= {"sagamihara"}
    (True, True)
    """
    from compare.pipeline.ondemand import kwic as _kwic

    return _kwic(term, window, **options)
