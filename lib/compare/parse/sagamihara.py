"""Sagamihara: the summary of 地域共生社会推進計画 (第5期地域福祉計画)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..model import Node, ParsedCity
from ..raw import read_lines
from ..textutil import nfkc

__all__ = ["parse_sagamihara"]

CITY = "sagamihara"
_GOAL = re.compile(r"^基本目標(\d+)[：:](.+)$")
_POLICY = re.compile(r"^-\s*(\d+)\s+(.+)$")
_NUMBERED = re.compile(r"^\((\d+)\)\s*(.+)$")
_PILLAR = re.compile(r"^([①-⑨])(.+)$")
_BULLET = re.compile(r"^-\s+(.+)$")
_SUBPLAN_POLICY = re.compile(r"^-\s*\((\d+)\)\s*(.+)$")
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


def parse_sagamihara(path: Path) -> ParsedCity:
    """Parse the Sagamihara summary into vision, goals, policies, actions and the embedded sub-plans."""
    city = ParsedCity(CITY)
    name = path.name
    lines = read_lines(path)
    text = [nfkc(ln).strip() for ln in lines]
    raw = [ln.strip() for ln in lines]
    n = len(lines)

    def para(i: int, stop) -> tuple[str, int]:
        """Join non-empty lines from i until `stop(line)` is true; returns the text and the last line index."""
        parts, last = [], i
        j = i
        while j < n and not stop(text[j]):
            if text[j]:
                parts.append(raw[j])
                last = j
            j += 1
        return "".join(parts), last

    def is_heading(t: str) -> bool:
        return bool(t.startswith("【") or t.startswith("《") or _GOAL.match(t) or t in ("基本理念", "コラム"))

    context = "leaflet furniture"
    goal = priority = subplan = policy = None
    action_seq: dict[str, int] = {}
    i = 0
    while i < n:
        t = text[i]
        if not t:
            i += 1
            continue
        if t in _CONTEXT:
            context = _CONTEXT[t]
            goal = priority = subplan = policy = None
            city.account(name, i + 1, lines[i], note=f"heading: {context}")
        elif t == "【重点的な取組事項】":
            context, subplan, goal = "priority", "priority", None
            city.account(name, i + 1, lines[i], note="heading of the priority part (重点的な取組事項)")
        elif t in ("【成年後見制度利用促進基本計画】", "【再犯防止推進計画】"):
            subplan = "guardianship" if "成年後見" in t else "reoffending"
            context, goal, policy = subplan, None, None
            body, last = para(i + 1, lambda s: s in ("重点的な取組", "主な取組内容"))
            node = city.add(Node(f"sagamihara.{subplan}", CITY, subplan, "goal", "sagamihara.vision", 1,
                                 t.strip("【】"), t.strip("【】"), body.lstrip("○"), name, i + 1, last + 1),
                            raw_text=lines[i])
            goal = node
            i = last + 1
            continue
        elif t == "基本理念":
            body_i = i + 1
            while body_i < n and not text[body_i].startswith("○"):
                body_i += 1
            if body_i == n:
                raise ParseError(path, i + 1, "expected the vision and a '○' explanation after 基本理念")
            title_lines = [k for k in range(i + 1, body_i) if raw[k]]
            title = " ".join(raw[k] for k in title_lines)
            city.account(name, i + 1, lines[i], note="label 基本理念 (title on the next lines)")
            city.add(Node("sagamihara.vision", CITY, "main", "vision", "", 1, "基本理念", title,
                          raw[body_i].lstrip("○"), name, title_lines[0] + 1, body_i + 1),
                     raw_text=lines[title_lines[0]])
            context = "main"
            i = body_i + 1
            continue
        elif (m := _GOAL.match(t)) and context in ("main", "leaflet furniture"):
            num = int(m.group(1))
            body, last = para(i + 1, lambda s: s.startswith("《"))
            goal = city.add(Node(f"sagamihara.g{num}", CITY, "main", "goal", "sagamihara.vision", num,
                                 f"基本目標{num}", m.group(2).strip(), body, name, i + 1, last + 1), raw_text=lines[i])
            context = "main"
            i = last + 1
            continue
        elif t in ("《施策の方向性》", "《主な取組》", "重点的な取組", "主な取組内容"):
            city.account(name, i + 1, lines[i], note=f"label {t}")
        elif context == "main" and goal is not None and (m := _POLICY.match(t)):
            num = int(m.group(1))
            city.add(Node(f"{goal.node_id}.p{num}", CITY, "main", "policy", goal.node_id, num, m.group(1),
                          m.group(2).strip(), "", name, i + 1, i + 1), raw_text=lines[i])
        elif context == "main" and goal is not None and t.startswith("○"):
            for item in _split_items(raw[i], "○"):
                k = action_seq[goal.node_id] = action_seq.get(goal.node_id, 0) + 1
                city.add(Node(f"{goal.node_id}.a{k}", CITY, "main", "action", goal.node_id, k, "○",
                              item, "", name, i + 1, i + 1))
            city.account(name, i + 1, lines[i], node_id=f"{goal.node_id}.a*", note="主な取組 items (○)")
        elif context == "priority" and (m := _NUMBERED.match(t)):
            num = int(m.group(1))
            body, last = para(i + 1, lambda s: bool(_NUMBERED.match(s) or s.startswith("【") or (s[:1].isdigit())))
            priority = city.add(Node(f"sagamihara.priority.{num}", CITY, "priority", "goal", "sagamihara.vision",
                                     num, f"({num})", m.group(2).strip(), body, name, i + 1, last + 1),
                                raw_text=lines[i])
            i = last + 1
            continue
        elif context == "priority" and priority is not None and (m := _PILLAR.match(raw[i])):
            num = "①②③④⑤⑥⑦⑧⑨".index(m.group(1)) + 1
            policy = city.add(Node(f"{priority.node_id}.{num}", CITY, "priority", "policy", priority.node_id, num,
                                   m.group(1), m.group(2).strip(), "", name, i + 1, i + 1), raw_text=lines[i])
        elif context == "priority" and policy is not None and (m := _BULLET.match(t)):
            k = action_seq[policy.node_id] = action_seq.get(policy.node_id, 0) + 1
            city.add(Node(f"{policy.node_id}.a{k}", CITY, "priority", "action", policy.node_id, k, "-",
                          raw[i][1:].strip(), "", name, i + 1, i + 1), raw_text=lines[i])
        elif context == "guardianship" and goal is not None and (m := _NUMBERED.match(t)):
            num = int(m.group(1))
            policy = city.add(Node(f"{goal.node_id}.p{num}", CITY, "guardianship", "policy", goal.node_id, num,
                                   f"({num})", m.group(2).strip(), "", name, i + 1, i + 1), raw_text=lines[i])
        elif context == "guardianship" and policy is not None and (t.startswith("【主な取組】") or t.startswith("●")):
            items = _split_items(raw[i].replace("【主な取組】", ""), "●")
            if not t.startswith("【主な取組】"):
                city.anomaly(name, i + 1, "wrapped_item_list",
                             f"主な取組 of {policy.node_id} continue on this line")
            for item in items:
                k = action_seq[policy.node_id] = action_seq.get(policy.node_id, 0) + 1
                city.add(Node(f"{policy.node_id}.a{k}", CITY, "guardianship", "action", policy.node_id, k, "●",
                              item, "", name, i + 1, i + 1))
            city.account(name, i + 1, lines[i], node_id=f"{policy.node_id}.a*", note="主な取組 items (●)")
        elif context == "reoffending" and goal is not None and (m := _SUBPLAN_POLICY.match(t)):
            num = int(m.group(1))
            policy = city.add(Node(f"{goal.node_id}.p{num}", CITY, "reoffending", "policy", goal.node_id, num,
                                   f"({num})", raw[i].split(")", 1)[1].strip(), "", name, i + 1, i + 1),
                              raw_text=lines[i])
        elif context == "reoffending" and policy is not None and t.startswith("【"):
            for item in re.findall(r"【([^】]+)】", raw[i]):
                k = action_seq[policy.node_id] = action_seq.get(policy.node_id, 0) + 1
                city.add(Node(f"{policy.node_id}.a{k}", CITY, "reoffending", "action", policy.node_id, k, "【】",
                              item, "", name, i + 1, i + 1))
            city.anomaly(name, i + 1, "attached_by_position",
                         f"bracketed areas {raw[i]!r} follow ({policy.ordinal}) with no label; read as its actions")
            city.account(name, i + 1, lines[i], node_id=f"{policy.node_id}.a*", note="areas of support (【…】)")
        else:
            city.account(name, i + 1, lines[i], note=context if context not in ("main", "priority") else "text of the leaflet")
        i += 1

    _check(city, path)
    return city


def _check(city: ParsedCity, path: Path) -> None:
    """The summary's structure as printed: 3 goals, 10 policies numbered 1-10, three pillars."""
    goals = [nd for nd in city.nodes if nd.level == "goal" and nd.part == "main"]
    policies = [nd for nd in city.nodes if nd.level == "policy" and nd.part == "main"]
    if len(goals) != 3:
        raise ParseError(path, None, f"expected 3 基本目標, found {len(goals)}")
    nums = [nd.ordinal for nd in policies]
    if nums != list(range(1, len(nums) + 1)) or len(nums) != 10:
        raise ParseError(path, policies[0].line_start if policies else None,
                         f"expected 施策の方向性 numbered 1-10 in order, found {nums}")
    if not any(nd.node_id == "sagamihara.vision" for nd in city.nodes):
        raise ParseError(path, None, "expected a 基本理念 heading followed by the vision")
