"""Sendai: the plan overview (vision, goals, policies) and the programme table (事業一覧)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError
from ..model import Link, Node, ParsedCity
from ..owners import OwnerTable
from ..raw import read_lines
from ..textutil import has_layout_space, nfkc, strip_layout_spaces

__all__ = ["parse_sendai", "RELISTED_MARK", "program_key", "NEAR_IDENTICAL_SUFFIXES"]

CITY = "sendai"
#: 【再掲】 ("listed again"), also when the PDF split it with a space: 【再 掲】.
RELISTED_MARK = re.compile(r"\s*【\s*再\s*掲\s*】\s*")
_SECTION = re.compile(r"^\((\d+)\)\s*(\S.*)$")
_HEADER = ("No", "事業名", "事業概要", "担当局等")
_RULE = re.compile(r"^-+$")
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


# --------------------------------------------------------------------------- overview (vision, goals, 施策)

def _overview(path: Path, city: ParsedCity) -> dict:
    """Vision, 基本目標 and the three 基本的方向 from the overview, plus the 施策 titles of its figure."""
    name = path.name
    lines = read_lines(path)
    stripped = [ln.strip().strip("\u3000") for ln in lines]

    def find(text: str, start: int = 0) -> int:
        for i in range(start, len(stripped)):
            if stripped[i] == text:
                return i
        raise ParseError(path, None, f"expected a line reading {text!r} (after line {start})")

    def block_after(i: int) -> tuple[str, int, int]:
        """The paragraph (consecutive non-blank lines) starting at the first non-blank line after i."""
        j = i + 1
        while j < len(stripped) and not stripped[j]:
            j += 1
        k = j
        while k < len(stripped) and stripped[k]:
            k += 1
        return "".join(stripped[j:k]), j + 1, k

    i_vision = find("基本理念")
    i_aim = find("基本目標", i_vision)
    vision_title, v_start, v_end = block_after(i_aim)
    aim_title, a_start, a_end = block_after(v_end - 1)
    # Paragraphs marked 〇 before the chapter furniture state the plan's philosophy: body of the vision node.
    intro_end = next(i for i, s in enumerate(stripped) if s.startswith("3第"))
    intro = "".join(s for s in stripped[:intro_end] if s)
    city.add(Node("sendai.vision", CITY, "main", "vision", "", 1, "基本理念", vision_title, intro, name,
                  v_start, v_end), raw_text=lines[v_start - 1])
    city.account(name, i_vision + 1, lines[i_vision], note="label 基本理念 (title on the line of sendai.vision)")
    city.account(name, i_aim + 1, lines[i_aim], note="label 基本目標 (title on the lines of sendai.aim)")
    city.add(Node("sendai.aim", CITY, "main", "vision", "sendai.vision", 1, "基本目標", aim_title, "", name,
                  a_start, a_end), raw_text=lines[a_start - 1])

    # The three 基本的方向: the paragraphs after the page footer "2  2  || 基本理念、基本目標 …".
    i_footer = next((i for i in range(a_end, len(lines)) if "||" in lines[i]), None)
    if i_footer is None:
        raise ParseError(path, a_end + 1, "expected the page footer '… || 基本理念、基本目標' before the 基本的方向")
    city.account(name, i_footer + 1, lines[i_footer], note="page footer")
    goals: list[tuple[str, int]] = []
    j = i_footer + 1
    while j < len(stripped) and not stripped[j].startswith("基本理念、基本目標の実現に向け"):
        if stripped[j]:
            goals.append((stripped[j], j + 1))
        j += 1
    if len(goals) != 3:
        raise ParseError(path, i_footer + 2, f"expected the 3 基本的方向 after the footer, found {len(goals)}")
    for n, (title, ln) in enumerate(goals, 1):
        city.add(Node(f"sendai.g{n}", CITY, "main", "goal", "sendai.aim", n, f"基本的方向{n}", title, "", name,
                      ln, ln), raw_text=lines[ln - 1])

    # The figure "■取り組みのイメージ": goal titles again (wrapped), then the 12 施策 as "・" bullets in layout order.
    i_fig = find("■取り組みのイメージ")
    city.account(name, i_fig + 1, lines[i_fig], note="figure heading; 施策 order comes from the programme table")
    figure_policies: dict[str, int] = {}
    current: list[str] = []
    start = 0
    for k in range(i_fig + 1, len(lines)):
        s = stripped[k]
        if s.startswith("・"):
            if current:
                figure_policies["".join(current)] = start
            current, start = [s[1:]], k + 1
        elif s and current and lines[k].startswith("\u3000"):
            current.append(s)
        elif current:
            figure_policies["".join(current)] = start
            current = []
    # Lines of the figure that repeat the goal titles or name the whole are accounted as figure text.
    for k in range(i_fig + 1, len(lines)):
        if stripped[k].startswith("・") or (stripped[k] and lines[k].startswith("\u3000")):
            city.account(name, k + 1, lines[k], note="figure text: a 施策 (policy node comes from the programme table)")
        elif stripped[k]:
            city.account(name, k + 1, lines[k], note="figure text (repeats a 基本的方向 or the plan's aim)")
    # Other furniture and the earlier plans' history.
    for k, s in enumerate(stripped):
        if k < intro_end and s:
            city.account(name, k + 1, lines[k], note="body of sendai.vision (the plan's philosophy)")
        elif k <= i_vision and s:
            city.account(name, k + 1, lines[k], note="chapter furniture and history of the earlier plans")
        elif i_aim < k < i_fig and s and not any(n.line_start <= k + 1 <= n.line_end for n in city.nodes):
            city.account(name, k + 1, lines[k], note="explanatory text between the goals and the figure")
    for s_line in (i for i, s in enumerate(stripped) if s in ("成年後見制度の利用促進", "再犯防止の推進")):
        city.account(name, s_line + 1, lines[s_line], note="sub-plan title; root of the sub-plan part")
    return {"figure_policies": figure_policies, "lines": lines,
            "subplan_lines": {s: i + 1 for i, s in enumerate(stripped) if s in ("成年後見制度の利用促進", "再犯防止の推進")}}


# --------------------------------------------------------------------------- programme table

def _read_table(path: Path, city: ParsedCity, expected_blocks: int) -> list[_Section]:
    name = path.name
    lines = read_lines(path)
    sections: list[_Section] = []
    block = 0
    row: _Row | None = None
    have_header = False
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        text = nfkc(line).strip()
        m = _SECTION.match(text) if len(fields) == 1 else None
        if text.startswith("**") or text.endswith("**"):
            city.account(name, i, line, note="document title")
            continue
        if m:
            number = int(m.group(1))
            if number == 1:
                block += 1
            elif not sections or number != sections[-1].number + 1:
                raise ParseError(path, i, f"expected section ({sections[-1].number + 1 if sections else 1}), found ({number})")
            if not re.match(r"^\(\d+\) ", line):
                city.anomaly(name, i, "heading_spacing", f"section heading without a space after the number: {line.strip()!r}")
            sections.append(_Section(block, number, m.group(2).strip(), i))
            city.account(name, i, line, note=f"section heading ({number}) of block {block}")
            row, have_header = None, False
            continue
        if tuple(f.strip() for f in fields) == _HEADER:
            have_header = True
            city.account(name, i, line, note="table header")
            continue
        if all(_RULE.match(f.strip()) for f in fields if f.strip()):
            city.anomaly(name, i, "markdown_rule", "a markdown rule line ('----') inside the table; ignored")
            city.account(name, i, line, note="markdown rule line (layout debris)")
            continue
        if not sections:
            raise ParseError(path, i, "expected a section heading like '(1) …' before the first table row")
        if not have_header:
            raise ParseError(path, i, "expected the table header 'No<TAB>事業名<TAB>事業概要<TAB>担当局等' after the section heading")
        sec = sections[-1]
        first = fields[0].strip()
        if re.fullmatch(r"\d+", first):
            if len(fields) != 4:
                raise ParseError(path, i, f"expected 4 tab-separated cells (No, 事業名, 事業概要, 担当局等), found {len(fields)}")
            row = _Row(first, [[fields[1]], [fields[2]], [fields[3]]], i, i, sec.block, sec.number)
            sec.rows.append(row)
            row.seq = len(sec.rows)
            continue
        # A continuation line: the rest of a wrapped row, cell by cell.
        if row is None:
            raise ParseError(path, i, "expected a numbered row before this continuation line")
        if len(fields) == 4 and first == "":
            cont = fields[1:]
        elif len(fields) == 3:
            cont = fields
            city.anomaly(name, i, "continuation_without_leading_tab",
                         f"continuation of row No {row.no} (line {row.line_start}) lacks the empty No cell; read as 事業名/事業概要/担当局等")
        else:
            raise ParseError(path, i, f"expected a numbered row or a continuation line of 3-4 tab-separated cells, found {line[:40]!r}")
        for c, frag in enumerate(cont):
            if frag.strip():
                prev = "".join(row.cells[c]).rstrip()
                if prev and prev[-1] == frag.strip()[0] and c < 2:
                    row.joins.append((i, ["事業名", "事業概要"][c], prev[-1], frag.strip()[:12]))
                row.cells[c].append(frag)
        row.line_end = i
        city.anomaly(name, i, "wrapped_row", f"row No {row.no} (line {row.line_start}) continues here; cells merged column by column")
    if block != expected_blocks:
        raise ParseError(path, None, f"expected {expected_blocks} blocks (numbering restarting at (1)), found {block}")
    return sections


def parse_sendai(overview: Path, programmes: Path, owners: OwnerTable, blocks: list[dict]) -> ParsedCity:
    """Parse both Sendai texts into nodes, programme rows, links and anomalies.

    Parameters
    ----------
    overview, programmes
        `sendai_overview.txt` and `sendai_programmes.txt`.
    owners
        The reviewed owner table (data/reference/owners.csv).
    blocks
        Rows of data/reference/sendai_blocks.csv: what each block of the table is.
    """
    city = ParsedCity(CITY)
    ov = _overview(overview, city)
    sections = _read_table(programmes, city, len(blocks))
    pname = programmes.name
    goal_nodes = {n.ordinal: n for n in city.nodes if n.level == "goal"}

    # Sub-plan roots and the policy (施策 / section) nodes.
    by_block: dict[int, list[_Section]] = {}
    for sec in sections:
        by_block.setdefault(sec.block, []).append(sec)
    section_report = []
    policy_of: dict[tuple[int, int], str] = {}
    for spec in blocks:
        b = int(spec["block"])
        secs = by_block.get(b, [])
        if len(secs) != int(spec["sections"]):
            raise ParseError(programmes, secs[0].line if secs else None,
                             f"block {b} ({spec['part']}): expected {spec['sections']} sections as recorded in "
                             f"data/reference/sendai_blocks.csv, found {len(secs)}")
        if spec["part"] == "main":
            parent = goal_nodes[int(spec["goal"])].node_id
            prefix = parent
        else:
            prefix = f"sendai.{spec['part']}"
            title = spec["title"]
            line = ov["subplan_lines"].get(title)
            src, ls = (overview.name, line) if line else (pname, secs[0].line)
            city.add(Node(prefix, CITY, spec["part"], "goal", "sendai.vision", b, title, title,
                          "", src, ls, ls))
            if not line:
                city.anomaly(pname, secs[0].line, "title_not_printed",
                             f"block {b} ({spec['part']}) has no printed title; {title!r} is taken from data/reference/sendai_blocks.csv")
        for sec in secs:
            pid = f"{prefix}.p{sec.number}"
            policy_of[(b, sec.number)] = pid
            city.add(Node(pid, CITY, spec["part"], "policy", parent if spec["part"] == "main" else prefix,
                          sec.number, f"({sec.number})", sec.title, "", pname, sec.line, sec.line))
            if spec["part"] == "main":
                key = re.sub(r"\s+", "", sec.title)
                if key not in ov["figure_policies"]:
                    city.anomaly(pname, sec.line, "policy_not_in_overview",
                                 f"施策 {sec.title!r} is not among the 施策 of the overview figure")
    figure_keys = set(ov["figure_policies"])
    table_keys = {re.sub(r"\s+", "", s.title) for s in sections if s.block <= 3}
    for extra in sorted(figure_keys - table_keys):
        city.anomaly(overview.name, ov["figure_policies"][extra], "policy_without_programmes",
                     f"施策 {extra!r} of the overview figure has no section in the programme table")

    # Programme rows → program nodes, programme ids and 【再掲】 links.
    owners_cache: dict[str, tuple[list, list]] = {}
    first_listing: dict[str, str] = {}      # program_id -> node_id of its first non-relisted listing
    by_key: dict[str, str] = {}
    by_stripped: dict[str, str] = {}
    first_seen_row: dict[str, dict] = {}
    program_seq = 0
    row_seq = 0
    rows_out: list[dict] = []
    for sec in sections:
        spec = blocks[sec.block - 1]
        expected = 1
        relisted_n = 0
        for r in sec.rows:
            row_seq += 1
            no = int(r.no)
            if no != expected:
                kind = "numbering_restart" if no < expected else "numbering_gap"
                city.anomaly(pname, r.line_start, kind,
                             f"block {sec.block} section ({sec.number}): expected No {expected}, found No {no} "
                             "with no heading in between; the row is kept in this section as printed")
            expected = no + 1
            name_raw = "".join(r.cells[0]).strip()
            summary = "".join(r.cells[1]).strip()
            owners_raw = " ".join(f.strip() for f in r.cells[2] if f.strip())
            relisted = bool(RELISTED_MARK.search(name_raw))
            relisted_n += relisted
            if relisted and "【再掲】" not in name_raw:
                city.anomaly(pname, r.line_start, "split_relisted_mark", f"【再掲】 printed split by a space in {name_raw!r}")
            name = RELISTED_MARK.sub("", name_raw).strip()
            if has_layout_space(name):
                city.anomaly(pname, r.line_start, "layout_space_in_name",
                             f"space inside the 事業名 {name!r} (a wrapped PDF cell); removed in `name`, kept in `name_raw`")
                name = strip_layout_spaces(name)
            for ln, col, ch, frag in r.joins:
                city.anomaly(pname, ln, "doubled_character_at_join",
                             f"{col} of row No {r.no}: the line ends with {ch!r} and the continuation starts with {frag!r}; "
                             f"probably {ch!r} doubled by the PDF conversion (kept as printed)")
            if owners_raw not in owners_cache:
                try:
                    owners_cache[owners_raw] = owners.split(owners_raw)
                except KeyError as exc:
                    raise ParseError(pname, r.line_start,
                                     f"unknown owner {exc.args[0]!r} in 担当局等 {owners_raw!r}; add it to data/reference/owners.csv "
                                     "with its normalised name and kind") from None
            owner_list, notes = owners_cache[owners_raw]
            for note in notes:
                city.anomaly(pname, r.line_start, "owners_not_separated", note)
            for tok in owners_raw.split():
                if tok in owners.variants and owners.variants[tok].name != tok and not tok.startswith("("):
                    city.anomaly(pname, r.line_start, "owner_variant",
                                 f"owner printed as {tok!r}, normalised to {owners.variants[tok].name!r}")
            if not owner_list:
                city.anomaly(pname, r.line_start, "no_owner", f"row No {r.no} has an empty 担当局等 cell")

            key = program_key(name)
            if key in by_key:
                pid, method = by_key[key], "same name"
            elif _strip_suffix(key) in by_stripped:
                pid = by_stripped[_strip_suffix(key)]
                longer = max(key, program_key(first_seen_row[pid]["name"]), key=len)
                method = f"same name apart from a trailing 「{longer[len(_strip_suffix(key)):]}」"
            else:
                program_seq += 1
                pid, method = f"sendai.prog{program_seq:03d}", "first listing"
            by_key.setdefault(key, pid)
            by_stripped.setdefault(_strip_suffix(key), pid)

            node_id = f"{policy_of[(sec.block, sec.number)]}.r{r.seq:02d}"
            city.add(Node(node_id, CITY, spec["part"], "program", policy_of[(sec.block, sec.number)], r.seq, r.no,
                          name, summary, pname, r.line_start, r.line_end), raw_text=name_raw)
            row = {
                "row_id": f"sendai.row{row_seq:03d}", "node_id": node_id, "part": spec["part"],
                "block": sec.block, "section": sec.number, "section_title": sec.title, "no": r.no,
                "name": name, "summary": summary, "owners": ";".join(o.name for o in owner_list),
                "owner_kinds": ";".join(o.kind for o in owner_list), "owners_raw": owners_raw,
                "relisted": relisted, "program_id": pid, "link_method": method, "name_raw": name_raw,
                "line_start": r.line_start, "line_end": r.line_end,
            }
            rows_out.append(row)
            if pid not in first_seen_row:
                first_seen_row[pid] = row
            if method.startswith("same name apart"):
                city.anomaly(pname, r.line_start, "near_identical_name",
                             f"{name!r} linked to {first_seen_row[pid]['name']!r} ({pid}): {method}")
            if not relisted and pid in first_listing:
                city.anomaly(pname, r.line_start, "listed_twice_without_relisted_mark",
                             f"{name!r} is printed again without 【再掲】; first listing at line "
                             f"{first_seen_row[pid]['line_start']} ({first_listing[pid]})")
            if not relisted:
                first_listing.setdefault(pid, node_id)
        section_report.append({
            "block": sec.block, "part": spec["part"], "section": sec.number, "title": sec.title,
            "line": sec.line, "rows": len(sec.rows), "relisted_rows": relisted_n,
            "numbers": [r.no for r in sec.rows],
        })

    # 【再掲】 rows link to the first listing of their programme; report those whose first listing is absent.
    for row in rows_out:
        if not row["relisted"]:
            continue
        target = first_listing.get(row["program_id"])
        if target is None:
            city.anomaly(pname, row["line_start"], "relisted_without_first_listing",
                         f"{row['name']!r} is marked 【再掲】 but no listing without the mark is in the table")
            continue
        city.links.append(Link(row["node_id"], target, "relisted_from", row["link_method"], pname, row["line_start"]))
    # Different programmes that share an identical summary (a copy-paste in the source?).
    by_summary: dict[str, list[dict]] = {}
    for row in rows_out:
        by_summary.setdefault(row["summary"], []).append(row)
    for rows in by_summary.values():
        ids = sorted({r["program_id"] for r in rows})
        if len(ids) > 1:
            first = rows[0]
            for r in rows[1:]:
                if r["program_id"] != first["program_id"]:
                    city.anomaly(pname, r["line_start"], "same_summary_different_programme",
                                 f"{r['name']!r} has the same 事業概要 as {first['name']!r} (line {first['line_start']}); kept apart because the names differ")
                    break
    city.programs = rows_out
    city.report = {"sections": section_report, "program_links": _link_summary(rows_out)}
    return city


def _link_summary(rows: list[dict]) -> list[dict]:
    """One entry per programme listed more than once: its rows and how each was linked."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["program_id"], []).append(r)
    out = []
    for pid, rs in groups.items():
        if len(rs) > 1:
            out.append({
                "program_id": pid, "name": rs[0]["name"], "listings": len(rs),
                "rows": [{"row_id": r["row_id"], "line": r["line_start"], "relisted": r["relisted"],
                          "method": r["link_method"]} for r in rs],
            })
    return out
