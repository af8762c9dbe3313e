"""Japanese text layer: SudachiPy tokenization with a project user dictionary, POS filter, stop words, cache."""

from __future__ import annotations

import csv
import gc
import hashlib
import importlib.metadata
import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .paths import DEFAULT, Layout
from .tables import csv_bytes, json_bytes, read_commented_csv

__all__ = [
    "TextConfig", "Analyzer", "DEFAULT_CONTENT_POS", "SPLIT_MODES", "TOKEN_COLUMNS",
    "user_dictionary", "load_stopwords", "tokenize_nodes", "tokenize_stage",
]

SPLIT_MODES = ("A", "B", "C")
#: Content words: POS prefixes (Sudachi's first POS fields joined by ",") that count as vocabulary.
DEFAULT_CONTENT_POS = ("名詞,普通名詞", "名詞,固有名詞", "動詞,一般", "形容詞,一般", "形状詞,一般")
TOKEN_COLUMNS = ("node_id", "city", "part", "level", "field", "position", "surface", "lemma", "pos", "content")
_USER_POS = {"普通名詞": ("名詞", "普通名詞", "一般", 5146), "固有名詞": ("名詞", "固有名詞", "一般", 4786)}


def _versions() -> dict[str, str]:
    return {"sudachipy": importlib.metadata.version("sudachipy"),
            "sudachidict-core": importlib.metadata.version("sudachidict-core")}


@dataclass(frozen=True)
class TextConfig:
    """How text becomes tokens. Every field is recorded with the outputs (`text_config.json`).

    Examples
    --------
    >>> TextConfig().split_mode
    'C'
    >>> TextConfig(split_mode="X")
    Traceback (most recent call last):
    ...
    ValueError: split_mode must be one of A, B, C; got 'X'
    """

    split_mode: str = "C"
    user_dictionary: bool = True
    content_pos: tuple[str, ...] = DEFAULT_CONTENT_POS
    stopwords: bool = True
    nfkc: bool = True

    def __post_init__(self):
        if self.split_mode not in SPLIT_MODES:
            raise ValueError(f"split_mode must be one of {', '.join(SPLIT_MODES)}; got {self.split_mode!r}")

    def record(self, layout: Layout = DEFAULT) -> dict:
        """What a reader needs to reproduce the tokens: options, versions, hashes of the reference tables."""
        ref = layout.reference
        return {
            "split_mode": self.split_mode, "nfkc": self.nfkc, "lemma": "Sudachi normalized_form",
            "content_pos": list(self.content_pos), "stopwords": self.stopwords,
            "user_dictionary": self.user_dictionary, **_versions(),
            "userdict_sha256": hashlib.sha256((ref / "userdict.csv").read_bytes()).hexdigest(),
            "stopwords_sha256": hashlib.sha256((ref / "stopwords.csv").read_bytes()).hexdigest(),
        }

    def cache_key(self, layout: Layout = DEFAULT) -> str:
        """Tokens depend on split mode, NFKC, dictionaries and versions, not on the POS filter or stop words."""
        rec = self.record(layout)
        key = {k: rec[k] for k in ("split_mode", "nfkc", "user_dictionary", "sudachipy", "sudachidict-core")}
        if self.user_dictionary:
            key["userdict_sha256"] = rec["userdict_sha256"]
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def _userdict_rows(path: Path) -> list[list[str]]:
    """Sudachi's 18-column user-dictionary CSV from the reviewed source table."""
    out = []
    for row in read_commented_csv(path):
        term, pos = (row.get("term") or "").strip(), (row.get("pos") or "").strip()
        if not term:
            raise InputError(path, row["_line"], "expected a non-empty term")
        if pos not in _USER_POS:
            raise InputError(path, row["_line"], f"pos must be one of {', '.join(_USER_POS)}, found {pos!r}")
        surface = unicodedata.normalize("NFKC", term).lower()  # Sudachi looks words up after normalisation
        p1, p2, p3, cid = _USER_POS[pos]
        norm = (row.get("normalized") or term).strip()
        out.append([surface, str(cid), str(cid), "-10000", term, p1, p2, p3, "*", "*", "*", "", norm,
                    "*", "C", "*", "*", "*"])
    return out


