"""The common plan model: nodes, links, programme rows and anomalies shared by every parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "PARTS",
    "PART_LABELS",
    "PART_SHORT",
    "plan_numbers",
    "LEVELS",
    "LEVEL_LABELS",
    "NODE_COLUMNS",
    "LINK_COLUMNS",
    "PROGRAM_COLUMNS",
    "TOKEN_COLUMNS",
    "Node",
    "Link",
    "Anomaly",
    "ProgramRow",
    "ParsedCity",
]


def _row(record) -> dict:
    """A flat record's fields as a dict, in declaration order (all fields are scalars: no deep copy needed)."""
    return dict(vars(record))

#: Parts of a plan: the plan proper and the sub-plans embedded in it.
PARTS = ("main", "priority", "livelihood", "guardianship", "reoffending")
PART_LABELS = {
    "main": "計画本体 (main plan)",
    "priority": "重点的な取組 (priority actions)",
    "livelihood": "生活困窮者自立支援 (livelihood support)",
    "guardianship": "成年後見制度利用促進 (adult guardianship)",
    "reoffending": "再犯防止推進 (preventing reoffending)",
}

#: A sub-plan's short name where it stands for the plan's own numbering of a goal (figures, tick labels).
PART_SHORT = {"main": "", "priority": "重点", "livelihood": "生活困窮", "guardianship": "成年後見",
              "reoffending": "再犯防止"}

#: A label that numbers its element: a digit, a circled or Roman numeral, an iroha/kana or Latin letter marker.
_NUMBERED = re.compile(r"[0-9０-９①-⑳Ⅰ-Ⅻⅰ-ⅻア-ンA-Za-zＡ-Ｚａ-ｚ]")
#: A page reference a label carries (「行動目標1（本編P19）」), not part of its number.
_PAGE_REF = re.compile(r"\s*[（(][^（()）]*[PpＰｐ頁][^（()）]*[)）]\s*$")


def _own_number(label: str, level: str, part: str, ordinal) -> str:
    label = _PAGE_REF.sub("", str(label or "")).strip()
    if level == "vision":
        return label or "基本理念"
    if level == "goal" and part != "main":             # a sub-plan or priority section: its short name first
        short = PART_SHORT.get(part, "")
        if not re.search(r"[0-9０-９]", label):
            return short or label                      # its title is no number
        if not short or short in label:
            return label
        return f"{short}{label}" if label[:1] in "(（【[" else f"{short} {label}"
    if not _NUMBERED.search(label):                    # a bullet (○ ● -) numbers nothing: its position does
        return f"・{ordinal}" if str(ordinal) not in ("", "nan", "None") else label
    return label


def plan_numbers(nodes, sep: str = " / ") -> dict[str, str]:
    """The plan's own numbering of every element: its labels from the goal down, e.g. ``基本的方向2 / (3)``.

    A main-plan label that alone is unique in its city and says what it numbers (``行動目標8``) stands alone;
    otherwise the labels of every ancestor from the goal down are prepended. A sub-plan's goal is named by its
    short part name (`PART_SHORT`); a bullet label (○, ●, -) numbers nothing, so the element's ordinal stands
    for it (``・2``); page references in labels (``（本編P33）``) are dropped. Vision rows get their label.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Shaped like ``nodes.csv``: ``node_id``, ``city``, ``parent_id``, ``level``, ``part``, ``label`` and
        ``ordinal``.
    sep : str, default " / "
        Put between the labels of a chain.

    Returns
    -------
    dict of str to str
        Node id → its number as the plan prints it.

    Examples
    --------
    >>> import pandas as pd
    >>> n = pd.DataFrame({"node_id": ["s.g2", "s.g2.p3", "s.gd", "s.gd.p1", "h.g1", "h.ag01", "h.g1.a1"],
    ...                   "city": ["s", "s", "s", "s", "h", "h", "h"],
    ...                   "parent_id": ["", "s.g2", "", "s.gd", "", "h.g1", "h.ag01"],
    ...                   "level": ["goal", "policy", "goal", "policy", "goal", "policy", "action"],
    ...                   "part": ["main", "main", "guardianship", "guardianship", "main", "main", "main"],
    ...                   "label": ["基本的方向2", "(3)", "成年後見制度の利用促進", "(1)", "基本目標1",
    ...                             "行動目標1（本編P19）", "○"],
    ...                   "ordinal": [2, 3, 5, 1, 1, 1, 2]})
    >>> plan_numbers(n)["s.g2.p3"], plan_numbers(n)["s.gd.p1"], plan_numbers(n)["h.ag01"], plan_numbers(n)["h.g1.a1"]
    ('基本的方向2 / (3)', '成年後見 / (1)', '行動目標1', '基本目標1 / 行動目標1 / ・2')
    """
    cols = [list(nodes[c]) for c in ("node_id", "city", "parent_id", "level", "part", "label", "ordinal")]
    parent, level, city, own, main = {}, {}, {}, {}, {}
    for nid, c, par, lvl, part, label, ordinal in zip(*cols):
        parent[nid], level[nid], city[nid], main[nid] = str(par or ""), lvl, c, part == "main"
        own[nid] = _own_number(label, lvl, part, ordinal)
    chains = {}
    for nid in own:
        chain, cur, seen = [nid], nid, {nid}
        while level.get(cur) not in ("goal", "vision") and parent.get(cur) in own and parent[cur] not in seen:
            cur = parent[cur]
            seen.add(cur)
            chain.append(cur)
        chains[nid] = chain[::-1]            # goal (or the highest ancestor below the vision) first
    counts: dict = {}
    for nid in own:
        counts[(city[nid], own[nid])] = counts.get((city[nid], own[nid]), 0) + 1
    out = {}
    for nid, chain in chains.items():
        # a tier word and its number, unique in the plan, stands alone in the main plan (a sub-plan is named first)
        alone = main[nid] and counts[(city[nid], own[nid])] == 1 and re.search(r"[^\W\d_]{2}", own[nid])
        out[nid] = own[nid] if alone or len(chain) == 1 else sep.join(own[x] for x in chain if own[x])
    return out


