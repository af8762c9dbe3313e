"""A third blind held-out set for `compare draft`: three fictional plans written without reading the drafter.

柊ヶ丘市, 萩ノ浦町 and 千草野村 do not exist. Each plan is written the way real municipalities lay theirs out, in a
numbering grammar of its own, with the traps real plan PDFs have (a table of contents with dot leaders, running header
and footer, non-plan chapters numbered with the same markers as the plan, an overview of the plan's structure
repeating the headings, a heading wrapped over two lines, a heading whose items continue on the next page, a
two-column page, programme tables with an owners column and merged cells, a 【再掲】 row, embedded sub-plans, a 重点
section). The expected tree of each plan is built from the same data the pages are built from.

Grammar of each plan:
  柊ヶ丘市  第N章 chapters; 基本理念; 目標１ goals (full-width digits); 施策の方向性N-N policies;
            【主な取組】 + ● actions; 第5章 成年後見制度利用促進計画 with 方向性N policies and ○ actions.
  萩ノ浦町  第N部 parts; 基本理念; 重点プロジェクトN (priority goals) with ・ policies; 柱N goals; （１） policies;
            《具体的な取組》 + (ｱ) actions; a ＜主な事業＞ table (施策 merged cell, 所管課, 【再掲】) under 柱2;
            第4部 生活困窮者自立支援計画 with （１） policies and (ｱ) actions.
  千草野村  第N章 chapters; 基本理念; 基本的方向１ goals; 1) policies; ＜村の取組＞ ◎ and ＜社協・地域の取組＞ □ actions
            (a combined 地域福祉計画・地域福祉活動計画); 基本的方向３ policies carry 実施主体 tables with merged
            owner cells; 第5章 再犯防止推進計画 whose ＜主な取組＞ ◆ items hang directly on the sub-plan root.
"""

from __future__ import annotations

import html

from make_draft_fixtures import p, page

Row = tuple[str, str, str, str, str]
HOLDOUT3: list[tuple[str, str, str, list[str], list[Row]]] = []

FW = "０１２３４５６７８９"


def h(tag: str, text: str, cls: str = "") -> str:
    return f'<{tag} class="{cls}">{html.escape(text)}</{tag}>'


def wrapped(tag: str, first: str, second: str, cls: str = "") -> str:
    """A heading broken over two lines (the title is the two lines joined)."""
    return f'<{tag} class="{cls}">{html.escape(first)}<br>{html.escape(second)}</{tag}>'


def centre(text: str) -> str:
    return f'<p style="text-align:center;font-size:13pt;margin:3mm 0">{html.escape(text)}</p>'


def table(head: list[str], body: list[list[tuple[str, int]]]) -> str:
    """A ruled table; each cell is (text, rowspan) and a rowspan of 0 means the cell is covered by one above."""
    s = "<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>"
    for r in body:
        s += "<tr>"
        for text, span in r:
            if span == 0:
                continue
            rs = f' rowspan="{span}"' if span > 1 else ""
            s += f"<td{rs}>{html.escape(text)}</td>"
        s += "</tr>"
    return s + "</table>"


