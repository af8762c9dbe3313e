"""Sendai: the plan overview (vision, goals, policies) and the programme table (事業一覧).

The parser is a sequence of named steps, each testable on a short excerpt (tests/parse/test_parse_sendai.py):
`read_overview` (vision, aim, 基本的方向, the 施策 of the overview figure) → `read_table` (sections and rows, with
wrapped rows merged cell by cell) → `policy_nodes` (施策 and sub-plan sections) → `clean_row` (name, 【再掲】,
layout spaces, doubled characters) → `normalise_owners` (担当局等 through data/reference/owners.csv) →
`ProgrammeIdentity` (one `program_id` for every listing of a programme) → `relisting_links` (【再掲】 → first
listing) → `same_summary_check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from compare.core.errors import ParseError
from compare.core.owners import Owner, OwnerTable
from compare.core.paths import Layout
from compare.core.plan import Link, Node, ParsedCity, ProgramRow
from compare.core.textnorm import has_layout_space, nfkc, strip_layout_spaces
from compare.io.files import read_commented_csv
from compare.io.raw import read_lines
from compare.io.reference import load_owner_table
from compare.io.registry import City

__all__ = [
    "parse_sendai", "read_overview", "read_table", "clean_row", "normalise_owners", "ProgrammeIdentity",
    "relisting_links", "RELISTED_MARK", "program_key", "NEAR_IDENTICAL_SUFFIXES",
]

#: 【再掲】 ("listed again"), also when the PDF split it with a space: 【再 掲】.
RELISTED_MARK = re.compile(r"\s*【\s*再\s*掲\s*】\s*")
_SECTION = re.compile(r"^\((\d+)\)\s*(\S.*)$")
_HEADER = ("No", "事業名", "事業概要", "担当局等")
_RULE = re.compile(r"^-+$")
_SUBPLAN_TITLES = ("成年後見制度の利用促進", "再犯防止の推進")
#: Trailing words that do not change which programme a name denotes (e.g. 「社会を明るくする運動」 and
#: 「社会を明るくする運動の推進【再掲】」). Names equal after removing one of these are linked.
NEAR_IDENTICAL_SUFFIXES = ("の推進", "の実施", "の充実")


def program_key(name: str) -> str:
    """The key under which listings of one programme are matched: NFKC, no marker, no white space.

    >>> program_key("セーフティネット 住宅登録制度【再 掲】")
    'セーフティネット住宅登録制度'
    """
    return re.sub(r"\s+", "", nfkc(RELISTED_MARK.sub("", name)))


def _strip_suffix(key: str) -> str:
    for suf in NEAR_IDENTICAL_SUFFIXES:
        if key.endswith(suf):
            return key[: -len(suf)]
    return key


@dataclass
class _Row:
    no: str
    cells: list[list[str]]  # name, summary, owner fragments
    line_start: int
    line_end: int
    block: int
    section: int
    seq: int = 0
    joins: list[tuple[int, str, str, str]] = field(default_factory=list)


@dataclass
class _Section:
    block: int
    number: int
    title: str
    line: int
    rows: list[_Row] = field(default_factory=list)


@dataclass
class _Overview:
    figure_policies: dict[str, int]
    subplan_lines: dict[str, int]


# --------------------------------------------------------------------------- overview (vision, goals, 施策)

class _Lines:
    """The overview's lines, stripped, with the two searches the steps below need."""

    def __init__(self, path: Path):
        self.path = path
        self.raw = read_lines(path)
        self.s = [ln.strip().strip("\u3000") for ln in self.raw]

    def find(self, text: str, start: int = 0) -> int:
        for i in range(start, len(self.s)):
            if self.s[i] == text:
                return i
        raise ParseError(self.path, None, f"expected a line reading {text!r} (after line {start})")

    def paragraph_after(self, i: int) -> tuple[str, int, int]:
        """The paragraph (consecutive non-blank lines) starting at the first non-blank line after i."""
        j = i + 1
        while j < len(self.s) and not self.s[j]:
            j += 1
        k = j
        while k < len(self.s) and self.s[k]:
            k += 1
        return "".join(self.s[j:k]), j + 1, k


