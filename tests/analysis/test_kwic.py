"""KWIC finds every passage whose normalised text contains the term, with its path and source line."""

from __future__ import annotations

import pytest

from compare import kwic
from compare.analysis.kwic import normalise
from compare.io import datasets
from compare.pipeline.ondemand import passages

TERMS = ["社会福祉協議会", "相談", "民生委員", "見守り", "地域づくり", "居場所", "担い手", "再犯", "ＣＳＷ", "取組方針"]


@pytest.mark.parametrize("term", TERMS)
def test_kwic_returns_exactly_the_passages_a_substring_search_finds(term):
    p = passages()
    t = normalise(term)
    expected = sum(text.count(t) for text in p.norm)  # every occurrence (str.count does not overlap; terms here don't)
    got = kwic(term, all_listings=True)
    assert len(got) == expected
    assert set(got.node_id) == set(p.node_id[p.norm.str.contains(t, regex=False)])
    assert (got.keyword.map(normalise) == t).all()
    collapsed = kwic(term)
    assert collapsed.listings.sum() == expected and len(collapsed) <= expected


def test_compounds_and_user_dictionary_words_are_found():
    left = kwic("社会福祉協議会").left
    assert left.str.endswith("地区").any() and (left.str.endswith("市") & ~left.str.endswith("地区")).any()
    right = kwic("相談").right.str[:1]
    assert {"員", "窓"} <= set(right)                        # 相談員, 相談窓口
    assert "hatsukaichi" in set(kwic("民生委員").city)          # 民生委員児童委員 is one Sudachi token


def test_relistings_are_collapsed_with_a_count():
    rows = kwic("ふれあい広場")
    assert rows.listings.max() >= 2
    assert len(kwic("ふれあい広場", all_listings=True)) == rows.listings.sum()


def test_rows_carry_path_and_source_line():
    r = kwic("見守り")
    nodes = datasets.load_nodes().set_index("node_id")
    row = r[r.node_id == "sendai.g3.p1"].iloc[0]
    assert row.path.startswith("基本的方向3") and "日頃の見守り活動の促進" in row.path
    assert row.line_start == nodes.loc["sendai.g3.p1", "line_start"]


def test_document_titles_are_searchable():
    r = kwic("取組方針")
    assert (r.field == "document").any() and r.node_id.str.endswith(".doc1").any()


def test_actor_expansion_uses_the_gazetteer():
    r = kwic("社協", expand_actors=True)
    assert {"市社会福祉協議会", "社協"} <= set(r.keyword)
    assert not (r.keyword == "地区社協").any()                # a different actor, longest spelling first


def test_bad_arguments():
    with pytest.raises(ValueError):
        kwic("")
    with pytest.raises(ValueError):
        kwic("見守り", window=-1)
