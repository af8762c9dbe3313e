"""A researcher's own city through the command line: `add-city` validates, copies, hashes and registers; `check`
lists every problem at once (file, line, rule) and writes nothing; the CSV path gets the built-in parsers' care."""

from __future__ import annotations

import hashlib

import pytest

from compare.core.paths import Layout
from compare.io.registry import load_registry
from compare.testing.synthetic import copy_layout
from conftest import run_cli

HEADER = "node_id,city,part,level,parent_id,ordinal,label,title,body,source_file,line_start,line_end,page\n"
ROWS = (
    "mm.g1,mm,main,goal,,1,基本目標1,つながりを育む地域づくり,,,,,3\n",
    "mm.g1.p1,mm,main,policy,mm.g1,1,(1),地域の見守り活動の推進,民生委員と自治会による見守りを進めます。,plan.pdf,,,4\n",
    "mm.g1.p1.a1,mm,main,action,mm.g1.p1,1,①,見守りネットワークの構築,,plan.pdf,,,4\n",
    "mm.g1.p1.a1.r1,mm,main,program,mm.g1.p1.a1,1,,見守り協力事業者との協定,,plan.pdf,,,5\n",
)


_cli = run_cli


@pytest.fixture()
def layout(tmp_path) -> Layout:
    return copy_layout(tmp_path / "project")


def _write(tmp_path, rows=ROWS, name="mm_nodes.csv"):
    f = tmp_path / name
    f.write_text(HEADER + "".join(rows), encoding="utf-8")
    return f


def test_add_city_registers_a_file_and_its_source_document_and_the_city_builds(layout, tmp_path):
    f = _write(tmp_path)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4 fictional plan\n")
    r = _cli(layout, "add-city", "mm", str(f), "--name-ja", "湊市", "--period", "令和6～11年度", "--source", str(pdf))
    assert r.returncode == 0, r.stderr
    assert "registered mm" in r.stdout
    city = load_registry(layout)["mm"]
    assert [sf.file for sf in city.files] == ["mm_nodes.csv", "plan.pdf"]
    assert city.files[0].sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert (layout.raw / "plan.pdf").read_bytes() == pdf.read_bytes()
    ok = _cli(layout, "check")
    assert ok.returncode == 0, ok.stderr
    # no vision row: a synthetic root, marked; the programme row without owners is counted as a programme
    from compare.pipeline.parse import parse_all, parse_outputs
    tables = parse_outputs(parse_all(layout), layout)
    nodes, cities = tables["nodes.csv"], tables["cities.csv"].set_index("city")
    assert nodes[nodes.node_id == "mm.vision"].title.item() == "湊市地域福祉計画"
    assert nodes[nodes.node_id == "mm.g1"].parent_id.item() == "mm.vision"
    assert cities.loc["mm", "programme_rows"] == 1
    kinds = {a["kind"] for a in tables["parse_report.json"]["anomalies"] if a.get("file") == "mm_nodes.csv"}
    assert "synthetic_root" in kinds


def test_an_edit_is_refused_until_refreshed_and_the_message_says_how(layout, tmp_path):
    f = _write(tmp_path, [r.replace("plan.pdf", "") for r in ROWS])
    assert _cli(layout, "add-city", "mm", str(f), "--name-ja", "湊市", "--period", "令和6年度").returncode == 0
    path = layout.raw / "mm_nodes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("見守り活動", "見守り支援"), encoding="utf-8")
    r = _cli(layout, "check")
    assert r.returncode == 2
    assert "changed since it was registered" in r.stderr and "add-city mm --refresh" in r.stderr
    assert "restore the file from git" not in r.stderr
    assert _cli(layout, "add-city", "mm", "--refresh").returncode == 0
    assert _cli(layout, "check").returncode == 0


