"""Japanese text layer: SudachiPy tokenization with a project user dictionary, POS filter, stop words, cache."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import shutil
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from compare.core.errors import InputError
from compare.core.plan import TOKEN_COLUMNS
from compare.text.cache import TokenCache
from compare.text.dictionary import TextResources, check_system_dictionary, text_resources, user_dictionary, versions

__all__ = [
    "TextConfig", "Analyzer", "DEFAULT_CONTENT_POS", "SPLIT_MODES", "tokenize_nodes", "tokenize_stage", "counted_nodes",
    "count_flags", "CITY_NAMES_RULE", "city_names", "with_city_names",
]

SPLIT_MODES = ("A", "B", "C")
#: Content words: POS prefixes (Sudachi's first POS fields joined by ",") that count as vocabulary.
DEFAULT_CONTENT_POS = ("名詞,普通名詞", "名詞,固有名詞", "動詞,一般", "形容詞,一般", "形状詞,一般")
log = logging.getLogger(__name__)


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

    def record(self, resources: TextResources | None = None) -> dict:
        """What a reader needs to reproduce the tokens: options, versions, hashes of the reference tables."""
        resources = resources if resources is not None else text_resources()
        return {
            "split_mode": self.split_mode, "nfkc": self.nfkc, "lemma": "Sudachi normalized_form",
            "content_pos": list(self.content_pos), "stopwords": self.stopwords,
            "user_dictionary": self.user_dictionary, "include_relistings": self.include_relistings,
            "count_rule": ("every listing is counted (re-listings included)" if self.include_relistings else
                           "each text counted once: a programme's first listing; 【再掲】 re-listings and later "
                           "listings of the same programme are not counted (column `counted`)")
                          + "; a title printed verbatim inside its own body is counted in the body only",
            **versions(),
            "userdict_sha256": resources.userdict_sha256,
            "stopwords_sha256": resources.stopwords_sha256,
            "city_names_removed": sorted(resources.stopwords & resources.city_names),
        }

    def cache_key(self, resources: TextResources | None = None) -> str:
        """Tokens depend on split mode, NFKC, dictionaries and versions, not on the POS filter or stop words."""
        rec = self.record(resources)
        key = {k: rec[k] for k in ("split_mode", "nfkc", "user_dictionary", "sudachipy", "sudachidict-core")}
        if self.user_dictionary:
            key["userdict_sha256"] = rec["userdict_sha256"]
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


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

    def __init__(self, config: TextConfig = TextConfig(), resources: TextResources | None = None):
        self.config = config
        self.resources = resources if resources is not None else text_resources()
        self.use_cache = self.resources.use_cache
        self._tokenizer = None
        self._pos_cache: dict[int, str] = {}  # POS id → "名詞,普通名詞,…" (joined once per id)
        self.stopwords = self.resources.stopwords if config.stopwords else frozenset()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from sudachipy import SplitMode

            key = self._dictionary_key()
            dictionary = _DICTIONARIES.get(key)
            if dictionary is None:
                dictionary = _DICTIONARIES[key] = self._dictionary()
            self._tokenizer = dictionary.tokenizer(mode=getattr(SplitMode, self.config.split_mode))
        return self._tokenizer

    def _dictionary_key(self) -> tuple:
        """What identifies the loaded dictionary: the split modes share one (a mode is the tokenizer's), so the six
        tokenizer settings load two dictionaries, and a build without caches compiles the user dictionary once per
        process. A compiled file that changed on disk (e.g. damaged, then healed) is loaded again."""
        if not self.config.user_dictionary:
            return ("core",)
        if not self.use_cache:
            return ("private", self.resources.userdict_sha256, str(self.resources.cache))
        path = user_dictionary(self.resources)
        st = path.stat()
        return ("cached", str(path), st.st_mtime_ns, st.st_size, st.st_ino)

    def _dictionary(self):
        from sudachipy import Config, Dictionary

        if not self.config.user_dictionary:
            return Dictionary(dict="core")
        path = user_dictionary(self.resources)
        try:
            try:
                return Dictionary(config=Config(user=[str(path)]), dict="core")
            except Exception as exc:  # noqa: BLE001 - a damaged compiled file heals the same way whatever Sudachi says
                check_system_dictionary()          # a damaged system.dic is named as such, never the user table
                if not self.use_cache:
                    raise InputError(path, None,
                                     f"Sudachi cannot load the freshly compiled user dictionary: {exc}") from None
                log.warning("discarding unreadable compiled user dictionary %s (%s); compiling it again",
                            path.name, exc)
                path.unlink(missing_ok=True)
                path = user_dictionary(self.resources)
                return Dictionary(config=Config(user=[str(path)]), dict="core")
        finally:
            if not self.use_cache:
                shutil.rmtree(path.parent, ignore_errors=True)

    def analyse(self, text: str) -> list[tuple[str, str, str]]:
        """(surface, lemma, pos) for every morpheme of `text` (NFKC-normalised first); white space dropped.

        A text longer than Sudachi takes in one call (`MAX_BYTES`) is tokenized in pieces cut after sentence ends
        (。！？ or a line end), so that no word is cut; a text that fits is tokenized in one call.
        """
        if self.config.nfkc:
            text = unicodedata.normalize("NFKC", text)
        if len(text.encode("utf-8")) > MAX_BYTES:
            return [t for piece in _pieces(text) for t in self._analyse(piece)]
        return self._analyse(text)

    def _analyse(self, text: str) -> list[tuple[str, str, str]]:
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


#: Sudachi refuses an input longer than 49,149 bytes; longer texts are cut into pieces below this.
MAX_BYTES = 40_000


def _pieces(text: str, limit: int = MAX_BYTES) -> list[str]:
    """`text` cut after sentence ends into pieces of at most `limit` UTF-8 bytes (a sentence longer than that is
    cut at a character boundary).

    >>> [len(p) for p in _pieces("あ。" * 10, limit=9)]
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    >>> "".join(_pieces("地域。" * 5000)) == "地域。" * 5000
    True
    """
    import re

    out, cur, size = [], [], 0
    for sent in re.findall(r"[^。！？!?\n]*[。！？!?\n]+|[^。！？!?\n]+$", text):
        b = len(sent.encode("utf-8"))
        if size + b > limit and cur:
            out.append("".join(cur))
            cur, size = [], 0
        while b > limit:                                # one sentence longer than the limit
            cut, n = 0, 0
            for i, ch in enumerate(sent):
                n += len(ch.encode("utf-8"))
                if n > limit:
                    cut = i
                    break
            out.append(sent[:cut])
            sent = sent[cut:]
            b = len(sent.encode("utf-8"))
        cur.append(sent)
        size += b
    if cur:
        out.append("".join(cur))
    return out


def _cache_path(config: TextConfig, resources: TextResources) -> Path:
    return resources.cache / "tokens" / f"tokens-{config.cache_key(resources)}.npz"


def tokenize_nodes(nodes: pd.DataFrame, config: TextConfig = TextConfig(), resources: TextResources | None = None,
                   *, analyzer: Analyzer | None = None) -> pd.DataFrame:
    """Tokens of every node's title and body, one row per token.

    Texts already tokenized under the same dictionary and options come from the cache in ``<cache>/tokens/``
    (``resources.use_cache=False``: neither read nor written). Repeated strings are pandas categories.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Plan elements with ``node_id``, ``city``, ``part``, ``level``, ``title`` and ``body``.
    config : TextConfig
        Split mode, dictionaries, POS filter, stop words.
    resources : TextResources, optional
        The reviewed tables and the cache folder (default: this project's).
    analyzer : Analyzer, optional
        A loaded analyzer to reuse (its config must be `config`).

    Returns
    -------
    pandas.DataFrame
        One row per token: the columns of ``tokens.csv`` except ``counted``.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": ["x.g1"], "city": ["x"], "part": ["main"], "level": ["goal"],
    ...                       "title": ["地域の見守り"], "body": [""]})
    >>> tokenize_nodes(nodes).lemma.tolist()
    ['地域', 'の', '見守る']
    """
    resources = resources if resources is not None else text_resources()
    use_cache = resources.use_cache
    analyzer = analyzer or Analyzer(config, resources)
    cache = TokenCache(_cache_path(config, resources) if use_cache else None)
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
    """Analyse every new text into the cache; with several workers (`compare.core.workers.default_workers`) and many
    texts, contiguous shares are analysed in forked processes that inherit the loaded dictionary. The token ids
    are the same either way: each share's triples are numbered into the cache in text order."""
    from compare.core.workers import default_workers, map_forked

    items = list(missing.items())
    workers = default_workers()
    if workers <= 1 or len(items) < PARALLEL_MIN_TEXTS:
        for key, text in items:
            cache.put(key, analyzer.analyse(text))
        return
    _ = analyzer.tokenizer                              # load the dictionary once, before forking
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


