"""The common plan model: nodes, links, programme rows and anomalies shared by every parser."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "PARTS",
    "PART_LABELS",
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
