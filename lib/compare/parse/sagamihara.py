"""Sagamihara: the summary of 地域共生社会推進計画 (第5期地域福祉計画).

The leaflet is read line by line; a `_Reader` keeps the current context (main plan, priority part, sub-plans) and
each line is handled by the first step that recognises it: context headings, the sub-plan roots, the vision, the
goals, and the policies and actions of each part. Every other line is accounted for with what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from compare.core.errors import ParseError
from compare.core.paths import Layout
from compare.core.plan import Node, ParsedCity
from compare.core.textnorm import nfkc
from compare.io.raw import read_lines
from compare.io.registry import City

__all__ = ["parse_sagamihara"]

_GOAL = re.compile(r"^基本目標(\d+)[：:](.+)$")
_POLICY = re.compile(r"^-\s*(\d+)\s+(.+)$")
_NUMBERED = re.compile(r"^\((\d+)\)\s*(.+)$")
_PILLAR = re.compile(r"^([①-⑨])(.+)$")
_BULLET = re.compile(r"^-\s+(.+)$")
_SUBPLAN_POLICY = re.compile(r"^-\s*\((\d+)\)\s*(.+)$")
_SUBPLANS = {"【成年後見制度利用促進基本計画】": "guardianship", "【再犯防止推進計画】": "reoffending"}
_LABELS = ("《施策の方向性》", "《主な取組》", "重点的な取組", "主な取組内容")
#: Sections of the leaflet that are context, not plan elements, and what the report calls them.
_CONTEXT = {
    "【本件に関するお問合せ先】": "contact details",
    "【計画の概要】": "計画の概要 (purpose, position and period of the plan)",
    "【地域福祉を取り巻く現状と課題】": "現状と課題 (context: current state and issues, not plan elements)",
    "【地域共生社会に向けた取組事例】": "取組事例 (example activities, not plan elements)",
    "【計画の基本的な考え方と施策の展開】": "heading of the plan's structure",
}


def _split_items(text: str, mark: str) -> list[str]:
    """Items of a line like '○a ○b' or '●a ●b'.

    >>> _split_items("○総合的な人権施策の推進 ○福祉コミュニティ形成の推進", "○")
    ['総合的な人権施策の推進', '福祉コミュニティ形成の推進']
    """
    return [p.strip() for p in text.split(mark) if p.strip()]


@dataclass
class _Reader:
    """The leaflet's lines (as printed, stripped, NFKC) and the parse state."""

    path: Path
    out: ParsedCity
    lines: list[str] = field(default_factory=list)
    context: str = "leaflet furniture"
    goal: Node | None = None
    priority: Node | None = None
    policy: Node | None = None
    action_seq: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.lines = read_lines(self.path)
        self.text = [nfkc(ln).strip() for ln in self.lines]
        self.raw = [ln.strip() for ln in self.lines]
        self.name = self.path.name
        self.cid = self.out.city

    def para(self, i: int, stop) -> tuple[str, int]:
        """Join non-empty lines from i until `stop(line)` is true; returns the text and the last line index."""
        parts, last, j = [], i, i
        while j < len(self.text) and not stop(self.text[j]):
            if self.text[j]:
                parts.append(self.raw[j])
                last = j
            j += 1
        return "".join(parts), last

    def node(self, node_id: str, part: str, level: str, parent: str, ordinal: int, label: str, title: str,
             i: int, *, body: str = "", end: int | None = None, account: bool = True) -> Node:
        return self.out.add(Node(node_id, self.cid, part, level, parent, ordinal, label, title, body, self.name,
                                 i + 1, (end if end is not None else i) + 1),
                            raw_text=self.lines[i] if account else None)

    def action(self, parent: Node, part: str, label: str, title: str, i: int, *, account: bool = False) -> Node:
        k = self.action_seq[parent.node_id] = self.action_seq.get(parent.node_id, 0) + 1
        return self.node(f"{parent.node_id}.a{k}", part, "action", parent.node_id, k, label, title, i, account=account)

    def account(self, i: int, note: str, node_id: str = "") -> None:
        self.out.account(self.name, i + 1, self.lines[i], node_id=node_id, note=note)


