"""Sagamihara's summary: vision, 3 goals, 10 policies, actions, priority pillars and the two sub-plans."""

from __future__ import annotations

from collections import Counter

import pytest


@pytest.fixture(scope="module")
def sagamihara(cities):
    return cities["sagamihara"]


def test_structure_counts(sagamihara):
    c = Counter((n.part, n.level) for n in sagamihara.nodes)
    assert c[("main", "vision")] == 1
    assert c[("main", "goal")] == 3
    assert c[("main", "policy")] == 10
    assert c[("main", "action")] == 10       # ○ items: 3 + 4 + 3
    assert c[("guardianship", "policy")] == 3
    assert c[("guardianship", "action")] == 7
    assert c[("reoffending", "policy")] == 3


def test_policies_under_their_goals(sagamihara):
    parent = {n.node_id: n.parent_id for n in sagamihara.nodes}
    by_label = {n.label: n for n in sagamihara.nodes if n.level == "policy" and n.part == "main"}
    assert [parent[by_label[str(k)].node_id]
            for k in range(1, 11)] == ["sagamihara.g1"] * 4 + ["sagamihara.g2"] * 3 + ["sagamihara.g3"] * 3
    assert by_label["10"].title == "地域での様々な取組をつなげて、支援の輪を広げます。"


def test_three_pillars_of_the_priority_part(sagamihara):
    pillars = [n.title for n in sagamihara.nodes if n.part == "priority" and n.level == "policy"]
    assert pillars == ["相談支援", "地域づくりへの支援", "参加支援"]


def test_wrapped_guardianship_actions_kept(sagamihara):
    titles = [n.title for n in sagamihara.nodes if n.parent_id == "sagamihara.guardianship.p2"]
    assert titles == ["意思決定支援等による支援体制の整備", "権利侵害の回復支援体制の整備", "連携・協力機能の強化"]


def test_vision_and_line_numbers(sagamihara):
    v = next(n for n in sagamihara.nodes if n.level == "vision")
    assert v.title == "みんなで支えあい 地域の力が育む 人にやさしいまち さがみはら"
    assert (v.line_start, v.line_end) == (140, 143)
