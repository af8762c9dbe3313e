"""Notebooks, the HTML report, the offline explorer, notebook prose and the bundled font."""
