"""Maintainer helper: the fictional plan PDFs `compare draft` is measured on (data/reference/draft/).

Three fictional municipalities (ひばり野市, 潮見町, 若葉台村: none exists), each plan written in a numbering grammar
the seed plans do not use, rendered to PDF by headless Chromium (the page is HTML with the shipped IPAexGothic font)
with the traps real plan PDFs have: a table of contents with dot leaders, running headers and page numbers, a
two-column page, a ruled programme table with a merged (row-spanning) 施策 cell and a 担当課 column, a heading wrapped
over two lines, a space inside a word, a 【再掲】 row, a sub-plan embedded as a numbered goal. The expected tree of
each plan is written from the same structure (``<name>.expected.csv``), never from the drafter's output.

Usage: python scripts/make_draft_fixtures.py [CITY …]  (only those plans; needs Chromium: apt-get install -y
chromium). The PDFs embed a creation date, so a rerun changes their bytes but not their text;
data/reference/draft/README.md pins each by sha256.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib_fontja

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference" / "draft"
FONT = Path(matplotlib_fontja.get_font_ttf_path())

CSS = """@font-face{font-family:'IPAexGothic';src:url('ipaexg.ttf') format('truetype');}
@page{size:A4;margin:0}
body{margin:0;font-family:'IPAexGothic';font-size:10.5pt;line-height:1.6}
.page{width:210mm;height:297mm;box-sizing:border-box;padding:18mm 20mm;position:relative;page-break-after:always;
overflow:hidden}
.hdr{position:absolute;top:8mm;right:20mm;font-size:8pt}
.ftr{position:absolute;bottom:8mm;left:0;right:0;text-align:center;font-size:8pt}
h1{font-size:16pt;margin:0 0 6mm} h2{font-size:13pt;margin:5mm 0 2mm} h3{font-size:11.5pt;margin:4mm 0 1mm}
p{margin:1mm 0} .toc p{margin:0} .cols{column-count:2;column-gap:10mm}
.ind1{margin-left:6mm} .ind2{margin-left:12mm}
table{border-collapse:collapse;width:100%;font-size:9pt} td,th{border:0.8pt solid #000;padding:1.5mm;vertical-align:top}
"""

#: (file name, city id, Japanese name, pages of HTML, expected tree rows: node_id, parent_id, level, part, title)
PLANS: list[tuple[str, str, str, list[str], list[tuple[str, str, str, str, str]]]] = []


def page(hdr: str, no: int, body: str, cls: str = "") -> str:
    return (f'<div class="page"><div class="hdr">{html.escape(hdr)}</div><div class="{cls}">{body}</div>'
            f'<div class="ftr">- {no} -</div></div>')


def p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{html.escape(text)}</p>'


# --------------------------------------------------------------------------------------------- ひばり野市
# Grammar: 第N章 chapters, 基本理念, 基本目標N, 施策N-N (a tier word with hyphen numbers), ① actions; a table of
# contents; the second goal on a two-column page; the guardianship sub-plan as its own chapter.
H = "ひばり野市地域福祉計画（第4期）"
hib = [("hibarino.vision", "", "vision", "main", "ひとりひとりがつながり、支えあう ひばり野")]
goals = [
    ("地域でつながる仕組みづくり", [("見守り活動の充実", ["見守り協力員の登録拡大", "高齢者宅の訪問活動"]),
                                 ("身近な居場所の整備", ["サロン運営への助成", "空き店舗を活用した居場所"])]),
    ("相談と支援の体制づくり", [("総合相談窓口の充実", ["福祉まるごと相談窓口の設置", "夜間相談の試行"]),
                             ("専門職の連携強化", ["多職種会議の定例化"]),
                             ("生活に困りごとを抱える人への支援", ["家計改善相談の実施", "就労準備の支援"])]),
    ("担い手を育む地域づくり", [("福祉教育の推進", ["小中学校での福祉体験学習"]),
                             ("ボランティア活動の活性化", ["ボランティアポイント制度の導入", "活動団体の交流会"])]),
]
pages = [page(H, 1, "<h1>ひばり野市地域福祉計画（第4期）</h1><h2>目次</h2><div class='toc'>"
              + p("第1章 計画の策定にあたって……………………2") + p("第2章 計画の基本的な考え方……………………2")
              + p("第3章 施策の展開……………………………………3") + p("第4章 成年後見制度利用促進計画……………5")
              + "</div>")]
body = ("<h2>第1章 計画の策定にあたって</h2>" + p("1 計画策定の趣旨")
        + p("少子高齢化の進行や単身世帯の増加により、地域の支えあいの重要性が高まっています。")
        + p("2 計画の期間") + p("令和7年度から令和11年度までの5年間とします。")
        + "<h2>第2章 計画の基本的な考え方</h2>" + p("基本理念「ひとりひとりがつながり、支えあう ひばり野」")
        + p("本市は、この基本理念のもと、三つの基本目標を掲げて地域福祉を推進します。"))
pages.append(page(H, 2, body))
parts_html = []
for gi, (gt, pols) in enumerate(goals, 1):
    gid = f"hibarino.g{gi}"
    hib.append((gid, "hibarino.vision", "goal", "main", gt))
    s = f"<h3>基本目標{gi} {html.escape(gt)}</h3>"
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        hib.append((pid, gid, "policy", "main", pt))
        s += p(f"施策{gi}-{pi} {pt}", "ind1")
        s += p("地域の実情に応じて、関係機関と連携しながら取り組みます。", "ind1")
        for ai, at in enumerate(acts):
            hib.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
            s += p("①②③④"[ai] + at, "ind2")
    parts_html.append(s)
pages.append(page(H, 3, "<h2>第3章 施策の展開</h2>" + parts_html[0]))
pages.append(page(H, 4, parts_html[1] + parts_html[2], "cols"))       # two columns
sub = ("成年後見制度利用促進計画", [("制度の周知と相談体制の充実", ["市民向け講座の開催", "専門相談会の実施"]),
                              ("市民後見人の育成と活動支援", ["養成研修の実施"])])
hib.append(("hibarino.guardianship", "hibarino.vision", "goal", "guardianship", sub[0]))
s = f"<h2>第4章 {sub[0]}</h2>" + p("判断能力が十分でない人の権利を守るため、成年後見制度の利用を促進します。")
for pi, (pt, acts) in enumerate(sub[1], 1):
    pid = f"hibarino.guardianship.p{pi}"
    hib.append((pid, "hibarino.guardianship", "policy", "guardianship", pt))
    s += p(f"施策4-{pi} {pt}", "ind1")
    for ai, at in enumerate(acts):
        hib.append((f"{pid}.a{ai + 1}", pid, "action", "guardianship", at))
        s += p("①②③"[ai] + at, "ind2")
pages.append(page(H, 5, s))
PLANS.append(("hibarino_plan_fictional.pdf", "hibarino", "ひばり野市", pages, hib))

# --------------------------------------------------------------------------------------------- 潮見町
# Grammar: 【n】 pillars, (1) policies, ア actions; a programme table with a 施策 cell merged over several rows and a
# 担当課 column; a 【再掲】 row; the guardianship sub-plan as the fourth pillar; a heading wrapped over two lines.
H = "潮見町地域福祉推進計画"
shi = [("shiomi.vision", "", "vision", "main", "海と人がつながる 安心のまち しおみ")]
pillars = [
    ("ともに支えあう地域づくり", [("近所の見守りと声かけの推進", ["見守りネットワーク協定の締結", "声かけ運動の展開"]),
                               ("交流の場と居場所の充実", ["多世代交流拠点の運営"])]),
    ("安心して暮らせる支援の充実", [("分野を超えた相談支援体制の整備", ["相談支援包括化推進員の配置"]),
                                  ("災害時に支援が必要な人への備え", ["個別避難計画の作成", "福祉避難所の指定拡大"])]),
    ("地域福祉を担う人づくり", [("地域活動の新たな担い手の発掘", ["退職世代向け地域デビュー講座"])]),
]
s = "<h1>潮見町地域福祉推進計画</h1>" + p("基本理念") + p("海と人がつながる 安心のまち しおみ") + "<h2>計画の体系</h2>"
for gi, (gt, pols) in enumerate(pillars, 1):
    gid = f"shiomi.g{gi}"
    shi.append((gid, "shiomi.vision", "goal", "main", gt))
    if gi == 2:     # a heading wrapped over two lines
        s += f"<h3>【{gi}】安心して暮らせる<br>支援の充実</h3>"
    else:
        s += f"<h3>【{gi}】{html.escape(gt)}</h3>"
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        shi.append((pid, gid, "policy", "main", pt))
        s += p(f"（{pi}）{pt}", "ind1")
        for ai, at in enumerate(acts):
            shi.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
            s += p("アイウ"[ai] + "　" + at, "ind2")
pages = [page(H, 1, s)]
W, K = "（1）近所の見守りと声かけの推進", "（2）交流の場と居場所の充実"
rows = [(W, "見守りネットワーク事業", "新聞販売店や郵便局等と協定を結び、異変に気づいた際に町へ連絡する。", "福祉課"),
        (W, "配食サービス事業", "ひとり暮らし高齢者に配食し、安否を確認する。", "長寿支援課"),
        (W, "民生委員活動支援事業", "民生委員・児童委員の研修と情報提供を行う。", "福祉課"),
        (K, "ふれあいサロン助成事業", "地区のサロン活動に運営費を助成する。", "社会福祉協議会"),
        (K, "配食サービス事業【再掲】", "ひとり暮らし高齢者に配食し、安否を確認する。", "長寿支援課")]
tab = "<table><tr><th>施策</th><th>事業名</th><th>事業の内容</th><th>担当課</th></tr>"
i = 0
while i < len(rows):
    span = sum(1 for r in rows[i:] if r[0] == rows[i][0])
    for k in range(span):
        r = rows[i + k]
        lead = f'<td rowspan="{span}">{html.escape(r[0])}</td>' if k == 0 else ""
        tab += "<tr>" + lead + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:]) + "</tr>"
    i += span
tab += "</table>"
for k, r in enumerate(rows, 1):
    pol = "shiomi.g1.p1" if "見守り" in r[0] else "shiomi.g1.p2"
    shi.append((f"{pol}.r{k:02d}", pol, "program", "main", r[1].replace("【再掲】", "")))
sub = ("成年後見制度の利用の促進に関する施策目標（成年後見制度利用促進計画）",
       [("権利擁護支援の地域連携ネットワークづくり", ["中核機関の設置"])])
shi.append(("shiomi.guardianship", "shiomi.vision", "goal", "guardianship", sub[0]))
s2 = "<h2>主な事業（ともに支えあう地域づくり）</h2>" + tab + f"<h3>【4】{html.escape(sub[0])}</h3>"
for pi, (pt, acts) in enumerate(sub[1], 1):
    pid = f"shiomi.guardianship.p{pi}"
    shi.append((pid, "shiomi.guardianship", "policy", "guardianship", pt))
    s2 += p(f"（{pi}）{pt}", "ind1")
    for ai, at in enumerate(acts):
        shi.append((f"{pid}.a{ai + 1}", pid, "action", "guardianship", at))
        s2 += p("アイ"[ai] + "　" + at, "ind2")
pages.append(page(H, 2, s2))
PLANS.append(("shiomi_plan_fictional.pdf", "shiomi", "潮見町", pages, shi))

# --------------------------------------------------------------------------------------------- 若葉台村
# Grammar: goals numbered 1 (number and a space) under 【基本目標】, policies (1), actions as ・ bullets; a 重点施策
# section whose (1) items are goals; a reoffending sub-plan under a short heading line of its own; a space inside a
# word (PDF debris) that the drafter must remove and flag.
H = "若葉台村地域福祉計画"
wak = [("wakabadai.vision", "", "vision", "main", "みんなの笑顔が続く 若葉台")]
goals = [
    ("誰もが参加できる地域", [("地域活動への参加促進", ["自治会加入の呼びかけ", "地域行事の情報発信"]),
                            ("多様な交流の促進", ["世代間交流事業の実施"])]),
    ("支援が届く仕組み", [("身近な相談の場の確保", ["出張相談の実施", "相談員の訪問"]),
                        ("移動支援の充実", ["乗合タクシーの運行"])]),
]
s = "<h1>若葉台村地域福祉計画</h1>" + p("基本理念") + p("みんなの笑顔が続く 若葉台") + "<h2>【基本目標】</h2>"
for gi, (gt, pols) in enumerate(goals, 1):
    gid = f"wakabadai.g{gi}"
    wak.append((gid, "wakabadai.vision", "goal", "main", gt))
    s += f"<h3>{gi} {html.escape(gt)}</h3>"
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        wak.append((pid, gid, "policy", "main", pt))
        shown = "地域 活動への参加促進" if pt == "地域活動への参加促進" else pt     # a space inside a word
        s += p(f"({pi}) {shown}", "ind1")
        for ai, at in enumerate(acts):
            wak.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
            s += p("・" + at, "ind2")
prio = [("買い物支援の強化", ["移動販売車の巡回"]), ("認知症の人と家族への支援", ["認知症カフェの開設"])]
s2 = "<h2>【重点施策】</h2>"
for qi, (qt, acts) in enumerate(prio, 1):
    qid = f"wakabadai.priority.{qi}"
    wak.append((qid, "wakabadai.vision", "goal", "priority", qt))
    s2 += p(f"({qi}) {qt}")
    for ai, at in enumerate(acts):
        wak.append((f"{qid}.p{ai + 1}", qid, "policy", "priority", at))
        s2 += p("・" + at, "ind1")
s2 += "<h2>再犯防止推進計画</h2>" + p("罪を犯した人の立ち直りを地域で支えるため、関係機関と連携して取り組みます。")
wak.append(("wakabadai.reoffending", "wakabadai.vision", "goal", "reoffending", "再犯防止推進計画"))
for pi, (pt, acts) in enumerate([("就労と住まいの確保", ["協力雇用主の登録促進"]),
                                 ("立ち直りを支える地域の理解促進", ["社会を明るくする運動の実施"])], 1):
    pid = f"wakabadai.reoffending.p{pi}"
    wak.append((pid, "wakabadai.reoffending", "policy", "reoffending", pt))
    s2 += p(f"({pi}) {pt}", "ind1")
    for ai, at in enumerate(acts):
        wak.append((f"{pid}.a{ai + 1}", pid, "action", "reoffending", at))
        s2 += p("・" + at, "ind2")
pages = [page(H, 1, s), page(H, 2, s2), page(H, 3, p("資料編") + p("用語の解説"))]
PLANS.append(("wakabadai_plan_fictional.pdf", "wakabadai", "若葉台村", pages, wak))


def main() -> None:
    from draft_holdout2_plans import HOLDOUT2  # each set written blind by a second reader (README.md there)
    from draft_holdout3_plans import HOLDOUT3
    from draft_holdout4_plans import HOLDOUT4
    from draft_holdout5_plans import HOLDOUT5
    from draft_holdout_plans import HOLDOUT

    PLANS.extend(HOLDOUT + HOLDOUT2 + HOLDOUT3 + HOLDOUT4 + HOLDOUT5)
    only = set(sys.argv[1:])                    # city ids to render (default: all; each rerun changes the bytes)
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_page()
        tmp = Path(tempfile.mkdtemp())
        shutil.copyfile(FONT, tmp / "ipaexg.ttf")      # the page loads the font beside it (file:// from file://)
        for name, city, name_ja, pages, tree in PLANS:
            if only and city not in only:
                continue
            (tmp / "plan.html").write_text(f"<!doctype html><html lang='ja'><head><meta charset='utf-8'><style>{CSS}"
                                           f"</style></head><body>{''.join(pages)}</body></html>", encoding="utf-8")
            pg.goto((tmp / "plan.html").as_uri(), wait_until="load")
            pg.evaluate("document.fonts.ready")
            pg.pdf(path=str(OUT / name), format="A4", print_background=False, prefer_css_page_size=True)
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(["node_id", "parent_id", "level", "part", "title"])
            w.writerows(tree)
            (OUT / name.replace(".pdf", ".expected.csv")).write_text(buf.getvalue(), encoding="utf-8")
            digest = hashlib.sha256((OUT / name).read_bytes()).hexdigest()
            print(f"{name}: {len(pages)} pages, {len(tree)} expected nodes ({name_ja}, fictional), sha256 {digest}")
        browser.close()


if __name__ == "__main__":
    main()