# ----------------------------------------------------------------------------------------------------- 柊ヶ丘市
C = "hiiragigaoka"
H = "柊ヶ丘市第3次地域福祉計画"
VISION = "ともに生き、ともに支えあう みどりの丘 柊ヶ丘"
hii: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
A_GOALS = [
    ("地域でつながり、支えあうまちづくり", [
        ("身近な見守り活動の推進", "ひとり暮らし高齢者の増加を踏まえ、日常の中でのゆるやかな見守りを広げます。",
         ["見守り協力事業者との協定の拡大", "地区ごとの見守りマップの作成", "民生委員・児童委員の活動支援"]),
        ("交流の場と居場所づくり", "世代や障がいの有無にかかわらず、誰もが気軽に立ち寄れる場を増やします。",
         ["ふれあいサロンの立ち上げ支援", "子ども食堂への運営支援"]),
    ]),
    ("必要な支援が確実に届く仕組みづくり", [
        ("重層的な相談支援体制の整備", "属性や世代を問わず相談を受け止め、関係機関につなぐ体制を整えます。",
         ["福祉総合相談窓口の設置", "相談支援機関による連携会議の開催"]),
        ("複合的な課題を抱える世帯への包括的な支援体制の整備", "制度の狭間にある世帯に寄り添い、継続的に関わります。",
         ["アウトリーチによる継続的な支援", "ひきこもり状態にある人と家族への支援"]),
        ("災害時の避難支援体制の強化", "避難行動要支援者の把握と、地域での支援体制づくりを進めます。",
         ["個別避難計画の作成推進", "福祉避難所の確保と運営訓練"]),
    ]),
    ("地域福祉を担う人づくり", [
        ("福祉教育の推進", "子どもの頃から福祉にふれる機会をつくり、地域を思う心を育みます。",
         ["小中学校での福祉教育プログラムの実施", "市民向け福祉講座の開催"]),
        ("ボランティア・市民活動の促進", "活動したい人と活動の場を結び、担い手の裾野を広げます。",
         ["ボランティアセンターの機能強化", "地域活動情報の一元的な発信"]),
    ]),
]
A_SUB = ("柊ヶ丘市成年後見制度利用促進計画", [
    ("権利擁護支援の地域連携ネットワークの構築", ["中核機関の設置と運営", "権利擁護支援協議会の開催"]),
    ("成年後見制度の周知と利用支援", ["制度説明会と個別相談会の開催", "市長申立て及び報酬助成の実施"]),
    ("市民後見人の育成と活動支援", ["市民後見人養成講座の開催"]),
])


def _a_goal(gi: int, pols: list, start: int = 0, stop: int | None = None, split_after: bool = False) -> str:
    """Chapter 4 text for goal gi's policies start..stop (the goal heading when start == 0)."""
    gt = A_GOALS[gi - 1][0]
    s = h("h3", f"目標{FW[gi]} {gt}") if start == 0 else ""
    for pi, (pt, body, acts) in list(enumerate(pols, 1))[start:stop]:
        if pi == 2 and gi == 2:
            s += wrapped("h4", f"施策の方向性{gi}-{pi} 複合的な課題を抱える世帯への", "包括的な支援体制の整備", "ind1")
        else:
            s += h("h4", f"施策の方向性{gi}-{pi} {pt}", "ind1")
        s += p(body, "ind1") + p("【主な取組】", "ind1")
        if split_after and pi == len(pols):
            break
        s += "".join(p("● " + a, "ind2") for a in acts)
    return s


