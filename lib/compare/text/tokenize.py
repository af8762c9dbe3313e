"""Japanese text layer: SudachiPy tokenization with a project user dictionary, POS filter, stop words, cache."""

from __future__ import annotations

import csv
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from compare.core.errors import InputError
from compare.core.plan import TOKEN_COLUMNS
from compare.core.paths import DEFAULT, Layout
from compare.io.validate import read_reference

__all__ = [
    "TextConfig", "Analyzer", "DEFAULT_CONTENT_POS", "SPLIT_MODES", "TOKEN_COLUMNS",
    "user_dictionary", "load_stopwords", "tokenize_nodes", "tokenize_stage", "counted_nodes", "count_flags", "TokenCache",
]

SPLIT_MODES = ("A", "B", "C")
#: Content words: POS prefixes (Sudachi's first POS fields joined by ",") that count as vocabulary.
DEFAULT_CONTENT_POS = ("名詞,普通名詞", "名詞,固有名詞", "動詞,一般", "形容詞,一般", "形状詞,一般")
log = logging.getLogger(__name__)
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
    include_relistings: bool = False

    def __post_init__(self):
        if self.split_mode not in SPLIT_MODES:
            raise ValueError(f"split_mode must be one of {', '.join(SPLIT_MODES)}; got {self.split_mode!r}")

    def record(self, layout: Layout = DEFAULT) -> dict:
        """What a reader needs to reproduce the tokens: options, versions, hashes of the reference tables."""
        ref = layout.reference
        return {
            "split_mode": self.split_mode, "nfkc": self.nfkc, "lemma": "Sudachi normalized_form",
            "content_pos": list(self.content_pos), "stopwords": self.stopwords,
            "user_dictionary": self.user_dictionary, "include_relistings": self.include_relistings,
            "count_rule": ("every listing is counted (re-listings included)" if self.include_relistings else
                           "each text counted once: a programme's first listing; 【再掲】 re-listings and later "
                           "listings of the same programme are not counted (column `counted`)")
                          + "; a title printed verbatim inside its own body is counted in the body only",
            **_versions(),
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


def _userdict_rows(layout: Layout) -> list[list[str]]:
    """Sudachi's 18-column user-dictionary CSV from the reviewed (and validated) source table."""
    out = []
    for row in read_reference("userdict", layout).itertuples(index=False):
        term = row.term.strip()
        surface = unicodedata.normalize("NFKC", term).lower()  # Sudachi looks words up after normalisation
        p1, p2, p3, cid = _USER_POS[row.pos.strip()]
        norm = (row.normalized or term).strip()
        out.append([surface, str(cid), str(cid), "-10000", term, p1, p2, p3, "*", "*", "*", "", norm,
                    "*", "C", "*", "*", "*"])
    return out


def _compile_user_dictionary(layout: Layout, target: Path) -> None:
    """Run `sudachipy ubuild` in a scratch folder inside .cache/ (same disk as `target`), then move the result."""
    import sudachidict_core

    src = layout.reference / "userdict.csv"
    system = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_scratch(target.parent)
    scratch = Path(tempfile.mkdtemp(prefix=".ubuild-", dir=target.parent))
    try:
        source = scratch / "user.csv"
        with source.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(_userdict_rows(layout))
        out = scratch / "user.dic"
        proc = subprocess.run(
            [sys.executable, "-c", "from sudachipy.command_line import main; main()", "ubuild",
             "-s", str(system), "-o", str(out), "-d", "welfare-plan-compare", str(source)],
            capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            raise InputError(src, None, f"sudachipy ubuild failed: {proc.stderr.strip()[-400:]}")
        os.replace(out, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _clean_scratch(folder: Path, *, older_than: float = 3600.0) -> None:
    """Remove scratch folders a killed build left behind (those untouched for an hour: no live build owns them)."""
    import time

    for p in list(folder.glob(".ubuild-*")) + list(folder.glob(".nocache-*")):
        try:
            if time.time() - p.stat().st_mtime > older_than:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def user_dictionary(layout: Layout = DEFAULT, *, use_cache: bool = True) -> Path:
    """Compile data/reference/userdict.csv with `sudachipy ubuild` into .cache/sudachi/, once per source and version.

    The compiled file's name carries a hash of the source table and the SudachiPy and dictionary versions, so a
    change of any of them compiles a new one; nothing compiled is committed. A compiled file that Sudachi cannot
    load is discarded and compiled again (see `Analyzer.tokenizer`). With ``use_cache=False`` the dictionary is
    compiled afresh into a private folder that the caller removes.
    """
    src = layout.reference / "userdict.csv"
    digest = hashlib.sha256(src.read_bytes() + json.dumps(_versions(), sort_keys=True).encode()).hexdigest()[:16]
    if not use_cache:
        private = Path(tempfile.mkdtemp(prefix=".nocache-", dir=_ensure(layout.cache / "sudachi")))
        target = private / f"user-{digest}.dic"
        _compile_user_dictionary(layout, target)
        return target
    target = layout.cache / "sudachi" / f"user-{digest}.dic"
    if not target.exists():
        _compile_user_dictionary(layout, target)
    return target


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_stopwords(layout: Layout = DEFAULT) -> set[str]:
    return {v.strip() for v in read_reference("stopwords", layout).lemma}


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

    def __init__(self, config: TextConfig = TextConfig(), layout: Layout = DEFAULT, *, use_cache: bool = True):
        self.config = config
        self.layout = layout
        self.use_cache = use_cache
        self._tokenizer = None
        self._pos_cache: dict[int, str] = {}  # POS id → "名詞,普通名詞,…" (joined once per id)
        self.stopwords = load_stopwords(layout) if config.stopwords else set()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from sudachipy import SplitMode

            dictionary = self._dictionary()
            self._tokenizer = dictionary.tokenizer(mode=getattr(SplitMode, self.config.split_mode))
        return self._tokenizer

    def _dictionary(self):
        from sudachipy import Config, Dictionary

        if not self.config.user_dictionary:
            return Dictionary(dict="core")
        path = user_dictionary(self.layout, use_cache=self.use_cache)
        try:
            try:
                return Dictionary(config=Config(user=[str(path)]), dict="core")
            except Exception as exc:  # noqa: BLE001 - a damaged compiled file heals the same way whatever Sudachi says
                if not self.use_cache:
                    raise InputError(path, None, f"Sudachi cannot load the freshly compiled user dictionary: {exc}") from None
                log.warning("discarding unreadable compiled user dictionary %s (%s); compiling it again", path.name, exc)
                path.unlink(missing_ok=True)
                path = user_dictionary(self.layout)
                return Dictionary(config=Config(user=[str(path)]), dict="core")
        finally:
            if not self.use_cache:
                shutil.rmtree(path.parent, ignore_errors=True)

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


class TokenCache:
    """Tokens of every text already analysed under one dictionary and set of options, stored by columns.

    One ``.npz`` file per `TextConfig.cache_key`: the SHA-1 of each text, the offsets of its tokens, and token ids
    into a table of distinct (surface, lemma, pos) triples. Small on disk and in memory at any corpus size; a file
    that cannot be read is discarded with a warning and rebuilt.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.index: dict[bytes, tuple[int, int]] = {}
        self.ids = np.zeros(0, dtype=np.int32)
        self.triples: list[tuple[str, str, str]] = []
        self.triple_id: dict[tuple[str, str, str], int] = {}
        self._new: dict[bytes, np.ndarray] = {}
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, offsets, ids = z["keys"], z["offsets"], z["ids"]
                triples = list(zip(z["surface"].tolist(), z["lemma"].tolist(), z["pos"].tolist()))
            if len(offsets) != len(keys) + 1 or (len(ids) and int(ids.max()) >= len(triples)):
                raise ValueError("inconsistent arrays")
        except Exception as exc:  # noqa: BLE001 - any damage heals the same way
            log.warning("discarding unreadable token cache %s (%s); tokenizing again", path.name, type(exc).__name__)
            path.unlink(missing_ok=True)
            return
        self.ids = ids.astype(np.int32)
        self.triples = triples
        self.triple_id = {t: i for i, t in enumerate(triples)}
        self.index = {k: (int(a), int(b)) for k, a, b in zip(keys.tolist(), offsets[:-1], offsets[1:])}

    def lookup(self, key: bytes) -> np.ndarray | None:
        """Token ids of a text seen before (in the file or in this run), else None."""
        if key in self._new:
            return self._new[key]
        span = self.index.get(key)
        return None if span is None else self.ids[span[0]:span[1]]

    def intern(self, triple: tuple[str, str, str]) -> int:
        """The id of a (surface, lemma, pos) triple, numbered on first sight."""
        i = self.triple_id.get(triple)
        if i is None:
            i = self.triple_id[triple] = len(self.triples)
            self.triples.append(triple)
        return i

    def put(self, key: bytes, tokens: list[tuple[str, str, str]]) -> np.ndarray:
        """Record a newly analysed text; returns its token ids."""
        return self.add(key, np.fromiter((self.intern(t) for t in tokens), dtype=np.int32, count=len(tokens)))

    def add(self, key: bytes, ids: np.ndarray) -> np.ndarray:
        """Record a newly analysed text by its token ids (from `intern`)."""
        self._new[key] = ids
        return ids

    def save(self) -> None:
        if self.path is None or not self._new:
            return
        keys = list(self.index) + list(self._new)
        chunks = [self.ids[a:b] for a, b in self.index.values()] + list(self._new.values())
        lengths = np.array([len(c) for c in chunks], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
        s, l, p = (zip(*self.triples) if self.triples else ((), (), ()))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, keys=np.array(keys, dtype="S20"), offsets=offsets, ids=ids,
                         surface=np.array(list(s), dtype=str), lemma=np.array(list(l), dtype=str),
                         pos=np.array(list(p), dtype=str))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _cache_path(config: TextConfig, layout: Layout) -> Path:
    return layout.cache / "tokens" / f"tokens-{config.cache_key(layout)}.npz"


def tokenize_nodes(nodes: pd.DataFrame, config: TextConfig = TextConfig(), layout: Layout = DEFAULT,
                   *, use_cache: bool = True, analyzer: Analyzer | None = None) -> pd.DataFrame:
    """Tokens of every node's title and body, one row per token (columns `TOKEN_COLUMNS`).

    Texts already tokenized under the same dictionary and options come from the cache in .cache/tokens/
    (``use_cache=False``: neither read nor written). Repeated strings are pandas categories. Pass an `analyzer`
    to reuse a loaded dictionary (its config must be `config`).
    """
    analyzer = analyzer or Analyzer(config, layout, use_cache=use_cache)
    cache = TokenCache(_cache_path(config, layout) if use_cache else None)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small tuples: the cyclic collector only slows this down
    try:
        meta, chunks = _token_ids(nodes, analyzer, cache)
    finally:
        if gc_was_enabled:
            gc.enable()
    if use_cache:
        cache.save()
    return _token_frame(nodes, meta, chunks, cache, analyzer)


def _token_ids(nodes: pd.DataFrame, analyzer: Analyzer, cache: TokenCache):
    """Per (node, field) text: metadata and the token ids (into the cache's triple table). Texts not in the cache
    are analysed first, split over the worker processes when there are many (`_analyse_all`)."""
    texts: list[tuple[int, str, bytes]] = []
    missing: dict[bytes, str] = {}
    for row, (title, body) in enumerate(zip(nodes["title"].tolist(), nodes["body"].tolist())):
        for fld, text in (("title", title), ("body", body)):
            if not text:
                continue
            key = hashlib.sha1(text.encode("utf-8")).digest()
            texts.append((row, fld, key))
            if key not in missing and cache.lookup(key) is None:
                missing[key] = text
    _analyse_all(missing, analyzer, cache)
    meta: list[tuple[int, str, int]] = []   # (row of nodes, field, tokens)
    chunks: list[np.ndarray] = []
    for row, fld, key in texts:
        ids = cache.lookup(key)
        if len(ids):
            meta.append((row, fld, len(ids)))
            chunks.append(ids)
    return meta, chunks


#: Below this many new texts, tokenizing in one process is quicker than starting workers.
PARALLEL_MIN_TEXTS = 4000


def _analyse_chunk(analyzer: Analyzer, items: list[tuple[bytes, str]]):
    """Analyse texts into a compact result: distinct triples, int32 ids and per-text lengths (cheap to pickle)."""
    table: dict[tuple[str, str, str], int] = {}
    ids, lengths = [], []
    for _, text in items:
        toks = analyzer.analyse(text)
        lengths.append(len(toks))
        ids.extend(table.setdefault(t, len(table)) for t in toks)
    return list(table), np.asarray(ids, dtype=np.int32), np.asarray(lengths, dtype=np.int64)


def _analyse_all(missing: dict[bytes, str], analyzer: Analyzer, cache: TokenCache) -> None:
    """Analyse every new text into the cache; with several workers (`compare.pipeline.runner.default_workers`) and many
    texts, contiguous shares are analysed in forked processes that inherit the loaded dictionary. The token ids
    are the same either way: each share's triples are numbered into the cache in text order."""
    from compare.pipeline.runner import default_workers, map_forked

    items = list(missing.items())
    workers = default_workers()
    if workers <= 1 or len(items) < PARALLEL_MIN_TEXTS:
        for key, text in items:
            cache.put(key, analyzer.analyse(text))
        return
    analyzer.tokenizer                                  # load the dictionary once, before forking
    size = -(-len(items) // workers)
    shares = [items[i:i + size] for i in range(0, len(items), size)]
    results = map_forked(lambda share: _analyse_chunk(analyzer, share), shares, name="tokenize")
    for share, (triples, ids, lengths) in zip(shares, results):
        remap = np.array([cache.intern(t) for t in triples], dtype=np.int32)
        local = remap[ids] if len(ids) else ids
        for (key, _), a, b in zip(share, np.r_[0, np.cumsum(lengths)[:-1]], np.cumsum(lengths)):
            cache.add(key, local[a:b])


def _categorical_repeat(values: pd.Series, rows: np.ndarray, counts: np.ndarray) -> pd.Categorical:
    cat = pd.Categorical(values)
    codes = np.repeat(cat.codes[rows], counts)
    return pd.Categorical.from_codes(codes, categories=cat.categories)


def _token_frame(nodes: pd.DataFrame, meta, chunks, cache: TokenCache, analyzer: Analyzer) -> pd.DataFrame:
    """The token table from per-text token ids: node columns repeated as categories, positions within each node."""
    cols: dict[str, object] = {}
    if not meta:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TOKEN_COLUMNS[:-1]})
    rows = np.array([m[0] for m in meta], dtype=np.int64)
    counts = np.array([m[2] for m in meta], dtype=np.int64)
    for c in ("node_id", "city", "part", "level"):
        cols[c] = _categorical_repeat(nodes[c], rows, counts)
    cols["field"] = pd.Categorical.from_codes(
        np.repeat(np.array([m[1] == "body" for m in meta], dtype=np.int8), counts), categories=["title", "body"])
    ends = np.cumsum(counts)
    new_node = np.r_[True, rows[1:] != rows[:-1]]
    node_start = np.maximum.accumulate(np.where(new_node, ends - counts, 0))
    cols["position"] = np.arange(int(ends[-1]), dtype=np.int64) - np.repeat(node_start, counts)
    ids = np.concatenate(chunks)
    triples = cache.triples
    for k, c in enumerate(("surface", "lemma", "pos")):
        cat = pd.Categorical([t[k] for t in triples])
        cols[c] = pd.Categorical.from_codes(cat.codes[ids], categories=cat.categories)
    content = np.array([analyzer.is_content(t[1], t[2]) for t in triples], dtype=bool)
    cols["content"] = content[ids]
    return pd.DataFrame(cols, columns=list(TOKEN_COLUMNS[:-1]))


def counted_nodes(nodes: pd.DataFrame, links: pd.DataFrame, programs: pd.DataFrame, *,
                  include_relistings: bool = False) -> pd.Series:
    """Whether each node's text is counted: not a re-listing (``relisted_from`` link) and, for programme rows, the
    first listing of its programme. With `include_relistings` every node counts.

    >>> nodes = pd.DataFrame({"node_id": ["p.r1", "p.r2", "q.r1"]})
    >>> links = pd.DataFrame({"from_id": ["q.r1"], "to_id": ["p.r1"], "kind": ["relisted_from"]})
    >>> programs = pd.DataFrame({"node_id": ["p.r1", "p.r2", "q.r1"], "program_id": ["x", "y", "x"]})
    >>> counted_nodes(nodes, links, programs).tolist()
    [True, True, False]
    """
    if include_relistings:
        return pd.Series(True, index=nodes.index)
    relisted = set(links.from_id[links.kind == "relisted_from"])
    later = set(programs.node_id[programs.duplicated("program_id")]) if len(programs) else set()
    return ~nodes.node_id.isin(relisted | later)


def tokenize_stage(inputs: dict, layout: Layout, config: TextConfig, *, use_cache: bool = True) -> dict:
    """Build stage: tokens.csv (with the ``counted`` flag) and text_config.json from the parsed nodes."""
    nodes = inputs["nodes.csv"]
    counted = counted_nodes(nodes, inputs["node_links.csv"], inputs["programs.csv"],
                            include_relistings=config.include_relistings)
    tokens = tokenize_nodes(nodes, config, layout, use_cache=use_cache)
    tokens["counted"] = count_flags(tokens, nodes, counted)
    return {"tokens.csv": tokens, "text_config.json": config.record(layout)}


def count_flags(tokens: pd.DataFrame, nodes: pd.DataFrame, node_counted: pd.Series) -> np.ndarray:
    """Whether each token counts: its node is counted (`counted_nodes`), and it is not in a title that the node's
    body prints verbatim (the title's words are then counted in the body)."""
    flag = pd.Series(node_counted.to_numpy(), index=nodes.node_id)
    title_in_body = pd.Series([bool(t) and t in b for t, b in zip(nodes.title, nodes.body)], index=nodes.node_id)
    tid = tokens.node_id.astype(str)
    repeated = (tokens.field.astype(str) == "title").to_numpy() & title_in_body.reindex(tid).to_numpy(dtype=bool)
    return flag.reindex(tid).to_numpy(dtype=bool) & ~repeated