def _vision_nodes(L: _Lines, city: ParsedCity, cid: str) -> tuple[int, int, int, int]:
    """基本理念 (vision, with the 〇 philosophy as body) and 基本目標 (aim); returns line indexes used later."""
    name = L.path.name
    i_vision = L.find("基本理念")
    i_aim = L.find("基本目標", i_vision)
    vision_title, v_start, v_end = L.paragraph_after(i_aim)
    aim_title, a_start, a_end = L.paragraph_after(v_end - 1)
    intro_end = next((i for i, s in enumerate(L.s) if s.startswith("3第")), None)
    if intro_end is None:
        raise ParseError(L.path, None, "expected the chapter furniture line starting with '3第' after the introduction")
    intro = "".join(s for s in L.s[:intro_end] if s)
    city.add(Node(f"{cid}.vision", cid, "main", "vision", "", 1, "基本理念", vision_title, intro, name,
                  v_start, v_end), raw_text=L.raw[v_start - 1])
    city.account(name, i_vision + 1, L.raw[i_vision], note=f"label 基本理念 (title on the line of {cid}.vision)")
    city.account(name, i_aim + 1, L.raw[i_aim], note=f"label 基本目標 (title on the lines of {cid}.aim)")
    city.add(Node(f"{cid}.aim", cid, "main", "vision", f"{cid}.vision", 1, "基本目標", aim_title, "", name,
                  a_start, a_end), raw_text=L.raw[a_start - 1])
    return i_vision, i_aim, a_end, intro_end


def _goal_nodes(L: _Lines, city: ParsedCity, cid: str, a_end: int) -> None:
    """The three 基本的方向: the paragraphs after the page footer "2  2  || 基本理念、基本目標 …"."""
    name = L.path.name
    i_footer = next((i for i in range(a_end, len(L.raw)) if "||" in L.raw[i]), None)
    if i_footer is None:
        raise ParseError(L.path, a_end + 1, "expected the page footer '… || 基本理念、基本目標' before the 基本的方向")
    city.account(name, i_footer + 1, L.raw[i_footer], note="page footer")
    goals: list[tuple[str, int]] = []
    j = i_footer + 1
    while j < len(L.s) and not L.s[j].startswith("基本理念、基本目標の実現に向け"):
        if L.s[j]:
            goals.append((L.s[j], j + 1))
        j += 1
    if len(goals) != 3:
        raise ParseError(L.path, i_footer + 2, f"expected the 3 基本的方向 after the footer, found {len(goals)}")
    for n, (title, ln) in enumerate(goals, 1):
        city.add(Node(f"{cid}.g{n}", cid, "main", "goal", f"{cid}.aim", n, f"基本的方向{n}", title, "", name,
                      ln, ln), raw_text=L.raw[ln - 1])


def _figure_policies(L: _Lines, city: ParsedCity) -> tuple[dict[str, int], int]:
    """The figure "■取り組みのイメージ": goal titles again (wrapped), then the 12 施策 as "・" bullets
    (layout order)."""
    name = L.path.name
    i_fig = L.find("■取り組みのイメージ")
    city.account(name, i_fig + 1, L.raw[i_fig], note="figure heading; 施策 order comes from the programme table")
    policies: dict[str, int] = {}
    current: list[str] = []
    start = 0
    for k in range(i_fig + 1, len(L.raw)):
        s = L.s[k]
        if s.startswith("・"):
            if current:
                policies["".join(current)] = start
            current, start = [s[1:]], k + 1
        elif s and current and L.raw[k].startswith("\u3000"):
            current.append(s)
        elif current:
            policies["".join(current)] = start
            current = []
    for k in range(i_fig + 1, len(L.raw)):
        if L.s[k].startswith("・") or (L.s[k] and L.raw[k].startswith("\u3000")):
            city.account(name, k + 1, L.raw[k], note="figure text: a 施策 (policy node comes from the programme table)")
        elif L.s[k]:
            city.account(name, k + 1, L.raw[k], note="figure text (repeats a 基本的方向 or the plan's aim)")
    return policies, i_fig


