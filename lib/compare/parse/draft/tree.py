"""Lines of a plan document → a draft plan tree for a researcher to review.

The drafter reads the lines in order and keeps a stack of the marker kinds open under the current *anchor* (the
vision, a goal, a sub-plan root). A marker kind already on the stack closes everything below it (a sibling); a new
kind opens a tier below the last element (a child). So the plan's own grammar is learnt from the order in which its
marker kinds first appear, and one plan may use ``(1)`` under one goal and ``①`` under another.

Levels: a tier word names its level (基本理念 → vision, 基本目標 → goal, 施策 or 行動目標 → policy, 主な取組 →
action); every other tier is one level below its parent, so the first tier under a goal is ``policy`` and the next
``action`` (deeper tiers stay ``action`` and are flagged ``deep_tier``). A list announced by 《施策の方向性》 or
《主な取組》 takes the level the label names and hangs from the goal, not from the element before it. Rows of a
table with an owners column (担当課, 担当局等) are ``program`` rows with their owners; a table column headed by a
tier word (行動目標) holds cross-references to the main volume's elements (【行動目標8（本編P33）】 ・title), drafted
once each, at that level, under the goal. The researcher overrides any kind's level with a mapping (``{"(1)":
"action"}``, `compare.parse.draft.load_mapping`).

Sections: a heading in 【】 (or a short line of its own) naming a sub-plan (成年後見, 再犯防止, 生活困窮) becomes a
goal-level sub-plan root of that part; 【重点…】 opens the ``priority`` part, whose first tier are goals; a section of
the document that holds no plan elements (概要, 現状と課題, 事例, 問合せ …) is skipped to the next plan heading.

Every drafted element records its page and raw line, the rule that placed it, a confidence and flags for the
reviewer: ``wrapped`` (title joined from two lines), ``debris`` (what `compare.parse.nodes_csv.title_warnings`
finds), ``uncertain_parent`` (a numbering restart without a heading: the group gets a synthetic parent),
``synthetic`` (a node the drafter made up), ``relisted`` (【再掲】), ``deep_tier``, ``merged_duplicate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compare.core.plan import LEVELS
from compare.core.textnorm import nfkc, pdf_chars, squash, strip_layout_spaces
from compare.parse.draft.grammar import (
    BLOCK_LABELS,
    TIER_WORDS,
    Marker,
    classify,
    section_role,
    split_items,
    subplan_hits,
    subplan_part,
)
from compare.parse.draft.source import Line

__all__ = ["DraftNode", "Drafter", "draft_lines", "norm_title"]

_LEVEL = {lv: i for i, lv in enumerate(LEVELS)}
_ACTION, _PROGRAM = _LEVEL["action"], _LEVEL["program"]
_HEADER_WORDS = ("No", "NO", "番号", "事業名", "事業概要", "担当", "所管", "取組", "内容", "概要", "施策", "目標",
                 "名称")
_OWNER_WORDS = ("担当", "所管", "実施主体", "関係課")
#: A heading that ends with one of these was cut by a line break (地域福祉活動への / 参加と…).
_DANGLING = tuple("のをにとやがへで、・「（(")
#: The end of a bracketed caption over a list or a table, not a section: 【基本目標1の主な事業】.
_CAPTIONS = ("主な事業", "事業一覧", "主な取組", "主な取組み", "具体的な取組", "具体的取組", "具体的取組み")
_RELISTED = re.compile(r"[【\[［(（]\s*再掲\s*[】\]］)）]")


def norm_title(title: str) -> str:
    """A title reduced for matching: NFKC, no spaces, no quotes, brackets or punctuation.

    >>> norm_title("「つなぐシート」を 活用した、地域情報の共有。")
    'つなぐシートを活用した地域情報の共有'
    """
    return re.sub(r"[\s「」『』【】()（）〈〉《》、。,.・:：\-‐]", "", nfkc(title))


@dataclass
class DraftNode:
    """One drafted element (see the module docstring for `rule`, `confidence` and `flags`)."""

    key: int
    level: int
    part: str
    parent: int | None
    kind: str
    number: int | None
    label: str
    title: str
    file: str
    page: int
    line_start: int
    line_end: int
    raw: str
    rule: str
    confidence: float
    flags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    owners: str = ""
    relisted_from: int | None = None
    top: bool = False            # placed in the first tier with no anchor (a candidate for restart grouping)
    restart: bool = False        # its number restarted the tier's numbering


@dataclass
class _Table:
    roles: dict[int, str]
    ref_level: int | None


#: The title of a plan's overview of its own structure (施策の体系, 計画の体系図, 施策一覧).
_OVERVIEW = re.compile(r"体系|一覧|全体像")


class Drafter:
    """Feed it the lines of each document in order (`feed`), then `finish` for the nodes.

    Parameters
    ----------
    mapping : dict, optional
        Marker kind (``(1)``, ``①``, ``基本目標N``, ``・`` …, see `compare.parse.draft.grammar.KINDS`) → level;
        overrides the level the drafter would give.
    """

    def __init__(self, mapping: dict[str, str] | None = None):
        self.mapping = {k: _LEVEL[v] for k, v in (mapping or {}).items()}
        self.nodes: list[DraftNode] = []

    # ------------------------------------------------------------------ state of one document
    def _reset(self) -> None:
        self.anchor: DraftNode | None = None
        self.base = _LEVEL["vision"]             # level of the virtual parent of the first tier
        self.stack: list[tuple[str, DraftNode, int]] = []
        self.part = "main"
        self.skip = False                        # inside a section without plan elements
        self.pending: list[tuple[Marker, Line]] = []
        self.wrap: DraftNode | None = None       # the heading the next line may continue
        self.last: DraftNode | None = None
        self.table: _Table | None = None
        self.prev_items = False                  # the previous line was a list of 【】 items
        self.labelled = False                    # the anchor's lists are announced by labels (《施策の方向性》)
        self.label_owner: DraftNode | None = None   # the element whose labelled lists follow

    def _new(self, line: Line, level: int, parent: DraftNode | None, m: Marker, rule: str, conf: float,
             **kw) -> DraftNode:
        title = pdf_chars(strip_layout_spaces(squash(m.title)))
        flags = list(kw.pop("flags", []))
        if title != squash(m.title):
            flags.append("debris")
        if _RELISTED.search(title):
            title = squash(_RELISTED.sub("", title))
            flags.append("relisted")
        node = DraftNode(len(self.nodes), level, self.part, parent.key if parent else None, m.kind, m.number,
                         m.label, title, line.file, line.page, line.no, line.no, line.text, rule, conf, flags, **kw)
        if node.level > _ACTION and node.level != _PROGRAM:
            node.level = _ACTION
        self.nodes.append(node)
        self.last = node
        return node

    def _anchor(self, node: DraftNode | None, base: int | None = None) -> None:
        self.labelled = False
        self.anchor = node
        self.base = node.level if node is not None else _LEVEL["vision"] if base is None else base
        self.stack = []

    # ------------------------------------------------------------------ elements
    def _place(self, line: Line, m: Marker, rule: str, conf: float, *, level: int | None = None) -> DraftNode:
        restart = False
        for i, (kind, node, _) in enumerate(self.stack):
            if kind == m.kind:
                restart = (i == 0 and m.number is not None and node.number is not None and m.number <= node.number
                           and self.anchor is None)
                del self.stack[i:]
                break
        parent = self.stack[-1][1] if self.stack else self.anchor
        parent_level = self.stack[-1][2] if self.stack else self.base
        flags = []
        if level is None:
            level = self.mapping.get(m.kind, parent_level + 1)
            if parent_level + 1 > _ACTION and m.kind not in self.mapping:
                flags.append("deep_tier")
        part = subplan_part(m.title) if level == _LEVEL["goal"] else None
        if part:                                     # 4 成年後見制度の利用の促進に関する施策目標(…利用促進計画)
            self.part = part
            rule += f"; names the {part} sub-plan"
        elif level == _LEVEL["goal"] and self.part not in ("main", "priority"):
            self.part = "main"
        node = self._new(line, level, parent, m, rule, conf, flags=flags, top=not self.stack and self.anchor is None,
                         restart=restart)
        self.stack.append((m.kind, node, node.level))
        self.wrap = node
        return node

    def _named(self, line: Line, m: Marker) -> None:
        level = self.mapping.get(m.kind, _LEVEL[m.level])
        rule = f"tier word {m.label.rstrip('0123456789-')}"
        if level == _LEVEL["vision"]:
            self.part = "main"
            node = self._new(line, level, None, m, rule, 0.95)
            self._anchor(None)
        elif level == _LEVEL["goal"] and self.anchor is not None and self.anchor.kind == "section" \
                and m.kind not in self.mapping:
            # 基本方針1 inside a sub-plan (whose root is the goal): the sub-plan's first tier, policies
            node = self._place(line, m, rule + " (inside a sub-plan: one level below its root)", 0.85,
                               level=_LEVEL["policy"])
        elif level == _LEVEL["goal"]:
            if m.label.startswith("重点"):           # 重点プロジェクト1: a goal of the priority section
                self.part = "priority"
            elif self.part == "priority" or self.anchor is not None and self.anchor.part != "main":
                self.part = "main"
            node = self._new(line, level, None, m, rule, 0.95)
            self._anchor(node)
        else:
            node = self._place(line, m, rule, 0.9, level=level)
        self.wrap = node
        self.skip = False

    def _section(self, line: Line, title: str, *, rule: str, conf: float) -> bool:
        """A heading that opens a section; True if it was one."""
        role = section_role(title)
        self.table = None
        if role == "nonplan":
            self.skip = True
            return True
        self.skip = False
        if role == "subplan":
            self.part = subplan_part(title) or "main"
            node = self._new(line, _LEVEL["goal"], None, Marker("section", None, nfkc(title), title), rule, conf)
            self._anchor(node)
            self.wrap = node
        elif role == "priority":
            self.part = "priority"
            self._anchor(None)
        else:
            self.part = "main"
            self._anchor(None)
        return True

    def _item(self, line: Line, m: Marker) -> None:
        if m.kind == "《》" or m.kind == "【】" and m.label in BLOCK_LABELS and not m.title:
            if self.stack and not self.labelled:      # ‹主な取組› under an element: the list below is its own
                owner = self.label_owner
                if owner is not None and any(node is owner for _, node, _ in self.stack):
                    while self.stack[-1][1] is not owner:   # ＜社協の取組＞ after ＜村の取組＞: the same element's
                        self.stack.pop()
                else:
                    self.label_owner = self.stack[-1][1]
                self.wrap = None
                return
            label = m.label
            named = classify(label)
            goal = self.anchor
            self.stack = []
            self.labelled = True                      # a goal's lists announced by labels: the next label too
            if named is not None and named.level in ("policy", "action"):
                self.base = _LEVEL[named.level] - 1
            elif goal is not None:
                self.base = goal.level
            self.wrap = None
            return
        if m.kind == "【】" and m.label != "【】" and not m.title and m.label.endswith(_CAPTIONS):
            self.wrap = None                         # 【基本目標1の主な事業】: the caption of the table below
            return
        if m.kind == "【】" and m.label != "【】" and not m.title:        # 【計画の概要】 alone: a section heading
            if not self.prev_items:
                self._section(line, m.label, rule="section in 【】", conf=0.8)
                return
            items = [Marker("【】", None, "【】", m.label)]
        else:
            items = split_items(m)
        self.prev_items = bool(items) and all(it.kind == "【】" and it.label == "【】" for it in items)
        if not items:
            return
        rule = f"marker {m.kind}" if len(items) == 1 else f"marker {items[0].kind} (several on one line)"
        for it in items:
            if it.number is None and nfkc(it.title).startswith(_CAPTIONS):
                self.wrap = None                     # ■ 主な事業（基本目標Ⅰ）: a caption over a table
                continue
            if it.number is None and len(items) == 1 and self._prose(it.title, line):
                if self.last is not None and not self.skip:          # a bulleted sentence: prose, not an element
                    self.last.body.append(it.title)
                continue
            self._place(line, it, rule, 0.9 if it.number is not None else 0.8)

    def _paragraph(self, text: str) -> bool:
        """A line of running prose: a sentence, or a line cut mid-phrase that the next line continues."""
        nxt = self._next.text.strip() if self._next is not None else ""
        if text.endswith("。") or "。" in text:
            return True
        if self._line.size and self._next is not None and self._next.size \
                and abs(self._line.size - self._next.size) > 0.5:
            return False                              # a title set larger than the text after it
        return ("、" in text or len(text) >= 38) and not text.endswith(_DANGLING) and bool(nxt) \
            and classify(nxt) is None and len(text) >= len(nxt) - 2      # a paragraph's lines run full width

    def _prose(self, title: str, line: Line) -> bool:
        """A bulleted sentence (〇本市では…。) is prose, not an element: it ends with 。 or holds one, or it is a
        long line that the next line continues."""
        if len(title) > 30 and title.endswith("。") or "。" in title[:-1]:
            return True
        if len(title) >= 38 and self._next is not None:
            nxt = self._next.text.strip()
            return bool(nxt) and classify(nxt) is None
        return False

    # ------------------------------------------------------------------ tables
    def _header(self, cells: tuple[str, ...]) -> _Table | None:
        short = [c for c in cells if c]
        if not short or any(len(c) > 24 for c in short) or not any(w in c for c in short for w in _HEADER_WORDS):
            return None
        if sum(any(w in c for w in _HEADER_WORDS) for c in short) < max(1, len(short) - 1):
            return None
        roles: dict[int, str] = {}
        ref_level = None
        for j, c in enumerate(cells):
            t = nfkc(c)
            if t.rstrip(".") in ("No", "NO", "番号", "No"):
                roles[j] = "no"
            elif any(w in t for w in _OWNER_WORDS):
                roles[j] = "owner"
            elif "name" not in roles.values() and any(w in t for w in ("事業名", "名称", "取組", "主な内容", "項目")):
                roles[j] = "name"
            elif any(w in t for w in ("概要", "内容", "説明")):
                roles[j] = "summary"
            else:
                named = classify(t)
                if named is not None and named.level is not None:
                    roles[j] = "ref"
                    ref_level = _LEVEL[named.level]
        if "name" not in roles.values():
            first = next((j for j in range(len(cells)) if roles.get(j) not in ("no", "owner", "ref")), None)
            if first is None:
                return None
            roles[first] = "name"
        return _Table(roles, ref_level)

    def _row(self, line: Line) -> None:
        t = self.table
        if all(re.fullmatch(r"[-=_ー─━]*", c.strip()) for c in line.cells):
            return                                   # a rule drawn with dashes
        cells = list(line.cells)
        no_col = next((j for j, r in t.roles.items() if r == "no"), None)
        if no_col == 0 and len(cells) < len(t.roles) and not nfkc(cells[0]).strip().isdigit():
            cells = ["", *cells]                     # a wrapped row printed without its (empty) number cell
        cell = {role: "" for role in ("no", "name", "summary", "owner", "ref")}
        for j, c in enumerate(cells):
            role = t.roles.get(j)
            if role:
                cell[role] = (cell[role] + "\n" + c).strip() if cell[role] else c
        if "owner" in t.roles.values():
            self._programme(line, cell)
            return
        first, *rest = cell["name"].split("\n") if cell["name"] else [""]
        m = classify(first) if first else None
        if m is not None and m.level is not None:
            return                                   # 柱1 … | (1) …: a table of the plan's structure (体系表)
        if first.startswith("※") and "再掲" in first and self.last is not None:
            self.last.flags.append("relisted")
            self.last.raw += " " + first
            self._relisted_note(self.last, first)
            rest = []
        elif m is not None and m.kind not in ("・", "○", "●", "◎", "-"):
            level = _LEVEL["action"] if t.ref_level is not None else None
            level = self.mapping.get(m.kind, level)
            self._place(line, m, f"table row, marker {m.kind}", 0.85, level=level)
        else:
            rest = [first, *rest]
        if self.last is not None:
            self.last.body += [r.lstrip("○・● ") for r in rest if r]
            self.last.line_end = line.no
        if cell["ref"]:
            self._refs(line, cell["ref"])

    def _relisted_note(self, node: DraftNode, note: str) -> None:
        """※再掲（基本目標3（5）） → the element (5) under goal 3, if drafted."""
        nums = [int(x) for x in re.findall(r"\d+", nfkc(note))]
        if len(nums) < 2:
            return
        goals = [n for n in self.nodes if n.level == _LEVEL["goal"] and n.number == nums[0] and n.part == "main"]
        for g in goals:
            kids = [n for n in self.nodes if n.parent == g.key and n.number == nums[1] and n is not node]
            if kids:
                node.relisted_from = kids[0].key
                return

    def _refs(self, line: Line, text: str) -> None:
        goal = self.anchor
        for label, rest in re.findall(r"【([^】]+)】\s*([^【]*)", text):
            label = nfkc(label).strip()
            if "再掲" in label or "新規" in label:
                continue
            items = [s.strip() for s in re.split(r"(?:^|\s)[・○●]", rest) if s.strip()]
            if not items:
                continue
            if any(n.rule.startswith("cross-reference") and n.label == label for n in self.nodes):
                continue
            num = re.search(r"\d+", label)
            m = Marker("【ref】", int(num.group()) if num else None, label, items[0])
            level = self.table.ref_level if self.table and self.table.ref_level is not None else _LEVEL["policy"]
            saved = self.last
            node = self._new(line, level, goal, m, "cross-reference in a table column", 0.85)
            node.body = items[1:]
            self.last = saved if saved is not None else node

    def _programme(self, line: Line, cell: dict) -> None:
        prev = self.last if self.last is not None and self.last.level == _PROGRAM else None
        numbered = "no" in t.roles.values() if (t := self.table) else False
        if prev is not None and (not cell["no"] if numbered else not cell["name"]):
            prev.title = strip_layout_spaces(prev.title + cell["name"])
            if _RELISTED.search(prev.title):
                prev.title = squash(_RELISTED.sub("", prev.title))
                prev.flags.append("relisted")
            prev.body.append(cell["summary"])
            prev.owners = squash(prev.owners + " " + cell["owner"])
            prev.line_end = line.no
            if "wrapped" not in prev.flags:
                prev.flags.append("wrapped")
            return
        if not cell["name"]:
            return
        upper = [node for _, node, lv in self.stack if lv <= _LEVEL["policy"]]
        parent = upper[-1] if upper else self.stack[-1][1] if self.stack else self.anchor
        if cell["ref"]:                              # a column of the table names the element the row belongs to
            parent = self._group_cell(line, cell["ref"])
        m = Marker("table row", int(cell["no"]) if cell["no"].isdigit() else None, cell["no"], cell["name"])
        node = self._new(line, _PROGRAM, parent, m, "row of a table with an owners column", 0.9,
                         owners=squash(cell["owner"]))
        node.body.append(cell["summary"])

    def _group_cell(self, line: Line, text: str) -> DraftNode:
        """The element a programme row's grouping cell (a merged 施策 cell, filled down) names: drafted once."""
        m = classify(text) or Marker("table group", None, "", text)
        title = strip_layout_spaces(squash(m.title))
        for n in reversed(self.nodes):
            if n.level != _PROGRAM and n.part == self.part and (norm_title(n.title) == norm_title(title)
                                                                 or nfkc(text).strip() == n.label):
                return n                             # the heading drafted above the table (by title or label)
        level = self.table.ref_level if self.table.ref_level is not None else _LEVEL["policy"]
        parent = self.anchor
        saved = self.last
        node = self._new(line, level, parent, m, "grouping column of a programme table (merged cells filled down)",
                         0.8)
        self.last = saved
        return node

    # ------------------------------------------------------------------ prose
    def _plain(self, line: Line, text: str, standalone: bool) -> None:
        if self.pending and self._paragraph(text):
            self.pending = []                        # 第2節 基本目標 over a paragraph: a heading, not a label
        if self.pending:
            m, lab = self.pending.pop(0)
            level = self.mapping.get(m.kind, _LEVEL[m.level])
            if level <= _LEVEL["goal"]:
                self.part = "main"
            node = self._new(line, level, None, Marker(m.kind, m.number, m.label, text, m.level),
                             f"tier word {m.label} on line {lab.no}, its title on a later line", 0.7)
            if level == _LEVEL["goal"]:
                self._anchor(node)
            self.wrap = node
            return
        vision = re.search(r"基本理念\s*(?:である|は|の)?\s*「([^」]{4,80})」", nfkc(text))
        if vision and not any(n.level == _LEVEL["vision"] for n in self.nodes):
            self._new(line, _LEVEL["vision"], None, Marker("基本理念N", None, "基本理念", vision.group(1)),
                      "基本理念「…」 quoted in prose", 0.75)
            return
        short = len(text) <= 40 and not text.endswith(("。", "、"))
        if standalone and short and subplan_part(text):
            self._section(line, text, rule="a short heading line naming a sub-plan", conf=0.7)
            return
        if standalone and len(text) <= 20 and section_role(text) == "priority" and "重点" in text[:6] \
                and text.endswith(("施策", "取組", "事項", "取組み", "取り組み")):
            self._section(line, text, rule="a heading line of the priority section", conf=0.7)
            return
        if standalone and len(text) <= 20 and section_role(text) == "nonplan":
            self.skip = True                         # 資料編, 現状と課題: a part of the document without elements
            return
        if self.skip:
            return
        w = self.wrap
        nxt = self._next.text.strip() if self._next is not None else ""
        full = bool(nxt) and classify(nxt) is None and not self._next.cells and len(text) >= len(nxt)
        if (w is not None and short and not w.title.endswith("。") and len(w.title) + len(text) <= 80
                and ("、" not in text or w.title.endswith(_DANGLING)) and not _OVERVIEW.search(text)
                and not full):                         # a line as long as the next: a paragraph's, not a title's
            w.title = strip_layout_spaces(w.title + text)
            w.line_end = line.no
            w.raw += "\n" + line.text
            if "wrapped" not in w.flags:
                w.flags.append("wrapped")
            return
        if self.last is not None:
            self.last.body.append(text)

    # ------------------------------------------------------------------ driver
    def feed(self, lines: list[Line]) -> None:
        """Draft the elements of one document's lines (state such as the open goal does not carry over)."""
        self._reset()
        self.chapters: dict[str, int] = {}
        self.named_goals = any((m := classify(ln.text)) is not None and m.level == "goal" and m.number is not None
                               for ln in lines if not ln.cells)
        for i, line in enumerate(lines):
            self._next = lines[i + 1] if i + 1 < len(lines) else None
            self._line = line
            text = line.text.strip()
            if not text:
                self.wrap = None
                self.prev_items = False
                continue
            if line.cells and sum(bool(c) for c in line.cells) >= 1 and len(line.cells) >= 2:
                header = self._header(line.cells)
                if header is not None:
                    self.table = header
                    self.wrap = None
                    continue
                if self.table is not None and not self.skip:
                    self._row(line)
                    continue
                lead = classify(next(c for c in line.cells if c))
                if lead is not None and lead.level is not None:
                    continue                          # 柱 | 施策, 柱1 … | (1) …: a table of the plan's structure
                text = " ".join(c for c in line.cells if c)
            elif self.table is not None and classify(text) is None and not subplan_part(text):
                self.table = None
            m = classify(text)
            inner = self._tier_heading(m, text, i, lines)
            if inner is not None:                     # 第1節 基本理念, 【基本理念】, 2 基本理念, 計画の基本理念
                m = inner
            if m is not None and m.level is not None and m.kind.endswith("N") and m.label in BLOCK_LABELS \
                    or nfkc(text) in BLOCK_LABELS:
                self.wrap = None                      # 主な取組内容, 主な事業（…）: announces a list, names no level
                continue
            if m is not None and m.level in ("vision", "goal") and not m.title and not m.number:
                self.pending.append((m, line))       # 基本理念 alone: its title follows
                self.skip = False
                self.wrap = None
                continue
            self.prev_items = self.prev_items and m is not None and m.kind == "【】"
            if m is None:
                prev_blank = i == 0 or not lines[i - 1].text.strip()
                nxt = next((ln.text.strip() for ln in lines[i + 1:i + 2]), "")
                self._plain(line, text, prev_blank and (not nxt or classify(nxt) is not None))
            elif m.level is not None:
                self._named(line, m)
            elif m.kind.startswith("第1"):
                self._section(line, m.title or m.label, rule=f"heading {m.label}", conf=0.75)
            elif self._chapter(m):
                self._section(line, m.title, rule=f"numbered chapter {m.label} (the plan names its goals)", conf=0.7)
            elif not self.skip:
                self.table = None if m.kind != "【】" else self.table
                self._item(line, m)
            elif m.kind == "【】" and m.label != "【】" and not m.title:
                self._item(line, m)                   # a new section may end the skipped one

    def _tier_heading(self, m: Marker | None, text: str, i: int, lines: list[Line]) -> Marker | None:
        """A heading that is only a vision or goal tier word, however it is marked (第1節 基本理念, 【基本理念】,
        2 基本理念, a line of its own ending in 基本理念): the label of the title that follows."""
        if m is not None and m.level is not None:
            return None
        candidate = m.title if m is not None and m.title else m.label if m is not None and m.kind == "【】" else None
        if m is None:
            prev_blank = i == 0 or not lines[i - 1].text.strip()
            words = [w for w, lv in TIER_WORDS if lv in ("vision", "goal")]
            end = next((w for w in words if nfkc(text).endswith(w)), None)
            candidate = end if end and prev_blank and len(text) <= len(end) + 6 and "、" not in text else None
        inner = classify(candidate) if candidate else None
        if inner is not None and inner.level in ("vision", "goal") and not inner.title and inner.number is None:
            return inner
        return None

    def _chapter(self, m: Marker) -> bool:
        """A numbered heading at the top of a plan that names its goals with a tier word (基本目標1) is a chapter of
        the document (1 計画の策定にあたって, 6 再犯防止推進計画), not a goal: outside every goal and sub-plan, or
        the next number of a chapter kind (5 重点施策 after 4 施策の展開, even under the last goal)."""
        if not self.named_goals or m.number is None or m.kind in ("【】", "【ref】"):
            return False
        if m.kind in self.chapters and m.number == self.chapters[m.kind] + 1 \
                and all(k != m.kind for k, _, _ in self.stack):
            self.chapters[m.kind] = m.number          # the next chapter: 5 重点施策 after 4 施策の展開
            return True
        if self.part == "priority" or self.anchor is not None and self.anchor.kind != "section":
            return False
        role = section_role(m.title)
        if self.anchor is not None and self.anchor.kind == "section":
            # inside a sub-plan: only a heading of another sub-plan, or of a part without elements, ends it
            return role == "nonplan" or role == "subplan" and subplan_part(m.title) != self.anchor.part
        self.chapters[m.kind] = m.number
        return True
        for m, lab in self.pending:                   # a label whose title never came
            self._new(lab, _LEVEL[m.level], None, Marker(m.kind, m.number, m.label, m.label, m.level),
                      f"tier word {m.label} without a title", 0.4, flags=["truncated"])

    def finish(self) -> list[DraftNode]:
        """Group restarted numbering, hang roots from the vision, merge duplicates, inherit parts."""
        nodes = self.nodes
        by_key = {n.key: n for n in nodes}
        self._drop_overview_entries()
        self._group_restarts(self.nodes, by_key)
        self._adopt_subplans()
        nodes = self.nodes
        visions = [n for n in nodes if n.level == _LEVEL["vision"]]
        root = visions[0] if visions else None
        for n in nodes:
            if n.parent is None and n is not root and root is not None:
                n.parent = root.key
        self._merge_duplicates(nodes, by_key)
        first: dict[str, DraftNode] = {}
        for n in self.nodes:
            t = norm_title(n.title)
            if "relisted" in n.flags and n.relisted_from is None and t in first:
                n.relisted_from = first[t].key
            first.setdefault(t, n)
        kids: dict[int | None, list[DraftNode]] = {}
        for n in self.nodes:
            kids.setdefault(n.parent, []).append(n)
        for n in self._walk(kids):
            parent = by_key.get(n.parent) if n.parent is not None else None
            if parent is not None and parent.part != "main" and n.kind != "section":
                n.part = parent.part
            if parent is not None and n.level <= parent.level:
                n.flags.append("level_not_below_parent")
        return self._walk(kids)

    def _walk(self, kids: dict) -> list[DraftNode]:
        out, todo = [], list(reversed(kids.get(None, [])))
        while todo:
            n = todo.pop()
            out.append(n)
            todo.extend(reversed(kids.get(n.key, [])))
        return out

    def _group_restarts(self, nodes: list[DraftNode], by_key: dict) -> None:
        for kind in {n.kind for n in nodes if n.top and n.restart}:
            run: list[DraftNode] = []
            runs: list[list[DraftNode]] = []
            for n in nodes:
                if n.top and n.kind == kind:
                    if n.restart and run:
                        runs.append(run)
                        run = []
                    run.append(n)
            runs.append(run)
            for k, members in enumerate(runs, 1):
                first = members[0]
                group = DraftNode(len(self.nodes), _LEVEL["goal"], first.part, None, "synthetic", k, f"(群{k})",
                                  f"（見出しなし：{first.file} の {k} 番目の番号群）", first.file, first.page,
                                  first.line_start, first.line_start, first.raw,
                                  "numbering restarted without a heading: a synthetic parent", 0.3,
                                  ["synthetic", "uncertain_parent"])
                self.nodes.insert(self.nodes.index(first), group)
                by_key[group.key] = group
                for m in members:
                    m.parent = group.key
                    m.flags.append("uncertain_parent")
                    self._demote(m, by_key)

    def _adopt_subplans(self) -> None:
        """A synthetic group whose elements speak of one sub-plan (成年後見 …) is that sub-plan: it moves under the
        sub-plan's drafted root if that root has no elements yet, else it takes the sub-plan's part."""
        for g in [n for n in self.nodes if n.kind == "synthetic"]:
            members = [n for n in self.nodes if n.parent == g.key]
            sub, todo = [], list(members)
            while todo:
                n = todo.pop()
                sub.append(n)
                todo.extend(c for c in self.nodes if c.parent == n.key)
            hits = subplan_hits(" ".join(n.title + " " + " ".join(n.body) for n in sub))
            best = max(hits, key=hits.get)
            if hits[best] < max(3, 0.4 * len(sub)) or hits[best] <= 2 * (sum(hits.values()) - hits[best]):
                continue
            roots = [n for n in self.nodes if n.kind == "section" and n.part == best
                     and not any(c.parent == n.key for c in self.nodes)]
            for n in sub:
                n.part = best
            if roots:
                for m in members:
                    m.parent = roots[0].key
                roots[0].flags.append("adopted_group")
                roots[0].raw += f"\n(elements from {g.file} line {g.line_start}: {hits[best]} mentions)"
                self.nodes.remove(g)
            else:
                g.part = best
                g.rule += f"; its elements name the {best} sub-plan {hits[best]} times"

    def _demote(self, node: DraftNode, by_key: dict) -> None:
        todo = [node]
        while todo:
            n = todo.pop()
            if n.level < _ACTION:
                n.level += 1
            todo.extend(c for c in self.nodes if c.parent == n.key)

    def _drop_overview_entries(self) -> None:
        """A plan's 体系図 or 施策の体系 lists its vision, goals and policies before the chapters that develop them: of
        two such elements with one title in one document, the earlier is an overview entry when everything under it
        is repeated under the later one (or it has nothing under it); it is dropped with what is under it."""
        kids: dict[int, list[DraftNode]] = {}
        for n in self.nodes:
            kids.setdefault(n.parent, []).append(n)

        def key(n: DraftNode) -> str:
            return norm_title(re.sub(r"[（(][^（()）]*[）)]$", "", n.title))

        def subtree(n: DraftNode) -> list[DraftNode]:
            out, todo = [], list(kids.get(n.key, []))
            while todo:
                c = todo.pop()
                out.append(c)
                todo.extend(kids.get(c.key, []))
            return out

        later: dict[tuple, DraftNode] = {}
        # the entry may sit one tier deeper than what it lists (its 施策の体系 heading drafted as a goal) and in the
        # main part while its twin opens a sub-plan: a twin at the same or a higher tier, in any part, counts too
        anywhere: dict[tuple, DraftNode] = {}
        cross: dict[int, tuple[DraftNode, list[DraftNode]]] = {}
        drop: set[int] = set()
        for n in reversed(self.nodes):
            if n.level not in (_LEVEL["vision"], _LEVEL["goal"], _LEVEL["policy"]) or n.key in drop:
                continue
            k = (n.file, n.level, n.part, key(n))
            twin = later.get(k)
            if twin is None:
                other = anywhere.get((n.file, key(n)))
                if other is not None and other.level < n.level:
                    mine, theirs = subtree(n), {key(c) for c in subtree(other)}
                    if all(key(c) in theirs for c in mine):
                        cross[n.key] = (other, mine)
            if twin is not None:
                mine, theirs = subtree(n), {key(c) for c in subtree(twin)}
                if all(key(c) in theirs for c in mine) and (theirs or not mine or n.level == _LEVEL["vision"]):
                    drop |= {n.key, *(c.key for c in mine)}
                    twin.raw += f"\n(also listed at line {n.line_start}, an overview)"
                    continue
            later[k] = n
            anywhere[(n.file, key(n))] = n
        # entries one tier too deep count only as a whole list under a heading that names an overview (施策の体系,
        # which goes with them), every child of it an element found later at a higher tier
        emptied = set()
        for n in self.nodes:
            ch = kids.get(n.key, [])
            if (n.level > _LEVEL["vision"] and n.key not in drop and ch and _OVERVIEW.search(n.title)
                    and any(c.key in cross for c in ch) and all(c.key in cross or c.key in drop for c in ch)):
                emptied.add(n.key)
                for c in ch:
                    if c.key in cross:
                        twin, mine = cross[c.key]
                        drop |= {c.key, *(m.key for m in mine)}
                        twin.raw += f"\n(also listed at line {c.line_start}, an overview)"
        self.nodes = [n for n in self.nodes if n.key not in drop | emptied]

    def _merge_duplicates(self, nodes: list[DraftNode], by_key: dict) -> None:
        seen: dict[tuple[int, str], DraftNode] = {}
        drop = set()
        for n in nodes:
            if n.level == _PROGRAM:
                continue
            key = (n.part, norm_title(n.title))
            other = seen.get(key)
            if other is None or other.file == n.file:      # within one document a repeat is a re-listing
                seen[key] = n
                continue
            keep, lose = (n, other) if n.confidence > other.confidence else (other, n)
            for c in nodes:
                if c.parent == lose.key:
                    c.parent = keep.key
            keep.flags.append("merged_duplicate")
            keep.raw += f"\n(also {lose.file} line {lose.line_start})"
            drop.add(lose.key)
            seen[key] = keep
        self.nodes = [n for n in nodes if n.key not in drop]
        for n in self.nodes:
            if n.relisted_from in drop:
                n.relisted_from = None

    def tiers(self) -> list[tuple[str, str, int]]:
        """The plan's grammar as drafted (after `finish`): (marker kind, level, number of elements), in order of
        first use."""
        used: dict[tuple[str, str], int] = {}
        for n in sorted(self.nodes, key=lambda n: n.key):
            used[(n.kind, LEVELS[n.level])] = used.get((n.kind, LEVELS[n.level]), 0) + 1
        return [(kind, level, n) for (kind, level), n in used.items()]


def draft_lines(documents: list[list[Line]], mapping: dict[str, str] | None = None) -> tuple[list[DraftNode], list]:
    """Draft a plan from the lines of its documents (in the order given): the nodes (parents first) and the tiers.

    Examples
    --------
    >>> from compare.parse.draft.source import Line
    >>> text = ["基本理念", "みんなで支えあうまち", "", "基本目標1 つながり", "(1) 見守りの充実", "①訪問",
    ...         "(2) 相談の充実", "基本目標2 安心", "(1) 防災"]
    >>> nodes, tiers = draft_lines([[Line("p.txt", i, 1, t) for i, t in enumerate(text, 1)]])
    >>> [(LEVELS[n.level], n.label, n.title) for n in nodes]  # doctest: +NORMALIZE_WHITESPACE
    [('vision', '基本理念', 'みんなで支えあうまち'), ('goal', '基本目標1', 'つながり'),
     ('policy', '(1)', '見守りの充実'), ('action', '①', '訪問'), ('policy', '(2)', '相談の充実'),
     ('goal', '基本目標2', '安心'), ('policy', '(1)', '防災')]
    """
    d = Drafter(mapping)
    for lines in documents:
        d.feed(lines)
    return d.finish(), d.tiers()