def user_dictionary(layout: Layout = DEFAULT) -> Path:
    """Compile data/reference/userdict.csv with `sudachipy ubuild` into .cache/, once per source and version.

    The compiled file's name carries a hash of the source table and the SudachiPy and dictionary versions,
    so a change of any of them compiles a new one; nothing compiled is committed.
    """
    import sudachidict_core

    src = layout.reference / "userdict.csv"
    digest = hashlib.sha256(src.read_bytes() + json.dumps(_versions(), sort_keys=True).encode()).hexdigest()[:16]
    target = layout.cache / "sudachi" / f"user-{digest}.dic"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    system = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "user.csv"
        with source.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(_userdict_rows(src))
        out = Path(tmp) / "user.dic"
        proc = subprocess.run(
            [sys.executable, "-c", "from sudachipy.command_line import main; main()", "ubuild",
             "-s", str(system), "-o", str(out), "-d", "welfare-plan-compare", str(source)],
            capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            raise InputError(src, None, f"sudachipy ubuild failed: {proc.stderr.strip()[-400:]}")
        os.replace(out, target)
    return target


def load_stopwords(layout: Layout = DEFAULT) -> set[str]:
    return {r["lemma"].strip() for r in read_commented_csv(layout.reference / "stopwords.csv") if r["lemma"].strip()}


class Analyzer:
    """SudachiPy behind the project's options; the dictionary is loaded on first use.

    Examples
    --------
    >>> a = Analyzer(TextConfig())
    >>> [t[0] for t in a.analyse("民生委員児童委員が見守る")]
    ['民生委員児童委員', 'が', '見守る']
    >>> a.is_content("民生委員児童委員", "名詞,普通名詞,一般,*,*,*"), a.is_content("が", "助詞,格助詞,*,*,*,*")
    (True, False)
    """

    def __init__(self, config: TextConfig = TextConfig(), layout: Layout = DEFAULT):
        self.config = config
        self.layout = layout
        self._tokenizer = None
        self._pos_cache: dict[int, str] = {}  # POS id → "名詞,普通名詞,…" (joined once per id)
        self.stopwords = load_stopwords(layout) if config.stopwords else set()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from sudachipy import Config, Dictionary, SplitMode

            cfg = Config(user=[str(user_dictionary(self.layout))]) if self.config.user_dictionary else None
            dictionary = Dictionary(config=cfg, dict="core") if cfg else Dictionary(dict="core")
            self._tokenizer = dictionary.tokenizer(mode=getattr(SplitMode, self.config.split_mode))
        return self._tokenizer

    def analyse(self, text: str) -> list[tuple[str, str, str]]:
        """(surface, lemma, pos) for every morpheme of `text` (NFKC-normalised first); white space dropped."""
        if self.config.nfkc:
            text = unicodedata.normalize("NFKC", text)
        morphemes = self.tokenizer.tokenize(text)
        pos_of = self._pos_cache
        try:
            out = [(m.surface(), m.normalized_form(), pos_of[m.part_of_speech_id()]) for m in morphemes]
        except KeyError:  # first sight of a part of speech: fill the cache, then redo
            for m in morphemes:
                pos_of.setdefault(m.part_of_speech_id(), ",".join(m.part_of_speech()))
            out = [(m.surface(), m.normalized_form(), pos_of[m.part_of_speech_id()]) for m in morphemes]
        return [t for t in out if not t[2].startswith("空白")]

    def is_content(self, lemma: str, pos: str) -> bool:
        return pos.startswith(self.config.content_pos) and lemma not in self.stopwords


def _cache_path(config: TextConfig, layout: Layout) -> Path:
    return layout.cache / "tokens" / f"tokens-{config.cache_key(layout)}.json"


def tokenize_nodes(nodes: pd.DataFrame, config: TextConfig = TextConfig(), layout: Layout = DEFAULT,
                   *, use_cache: bool = True, analyzer: Analyzer | None = None) -> pd.DataFrame:
    """Tokens of every node's title and body, one row per token (columns `TOKEN_COLUMNS`).

    Texts already tokenized under the same dictionary and options come from the cache in .cache/tokens/.
    Pass an `analyzer` to reuse a loaded dictionary (its config must be `config`).
    """
    analyzer = analyzer or Analyzer(config, layout)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small tuples: the cyclic collector only slows this down
    try:
        return _tokenize_nodes(nodes, config, layout, use_cache, analyzer)
    finally:
        if gc_was_enabled:
            gc.enable()


def _tokenize_nodes(nodes, config, layout, use_cache, analyzer) -> pd.DataFrame:
    cache_file = _cache_path(config, layout)
    cache: dict[str, list] = {}
    if use_cache and cache_file.exists():
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    misses = 0
    surfaces_all: list = []
    lemmas_all: list = []
    poses_all: list = []
    content_all: list = []
    meta: list[tuple] = []      # (node_id, city, part, level, field, n tokens, first position) per text
    content_of: dict[tuple[str, str], bool] = {}
    columns_of: dict[str, tuple] = {}  # text key -> (surfaces, lemmas, poses, content flags), once per distinct text
    for node_id, city, part, level, title, body in zip(*(nodes[c].tolist() for c in
                                                         ("node_id", "city", "part", "level", "title", "body"))):
        position = 0
        for fld, text in (("title", title), ("body", body)):
            if not text:
                continue
            key = hashlib.sha1(text.encode("utf-8")).hexdigest()
            text_cols = columns_of.get(key)
            if text_cols is None:
                toks = cache.get(key)
                if toks is None:
                    toks = cache[key] = analyzer.analyse(text)
                    misses += 1
                if not toks:
                    continue
                surfaces, lemmas, poses = zip(*toks)
                for lp in zip(lemmas, poses):
                    if lp not in content_of:
                        content_of[lp] = analyzer.is_content(*lp)
                flags = [content_of[lp] for lp in zip(lemmas, poses)]
                text_cols = columns_of[key] = (surfaces, lemmas, poses, flags)
            n = len(text_cols[0])
            meta.append((node_id, city, part, level, fld, n, position))
            position += n
            surfaces_all.extend(text_cols[0])
            lemmas_all.extend(text_cols[1])
            poses_all.extend(text_cols[2])
            content_all.extend(text_cols[3])
    counts = np.array([m[5] for m in meta], dtype=np.int64)
    cols: dict[str, object] = {}
    for i, c in enumerate(("node_id", "city", "part", "level", "field")):
        cols[c] = np.repeat(np.array([m[i] for m in meta], dtype=object), counts)
    starts = np.repeat(np.array([m[6] for m in meta], dtype=np.int64) - np.cumsum(counts) + counts, counts)
    cols["position"] = np.arange(int(counts.sum()), dtype=np.int64) + starts
    cols["surface"], cols["lemma"], cols["pos"] = surfaces_all, lemmas_all, poses_all
    cols["content"] = np.array(content_all, dtype=bool)
    if use_cache and misses:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_file)
    return pd.DataFrame(cols, columns=list(TOKEN_COLUMNS))


def tokenize_stage(layout: Layout, outputs: dict[str, bytes], config: TextConfig = TextConfig()) -> dict[str, bytes]:
    """Build stage: tokens.csv and text_config.json from the parsed nodes."""
    nodes = pd.read_csv(io.BytesIO(outputs["nodes.csv"]), dtype=str, keep_default_na=False)
    tokens = tokenize_nodes(nodes, config, layout)
    return {
        "tokens.csv": csv_bytes(tokens.to_dict("records"), TOKEN_COLUMNS),
        "text_config.json": json_bytes(config.record(layout)),
    }