# ------------------------------------------------------------------------------- steps: each returns the next line

def _context_heading(r: _Reader, i: int, t: str) -> int | None:
    if t in _CONTEXT:
        r.context = _CONTEXT[t]
        r.goal = r.priority = r.policy = None
        r.account(i, f"heading: {r.context}")
    elif t == "【重点的な取組事項】":
        r.context, r.goal = "priority", None
        r.account(i, "heading of the priority part (重点的な取組事項)")
    elif t in _LABELS:
        r.account(i, f"label {t}")
    else:
        return None
    return i + 1


def _subplan_root(r: _Reader, i: int, t: str) -> int | None:
    if t not in _SUBPLANS:
        return None
    part = r.context = _SUBPLANS[t]
    body, last = r.para(i + 1, lambda s: s in ("重点的な取組", "主な取組内容"))
    r.goal = r.node(f"{r.cid}.{part}", part, "goal", f"{r.cid}.vision", 1, t.strip("【】"), t.strip("【】"), i,
                    body=body.lstrip("○"), end=last)
    r.policy = None
    return last + 1


def _vision(r: _Reader, i: int, t: str) -> int | None:
    if t != "基本理念":
        return None
    body_i = i + 1
    while body_i < len(r.text) and not r.text[body_i].startswith("○"):
        body_i += 1
    if body_i == len(r.text):
        raise ParseError(r.path, i + 1, "expected the vision and a '○' explanation after 基本理念")
    title_lines = [k for k in range(i + 1, body_i) if r.raw[k]]
    r.account(i, "label 基本理念 (title on the next lines)")
    r.out.add(Node(f"{r.cid}.vision", r.cid, "main", "vision", "", 1, "基本理念",
                   " ".join(r.raw[k] for k in title_lines),
                   r.raw[body_i].lstrip("○"), r.name, title_lines[0] + 1, body_i + 1),
              raw_text=r.lines[title_lines[0]])
    r.context = "main"
    return body_i + 1


def _goal(r: _Reader, i: int, t: str) -> int | None:
    m = _GOAL.match(t)
    if not m or r.context not in ("main", "leaflet furniture"):
        return None
    num = int(m.group(1))
    body, last = r.para(i + 1, lambda s: s.startswith("《"))
    r.goal = r.node(f"{r.cid}.g{num}", "main", "goal", f"{r.cid}.vision", num, f"基本目標{num}", m.group(2).strip(), i,
                    body=body, end=last)
    r.context = "main"
    return last + 1


def _main_plan(r: _Reader, i: int, t: str) -> int | None:
    """施策の方向性 ("- 1 …") and 主な取組 ("○a ○b") under the current 基本目標."""
    if r.context != "main" or r.goal is None:
        return None
    if m := _POLICY.match(t):
        num = int(m.group(1))
        r.node(f"{r.goal.node_id}.p{num}", "main", "policy", r.goal.node_id, num, m.group(1), m.group(2).strip(), i)
    elif t.startswith("○"):
        for item in _split_items(r.raw[i], "○"):
            r.action(r.goal, "main", "○", item, i)
        r.account(i, "主な取組 items (○)", f"{r.goal.node_id}.a*")
    else:
        return None
    return i + 1


def _priority(r: _Reader, i: int, t: str) -> int | None:
    """重点的な取組事項: numbered themes (goal level), ①②③ pillars (policy) and "- …" actions."""
    if r.context != "priority":
        return None
    if m := _NUMBERED.match(t):
        num = int(m.group(1))
        body, last = r.para(i + 1, lambda s: bool(_NUMBERED.match(s) or s.startswith("【") or s[:1].isdigit()))
        r.priority = r.node(f"{r.cid}.priority.{num}", "priority", "goal", f"{r.cid}.vision", num, f"({num})",
                            m.group(2).strip(), i, body=body, end=last)
        return last + 1
    if r.priority is not None and (m := _PILLAR.match(r.raw[i])):
        num = "①②③④⑤⑥⑦⑧⑨".index(m.group(1)) + 1
        r.policy = r.node(f"{r.priority.node_id}.{num}", "priority", "policy", r.priority.node_id, num, m.group(1),
                          m.group(2).strip(), i)
    elif r.policy is not None and _BULLET.match(t):
        r.action(r.policy, "priority", "-", r.raw[i][1:].strip(), i, account=True)
    else:
        return None
    return i + 1