def _account_overview_text(L: _Lines, city: ParsedCity, i_vision: int, i_aim: int, i_fig: int, intro_end: int) -> None:
    """Other furniture, the earlier plans' history and the explanatory text: accounted, not nodes."""
    name = L.path.name
    for k, s in enumerate(L.s):
        if k < intro_end and s:
            city.account(name, k + 1, L.raw[k], note=f"body of {city.city}.vision (the plan's philosophy)")
        elif k <= i_vision and s:
            city.account(name, k + 1, L.raw[k], note="chapter furniture and history of the earlier plans")
        elif i_aim < k < i_fig and s and not any(n.line_start <= k + 1 <= n.line_end for n in city.nodes):
            city.account(name, k + 1, L.raw[k], note="explanatory text between the goals and the figure")
    for k in (i for i, s in enumerate(L.s) if s in _SUBPLAN_TITLES):
        city.account(name, k + 1, L.raw[k], note="sub-plan title; root of the sub-plan part")


def read_overview(path: Path, city: ParsedCity) -> _Overview:
    """Vision, 基本目標 and the three 基本的方向 from the overview, plus the 施策 titles of its figure."""
    L = _Lines(path)
    i_vision, i_aim, a_end, intro_end = _vision_nodes(L, city, city.city)
    _goal_nodes(L, city, city.city, a_end)
    figure, i_fig = _figure_policies(L, city)
    _account_overview_text(L, city, i_vision, i_aim, i_fig, intro_end)
    return _Overview(figure, {s: i + 1 for i, s in enumerate(L.s) if s in _SUBPLAN_TITLES})


# --------------------------------------------------------------------------- programme table

def _heading(city: ParsedCity, path: Path, sections: list[_Section], i: int, line: str, m: re.Match,
             block: int) -> int:
    """A numbered section heading '(n) …': a new block when the numbering goes back to (1)."""
    number = int(m.group(1))
    if number == 1:
        block += 1
    elif not sections or number != sections[-1].number + 1:
        raise ParseError(path, i, f"expected section ({sections[-1].number + 1 if sections else 1}), found ({number})")
    if not re.match(r"^\(\d+\) ", line):
        city.anomaly(path.name, i, "heading_spacing",
                     f"section heading without a space after the number: {line.strip()!r}")
    sections.append(_Section(block, number, m.group(2).strip(), i))
    city.account(path.name, i, line, note=f"section heading ({number}) of block {block}")
    return block


def _continuation(city: ParsedCity, path: Path, row: _Row | None, i: int, line: str, fields: list[str]) -> None:
    """The rest of a wrapped row, merged cell by cell; a character doubled at the join is noted for the report."""
    if row is None:
        raise ParseError(path, i, "expected a numbered row before this continuation line")
    if len(fields) == 4 and fields[0].strip() == "":
        cont = fields[1:]
    elif len(fields) == 3:
        cont = fields
        city.anomaly(path.name, i, "continuation_without_leading_tab",
                     f"continuation of row No {row.no} (line {row.line_start}) lacks the empty No cell; "
                     "read as 事業名/事業概要/担当局等")
    else:
        raise ParseError(path, i, "expected a numbered row or a continuation line of 3-4 tab-separated cells, "
                                  f"found {line[:40]!r}")
    for c, frag in enumerate(cont):
        if frag.strip():
            prev = "".join(row.cells[c]).rstrip()
            if prev and prev[-1] == frag.strip()[0] and c < 2:
                row.joins.append((i, ["事業名", "事業概要"][c], prev[-1], frag.strip()[:12]))
            row.cells[c].append(frag)
    row.line_end = i
    city.anomaly(path.name, i, "wrapped_row",
                 f"row No {row.no} (line {row.line_start}) continues here; cells merged column by column")