#: Loaded Sudachi dictionaries of this process, by `Analyzer._dictionary_key` (inherited by forked workers).
_DICTIONARIES: dict[tuple, object] = {}


#: The stop-word rule that stands for every registered city's own name (see data/reference/stopwords.csv).
CITY_NAMES_RULE = "{city}"
_MUNICIPALITY_SUFFIXES = ("市", "町", "村", "区")


def city_names(names) -> frozenset:
    """Every city's own name as a lemma could spell it: the name and, for a name ending in 市・町・村・区, the name
    without it (仙台市 → 仙台; 廿日市市 → 廿日市).

    Parameters
    ----------
    names : iterable of str
        Japanese city names (cities.csv ``name_ja``).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(city_names(["仙台市", "廿日市市", "川辺町"]))
    ['仙台', '仙台市', '川辺', '川辺町', '廿日市', '廿日市市']
    """
    out = set()
    for name in names:
        name = unicodedata.normalize("NFKC", str(name)).strip()
        if not name:
            continue
        out.add(name)
        if name.endswith(_MUNICIPALITY_SUFFIXES) and len(name) > 2:
            out.add(name[:-1])
    return frozenset(out)


def with_city_names(text: TextResources, names) -> TextResources:
    """`text` with the stop-word rule `CITY_NAMES_RULE` expanded to `city_names` (unchanged without the rule).

    Parameters
    ----------
    text : TextResources
    names : iterable of str
        The registered cities' Japanese names.

    Returns
    -------
    TextResources

    Examples
    --------
    >>> from compare.text.dictionary import text_resources
    >>> r = with_city_names(text_resources(), ["仙台市"])
    >>> "仙台" in r.stopwords, CITY_NAMES_RULE in r.stopwords
    (True, False)
    """
    if CITY_NAMES_RULE not in text.stopwords:
        return text
    found = city_names(names)
    return replace(text, stopwords=(text.stopwords - {CITY_NAMES_RULE}) | found, city_names=found)


