"""Hatsukaichi: the FY2022 (令和4年度) action policy of the 第3期廿日市地域福祉計画."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from compare.core.errors import ParseError
from compare.core.paths import Layout
from compare.core.plan import Link, Node, ParsedCity
from compare.core.textnorm import nfkc, squash
from compare.io.raw import read_lines
from compare.io.registry import City

__all__ = ["parse_hatsukaichi", "strip_markup", "parse_citations"]

_TAG = re.compile(r"<[^>]+>")
_GOAL = re.compile(r"^基本目標\s*(\d+)[：:\s]\s*(.+)$")
_CHAPTER = re.compile(r"^(.+)\(第(\d+)章\)$")
_ITEM = re.compile(r"^\((\d+)\)\s*(.*)$")
_CITATION = re.compile(r"【(?:行動目標(\d+)\s*)?[(（]?本編P(\d+)[)）]?】")
_RELISTED = re.compile(r"^※再掲\(基本目標(\d+)\((\d+)\)\)$")
_HEADER = "主な内容"
_CHAPTER_PARTS = {"成年後見制度利用促進": "guardianship", "再犯防止・更生支援": "reoffending"}


def strip_markup(cell: str) -> str:
    """Remove the HTML tags (with their bbox attributes) left by the PDF conversion.

    >>> strip_markup('<p data-bbox="236 241 855 275">(1) 「相談まるごとサポートデスク」の機能発揮</p> <ul>')
    '(1) 「相談まるごとサポートデスク」の機能発揮'
    """
    return squash(_TAG.sub(" ", cell))


def parse_citations(cell: str) -> list[tuple[int | None, int, list[str]]]:
    """The 行動目標 cited in the right-hand column: (number or None, page of 本編, statements).

    >>> parse_citations("【行動目標6（本編P29）】 ・地域の避難行動を支援します ・出前トーク")
    [(6, 29, ['地域の避難行動を支援します', '出前トーク'])]
    >>> parse_citations("【本編P52】 ・中核機関を整備します")
    [(None, 52, ['中核機関を整備します'])]
    """
    text = strip_markup(cell)
    out = []
    matches = list(_CITATION.finditer(text))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        # A statement starts with a bullet "・" at the start or after a space; "企業・事業所" stays whole.
        statements = [squash(s) for s in re.split(r"(?:^|\s)・", text[m.end():end]) if squash(s)]
        out.append((int(m.group(1)) if m.group(1) else None, int(m.group(2)), statements))
    return out


@dataclass
class _Item:
    node: Node
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)


@dataclass
class _State:
    path: Path
    out: ParsedCity
    goal: Node | None = None
    part: str = "main"
    item: _Item | None = None
    items: list[_Item] = field(default_factory=list)
    in_table: bool = False

    @property
    def name(self) -> str:
        return self.path.name


def _heading(st: _State, lines: list[str], i: int, line: str, left: str, key: str) -> bool:
    """基本目標n：… or a chapter "…(第n章)": a goal-level node whose body runs to the table header."""
    m = _GOAL.match(key) or _CHAPTER.match(key)
    if not m:
        return False
    cid = st.out.city
    if m.re is _GOAL:
        num, title, st.part = int(m.group(1)), left.split(m.group(1), 1)[1].lstrip("：: "), "main"
        node_id, label = f"{cid}.g{num}", f"基本目標{num}"
    else:
        part = _CHAPTER_PARTS.get(m.group(1))
        if part is None:
            raise ParseError(st.path, i,
                             f"expected a chapter named one of {sorted(_CHAPTER_PARTS)}, found {m.group(1)!r}")
        st.part = part
        num, title, node_id, label = int(m.group(2)), left, f"{cid}.{part}", f"第{m.group(2)}章"
    body, j = [], i
    while j < len(lines) and not lines[j].startswith(_HEADER):
        if lines[j].strip():
            body.append(lines[j].strip())
        j += 1
    if j == len(lines):
        raise ParseError(st.path, i, f"expected the table header '{_HEADER}<TAB>行動目標（行政が取り組むこと）' "
                                     "after this heading")
    st.goal = st.out.add(Node(node_id, cid, st.part, "goal", f"{cid}.vision", num, label, title, "".join(body),
                              st.name, i, j), raw_text=line)
    st.item, st.in_table = None, False
    return True


def _new_item(st: _State, i: int, line: str, left: str, right: str, m: re.Match) -> None:
    """"(n) title ○ bullets …": an action-level item under the current goal."""
    num = int(m.group(1))
    title = re.sub(r"^[(（]\d+[)）]\s*", "", left).split("○")[0].strip()
    prev = [it for it in st.items if it.node.parent_id == st.goal.node_id]
    if num != len(prev) + 1:
        st.out.anomaly(st.name, i, "numbering_gap",
                       f"expected item ({len(prev) + 1}) under {st.goal.node_id}, found ({num})")
    node = Node(f"{st.goal.node_id}.a{num}", st.out.city, st.part, "action", st.goal.node_id, num, f"({num})", title,
                "", st.name, i, i)
    st.item = _Item(st.out.add(node, raw_text=line))
    st.items.append(st.item)
    rest = left.split("○", 1)
    if len(rest) == 2:
        st.item.left.append("○" + rest[1])
    if right:
        st.item.right.append(right)


def _table_row(st: _State, i: int, line: str, left: str, right: str, key: str) -> None:
    """Inside a goal's table: a new item, a ※再掲 note, or a continuation of the current item."""
    if m := _ITEM.match(key):
        _new_item(st, i, line, left, right, m)
        return
    item = st.item
    if item is None:
        raise ParseError(st.path, i, "expected an item numbered like '(1) …' after the table header")
    if m := _RELISTED.match(key):
        target = f"{st.out.city}.g{m.group(1)}.a{m.group(2)}"
        st.out.links.append(Link(item.node.node_id, target, "relisted_from", f"printed note {left}", st.name, i))
        st.out.account(st.name, i, line, node_id=item.node.node_id,
                       note=f"※再掲: listed again, first listed as {target}")
        return
    kind = "wrapped_row" if item.left else "item_body_on_next_line"
    st.out.anomaly(st.name, i, kind, f"item {item.node.node_id} (line {item.node.line_start}) continues here")
    if left:
        item.left.append(left)
    if right:
        item.right.append(right)
    item.node.line_end = i
    st.out.account(st.name, i, line, node_id=item.node.node_id, note="continuation of the item")