def _guardianship(r: _Reader, i: int, t: str) -> int | None:
    """成年後見: "(n) …" policies and "【主な取組】●a ●b" actions (the list may wrap onto a line starting with ●)."""
    if r.context != "guardianship" or r.goal is None:
        return None
    if m := _NUMBERED.match(t):
        num = int(m.group(1))
        r.policy = r.node(f"{r.goal.node_id}.p{num}", "guardianship", "policy", r.goal.node_id, num, f"({num})",
                          m.group(2).strip(), i)
    elif r.policy is not None and (t.startswith("【主な取組】") or t.startswith("●")):
        if not t.startswith("【主な取組】"):
            r.out.anomaly(r.name, i + 1, "wrapped_item_list", f"主な取組 of {r.policy.node_id} continue on this line")
        for item in _split_items(r.raw[i].replace("【主な取組】", ""), "●"):
            r.action(r.policy, "guardianship", "●", item, i)
        r.account(i, "主な取組 items (●)", f"{r.policy.node_id}.a*")
    else:
        return None
    return i + 1


def _reoffending(r: _Reader, i: int, t: str) -> int | None:
    """再犯防止: "- (n) …" policies and the bracketed areas "【…】【…】" that follow (3) with no label."""
    if r.context != "reoffending" or r.goal is None:
        return None
    if m := _SUBPLAN_POLICY.match(t):
        num = int(m.group(1))
        r.policy = r.node(f"{r.goal.node_id}.p{num}", "reoffending", "policy", r.goal.node_id, num, f"({num})",
                          r.raw[i].split(")", 1)[1].strip(), i)
    elif r.policy is not None and t.startswith("【"):
        for item in re.findall(r"【([^】]+)】", r.raw[i]):
            r.action(r.policy, "reoffending", "【】", item, i)
        r.out.anomaly(r.name, i + 1, "attached_by_position",
                      f"bracketed areas {r.raw[i]!r} follow ({r.policy.ordinal}) with no label; read as its actions")
        r.account(i, "areas of support (【…】)", f"{r.policy.node_id}.a*")
    else:
        return None
    return i + 1


_STEPS = (_context_heading, _subplan_root, _vision, _goal, _main_plan, _priority, _guardianship, _reoffending)


def parse_sagamihara(city: City, layout: Layout) -> ParsedCity:
    """Parse the Sagamihara summary (role ``plan``) into vision, goals, policies, actions and the sub-plans."""
    path = layout.raw / city.file("plan").file
    r = _Reader(path, ParsedCity(city.id, files=[path.name]))
    i = 0
    while i < len(r.text):
        t = r.text[i]
        if not t:
            i += 1
            continue
        for step in _STEPS:
            nxt = step(r, i, t)
            if nxt is not None:
                i = nxt
                break
        else:
            r.account(i, r.context if r.context not in ("main", "priority") else "text of the leaflet")
            i += 1
    _check(r.out, path)
    return r.out


def _check(city: ParsedCity, path: Path) -> None:
    """The summary's structure as printed: 3 goals, 10 policies numbered 1-10, a vision."""
    goals = [nd for nd in city.nodes if nd.level == "goal" and nd.part == "main"]
    policies = [nd for nd in city.nodes if nd.level == "policy" and nd.part == "main"]
    if len(goals) != 3:
        raise ParseError(path, None, f"expected 3 基本目標, found {len(goals)}")
    nums = [nd.ordinal for nd in policies]
    if nums != list(range(1, len(nums) + 1)) or len(nums) != 10:
        raise ParseError(path, policies[0].line_start if policies else None,
                         f"expected 施策の方向性 numbered 1-10 in order, found {nums}")
    if not any(nd.level == "vision" for nd in city.nodes):
        raise ParseError(path, None, "expected a 基本理念 heading followed by the vision")