def tokenize_stage(inputs: dict, config: TextConfig, *, text: TextResources) -> dict:
    """Build stage: tokens.csv (with the ``counted`` flag) and text_config.json from the parsed nodes.

    The stop-word rule for the cities' own names is expanded from cities.csv (`with_city_names`).

    Parameters
    ----------
    inputs : dict
        nodes.csv, node_links.csv, programs.csv, cities.csv.
    config : TextConfig
    text : TextResources

    Returns
    -------
    dict
        tokens.csv and text_config.json.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> ds.load_text_config()["city_names_removed"][:2]
    ['仙台', '仙台市']
    """
    nodes = inputs["nodes.csv"]
    text = with_city_names(text, inputs["cities.csv"].name_ja)
    counted = counted_nodes(nodes, inputs["node_links.csv"], inputs["programs.csv"],
                            include_relistings=config.include_relistings)
    tokens = tokenize_nodes(nodes, config, text)
    tokens["counted"] = count_flags(tokens, nodes, counted)
    return {"tokens.csv": tokens, "text_config.json": config.record(text)}


def count_flags(tokens: pd.DataFrame, nodes: pd.DataFrame, node_counted: pd.Series) -> np.ndarray:
    """Whether each token counts: its node is counted (`counted_nodes`), and it is not in a title that the node's
    body prints verbatim (the title's words are then counted in the body)."""
    flag = pd.Series(node_counted.to_numpy(), index=nodes.node_id)
    title_in_body = pd.Series([bool(t) and t in b for t, b in zip(nodes.title, nodes.body)], index=nodes.node_id)
    tid = tokens.node_id.astype(str)
    repeated = (tokens.field.astype(str) == "title").to_numpy() & title_in_body.reindex(tid).to_numpy(dtype=bool)
    return flag.reindex(tid).to_numpy(dtype=bool) & ~repeated
