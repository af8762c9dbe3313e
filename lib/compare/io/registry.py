"""The city registry: which municipalities exist, their names, plan periods, colours, parsers and files.

Built from ``data/raw/MANIFEST.csv`` (the built-in sources) and ``data/raw/extra_cities.csv`` (researchers' own
cities, registered as nodes.csv-shaped files). It is the only place that knows which cities exist: every stage,
figure, notebook and test loops over `load_registry(layout)` (or the processed ``cities.csv`` it writes).

Colours
-------
`PALETTE` keeps the first three cities in the Okabe & Ito (2008) colours the project has always used and adds nine
colours from Okabe & Ito and Paul Tol's qualitative schemes (bright, muted, dark, light; Tol 2021, "Colour
schemes", SRON/EPS/TN/09-002), chosen greedily to maximise the smallest CAM02-UCS distance between any two colours
under normal vision and under simulated deuteranopia, protanopia and tritanopia (Machado et al. 2009, severity 100,
via colorspacious), with lightness J' between 25 and 72 so that a city's name printed in its colour stays legible on
white (paler colours would be more distinct from each other but unreadable as text). The smallest such distance is
11.7 for up to 8 cities, 9.3 for up to 11 and 7.7 for 12 (tests/io/test_registry.py recomputes it). From the 13th city
on colours repeat; each city also has its own marker (`MARKERS`), so figures stay readable.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from compare.core.errors import InputError, ValidationError
from compare.core.paths import DEFAULT, Layout
from compare.io.files import read_commented_csv

__all__ = [
    "PALETTE", "MARKERS", "CITY_ID", "SourceFile", "City", "Registry", "load_registry", "palette_colour",
    "MANIFEST_COLUMNS", "REGISTRY_COLUMNS",
]

log = logging.getLogger(__name__)

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#663333", "#CC3311", "#AA3377", "#56B4E9", "#225555", "#CC79A7",
           "#117733", "#EE6677", "#AA4499")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")
#: City ids and node ids: letters, digits, ".", "_" and "-" (no path separators, no spaces).
CITY_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
MANIFEST_COLUMNS = ("file", "parser", "role", "sha256", "city", "city_ja", "city_en", "document_title", "plan_title",
                    "plan_period", "fy_start", "fy_end", "text_kind", "issuing_body")
REGISTRY_COLUMNS = ("city", "city_ja", "file", "sha256", "document_title", "plan_period")
#: Optional columns of extra_cities.csv: English name, plan title, fiscal years, the source document (a PDF or text
#: the nodes file was drawn from, kept beside it in data/raw/, and its sha256), and ``reviewed`` (``no`` while the
#: tree is an unreviewed draft of `python -m compare draft`; the explorer marks such a city).
REGISTRY_OPTIONAL = ("city_en", "plan_title", "fy_start", "fy_end", "source", "source_sha256", "reviewed")


def palette_colour(index: int) -> str:
    """The colour of the city at position `index` of the registry (colours repeat after 12).

    >>> palette_colour(0), palette_colour(12)
    ('#0072B2', '#0072B2')
    """
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class SourceFile:
    """One file of a city's plan in data/raw/, with the role the parser gives it and where it is registered."""

    file: str
    sha256: str
    role: str
    registered_in: str
    line: int


@dataclass(frozen=True)
class City:
    """One municipality of the registry.

    Examples
    --------
    >>> c = City("minato", "湊市", "", "nodes-csv", (), index=3)
    >>> c.label, c.colour, c.marker
    ('湊市', '#663333', 'D')
    >>> City("sendai", "仙台市", "Sendai", "sendai", (), index=0).label
    '仙台市 Sendai'
    """

    id: str
    name_ja: str
    name_en: str
    parser: str
    files: tuple[SourceFile, ...]
    document_title: str = ""
    plan_title: str = ""
    plan_period: str = ""
    fy_start: int | None = None
    fy_end: int | None = None
    builtin: bool = True
    index: int = 0
    record: dict = field(default_factory=dict, compare=False, repr=False)
    reviewed: bool = True

    @property
    def label(self) -> str:
        """Japanese name, then the English one if registered: '仙台市 Sendai', '湊市'."""
        return f"{self.name_ja} {self.name_en}".strip()

    @property
    def colour(self) -> str:
        return palette_colour(self.index)

    @property
    def marker(self) -> str:
        return MARKERS[self.index % len(MARKERS)]

    def file(self, role: str) -> SourceFile:
        """The file with this role (e.g. Sendai's ``overview`` and ``programmes``)."""
        hits = [f for f in self.files if f.role == role]
        if len(hits) != 1:
            where = self.files[0].registered_in if self.files else "data/raw/MANIFEST.csv"
            raise InputError(where, None, f"city {self.id!r} (parser {self.parser!r}) needs exactly one file with role "
                                          f"{role!r}; found {len(hits)}")
        return hits[0]


class Registry(tuple):
    """The cities in registry order (built-in cities in manifest order, then the registered extra cities)."""

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self]

    def __getitem__(self, key):
        if isinstance(key, str):
            for c in self:
                if c.id == key:
                    return c
            raise KeyError(f"unknown city {key!r}; the registry has {', '.join(self.ids)}")
        return super().__getitem__(key)

    def order(self, ids) -> list[str]:
        """`ids` sorted by registry position (unknown ids last, alphabetically)."""
        pos = {c.id: i for i, c in enumerate(self)}
        return sorted(set(ids), key=lambda c: (pos.get(c, len(pos)), c))

    def label(self, city_id: str) -> str:
        try:
            return self[city_id].label
        except KeyError:
            return city_id