for gi, (gt, pols) in enumerate(A_GOALS, 1):
    gid = f"{C}.g{gi}"
    hii.append((gid, f"{C}.vision", "goal", "main", gt))
    for pi, (pt, _, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        hii.append((pid, gid, "policy", "main", pt))
        hii += [(f"{pid}.a{ai}", pid, "action", "main", a) for ai, a in enumerate(acts, 1)]
hii.append((f"{C}.guardianship", f"{C}.vision", "goal", "guardianship", A_SUB[0]))
for pi, (pt, acts) in enumerate(A_SUB[1], 1):
    pid = f"{C}.guardianship.p{pi}"
    hii.append((pid, f"{C}.guardianship", "policy", "guardianship", pt))
    hii += [(f"{pid}.a{ai}", pid, "action", "guardianship", a) for ai, a in enumerate(acts, 1)]

a_pages = [page(H, 1, h("h1", H) + h("h2", "目次") + "<div class='toc'>"
                + p("第1章　計画の概要……………………………………………………1")
                + p("第2章　地域福祉を取り巻く現状と課題……………………………2")
                + p("第3章　計画の基本的な考え方………………………………………2")
                + p("第4章　施策の展開……………………………………………………3")
                + p("第5章　柊ヶ丘市成年後見制度利用促進計画………………………4")
                + p("資料編…………………………………………………………………4") + "</div>"
                + h("h2", "第1章　計画の概要")
                + h("h3", "1 計画策定の趣旨")
                + p("本市では、平成27年に第1次計画、令和2年に第2次計画を策定し、地域住民、社会福祉協議会、"
                    "関係団体と協働して地域福祉を推進してきました。一方で、8050問題やヤングケアラーなど、"
                    "複雑化・複合化した課題が顕在化しています。こうした状況を踏まえ、第3次計画を策定します。")
                + h("h3", "2 計画の位置づけ")
                + p("本計画は、社会福祉法第107条に規定する市町村地域福祉計画であり、成年後見制度の利用の促進に"
                    "関する法律第14条に基づく市町村計画を第5章に包含します。")
                + h("h3", "3 計画の期間")
                + p("令和7年度から令和11年度までの5年間とし、社会情勢の変化に応じて必要な見直しを行います。"))]

overview = ""
for gi, (gt, pols) in enumerate(A_GOALS, 1):
    overview += p(f"目標{gi}　{gt}")
    overview += "".join(p(f"{gi}-{pi}　{pt}", "ind1") for pi, (pt, _, _) in enumerate(pols, 1))
a_pages.append(page(H, 2, h("h2", "第2章　地域福祉を取り巻く現状と課題")
                    + h("h3", "（１）人口と世帯の状況")
                    + p("本市の総人口は令和6年4月1日現在で68,412人と減少傾向にあり、高齢化率は31.2%に達しています。"
                        "ひとり暮らし高齢者世帯は10年前の約1.4倍に増えています。")
                    + h("h3", "（２）市民アンケートから見える課題")
                    + p("令和5年度に実施した市民アンケート（回答1,236人）からは、次の課題が見えてきました。")
                    + p("● 近所づきあいが「ほとんどない」と答えた人が2割を超えている", "ind1")
                    + p("● 困ったときの相談先がわからない人が約3割いる", "ind1")
                    + p("● 地域活動の担い手の高齢化と固定化が進んでいる", "ind1")
                    + h("h2", "第3章　計画の基本的な考え方")
                    + h("h3", "1 基本理念") + centre(VISION)
                    + p("誰もが住み慣れた地域で、役割を持ち、互いに支えあいながら自分らしく暮らせるよう、"
                        "この基本理念のもと三つの目標を掲げて取り組みます。")
                    + h("h3", "2 施策の体系")
                    + p("基本理念　" + VISION) + "<div class='toc'>" + overview + "</div>"))
a_pages.append(page(H, 3, h("h2", "第4章　施策の展開")
                    + p("本章では、目標ごとに施策の方向性と主な取組を示します。")
                    + _a_goal(1, A_GOALS[0][1]) + _a_goal(2, A_GOALS[1][1], split_after=True)))
g2_last = A_GOALS[1][1][-1][2]
sub = (h("h2", f"第5章　{A_SUB[0]}")
       + p("判断能力が十分でない人が、地域で安心して暮らし続けられるよう、権利擁護支援の体制を整えます。"))
for pi, (pt, acts) in enumerate(A_SUB[1], 1):
    sub += h("h4", f"方向性{FW[pi]} {pt}", "ind1") + "".join(p("○ " + a, "ind2") for a in acts)
a_pages.append(page(H, 4, "".join(p("● " + a, "ind2") for a in g2_last) + _a_goal(3, A_GOALS[2][1]) + sub
                    + h("h2", "資料編")
                    + p("1 策定経過　2 柊ヶ丘市地域福祉計画策定委員会名簿　3 用語解説")
                    + p("※ 各取組の進捗状況は、毎年度、柊ヶ丘市地域福祉計画推進委員会に報告します。")))
HOLDOUT3.append((f"{C}_plan_fictional_holdout3.pdf", C, "柊ヶ丘市", a_pages, hii))


# ----------------------------------------------------------------------------------------------------- 萩ノ浦町
C = "haginoura"
H = "萩ノ浦町地域福祉計画・地域福祉活動計画"
VISION = "人と人、心と心がふれあう 福祉のまち はぎのうら"
KANA = ["(ｱ)", "(ｲ)", "(ｳ)"]
hag: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
B_PRIO = [
    ("多世代が集う居場所づくりプロジェクト", ["空き家を活用した地域の茶の間の開設", "子どもと高齢者の交流行事の実施"]),
    ("災害に備える支えあい体制づくりプロジェクト", ["地区防災計画への要配慮者支援の位置づけ", "避難支援者の登録促進"]),
]
B_PILLARS = [
    ("地域でふれあい、見守りあうまちづくり", [
        ("見守り・声かけ活動の推進", ["ご近所見守り隊の結成支援", "安否確認を兼ねた配食サービスの実施"]),
        ("地域の居場所づくり", ["集会所を活用したサロン活動の支援", "多世代食堂の開設支援"]),
    ]),
    ("安心して相談でき、必要な支援につながる仕組みづくり", [
        ("相談支援体制の充実", []),
        ("権利擁護の推進", []),
    ]),
    ("地域福祉を支える人と組織づくり", [
        ("担い手の発掘と育成", ["地域福祉コーディネーターの養成", "シニア世代の地域デビュー講座"]),
        ("社会福祉協議会との連携強化", ["地区社協の設立支援", "福祉団体の活動助成"]),
    ]),
]
B_PROGRAMS = [  # (policy index under 柱2, 事業名, 事業内容, 所管課)
    (1, "総合相談支援事業", "福祉・介護・子育ての相談を一つの窓口で受け付ける。", "福祉課"),
    (1, "地域包括支援センター運営事業", "高齢者の総合相談と介護予防のケアマネジメントを行う。", "長寿介護課"),
    (1, "障がい者相談支援事業", "障がいのある人と家族の相談に応じ、サービス利用を支援する。", "福祉課"),
    (2, "成年後見制度利用支援事業", "町長申立てを行い、申立て費用と後見人等の報酬を助成する。", "福祉課"),
    (2, "日常生活自立支援事業", "福祉サービスの利用援助と日常的な金銭管理を行う。", "社会福祉協議会"),
    (2, "総合相談支援事業【再掲】", "福祉・介護・子育ての相談を一つの窓口で受け付ける。", "福祉課"),
]
B_SUB = ("萩ノ浦町生活困窮者自立支援計画", [
    ("生活困窮の早期把握と相談支援", ["庁内関係課による情報共有の仕組みづくり", "自立相談支援機関による訪問相談"]),
    ("就労と住まいの安定に向けた支援", ["就労準備支援事業の実施", "住居確保給付金の周知と支給"]),
])

for qi, (qt, items) in enumerate(B_PRIO, 1):
    qid = f"{C}.priority{qi}"
    hag.append((qid, f"{C}.vision", "goal", "priority", qt))
    hag += [(f"{qid}.p{k}", qid, "policy", "priority", t) for k, t in enumerate(items, 1)]
for gi, (gt, pols) in enumerate(B_PILLARS, 1):
    gid = f"{C}.g{gi}"
    hag.append((gid, f"{C}.vision", "goal", "main", gt))
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        hag.append((pid, gid, "policy", "main", pt))
        hag += [(f"{pid}.a{ai}", pid, "action", "main", a) for ai, a in enumerate(acts, 1)]
for k, (pi, name, _, _) in enumerate(B_PROGRAMS, 1):
    pid = f"{C}.g2.p{pi}"
    hag.append((f"{pid}.r{k}", pid, "program", "main", name.replace("【再掲】", "")))
hag.append((f"{C}.livelihood", f"{C}.vision", "goal", "livelihood", B_SUB[0]))
for pi, (pt, acts) in enumerate(B_SUB[1], 1):
    pid = f"{C}.livelihood.p{pi}"
    hag.append((pid, f"{C}.livelihood", "policy", "livelihood", pt))
    hag += [(f"{pid}.a{ai}", pid, "action", "livelihood", a) for ai, a in enumerate(acts, 1)]

sys_rows = []
for gi, (gt, pols) in enumerate(B_PILLARS, 1):
    for pi, (pt, _) in enumerate(pols, 1):
        lead = (f"柱{gi} {gt}", len(pols)) if pi == 1 else ("", 0)
        sys_rows.append([lead, (f"（{FW[pi]}）{pt}", 1)])
system = table(["柱", "施策"], sys_rows)
b1 = (h("h1", H)
      + p("萩ノ浦町と萩ノ浦町社会福祉協議会は、行政計画である地域福祉計画と、住民の活動計画である地域福祉活動計画を"
          "一体的に策定しました。計画期間は令和7年度から令和11年度までの5年間です。")
      + h("h2", "第1部　総論")
      + h("h3", "（１）計画策定の背景")
      + p("人口減少と高齢化が進む中、漁業や農業を支えてきた地域のつながりも弱まりつつあります。"
          "一方、地区の祭りや清掃活動など、住民同士が支えあう土壌は今も息づいています。")
      + h("h3", "（２）基本理念")
      + centre(VISION)
      + p("この基本理念の実現に向け、三つの柱と、特に力を入れて取り組む二つの重点プロジェクトを定めます。")
      + h("h3", "（３）計画の体系") + system
      + h("h2", "第2部　重点プロジェクト")
      + p("各論に掲げる施策のうち、分野を横断して集中的に取り組むものを重点プロジェクトとして位置づけます。"))
for qi, (qt, items) in enumerate(B_PRIO, 1):
    b1 += h("h3", f"重点プロジェクト{FW[qi]}　{qt}") + "".join(p("・" + t, "ind1") for t in items)
    b1 += p("関連する施策：" + ("柱1（２）、柱3（１）" if qi == 1 else "柱1（１）、柱3（２）"), "ind1")
b_pages = [page(H, 1, b1)]

b2 = h("h2", "第3部　各論")
for gi, (gt, pols) in enumerate(B_PILLARS[:2], 1):
    if gi == 2:
        b2 += wrapped("h3", "柱2　安心して相談でき、必要な支援に", "つながる仕組みづくり")
        b2 += p("相談窓口の周知を図るとともに、分野を越えて関係機関が連携し、支援につなげます。")
    else:
        b2 += h("h3", f"柱{gi}　{gt}")
    for pi, (pt, acts) in enumerate(pols, 1):
        b2 += h("h4", f"（{FW[pi]}）{pt}", "ind1")
        if acts:
            b2 += p("地区の実情に合わせ、住民と行政、社会福祉協議会が役割を分担して進めます。", "ind1")
            b2 += p("《具体的な取組》", "ind1") + "".join(p(f"{KANA[ai]} {a}", "ind2") for ai, a in enumerate(acts))
        elif pi == 1:
            b2 += p("身近な場所で相談でき、必要な支援に確実につながる体制を充実させます。", "ind1")
        else:
            b2 += p("判断能力が不十分な人の権利と財産を守る取組を進めます。", "ind1")
prog_rows = []
for k, (pi, name, what, owner) in enumerate(B_PROGRAMS):
    span = sum(1 for r in B_PROGRAMS if r[0] == pi)
    first = k == 0 or B_PROGRAMS[k - 1][0] != pi
    lead = (f"（{FW[pi]}）{B_PILLARS[1][1][pi - 1][0]}", span) if first else ("", 0)
    prog_rows.append([lead, (name, 1), (what, 1), (owner, 1)])
b2 += p("＜主な事業＞　※次ページの表のとおり", "ind1")
b_pages.append(page(H, 2, b2))

gt, pols = B_PILLARS[2]
b3 = p("＜主な事業＞（柱2）") + table(["施策", "事業名", "事業内容", "所管課"], prog_rows)
b3 += h("h3", f"柱3　{gt}")
for pi, (pt, acts) in enumerate(pols, 1):
    b3 += h("h4", f"（{FW[pi]}）{pt}", "ind1") + p("《具体的な取組》", "ind1")
    b3 += "".join(p(f"{KANA[ai]} {a}", "ind2") for ai, a in enumerate(acts))
b_pages.append(page(H, 3, b3))
b4 = (h("h2", f"第4部　{B_SUB[0]}")
      + p("生活困窮者自立支援法に基づき、経済的に困窮し、最低限度の生活を維持することができなくなるおそれの"
          "ある人の自立を、町と社会福祉協議会が一体となって支援します。"))
for pi, (pt, acts) in enumerate(B_SUB[1], 1):
    b4 += h("h4", f"（{FW[pi]}）{pt}", "ind1") + p("《具体的な取組》", "ind1")
    b4 += "".join(p(f"{KANA[ai]} {a}", "ind2") for ai, a in enumerate(acts))
b4 += (h("h2", "第5部　計画の推進")
       + h("h4", "（１）計画の推進体制", "ind1")
       + p("住民、地域団体、事業者、社会福祉協議会、町がそれぞれの役割を果たし、協働して計画を推進します。", "ind1")
       + h("h4", "（２）進行管理と評価", "ind1")
       + p("萩ノ浦町地域福祉計画推進委員会において毎年度進捗を確認し、PDCAサイクルにより改善を図ります。", "ind1")
       + h("h4", "（３）成果指標", "ind1")
       + table(["指標", "現状値（令和5年度）", "目標値（令和11年度）"],
               [[("ご近所見守り隊の結成地区数", 1), ("8地区", 1), ("20地区", 1)],
                [("サロン・多世代食堂の設置数", 1), ("12か所", 1), ("18か所", 1)],
                [("困ったときの相談先を知っている町民の割合", 1), ("61.4%", 1), ("80.0%", 1)]])
       + p("※ 所管課は令和7年4月1日現在の組織名称です。"))
b_pages.append(page(H, 4, b4))
HOLDOUT3.append((f"{C}_plan_fictional_holdout3.pdf", C, "萩ノ浦町", b_pages, hag))


# ----------------------------------------------------------------------------------------------------- 千草野村
C = "chigusano"
H = "第2期千草野村地域福祉計画・地域福祉活動計画"
VISION = "千草の野に 笑顔と支えあいがひろがる村"
chi: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
C_DIRS = [
    ("互いに顔の見える関係づくり", [
        ("近所づきあいと見守りの推進", ["ひとり暮らし高齢者等の見守り台帳の整備", "見守り協定事業者の拡大"],
         ["小地域ネットワーク活動の推進", "あいさつ・声かけ運動の展開"]),
        ("集いの場と交流の充実", ["地区公民館の改修と開放"],
         ["ふれあいいきいきサロンの運営支援", "世代間交流会の開催"]),
    ]),
    ("安心して暮らし続けられる支援体制づくり", [
        ("身近な相談体制の充実", ["保健福祉センターでの総合相談の実施"], ["心配ごと相談所の開設"]),
        ("認知症や障がいのある人が安心して暮らせる地域づくり", ["認知症初期集中支援チームの活動",
                                                            "障がい者の就労の場の確保"],
         ["認知症サポーター養成講座の開催"]),
        ("移動と買い物の支援", ["デマンド交通の運行"], ["住民ボランティアによる移送サービス"]),
    ]),
]
C_DIR3 = ("支えあいを担う人づくり", [
    ("福祉の担い手の育成", [("福祉人材育成研修事業", "介護職員初任者研修の受講費用を助成する。", "村"),
                          ("ボランティア養成講座", "傾聴や配食などの入門講座を開く。", "社会福祉協議会"),
                          ("中学生福祉体験事業", "夏休みに施設での福祉体験を行う。", "社会福祉協議会")]),
    ("地域活動団体への支援", [("地域づくり活動補助金", "自治会等の福祉活動に補助する。", "村"),
                            ("老人クラブ活動支援事業", "老人クラブの友愛訪問活動を支援する。", "村"),
                            ("福祉団体連絡会の運営", "団体間の情報交換の場を設ける。", "社会福祉協議会")]),
])
C_SUB = ("千草野村再犯防止推進計画", ["協力雇用主の登録促進と就労支援", "更生保護サポートセンターの活動支援",
                                  "社会を明るくする運動の推進", "保護司の確保と活動の周知"])

for gi, (gt, pols) in enumerate(C_DIRS, 1):
    gid = f"{C}.g{gi}"
    chi.append((gid, f"{C}.vision", "goal", "main", gt))
    for pi, (pt, vil, soc) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        chi.append((pid, gid, "policy", "main", pt))
        chi += [(f"{pid}.a{ai}", pid, "action", "main", a) for ai, a in enumerate(vil + soc, 1)]
chi.append((f"{C}.g3", f"{C}.vision", "goal", "main", C_DIR3[0]))
for pi, (pt, progs) in enumerate(C_DIR3[1], 1):
    pid = f"{C}.g3.p{pi}"
    chi.append((pid, f"{C}.g3", "policy", "main", pt))
    chi += [(f"{pid}.r{k}", pid, "program", "main", n) for k, (n, _, _) in enumerate(progs, 1)]
chi.append((f"{C}.reoffending", f"{C}.vision", "goal", "reoffending", C_SUB[0]))
chi += [(f"{C}.reoffending.a{k}", f"{C}.reoffending", "action", "reoffending", t) for k, t in enumerate(C_SUB[1], 1)]


def _c_policies(gi: int, pols: list) -> str:
    s = ""
    for pi, (pt, vil, soc) in enumerate(pols, 1):
        if gi == 2 and pi == 2:
            s += wrapped("h4", f"{pi}) 認知症や障がいのある人が安心して", "暮らせる地域づくり", "ind1")
        else:
            s += h("h4", f"{pi}) {pt}", "ind1")
        s += p("＜村の取組＞", "ind1") + "".join(p("◎ " + a, "ind2") for a in vil)
        s += p("＜社協・地域の取組＞", "ind1") + "".join(p("□ " + a, "ind2") for a in soc)
    return s


c_pages = [page(H, 1, h("h1", H) + h("h2", "目次") + "<div class='toc'>"
                + p("第1章　計画の策定にあたって．．．．．．．．．．．．．．．．．．．．1")
                + p("第2章　村の現状と課題．．．．．．．．．．．．．．．．．．．．．．．1")
                + p("第3章　計画の基本理念と基本的方向．．．．．．．．．．．．．．．．2")
                + p("第4章　取組の展開．．．．．．．．．．．．．．．．．．．．．．．．．2")
                + p("第5章　千草野村再犯防止推進計画．．．．．．．．．．．．．．．．．4") + "</div>"
                + h("h2", "第1章　計画の策定にあたって")
                + h("h4", "1) 計画策定の趣旨", "ind1")
                + p("第1期計画の成果と課題を引き継ぎ、村と千草野村社会福祉協議会が一体となって、住民主体の地域福祉を"
                    "進めるため、第2期計画を策定します。", "ind1")
                + h("h4", "2) 地域福祉計画と地域福祉活動計画の関係", "ind1")
                + p("地域福祉計画は村が策定する行政計画、地域福祉活動計画は社会福祉協議会が住民とともに策定する"
                    "民間の活動計画です。本計画では、取組ごとに「村の取組」と「社協・地域の取組」を示します。", "ind1")
                + h("h4", "3) 計画の期間", "ind1")
                + p("令和7年度から令和12年度までの6年間とします。", "ind1")
                + h("h2", "第2章　村の現状と課題")
                + h("h4", "ア 人口の状況", "ind1")
                + p("総人口は4,318人（令和6年3月末）で、高齢化率は44.6%です。若い世代の転出が続いています。", "ind1")
                + h("h4", "イ 住民アンケートの結果", "ind1")
                + p("a. 「地域の支えあいが必要」と答えた人は82.1%にのぼります。", "ind2")
                + p("b. 一方、地域活動に「参加していない」人は46.3%です。", "ind2")
                + p("c. 移動手段の確保を課題に挙げる人が最も多くなっています。", "ind2")
                + p("※ 調査は令和5年11月に18歳以上の村民1,000人を対象に実施しました。", "ind1"))]
dirs_all = [(gt, [x[0] for x in pols]) for gt, pols in C_DIRS] + [(C_DIR3[0], [x[0] for x in C_DIR3[1]])]
ov = "".join(p(f"基本的方向{FW[gi]}　{gt}", "ind1") + p("（" + "／".join(pts) + "）", "ind2")
             for gi, (gt, pts) in enumerate(dirs_all, 1))
c_pages.append(page(H, 2, h("h2", "第3章　計画の基本理念と基本的方向")
                    + p("基本理念") + centre(VISION)
                    + p("豊かな自然と人の温かさを大切にしながら、誰もが役割と居場所を持ち、安心して暮らし続けられる村を"
                        "めざします。この基本理念のもと、三つの基本的方向を定めます。")
                    + p("＜基本的方向の一覧＞") + ov
                    + h("h2", "第4章　取組の展開")
                    + h("h3", f"基本的方向{FW[1]}　{C_DIRS[0][0]}")
                    + p("あいさつや声かけから始まる顔の見える関係を、地区ごとに育てていきます。")
                    + _c_policies(1, C_DIRS[0][1])))
c_pages.append(page(H, 3, h("h3", f"基本的方向{FW[2]}　{C_DIRS[1][0]}")
                    + p("支援が必要になっても住み慣れた村で暮らし続けられるよう、相談から生活支援まで切れ目なく"
                        "支える体制をつくります。")
                    + _c_policies(2, C_DIRS[1][1]), "cols"))
c4 = h("h3", f"基本的方向{FW[3]}　{C_DIR3[0]}")
c4 += p("地域の支えあいを次の世代につなぐため、担い手を育て、活動団体を支えます。")
for pi, (pt, progs) in enumerate(C_DIR3[1], 1):
    c4 += h("h4", f"{pi}) {pt}", "ind1")
    body = []
    for k, (n, what, owner) in enumerate(progs):
        first = k == 0 or progs[k - 1][2] != owner
        span = 0
        while first and k + span < len(progs) and progs[k + span][2] == owner:
            span += 1
        body.append([(n, 1), (what, 1), (owner, span) if first else ("", 0)])
    c4 += table(["事業名", "内容", "実施主体"], body)
c4 += (h("h2", f"第5章　{C_SUB[0]}")
       + p("再犯の防止等の推進に関する法律第8条に基づく地方再犯防止推進計画として、罪を犯した人等が地域社会の"
           "一員として円滑に社会復帰できるよう、保護司会や更生保護女性会と連携して取り組みます。")
       + p("＜主な取組＞") + "".join(p("◆ " + t, "ind1") for t in C_SUB[1])
       + h("h2", "資料編") + p("千草野村地域福祉計画策定委員会設置要綱／委員名簿／策定経過／用語集"))
c_pages.append(page(H, 4, c4))
HOLDOUT3.append((f"{C}_plan_fictional_holdout3.pdf", C, "千草野村", c_pages, chi))