def _table_line(city: ParsedCity, path: Path, sections: list[_Section], state: dict, i: int, line: str) -> None:
    """Classify one non-blank line of the table: title, heading, header, rule, row or continuation."""
    name = path.name
    fields = line.split("\t")
    text = nfkc(line).strip()
    m = _SECTION.match(text) if len(fields) == 1 else None
    if text.startswith("**") or text.endswith("**"):
        city.account(name, i, line, note="document title")
    elif m:
        state["block"] = _heading(city, path, sections, i, line, m, state["block"])
        state["row"], state["header"] = None, False
    elif tuple(f.strip() for f in fields) == _HEADER:
        state["header"] = True
        city.account(name, i, line, note="table header")
    elif all(_RULE.match(f.strip()) for f in fields if f.strip()):
        city.anomaly(name, i, "markdown_rule", "a markdown rule line ('----') inside the table; ignored")
        city.account(name, i, line, note="markdown rule line (layout debris)")
    elif not sections:
        raise ParseError(path, i, "expected a section heading like '(1) …' before the first table row")
    elif not state["header"]:
        raise ParseError(path, i, "expected the table header 'No<TAB>事業名<TAB>事業概要<TAB>担当局等' "
                                  "after the section heading")
    elif re.fullmatch(r"\d+", fields[0].strip()):
        if len(fields) != 4:
            raise ParseError(path, i,
                             f"expected 4 tab-separated cells (No, 事業名, 事業概要, 担当局等), found {len(fields)}")
        sec = sections[-1]
        row = _Row(fields[0].strip(), [[fields[1]], [fields[2]], [fields[3]]], i, i, sec.block, sec.number)
        sec.rows.append(row)
        row.seq = len(sec.rows)
        state["row"] = row
    else:
        _continuation(city, path, state["row"], i, line, fields)


def read_table(path: Path, city: ParsedCity, expected_blocks: int) -> list[_Section]:
    """Sections and rows of the programme table, every line accounted for or reported."""
    sections: list[_Section] = []
    state = {"block": 0, "row": None, "header": False}
    for i, line in enumerate(read_lines(path), 1):
        if line.strip():
            _table_line(city, path, sections, state, i, line)
    if state["block"] != expected_blocks:
        raise ParseError(path, None,
                         f"expected {expected_blocks} blocks (numbering restarting at (1)), found {state['block']}")
    return sections


# --------------------------------------------------------------------------- policies (施策, sub-plan sections)

def policy_nodes(city: ParsedCity, sections: list[_Section], blocks: list[dict], ov: _Overview,
                 overview: Path, programmes: Path) -> dict[tuple[int, int], str]:
    """Sub-plan roots and one policy node per section; returns (block, section) → policy node id."""
    cid = city.city
    goal_nodes = {n.ordinal: n for n in city.nodes if n.level == "goal"}
    by_block: dict[int, list[_Section]] = {}
    for sec in sections:
        by_block.setdefault(sec.block, []).append(sec)
    policy_of: dict[tuple[int, int], str] = {}
    for spec in blocks:
        b = int(spec["block"])
        secs = by_block.get(b, [])
        if len(secs) != int(spec["sections"]):
            raise ParseError(programmes, secs[0].line if secs else None,
                             f"block {b} ({spec['part']}): expected {spec['sections']} sections as recorded in "
                             f"data/reference/sendai_blocks.csv, found {len(secs)}")
        if spec["part"] == "main":
            parent = prefix = goal_nodes[int(spec["goal"])].node_id
        else:
            parent = prefix = _subplan_root(city, spec, b, secs, ov, overview, programmes)
        for sec in secs:
            pid = policy_of[(b, sec.number)] = f"{prefix}.p{sec.number}"
            city.add(Node(pid, cid, spec["part"], "policy", parent, sec.number, f"({sec.number})", sec.title, "",
                          programmes.name, sec.line, sec.line))
            if spec["part"] == "main" and re.sub(r"\s+", "", sec.title) not in ov.figure_policies:
                city.anomaly(programmes.name, sec.line, "policy_not_in_overview",
                             f"施策 {sec.title!r} is not among the 施策 of the overview figure")
    table_keys = {re.sub(r"\s+", "", s.title) for s in sections if blocks[s.block - 1]["part"] == "main"}
    for extra in sorted(set(ov.figure_policies) - table_keys):
        city.anomaly(overview.name, ov.figure_policies[extra], "policy_without_programmes",
                     f"施策 {extra!r} of the overview figure has no section in the programme table")
    return policy_of


