"""The city registry: built from the manifest and extra_cities.csv, safe ids, Japanese labels, distinct colours."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from compare.core.errors import ValidationError
from compare.io.registry import CITY_ID, PALETTE, load_registry
from conftest import add_extra_cities


def test_registry_comes_from_the_manifest(registry):
    import csv

    from compare.core.paths import DEFAULT

    rows = [r for r in csv.DictReader(DEFAULT.manifest.open(encoding="utf-8"))]
    assert registry.ids[: len({r["city"] for r in rows})] == list(dict.fromkeys(r["city"] for r in rows))
    for c in registry:
        assert CITY_ID.match(c.id) and c.name_ja.endswith(("市", "町", "村", "区"))
        assert c.label.startswith(c.name_ja)
        assert all(f.sha256 and len(f.sha256) == 64 for f in c.files)


def test_extra_cities_get_japanese_labels_colours_and_markers(project_copy):
    ids = add_extra_cities(project_copy)
    reg = load_registry(project_copy)
    for cid in ids:
        c = reg[cid]
        assert c.parser == "nodes-csv" and not c.builtin
        assert c.label == c.name_ja and " " not in c.label          # 湊市, not "minato Minato"
    assert len({c.colour for c in reg}) == len(reg) and len({c.marker for c in reg}) == len(reg)


def _cvd_distance(a: str, b: str) -> float:
    from colorspacious import cspace_convert

    def rgb(h):
        return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255

    out = []
    for cvd in (None, "deuteranomaly", "protanomaly", "tritanomaly"):
        xs = []
        for h in (a, b):
            x = rgb(h)
            if cvd:
                x = np.clip(cspace_convert(x, {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}, "sRGB1"), 0, 1)
            xs.append(cspace_convert(x, "sRGB1", "CAM02-UCS"))
        out.append(float(np.linalg.norm(xs[0] - xs[1])))
    return min(out)


def test_palette_is_distinct_for_twelve_cities_under_colour_blindness():
    assert len(PALETTE) >= 12 and len(set(PALETTE)) == len(PALETTE)
    dmin = min(_cvd_distance(a, b) for a, b in itertools.combinations(PALETTE[:12], 2))
    assert dmin >= 7.5          # documented in compare/cities.py: 7.7 at 12 cities, 9.3 up to 11, 11.7 up to 8
    assert min(_cvd_distance(a, b) for a, b in itertools.combinations(PALETTE[:8], 2)) >= 11.5
    from colorspacious import cspace_convert

    light = [cspace_convert(np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255, "sRGB1", "CAM02-UCS")[0]
             for h in PALETTE]
    assert max(light) <= 76     # legible as text on white


@pytest.mark.parametrize("row, message", [
    ("kobe/../../../escaped,神戸市,kobe.csv,{h},計画,令和6年度", "city id 'kobe/../../../escaped' must be"),
    ("sendai,仙台市,kobe.csv,{h},計画,令和6年度", "city 'sendai' is already registered"),
    ("kobe,神戸市,../kobe.csv,{h},計画,令和6年度", "must be a plain file name"),
    ("kobe,神戸市,kobe.csv,{h},,令和6年度", "expected values for document_title"),
])
def test_bad_registrations_name_the_line(project_copy, row, message):
    reg = project_copy.registry
    reg.write_text(reg.read_text(encoding="utf-8") + row.format(h="0" * 64) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"extra_cities.csv, line \d+: .*{message}"):
        load_registry(project_copy)
