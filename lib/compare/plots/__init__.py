"""Every figure of the project, drawn from loaded tables (never computing what the build wrote); one style.

Modules mirror the stages: `corpus`, `vocab`, `themes`, `align`, `network`; `graph` holds the network drawing
helpers (layouts, non-overlapping labels, size keys) and `style` the fonts, city colours and byte-identical saving.
The build never imports this package, so a colour change invalidates no computed table.
"""

from compare.plots.style import CityStyle, plt, save_figure, show_figure, use_style

__all__ = ["CityStyle", "plt", "save_figure", "show_figure", "use_style"]