def _int_or_none(value: str, path: Path, line: int, column: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise ValidationError(path, line, f"{column} must be a fiscal year like 2024, found {value!r}")
    return int(value)


def _manifest_cities(layout: Layout) -> list[City]:
    path = layout.manifest
    if not path.exists():
        raise InputError(path, None, "the manifest of the raw sources is missing; restore it from git")
    rows = read_commented_csv(path, required=MANIFEST_COLUMNS)
    by_city: dict[str, list[dict]] = {}
    for r in rows:
        for col in ("file", "parser", "role", "sha256", "city", "city_ja"):
            if not r[col].strip():
                raise ValidationError(path, r["_line"], f"expected a value for {col}")
        if not CITY_ID.match(r["city"]):
            raise ValidationError(path, r["_line"], f"city id {r['city']!r} must match {CITY_ID.pattern}")
        by_city.setdefault(r["city"], []).append(r)
    cities = []
    for cid, rs in by_city.items():
        r0 = rs[0]
        files = tuple(SourceFile(r["file"], r["sha256"].strip().lower(), r["role"], "data/raw/MANIFEST.csv", r["_line"])
                      for r in rs)
        cities.append(City(cid, r0["city_ja"], r0["city_en"], r0["parser"], files, r0["document_title"],
                           r0["plan_title"], r0["plan_period"],
                           _int_or_none(r0["fy_start"], path, r0["_line"], "fy_start"),
                           _int_or_none(r0["fy_end"], path, r0["_line"], "fy_end"), True, len(cities),
                           {k: v for k, v in r0.items() if k != "_line"}))
    return cities


def _extra_cities(layout: Layout, taken: dict[str, str]) -> list[City]:
    path = layout.registry
    if not path.exists():
        return []
    out = []
    for r in read_commented_csv(path, required=REGISTRY_COLUMNS, allow_cp932=True):
        line = r["_line"]
        missing = [c for c in REGISTRY_COLUMNS if c != "sha256" and not (r.get(c) or "").strip()]
        if missing:
            raise ValidationError(path, line, f"expected values for {', '.join(missing)}")
        cid = r["city"].strip()
        if not CITY_ID.match(cid):
            raise ValidationError(path, line, f"city id {cid!r} must be lower-case letters, digits, '_' or '-' "
                                              f"(starting with a letter; pattern {CITY_ID.pattern})")
        if cid in taken:
            raise ValidationError(path, line, f"city {cid!r} is already registered ({taken[cid]}); choose another id")
        file = r["file"].strip()
        source = (r.get("source") or "").strip()
        for col, name in (("file", file), ("source", source)):
            if name and (Path(name).name != name or name.startswith(".")):
                raise ValidationError(path, line, f"{col} {name!r} must be a plain file name in data/raw/ (no folders)")
        taken[cid] = f"{path.name}, line {line}"
        fy = {c: _int_or_none(r.get(c, ""), path, line, c) for c in ("fy_start", "fy_end")}
        files = (SourceFile(file, r["sha256"].strip().lower(), "nodes", "data/raw/extra_cities.csv", line),)
        if source:
            files += (SourceFile(source, (r.get("source_sha256") or "").strip().lower(), "source",
                                 "data/raw/extra_cities.csv", line),)
        reviewed = (r.get("reviewed") or "").strip().lower()
        if reviewed not in ("", "yes", "no"):
            raise ValidationError(path, line, f"reviewed must be 'yes', 'no' or empty (yes), found {reviewed!r}")
        out.append(City(cid, r["city_ja"].strip(), (r.get("city_en") or "").strip(), "nodes-csv", files,
                        r["document_title"].strip(), (r.get("plan_title") or r["document_title"]).strip(),
                        r["plan_period"].strip(), fy["fy_start"], fy["fy_end"], False, 0,
                        {k: v for k, v in r.items() if k != "_line"}, reviewed != "no"))
    return out


def load_registry(layout: Layout = DEFAULT) -> Registry:
    """Every city, built-in and registered, in registry order, with its colour and marker.

    Raises `InputError` / `ValidationError` naming the file and line of a bad registration (unsafe or
    duplicate city id, missing value, a file outside data/raw/).

    Examples
    --------
    >>> reg = load_registry()
    >>> reg.ids[:3], reg["sagamihara"].label
    (['sendai', 'sagamihara', 'hatsukaichi'], '相模原市 Sagamihara')
    """
    builtin = _manifest_cities(layout)
    taken = {c.id: "data/raw/MANIFEST.csv" for c in builtin}
    extra = _extra_cities(layout, taken)
    files: dict[str, str] = {}
    for c in builtin + extra:
        for f in c.files:
            if f.file in files and files[f.file] != c.id:
                raise ValidationError(f.registered_in, f.line,
                                      f"file {f.file!r} is already a source of {files[f.file]!r}")
            files[f.file] = c.id
    n = len(builtin)
    extra = [City(**{**c.__dict__, "index": n + i}) for i, c in enumerate(extra)]
    return Registry(builtin + extra)