#: Levels from the most general to the most concrete.
LEVELS = ("vision", "goal", "policy", "action", "program")
LEVEL_LABELS = {
    "vision": "基本理念・基本目標 (vision)",
    "goal": "基本目標・基本的方向 (goal)",
    "policy": "施策・施策の方向性・行動目標 (policy)",
    "action": "主な取組・主な内容 (action)",
    "program": "事業 (programme)",
}

NODE_COLUMNS = (
    "node_id", "city", "part", "level", "parent_id", "ordinal", "label", "title", "body",
    "source_file", "line_start", "line_end",
)
LINK_COLUMNS = ("from_id", "to_id", "kind", "detail", "source_file", "line")
TOKEN_COLUMNS = ("node_id", "city", "part", "level", "field", "position", "surface", "lemma", "pos", "content",
                 "counted")
PROGRAM_COLUMNS = (
    "row_id", "node_id", "city", "part", "block", "section", "section_title", "no", "name", "summary",
    "owners", "owner_kinds", "owners_raw", "relisted", "program_id", "link_method", "name_raw",
    "line_start", "line_end",
)


@dataclass
class Node:
    """One element of a plan (a vision, goal, policy, action or programme).

    Examples
    --------
    >>> n = Node("sendai.g1", "sendai", "main", "goal", "sendai.aim", 1, "基本的方向1",
    ...          "地域の課題に気づき、解決を図る地域力の強化", "", "sendai_overview.txt", 64, 64)
    >>> n.as_row()["level"]
    'goal'
    """

    node_id: str
    city: str
    part: str
    level: str
    parent_id: str
    ordinal: int
    label: str
    title: str
    body: str
    source_file: str
    line_start: int
    line_end: int

    def as_row(self) -> dict:
        return _row(self)


@dataclass
class Link:
    """A relation between two nodes that is not parent/child (`relisted_from`, `refers_to`)."""

    from_id: str
    to_id: str
    kind: str
    detail: str = ""
    source_file: str = ""
    line: int = 0

    def as_row(self) -> dict:
        return _row(self)


@dataclass
class Anomaly:
    """Something odd in a source text: reported, never silently fixed."""

    file: str
    line: int
    kind: str
    message: str

    def as_row(self) -> dict:
        return _row(self)


@dataclass
class ProgramRow:
    """One printed row of a programme table (事業一覧): a programme listing with its owners (担当局等).

    Every listing of one programme shares `program_id`; `relisted` says the row was printed with 【再掲】.
    """

    row_id: str
    node_id: str
    city: str
    part: str
    block: int
    section: int
    section_title: str
    no: str
    name: str
    summary: str
    owners: str
    owner_kinds: str
    owners_raw: str
    relisted: bool
    program_id: str
    link_method: str
    name_raw: str
    line_start: int
    line_end: int

    def as_row(self) -> dict:
        return _row(self)


@dataclass
class ParsedCity:
    """Everything one parser produced for one city.

    `programs` holds the rows of a programme table for any city whose source has one (owners per programme);
    `sections` the table's sections and `programme_links` every programme listed more than once, for the report.
    """

    city: str
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    #: Every numbered row or heading of the raw text: {file, line, text, node_id | note}.
    accounting: list[dict] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    programme_links: list[dict] = field(default_factory=list)
    #: Source files read, and whether the parser accounts for every one of their lines (coverage report).
    files: list[str] = field(default_factory=list)
    line_accounting: bool = True
    encodings: dict[str, str] = field(default_factory=dict)

    def add(self, node: Node, *, raw_text: str | None = None) -> Node:
        self.nodes.append(node)
        if raw_text is not None:
            self.account(node.source_file, node.line_start, raw_text, node_id=node.node_id)
        return node

    def account(self, file: str, line: int, text: str, *, node_id: str = "", note: str = "") -> None:
        self.accounting.append(
            {"file": file, "line": line, "text": text.strip()[:60], "node_id": node_id, "note": note}
        )

    def anomaly(self, file: str, line: int, kind: str, message: str) -> None:
        self.anomalies.append(Anomaly(file, line, kind, message))