def _subplan_root(city: ParsedCity, spec: dict, b: int, secs: list[_Section], ov: _Overview, overview: Path,
                  programmes: Path) -> str:
    """The goal-level root of a sub-plan block, at the line its title is printed (or the block's first heading)."""
    prefix = f"{city.city}.{spec['part']}"
    title = spec["title"]
    line = ov.subplan_lines.get(title)
    src, ls = (overview.name, line) if line else (programmes.name, secs[0].line)
    city.add(Node(prefix, city.city, spec["part"], "goal", f"{city.city}.vision", b, title, title, "", src, ls, ls))
    if not line:
        city.anomaly(programmes.name, secs[0].line, "title_not_printed",
                     f"block {b} ({spec['part']}) has no printed title; {title!r} is taken from "
                     "data/reference/sendai_blocks.csv")
    return prefix


# --------------------------------------------------------------------------- rows → programmes

def clean_row(city: ParsedCity, file: str, r: _Row) -> tuple[str, str, str, bool]:
    """(name, name_raw, summary, relisted): the 【再掲】 mark and layout spaces removed from the name, reported."""
    name_raw = "".join(r.cells[0]).strip()
    summary = "".join(r.cells[1]).strip()
    relisted = bool(RELISTED_MARK.search(name_raw))
    if relisted and "【再掲】" not in name_raw:
        city.anomaly(file, r.line_start, "split_relisted_mark", f"【再掲】 printed split by a space in {name_raw!r}")
    name = RELISTED_MARK.sub("", name_raw).strip()
    if has_layout_space(name):
        city.anomaly(file, r.line_start, "layout_space_in_name",
                     f"space inside the 事業名 {name!r} (a wrapped PDF cell); removed in `name`, kept in `name_raw`")
        name = strip_layout_spaces(name)
    for ln, col, ch, frag in r.joins:
        city.anomaly(file, ln, "doubled_character_at_join",
                     f"{col} of row No {r.no}: the line ends with {ch!r} and the continuation starts with {frag!r}; "
                     f"probably {ch!r} doubled by the PDF conversion (kept as printed)")
    return name, name_raw, summary, relisted


def normalise_owners(city: ParsedCity, file: str, r: _Row, owners: OwnerTable,
                     cache: dict[str, tuple[list[Owner], list[str]]]) -> tuple[list[Owner], str]:
    """The row's owners (担当局等), normalised through the owner table; unusual spellings are reported."""
    owners_raw = " ".join(f.strip() for f in r.cells[2] if f.strip())
    if owners_raw not in cache:
        try:
            cache[owners_raw] = owners.split(owners_raw)
        except KeyError as exc:
            raise ParseError(file, r.line_start,
                             f"unknown owner {exc.args[0]!r} in 担当局等 {owners_raw!r}; add it to "
                             "data/reference/owners.csv with its normalised name and kind") from None
    owner_list, notes = cache[owners_raw]
    for note in notes:
        city.anomaly(file, r.line_start, "owners_not_separated", note)
    for tok in owners_raw.split():
        if tok in owners.variants and owners.variants[tok].name != tok and not tok.startswith("("):
            city.anomaly(file, r.line_start, "owner_variant",
                         f"owner printed as {tok!r}, normalised to {owners.variants[tok].name!r}")
    if not owner_list:
        city.anomaly(file, r.line_start, "no_owner", f"row No {r.no} has an empty 担当局等 cell")
    return owner_list, owners_raw


