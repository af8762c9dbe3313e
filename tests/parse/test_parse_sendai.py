"""Reconciliation of Sendai's programme table with the raw text, row by row."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from compare.core.errors import ParseError
from compare.core.plan import ParsedCity
from compare.io.registry import load_registry
from compare.parse.sendai import ProgrammeIdentity, clean_row, parse_sendai, program_key, read_table
from conftest import SENDAI_WRAPPED_ROW


def _numbered_lines(lines):
    """Line numbers of rows that start with a printed No, found independently of the parser."""
    return [i for i, ln in enumerate(lines, 1) if re.match(r"^\d+\t", ln)]


def test_every_numbered_row_appears_exactly_once(sendai, sendai_table_lines):
    expected = _numbered_lines(sendai_table_lines)
    got = Counter(r.line_start for r in sendai.programs)
    assert len(expected) == 254
    assert sorted(got) == expected
    assert set(got.values()) == {1}


def test_rows_per_section_match_the_source(sendai, sendai_table_lines):
    # Count numbered rows between headings straight from the text.
    counts = []
    for ln in sendai_table_lines:
        if re.match(r"^\(\d+\)", ln):
            counts.append(0)
        elif re.match(r"^\d+\t", ln):
            counts[-1] += 1
    parsed = Counter((r.block, r.section) for r in sendai.programs)
    assert [parsed[k] for k in sorted(parsed)] == counts
    assert len(counts) == 21
    blocks = Counter(s["block"] for s in sendai.sections)
    assert [blocks[b] for b in range(1, 7)] == [4, 4, 4, 3, 2, 4]


def test_parts_of_blocks(sendai):
    parts = {r.block: r.part for r in sendai.programs}
    assert parts == {1: "main", 2: "main", 3: "main", 4: "livelihood", 5: "guardianship", 6: "reoffending"}


@pytest.mark.parametrize("line, owners, kinds", [
    (16, "健康福祉局;市社会福祉協議会", "bureau;partner"),        # 健康福祉局 社会福祉協議会
    (94, "健康福祉局;市社会福祉協議会", "bureau;partner"),        # 健康福祉局市社会福祉協議会 (no space)
    (91, "健康福祉局;市社会福祉協議会", "bureau;partner"),        # owners split over a wrapped row
    (134, "市民局;各区役所・総合支所", "bureau;ward"),            # 市民局 (各区役所、総合支所)
    (161, "危機管理室;市民局", "bureau;bureau"),
    (205, "太白区", "ward"),
    (377, "関係局区", "unspecified"),
    (99, "市社会福祉協議会", "partner"),
])
def test_awkward_owner_cells(sendai, line, owners, kinds):
    row = next(r for r in sendai.programs if r.line_start == line)
    assert (row.owners, row.owner_kinds) == (owners, kinds)


@pytest.mark.parametrize("line, name, relisted", [
    (34, "多様な性のあり方についての理解促進、性的少数者への支援", True),   # wrapped over three lines
    (64, "居住支援法人等の関係団体との連携による入居支援", False),          # continuation without leading tab
    (362, "セーフティネット住宅登録制度", True),                              # 【再 掲】 split by a space
    (355, "ふれあい広場", True),
    (352, "青少年健全育成団体事業費等補助金交付事業", False),
])
def test_wrapped_and_marked_names(sendai, line, name, relisted):
    row = next(r for r in sendai.programs if r.line_start == line)
    assert row.name == name
    assert row.relisted is relisted


def test_wrapped_row_merges_cells_column_by_column(sendai):
    row = next(r for r in sendai.programs if r.line_start == 64)
    assert row.summary == ("居住支援法人や不動産団体など関係団体等と連携して、"
                              "住宅確保要配慮者（高齢者、低額所得者、障害者等）の方の民間賃貸住宅への円滑な入居を進めます。")
    assert row.line_end == 66


def test_relisted_rows_link_to_first_listing(sendai):
    links = {lk.from_id: lk.to_id for lk in sendai.links}
    by_node = {r.node_id: r for r in sendai.programs}
    for r in sendai.programs:
        if r.relisted and r.node_id in links:
            first = by_node[links[r.node_id]]
            assert first.program_id == r.program_id and not first.relisted
    assert sum(r.relisted for r in sendai.programs) == 78
    assert len(links) == 77  # 青少年面接相談【再掲】 has no first listing


def test_near_identical_names_share_a_programme(sendai):
    ids = {r.name: r.program_id for r in sendai.programs}
    assert ids["社会を明るくする運動"] == ids["社会を明るくする運動の推進"]
    row = next(r for r in sendai.programs if r.name == "社会を明るくする運動の推進")
    assert row.link_method == "same name apart from a trailing 「の推進」"


@pytest.mark.parametrize("kind, line", [
    ("numbering_restart", 364),
    ("listed_twice_without_relisted_mark", 198),
    ("relisted_without_first_listing", 358),
    ("doubled_character_at_join", 122),
    ("continuation_without_leading_tab", 66),
    ("split_relisted_mark", 362),
    ("markdown_rule", 49),
    ("owners_not_separated", 94),
])
def test_anomalies_are_reported_with_file_and_line(sendai, kind, line):
    hits = [a for a in sendai.anomalies if a.kind == kind and a.line == line]
    assert hits and hits[0].file == "sendai_programmes.txt"


def test_data_keeps_what_the_source_printed(sendai):
    row = next(r for r in sendai.programs if r.line_start == 120)
    assert "ボランティアア活動" in row.name  # doubled character reported, not fixed
    row = next(r for r in sendai.programs if r.line_start == 362)
    assert row.name_raw == "セーフティネット 住宅登録制度【再 掲】"


def test_hierarchy_from_both_texts(sendai):
    levels = Counter((n.part, n.level) for n in sendai.nodes)
    assert levels[("main", "goal")] == 3 and levels[("main", "policy")] == 12
    titles = [n.title for n in sendai.nodes if n.level == "goal" and n.part == "main"]
    assert titles[0] == "多様性を認めあい、社会とつながる環境づくりの推進"
    assert not [a for a in sendai.anomalies if a.kind.startswith("policy_")]  # 12 施策 match the overview figure


def test_program_key_ignores_marker_and_spaces():
    assert program_key("親子こころの相談 室業務【再掲】") == program_key("親子こころの相談室業務")


def test_unknown_owner_is_a_clear_error(project_copy):
    path = project_copy.raw / "sendai_programmes.txt"
    text = path.read_text(encoding="utf-8").replace("\t交通局", "\t宇宙局", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=r"sendai_programmes.txt, line 29: unknown owner '宇宙局'.*owners.csv"):
        parse_sendai(load_registry(project_copy)["sendai"], project_copy)


def test_row_with_wrong_cell_count_is_a_clear_error(project_copy):
    path = project_copy.raw / "sendai_programmes.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[8] = lines[8].rsplit("\t", 1)[0]  # line 9 loses its 担当局等 cell
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ParseError, match=r"line 9: expected 4 tab-separated cells"):
        parse_sendai(load_registry(project_copy)["sendai"], project_copy)


# --------------------------------------------------------------------------- the parser's steps, on excerpts

def test_read_table_merges_a_wrapped_row_cell_by_cell(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("(1) 相談\nNo\t事業名\t事業概要\t担当局等\n" + SENDAI_WRAPPED_ROW, encoding="utf-8")
    pc = ParsedCity("x")
    sections = read_table(path, pc, expected_blocks=1)
    row = sections[0].rows[0]
    assert ["".join(c) for c in row.cells[:2]] == [
        "生活困窮者自立相談支援事業",
        "仙台市生活自立・仕事相談センター「わんすてっぷ」ににおいて、相談者の属性にとらわれることなく支援する。"]
    assert (row.line_start, row.line_end) == (3, 5)
    assert [a.kind for a in pc.anomalies] == ["wrapped_row"]
    assert row.joins == [(5, "事業概要", "に", "において、相談者の属性に")]  # reported later as a doubled character


def test_clean_row_reports_split_mark_and_layout_space():
    from compare.parse.sendai import _Row

    pc = ParsedCity("x")
    name, raw, _, relisted = clean_row(pc, "t.txt",
                                       _Row("1", [["親子こころの相談 室業務【再 掲】"], ["概要"], ["局"]], 7, 7, 1, 1))
    assert (name, relisted) == ("親子こころの相談室業務", True)
    assert {a.kind for a in pc.anomalies} == {"split_relisted_mark", "layout_space_in_name"}


@pytest.mark.parametrize("names, ids", [
    (["社会を明るくする運動", "社会を明るくする運動の推進"], ["x.prog001", "x.prog001"]),
    (["A事業", "B事業", "A事業【再掲】"], ["x.prog001", "x.prog002", "x.prog001"]),
    (["見守り活動の充実", "見守り活動"], ["x.prog001", "x.prog001"]),
])
def test_programme_identity(names, ids):
    ident = ProgrammeIdentity("x")
    assert [ident.assign(n)[0] for n in names] == ids