def test_check_lists_every_problem_at_once_and_writes_nothing(layout, tmp_path):
    bad = tuple(r.replace("plan.pdf", "") for r in ROWS) + (
        "hk.g2,mm,main,goal,,2,,体制づくり,,,,,\n",                         # id without the city prefix
        "mm.g1.p2,mm,main,policy,mm.g9,2,,地域の プラットフォーム,,,,,x\n",  # unknown parent, debris, bad page
        "mm.g1.p3,mm,main,policy,mm.g1,3,,相談支援,,missing.pdf,,,\n",       # source_file that does not resolve
    )
    f = _write(tmp_path, bad)
    registry = layout.registry.read_bytes()
    r = _cli(layout, "add-city", "mm", str(f), "--name-ja", "湊市", "--period", "令和6年度")
    assert r.returncode == 2 and [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")] == [
        f"error: {f}, line 6: node id 'hk.g2' must start with the city id and a dot ('mm.')"]   # one line: the first
    assert not (layout.raw / "mm_nodes.csv").exists() and layout.registry.read_bytes() == registry
    # register it by hand (as a researcher might), then check lists all problems
    (layout.raw / "mm_nodes.csv").write_bytes(f.read_bytes())
    layout.registry.write_text("city,city_ja,file,sha256,document_title,plan_period\n"
                               "mm,湊市,mm_nodes.csv,,湊市地域福祉計画,令和6年度\n", encoding="utf-8")
    before = sorted(p.name for p in layout.root.rglob("*"))
    r = _cli(layout, "check")
    assert r.returncode == 2 and sorted(p.name for p in layout.root.rglob("*")) == before
    assert "no sha256 is recorded; its sha256 is " + hashlib.sha256(f.read_bytes()).hexdigest() in r.stderr
    # the hash is reported, and the file's own problems are listed too once it is recorded
    layout.registry.write_text(layout.registry.read_text(encoding="utf-8").replace(
        "mm_nodes.csv,,", f"mm_nodes.csv,{hashlib.sha256(f.read_bytes()).hexdigest()},"), encoding="utf-8")
    r = _cli(layout, "check")
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2
    for expected in ("line 6: node id 'hk.g2' must start with the city id", "line 7: parent_id 'mm.g9'",
                     "line 7: column 'page'", "line 8: source_file 'missing.pdf'"):
        assert any(expected in ln and ln.startswith("error: ") for ln in lines), expected
    assert any(ln.startswith("warning: ") and "line 7: title: a space between" in ln for ln in lines)


def test_input_hygiene_control_characters_huge_cells_and_the_optional_columns(layout, tmp_path):
    """NUL refused with file, line and column; a cell past the csv limit is one line, not a traceback; the documented
    optional columns (owners, relisted_from, page) all build."""
    nul = _write(tmp_path, [ROWS[0].replace("地域づくり", "地域\x00づくり").replace(",3\n", ",\n")], "nul.csv")
    r = _cli(layout, "add-city", "mm", str(nul), "--name-ja", "湊市", "--period", "令和6年度")
    assert r.returncode == 2 and "line 2: column 'title' contains the control character U+0000" in r.stderr
    huge = _write(tmp_path, [ROWS[0].replace(",3\n", ",\n").replace(",,,,", ",\"" + "あ" * 140_000 + "\",,,")],
                  "huge.csv")
    r = _cli(layout, "add-city", "mm", str(huge), "--name-ja", "湊市", "--period", "令和6年度")
    assert r.returncode == 2 and "line 2: not a readable CSV row" in r.stderr and "Traceback" not in r.stderr
    f = tmp_path / "opt.csv"
    f.write_text(HEADER.replace(",page\n", ",page,owners,relisted_from\n")
                 + "".join(row.replace("plan.pdf", "").rstrip("\n") + ",,\n" for row in ROWS)
                 + "mm.g1.p1.a1.r2,mm,main,program,mm.g1.p1.a1,2,,見守り協力事業者との協定【再掲】,,,,,5,福祉課;地域課,"
                   "mm.g1.p1.a1.r1\n", encoding="utf-8")
    assert _cli(layout, "add-city", "mm", str(f), "--name-ja", "湊市", "--period", "令和6年度").returncode == 0
    from compare.pipeline.parse import parse_all, parse_outputs
    tables = parse_outputs(parse_all(layout), layout)
    links = tables["node_links.csv"]
    assert ((links.from_id == "mm.g1.p1.a1.r2") & (links.kind == "relisted_from")).any()
    progs = tables["programs.csv"]
    assert set(progs[progs.city == "mm"].owners) == {"", "福祉課;地域課"}