class ProgrammeIdentity:
    """One `program_id` for all listings of a programme: same name, or the same name apart from a trailing
    「の推進」/「の実施」/「の充実」 (`NEAR_IDENTICAL_SUFFIXES`).

    >>> ids = ProgrammeIdentity("sendai")
    >>> ids.assign("社会を明るくする運動"), ids.assign("社会を明るくする運動の推進")
    (('sendai.prog001', 'first listing'), ('sendai.prog001', 'same name apart from a trailing 「の推進」'))
    """

    def __init__(self, city: str):
        self.city = city
        self.by_key: dict[str, str] = {}
        self.by_stripped: dict[str, str] = {}
        self.first_name: dict[str, str] = {}
        self.seq = 0

    def assign(self, name: str) -> tuple[str, str]:
        key = program_key(name)
        if key in self.by_key:
            pid, method = self.by_key[key], "same name"
        elif _strip_suffix(key) in self.by_stripped:
            pid = self.by_stripped[_strip_suffix(key)]
            longer = max(key, program_key(self.first_name[pid]), key=len)
            method = f"same name apart from a trailing 「{longer[len(_strip_suffix(key)):]}」"
        else:
            self.seq += 1
            pid, method = f"{self.city}.prog{self.seq:03d}", "first listing"
        self.by_key.setdefault(key, pid)
        self.by_stripped.setdefault(_strip_suffix(key), pid)
        self.first_name.setdefault(pid, name)
        return pid, method


def _numbering(city: ParsedCity, file: str, sec: _Section, r: _Row, expected: int) -> int:
    no = int(r.no)
    if no != expected:
        kind = "numbering_restart" if no < expected else "numbering_gap"
        city.anomaly(file, r.line_start, kind,
                     f"block {sec.block} section ({sec.number}): expected No {expected}, found No {no} "
                     "with no heading in between; the row is kept in this section as printed")
    return no + 1


def programme_rows(city: ParsedCity, file: str, sections: list[_Section], blocks: list[dict],
                   policy_of: dict[tuple[int, int], str], owners: OwnerTable) -> None:
    """Every printed row → a program node and a `ProgramRow`; listings of one programme share its id."""
    cache: dict = {}
    identity = ProgrammeIdentity(city.city)
    first_listing: dict[str, str] = {}          # program_id -> node_id of its first listing without 【再掲】
    first_row: dict[str, ProgramRow] = {}
    for sec in sections:
        part = blocks[sec.block - 1]["part"]
        expected, relisted_n = 1, 0
        for r in sec.rows:
            expected = _numbering(city, file, sec, r, expected)
            name, name_raw, summary, relisted = clean_row(city, file, r)
            owner_list, owners_raw = normalise_owners(city, file, r, owners, cache)
            pid, method = identity.assign(name)
            policy = policy_of[(sec.block, sec.number)]
            node_id = f"{policy}.r{r.seq:02d}"
            city.add(Node(node_id, city.city, part, "program", policy, r.seq, r.no, name, summary, file,
                          r.line_start, r.line_end), raw_text=name_raw)
            row = ProgramRow(f"{city.city}.row{len(city.programs) + 1:03d}", node_id, city.city, part, sec.block,
                             sec.number, sec.title, r.no, name, summary, ";".join(o.name for o in owner_list),
                             ";".join(o.kind for o in owner_list), owners_raw, relisted, pid, method, name_raw,
                             r.line_start, r.line_end)
            city.programs.append(row)
            relisted_n += relisted
            first_row.setdefault(pid, row)
            _listing_anomalies(city, file, row, first_row[pid], first_listing)
        city.sections.append({
            "block": sec.block, "part": part, "section": sec.number, "title": sec.title, "line": sec.line,
            "rows": len(sec.rows), "relisted_rows": relisted_n, "numbers": [r.no for r in sec.rows],
        })
    relisting_links(city, file, first_listing)