def _line(st: _State, lines: list[str], i: int, line: str) -> None:
    cells = line.split("\t")
    left = strip_markup(cells[0])
    right = strip_markup(" ".join(cells[1:])) if len(cells) > 1 else ""
    key = nfkc(left)
    if not left and not right:
        return
    if "<" in line:
        st.out.anomaly(st.name, i, "html_markup",
                       "HTML table markup (with bbox attributes) from the PDF conversion; tags removed")
    if i <= 5 and not st.out.nodes:
        st.out.account(st.name, i, line, note="document title")
    elif m := re.search(r"基本理念「(.+?)」", left):
        st.out.add(Node(f"{st.out.city}.vision", st.out.city, "main", "vision", "", 1, "基本理念", squash(m.group(1)),
                        left, st.name, i, i), raw_text=line)
    elif _heading(st, lines, i, line, left, key):
        pass
    elif left.startswith(_HEADER) or cells[0] == _HEADER:
        st.in_table = True
        st.out.account(st.name, i, line, note="table header 主な内容 / 行動目標")
    elif not st.in_table or st.goal is None:
        st.out.account(st.name, i, line, note="note on the document (outside the tables)")
    else:
        _table_row(st, i, line, left, right, key)


def parse_hatsukaichi(city: City, layout: Layout) -> ParsedCity:
    """Parse the action policy (role ``plan``): vision, 4 goals, 主な内容 items, the 行動目標 they cite,
    two chapters."""
    path = layout.raw / city.file("plan").file
    st = _State(path, ParsedCity(city.id, files=[path.name]))
    lines = read_lines(path)
    for i, line in enumerate(lines, 1):
        _line(st, lines, i, line)
    if not any(nd.level == "vision" for nd in st.out.nodes):
        raise ParseError(path, None, "expected the 基本理念「…」 in the introduction")
    _finish(st.out, st.items, path.name)
    goals = [nd for nd in st.out.nodes if nd.level == "goal" and nd.part == "main"]
    if len(goals) != 4:
        raise ParseError(path, None, f"expected 4 基本目標, found {len(goals)}")
    return st.out


def _finish(city: ParsedCity, items: list[_Item], name: str) -> None:
    """Item bodies, the cited 行動目標 as policy nodes, and refers_to links."""
    policies: dict[str, Node] = {}
    statements: dict[str, list[str]] = {}
    for it in items:
        it.node.body = squash(" ".join(it.left))
        for number, page, stmts in parse_citations(" ".join(it.right)):
            goal_id = it.node.parent_id
            if number is not None:
                pid, label = f"{city.city}.ag{number:02d}", f"行動目標{number}（本編P{page}）"
                parent = goal_id
            else:
                pid, label = f"{goal_id}.page{page}", f"本編P{page}"
                parent = goal_id
            if pid not in policies:
                policies[pid] = Node(pid, city.city, it.node.part, "policy", parent, number or page, label, "", "",
                                     name, it.node.line_start, it.node.line_end)
                statements[pid] = []
            elif policies[pid].parent_id != goal_id:
                city.anomaly(name, it.node.line_start, "cited_from_two_goals",
                             f"{label} is cited under {goal_id} and under {policies[pid].parent_id}; "
                             "its parent is the first")
            for s in stmts:
                if s not in statements[pid]:
                    statements[pid].append(s)
            city.links.append(Link(it.node.node_id, pid, "refers_to", " ・".join(stmts), name, it.node.line_start))
    for pid, node in sorted(policies.items(), key=lambda kv: (kv[1].part != "main", kv[1].ordinal)):
        # The first statement is the title; the body holds the others, so no statement is printed (and counted) twice.
        node.title = statements[pid][0] if statements[pid] else node.label
        node.body = " ".join(f"・{s}" for s in statements[pid][1:])
        city.nodes.append(node)
    numbers = sorted(n.ordinal for n in policies.values() if n.label.startswith("行動目標"))
    for missing in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
        city.anomaly(name, 0, "not_cited", f"行動目標{missing} is not cited anywhere in this document")
