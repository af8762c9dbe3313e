"""Hatsukaichi's action policy: markup stripped, items with bullets, cited 行動目標, chapters."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from compare.parse.hatsukaichi import parse_citations, strip_markup
from conftest import HATSUKAICHI_ROW


@pytest.fixture(scope="module")
def hatsu(cities):
    return cities["hatsukaichi"]


def test_markup_is_stripped():
    left, right = HATSUKAICHI_ROW.split("\t")
    assert strip_markup(left) == "(1) 「相談まるごとサポートデスク」の機能発揮 ○ 最初の窓口として機能を発揮させる。"
    assert parse_citations(right) == [(3, 23, ["在宅で療養したい人や家族からの相談に応じます"])]


def test_no_markup_left_in_nodes(hatsu):
    assert not [n for n in hatsu.nodes if "<" in n.title + n.body or "bbox" in n.body]


def test_items_per_goal(hatsu):
    c = Counter(n.parent_id for n in hatsu.nodes if n.level == "action")
    assert c == {"hatsukaichi.g1": 2, "hatsukaichi.g2": 1, "hatsukaichi.g3": 5, "hatsukaichi.g4": 3,
                 "hatsukaichi.guardianship": 2, "hatsukaichi.reoffending": 2}


def test_item_bullets_become_body(hatsu):
    n = next(n for n in hatsu.nodes if n.node_id == "hatsukaichi.g3.a3")
    assert n.body.startswith("○ 避難行動要支援者の個別避難計画については")
    assert "○ 策定に当たっては" in n.body  # continuation line 37 merged
    assert (n.line_start, n.line_end) == (35, 37)


def test_refers_to_links_and_policies(hatsu):
    refs = [(lk.from_id, lk.to_id) for lk in hatsu.links if lk.kind == "refers_to"]
    assert ("hatsukaichi.g3.a4", "hatsukaichi.ag06") in refs
    ag6 = next(n for n in hatsu.nodes if n.node_id == "hatsukaichi.ag06")
    assert ag6.level == "policy" and ag6.parent_id == "hatsukaichi.g3"
    # five statements gathered from the four items citing it: the first is the title, the other four the body
    assert len(re.findall(r"(?:^|\s)・", ag6.body)) == 4 and ag6.title not in ag6.body
    numbers = sorted(n.ordinal for n in hatsu.nodes if n.label.startswith("行動目標"))
    assert numbers == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert any(a.kind == "not_cited" and "行動目標4" in a.message for a in hatsu.anomalies)


def test_item_listed_again_is_linked(hatsu):
    rel = [(lk.from_id, lk.to_id) for lk in hatsu.links if lk.kind == "relisted_from"]
    assert rel == [("hatsukaichi.g4.a3", "hatsukaichi.g3.a5")]


def test_chapters_are_parts(hatsu):
    parts = {n.node_id: n.part for n in hatsu.nodes if n.level == "goal"}
    assert parts["hatsukaichi.guardianship"] == "guardianship"
    assert parts["hatsukaichi.reoffending"] == "reoffending"