def _listing_anomalies(city: ParsedCity, file: str, row: ProgramRow, first: ProgramRow,
                       first_listing: dict[str, str]) -> None:
    if row.link_method.startswith("same name apart"):
        city.anomaly(file, row.line_start, "near_identical_name",
                     f"{row.name!r} linked to {first.name!r} ({row.program_id}): {row.link_method}")
    if not row.relisted and row.program_id in first_listing:
        city.anomaly(file, row.line_start, "listed_twice_without_relisted_mark",
                     f"{row.name!r} is printed again without 【再掲】; first listing at line "
                     f"{first.line_start} ({first_listing[row.program_id]})")
    if not row.relisted:
        first_listing.setdefault(row.program_id, row.node_id)


def relisting_links(city: ParsedCity, file: str, first_listing: dict[str, str]) -> None:
    """【再掲】 rows link to the first listing of their programme; a re-listing without one is reported."""
    for row in city.programs:
        if not row.relisted:
            continue
        target = first_listing.get(row.program_id)
        if target is None:
            city.anomaly(file, row.line_start, "relisted_without_first_listing",
                         f"{row.name!r} is marked 【再掲】 but no listing without the mark is in the table")
            continue
        city.links.append(Link(row.node_id, target, "relisted_from", row.link_method, file, row.line_start))


def same_summary_check(city: ParsedCity, file: str) -> None:
    """Different programmes that share an identical summary (a copy-paste in the source?) are reported."""
    by_summary: dict[str, list[ProgramRow]] = {}
    for row in city.programs:
        by_summary.setdefault(row.summary, []).append(row)
    for rows in by_summary.values():
        first = rows[0]
        other = next((r for r in rows[1:] if r.program_id != first.program_id), None)
        if other is not None:
            city.anomaly(file, other.line_start, "same_summary_different_programme",
                         f"{other.name!r} has the same 事業概要 as {first.name!r} (line {first.line_start}); "
                         "kept apart because the names differ")


def programme_links(rows: list[ProgramRow]) -> list[dict]:
    """One entry per programme listed more than once: its rows and how each was linked."""
    groups: dict[str, list[ProgramRow]] = {}
    for r in rows:
        groups.setdefault(r.program_id, []).append(r)
    return [{"program_id": pid, "name": rs[0].name, "listings": len(rs),
             "rows": [{"row_id": r.row_id, "line": r.line_start, "relisted": r.relisted, "method": r.link_method}
                      for r in rs]}
            for pid, rs in groups.items() if len(rs) > 1]


def parse_sendai(city: City, layout: Layout) -> ParsedCity:
    """Parse Sendai's two texts (roles ``overview`` and ``programmes``) into nodes, programme rows, links and anomalies.

    Reads the reviewed reference tables data/reference/owners.csv (担当局等 spellings) and
    data/reference/sendai_blocks.csv (what each block of the table is).
    """
    overview = layout.raw / city.file("overview").file
    programmes = layout.raw / city.file("programmes").file
    owners = load_owner_table(layout)
    blocks = read_commented_csv(layout.reference / "sendai_blocks.csv",
                                required=("block", "part", "goal", "sections", "title"))
    parsed = ParsedCity(city.id, files=[overview.name, programmes.name])
    ov = read_overview(overview, parsed)
    sections = read_table(programmes, parsed, len(blocks))
    policy_of = policy_nodes(parsed, sections, blocks, ov, overview, programmes)
    programme_rows(parsed, programmes.name, sections, blocks, policy_of, owners)
    same_summary_check(parsed, programmes.name)
    parsed.programme_links = programme_links(parsed.programs)
    return parsed
