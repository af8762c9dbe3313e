"""Blind held-out plans for measuring `compare draft` on plans it was not developed on.

Two fictional municipalities (青葉沢市, ななせ川町: neither exists), written without reading the drafter, in numbering
grammars the development fixtures (make_draft_fixtures.PLANS) do not use. Same tuple shape as PLANS:
(file name, city id, Japanese name, pages of HTML, expected tree rows: node_id, parent_id, level, part, title).
The expected rows are written from the same structure the pages are generated from, never from drafter output.

青葉沢市 (aobasawa): 第N章 chapters with 第1節 基本理念 / 第2節 基本目標; goals 基本目標Ⅰ (Roman numerals, full-width
space); policies 1． (full-width period, restarting per goal); a ‹主な取組› label over ◎ actions; two 主な事業 tables
(事業名 / 事業の概要 / 担当課, no 施策 column: the rows belong to the policy above) with a 【再掲】 row; the
guardianship sub-plan as 第5章. Traps: a table of contents with …… leaders, running header and page footer on every
page, 第1章 計画の概要 and 資料編 using the same 1． marker as the policies, ◇ bullets in 第2章 現状と課題, a goal
heading wrapped over two lines, body paragraphs between headings, a goal continuing onto the next page without its
heading repeated, a 策定経過 table (no owners column) in 資料編.

ななせ川町 (nanasegawa): 第1部 総論 / 第2部 各論 with chapters numbered "1 "; goals 基本目標１：title (colon);
policies 1-1 (hyphen codes without a tier word); a 具体的取組み label over (ア)(イ) actions; one table per goal with a
施策 column holding the policy code (1-1, 1-2) and a 担当課 column; a priority chapter whose items are
【重点施策1】-style headings with ▸ bullets; the reoffending and livelihood sub-plans as chapters with Ａ．/ Ｂ．
policies and ■ actions. Traps: a table of contents with ・・・ leaders, running header and footer, (1)/(2) and ●
bullets in the non-plan 現状と課題 chapter, a policy heading wrapped over two lines, body paragraphs between
headings, a non-plan closing chapter (計画の推進体制) after the sub-plans.

Conventions of the expected rows: see make_draft_fixtures; the items under a priority goal are policies (as in
若葉台村), a programme row's title is its 事業名 without 【再掲】.
"""

from __future__ import annotations

import html

from make_draft_fixtures import p, page

#: same shape as make_draft_fixtures.PLANS
HOLDOUT: list[tuple[str, str, str, list[str], list[tuple[str, str, str, str, str]]]] = []


def e(text: str) -> str:
    return html.escape(text)


def bold(text: str, cls: str = "") -> str:
    return f'<p class="{cls}"><b>{e(text)}</b></p>'


def table(head: list[str], rows: list[list[str]]) -> str:
    s = "<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"
    for r in rows:
        s += "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
    return s + "</table>"


VISION_BOX = ('<div style="border:1pt solid #000;padding:4mm;margin:3mm 10mm;text-align:center;font-size:14pt">'
              '{}</div>')

# --------------------------------------------------------------------------------------------- 青葉沢市
C = "aobasawa"
H = "青葉沢市 第3次地域福祉計画"
VISION = "緑とやさしさがつなぐ 支えあいのまち 青葉沢"
aob: list[tuple[str, str, str, str, str]] = [(f"{C}.vision", "", "vision", "main", VISION)]

# goal: (title, heading html lines, lead paragraph, [(policy title, paragraph, [actions], [(事業名, 概要, 担当課)])])
A_GOALS = [
    ("ふれあいと支えあいの地域づくり", ["ふれあいと支えあいの地域づくり"],
     "近所づきあいの希薄化が進むなか、日頃の見守りや交流を通じて、住民同士が自然に支えあえる地域をめざします。",
     [("地域の見守りネットワークの充実",
       "民生委員・児童委員や自治会、事業者が連携し、異変に早く気づける見守りの網を地区ごとに広げます。",
       ["見守り協力事業者との協定締結", "民生委員・児童委員活動の支援", "地区見守り会議の開催"], []),
      ("交流の場と居場所づくり",
       "誰もが気軽に立ち寄れる居場所を身近な地域に増やし、世代を超えた交流を促します。",
       ["ふれあいサロンの立ち上げ支援", "空き家を活用した地域の居場所づくり"],
       [("ふれあいサロン運営支援事業", "地区のサロン活動に運営費と備品購入費を助成する。", "社会福祉課"),
        ("世代間交流推進事業", "児童館や公民館で高齢者と子どもの交流行事を開催する。", "生涯学習課"),
        ("子ども食堂支援事業", "子ども食堂の開設・運営に要する経費の一部を補助する。", "こども家庭課")])]),
    ("必要な支援に確実につながる相談・支援体制づくり", ["必要な支援に確実につながる", "相談・支援体制づくり"],
     "複雑化・複合化した課題を抱える世帯が、たらい回しにされることなく適切な支援につながる体制を整えます。",
     [("包括的な相談支援体制の構築",
       "分野ごとの相談窓口が連携し、世帯全体の課題を受け止める体制を整備します。",
       ["福祉総合相談窓口の設置", "多機関協働による支援会議の運営"], []),
      ("災害時の支援体制の整備",
       "災害時に自力で避難することが難しい人を地域で把握し、避難を支援する仕組みをつくります。",
       ["避難行動要支援者名簿の更新", "個別避難計画の作成支援"], [])]),
    ("地域福祉を担う人と組織づくり", ["地域福祉を担う人と組織づくり"],
     "地域活動の担い手の高齢化や固定化に対応するため、新たな担い手の育成と団体の活動支援に取り組みます。",
     [("福祉教育・啓発の推進",
       "子どもから大人まで、福祉を身近に感じる学びの機会を広げます。",
       ["出前福祉講座の開催", "中高生の福祉ボランティア体験"], []),
      ("地域活動団体への支援",
       "地区社会福祉協議会やボランティア団体が継続して活動できるよう支援します。",
       ["地区社会福祉協議会の活動支援"],
       [("ボランティアセンター運営事業", "ボランティアの登録・相談・活動先の調整を行う。", "社会福祉協議会"),
        ("ふれあいサロン運営支援事業【再掲】", "地区のサロン活動に運営費と備品購入費を助成する。", "社会福祉課")])]),
]
A_GUARD = ("成年後見制度利用促進計画",
           "認知症や障がいにより判断能力が十分でない人が、地域で安心して暮らし続けられるよう、成年後見制度の利用を"
           "促進します。本章は、成年後見制度の利用の促進に関する法律第14条第1項に基づく市町村計画として位置づけます。",
           [("権利擁護支援の地域連携ネットワークの構築", ["中核機関の設置と運営", "権利擁護支援協議会の開催"]),
            ("成年後見制度の利用支援", ["市長申立ての適切な実施", "後見人等報酬助成制度の拡充"])])
ROMAN = "ⅠⅡⅢⅣ"


def a_goal(gi: int, with_heading: bool = True, policies: range | None = None) -> str:
    """HTML of goal gi (0-based), optionally only some of its policies (a goal continued on the next page)."""
    gt, lines, lead, pols = A_GOALS[gi]
    s = ""
    if with_heading:
        s += f"<h3>基本目標{ROMAN[gi]}　" + "<br>".join(e(x) for x in lines) + "</h3>" + p(lead)
    for pi in (policies if policies is not None else range(len(pols))):
        pt, para, acts, progs = pols[pi]
        s += bold(f"{pi + 1}．{pt}", "ind1") + p(para, "ind1") + p("‹主な取組›", "ind1")
        s += "".join(p(f"◎ {a}", "ind2") for a in acts)
        if progs:
            s += p("【主な事業】", "ind1") + table(["事業名", "事業の概要", "担当課"], [list(r) for r in progs])
    return s


for gi, (gt, _lines, _lead, pols) in enumerate(A_GOALS, 1):
    gid = f"{C}.g{gi}"
    aob.append((gid, f"{C}.vision", "goal", "main", gt))
    for pi, (pt, _para, acts, progs) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        aob.append((pid, gid, "policy", "main", pt))
        aob += [(f"{pid}.a{ai}", pid, "action", "main", a) for ai, a in enumerate(acts, 1)]
        aob += [(f"{pid}.r{ri}", pid, "program", "main", r[0].replace("【再掲】", ""))
                for ri, r in enumerate(progs, 1)]
aob.append((f"{C}.guardianship", f"{C}.vision", "goal", "guardianship", A_GUARD[0]))
for pi, (pt, acts) in enumerate(A_GUARD[2], 1):
    pid = f"{C}.guardianship.p{pi}"
    aob.append((pid, f"{C}.guardianship", "policy", "guardianship", pt))
    aob += [(f"{pid}.a{ai}", pid, "action", "guardianship", a) for ai, a in enumerate(acts, 1)]

toc = ("<h2>目次</h2><div class='toc'>"
       + p("第1章 計画の概要 ………………………………………………… 1")
       + p("第2章 地域福祉を取り巻く現状と課題 …………………… 1")
       + p("第3章 計画の基本的な考え方 …………………………………… 2")
       + p("第4章 施策の展開 ………………………………………………… 2")
       + p("第5章 成年後見制度利用促進計画 ………………………… 4")
       + p("資料編 ………………………………………………………………… 4") + "</div>")
s1 = (f"<h1>{e(H)}</h1>" + p("令和7年度～令和12年度") + toc
      + "<h2>第1章 計画の概要</h2>"
      + bold("1．計画策定の趣旨")
      + p("本市では、平成27年に第1次計画を策定して以来、住民・事業者・行政が協働して地域福祉を推進してきました。"
          "人口減少と高齢化が進み、地域の課題が複雑化するなかで、これまでの取組を点検し、新たな計画を策定します。")
      + bold("2．計画の位置づけ")
      + p("本計画は、社会福祉法第107条に基づく市町村地域福祉計画であり、"
          "市の総合計画を上位計画として、高齢者・障がい者・子ども等の分野別計画に共通する理念と方向性を示すものです。")
      + bold("3．計画の期間")
      + p("令和7年度から令和12年度までの6年間とし、社会情勢の変化に応じて見直しを行います。")
      + "<h2>第2章 地域福祉を取り巻く現状と課題</h2>"
      + p("令和6年10月1日現在の本市の人口は58,412人、高齢化率は31.2%で、10年前と比べて5.8ポイント上昇しています。"
          "市民アンケートと地区懇談会の結果から、次の課題が明らかになりました。")
      + p("◇ 近所づきあいの減少と地域のつながりの希薄化", "ind1")
      + p("◇ どこに相談したらよいかわからない人の存在", "ind1")
      + p("◇ 地域活動の担い手の高齢化と不足", "ind1"))
s2 = ("<h2>第3章 計画の基本的な考え方</h2>"
      + "<h3>第1節 基本理念</h3>" + VISION_BOX.format(e(VISION))
      + p("豊かな緑に囲まれた本市の暮らしのなかで、誰もがやさしさを持ち寄り、支えあいながら自分らしく暮らせるまちを"
          "めざして、この基本理念を掲げます。")
      + "<h3>第2節 基本目標</h3>"
      + p("基本理念の実現に向けて、次章に示す三つの基本目標を掲げ、施策を総合的かつ計画的に展開します。")
      + "<h2>第4章 施策の展開</h2>" + a_goal(0))
s3 = a_goal(1) + a_goal(2, policies=range(0, 1))
gt, lead, gpols = A_GUARD
s4 = a_goal(2, with_heading=False, policies=range(1, 2)) + f"<h2>第5章 {e(gt)}</h2>" + p(lead)
for pi, (pt, acts) in enumerate(gpols, 1):
    s4 += bold(f"{pi}．{pt}", "ind1") + p("‹主な取組›", "ind1") + "".join(p(f"◎ {a}", "ind2") for a in acts)
s4 += ("<h2>資料編</h2>" + bold("1．計画の策定経過")
       + table(["年月日", "内容"], [["令和6年6月12日", "第1回地域福祉計画策定委員会"],
                                   ["令和6年9月〜10月", "地区懇談会（市内8地区）"],
                                   ["令和6年12月20日", "パブリックコメントの実施"]])
       + bold("2．用語解説")
       + p("中核機関：権利擁護支援の地域連携ネットワークの中心となり、広報・相談・利用促進等を担う機関。"))
HOLDOUT.append((f"{C}_plan_fictional_holdout.pdf", C, "青葉沢市",
                [page(H, 1, s1), page(H, 2, s2), page(H, 3, s3), page(H, 4, s4)], aob))

# --------------------------------------------------------------------------------------------- ななせ川町
C = "nanasegawa"
H = "ななせ川町地域福祉計画・地域福祉活動計画"
VISION = "水と緑に ひと・まちがつながる ななせ川"
nan: list[tuple[str, str, str, str, str]] = [(f"{C}.vision", "", "vision", "main", VISION)]

# goal: (title, lead, [(policy title, heading lines, [actions])], table rows (policy no, 事業名, 担当課))
B_GOALS = [
    ("ともに気づき、ともに支えあう地域づくり",
     "住民一人ひとりが地域の変化に気づき、声をかけあえる関係づくりを進めます。",
     [("日常的な見守りと声かけの推進", None, ["地区ごとの見守り隊の結成支援", "あいさつ・声かけ運動の展開"]),
      ("多世代が集う場の充実", None, ["地域食堂の運営支援", "公民館を活用した交流事業"])],
     [(1, "見守り隊活動支援事業", "福祉課"), (1, "緊急通報装置設置事業", "長寿福祉課"),
      (2, "地域食堂運営補助事業", "福祉課"), (2, "公民館ふれあい講座", "生涯学習課")]),
    ("安心して相談できる支援体制づくり",
     "困りごとを抱えた人が早い段階で相談でき、必要な支援に結びつく体制を整えます。",
     [("属性や世代を問わない重層的な相談支援体制の整備", ["属性や世代を問わない", "重層的な相談支援体制の整備"],
       ["福祉なんでも相談窓口の開設", "アウトリーチ支援員の配置"]),
      ("移動と買い物の支援", None, ["デマンド型乗合タクシーの運行"])], []),
    ("地域福祉の担い手づくり",
     "地域活動に関わる人を増やし、町と社会福祉協議会が一体となって活動を支えます。",
     [("ボランティア活動の促進", None, ["ボランティア入門講座の開催", "有償ボランティア制度の検討"]),
      ("社会福祉協議会との連携強化", None, ["地域福祉活動計画との一体的推進"])], []),
]
B_PRIO = [("見守りと居場所の一体的な推進", ["見守り隊と地域食堂の連携", "孤立しがちな世帯への訪問"]),
          ("相談につながる仕組みの強化", ["相談窓口の周知強化"])]
B_SUBS = [
    ("reoffending", "6", "再犯防止推進計画",
     "犯罪や非行をした人が地域社会の一員として円滑に社会復帰できるよう、再犯の防止等の推進に関する法律第8条に基づく"
     "地方再犯防止推進計画として、次の施策に取り組みます。",
     [("就労・住居の確保に向けた支援", ["協力雇用主の開拓", "公営住宅への入居支援"]),
      ("保護司会・更生保護団体への支援", ["更生保護サポートセンターの運営支援"])]),
    ("livelihood", "7", "生活困窮者自立支援計画",
     "経済的に困窮し、最低限度の生活を維持できなくなるおそれのある人の自立を、相談から就労まで切れ目なく支援します。",
     [("自立相談支援の充実", ["自立相談支援窓口の機能強化"]),
      ("家計と就労の一体的な支援", ["家計改善支援事業の実施", "就労準備支援事業の実施"])]),
]
KANA = "アイウエ"
ZEN = "ＡＢＣＤ"


def b_goal(gi: int) -> str:
    gt, lead, pols, rows = B_GOALS[gi]
    s = f"<h3>基本目標{'１２３'[gi]}：{e(gt)}</h3>" + p(lead)
    for pi, (pt, lines, acts) in enumerate(pols, 1):
        s += (f'<p class="ind1"><b>{gi + 1}-{pi}　' + "<br>".join(e(x) for x in (lines or [pt])) + "</b></p>")
        s += p("地域の実情に応じて、関係団体と連携しながら次の取組を進めます。", "ind1") + p("具体的取組み", "ind1")
        s += "".join(p(f"({KANA[ai]}) {a}", "ind2") for ai, a in enumerate(acts))
    if rows:
        s += (p(f"【基本目標{'１２３'[gi]}の主な事業】", "")
              + table(["施策", "事業名", "担当課"], [[f"{gi + 1}-{r[0]}", r[1], r[2]] for r in rows]))
    return s


for gi, (gt, _lead, pols, rows) in enumerate(B_GOALS, 1):
    gid = f"{C}.g{gi}"
    nan.append((gid, f"{C}.vision", "goal", "main", gt))
    for pi, (pt, _lines, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        nan.append((pid, gid, "policy", "main", pt))
        nan += [(f"{pid}.a{ai}", pid, "action", "main", a) for ai, a in enumerate(acts, 1)]
    nan += [(f"{gid}.p{r[0]}.r{ri}", f"{gid}.p{r[0]}", "program", "main", r[1]) for ri, r in enumerate(rows, 1)]
for qi, (qt, items) in enumerate(B_PRIO, 1):
    qid = f"{C}.priority{qi}"
    nan.append((qid, f"{C}.vision", "goal", "priority", qt))
    nan += [(f"{qid}.p{k}", qid, "policy", "priority", t) for k, t in enumerate(items, 1)]
for part, _no, st, _lead, pols in B_SUBS:
    sid = f"{C}.{part}"
    nan.append((sid, f"{C}.vision", "goal", part, st))
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{sid}.p{pi}"
        nan.append((pid, sid, "policy", part, pt))
        nan += [(f"{pid}.a{ai}", pid, "action", part, a) for ai, a in enumerate(acts, 1)]

toc = ("<h2>目　次</h2><div class='toc'>"
       + p("第1部 総論")
       + p("1 計画の策定にあたって・・・・・・・・・・・・・・・・・・・・・・・・1", "ind1")
       + p("2 地域の現状と課題・・・・・・・・・・・・・・・・・・・・・・・・・・・1", "ind1")
       + p("3 計画の基本理念・・・・・・・・・・・・・・・・・・・・・・・・・・・・2", "ind1")
       + p("第2部 各論")
       + p("4 施策の展開・・・・・・・・・・・・・・・・・・・・・・・・・・・・・・2", "ind1")
       + p("5 重点施策・・・・・・・・・・・・・・・・・・・・・・・・・・・・・・・3", "ind1")
       + p("6 再犯防止推進計画・・・・・・・・・・・・・・・・・・・・・・・・・・4", "ind1")
       + p("7 生活困窮者自立支援計画・・・・・・・・・・・・・・・・・・・・・・4", "ind1")
       + p("8 計画の推進体制・・・・・・・・・・・・・・・・・・・・・・・・・・・4", "ind1") + "</div>")
s1 = (f"<h1>{e(H)}</h1>" + p("計画期間：令和7年度～令和11年度") + toc
      + "<h2>第1部 総論</h2>" + "<h3>1 計画の策定にあたって</h3>"
      + p("本計画は、町が策定する地域福祉計画と、ななせ川町社会福祉協議会が策定する地域福祉活動計画を一体的に"
          "まとめたものです。あわせて、再犯防止推進計画及び生活困窮者自立支援計画を包含します。")
      + "<h3>2 地域の現状と課題</h3>"
      + p("(1) 人口と世帯の状況", "ind1")
      + p("本町の人口は令和6年4月1日現在で12,086人となり、ひとり暮らし高齢者世帯は10年間で約1.4倍に増えています。",
          "ind1")
      + p("(2) 住民アンケートから見える課題", "ind1")
      + p("● 「近所に頼れる人がいない」と答えた人が27.5%", "ind2")
      + p("● 「福祉の相談先を知らない」と答えた人が41.3%", "ind2")
      + p("● 地域活動に「参加したいが機会がない」と答えた人が33.0%", "ind2"))
s2 = ("<h3>3 計画の基本理念</h3>" + p("基本理念") + VISION_BOX.format(e(VISION))
      + p("ななせ川の流れのように、人と人、人とまちが途切れることなくつながり、誰もが住み慣れた地域で安心して"
          "暮らせるまちをめざします。")
      + "<h2>第2部 各論</h2>" + "<h3>4 施策の展開</h3>"
      + p("基本理念の実現に向けて三つの基本目標を設定し、それぞれに施策と具体的取組みを位置づけます。")
      + b_goal(0))
s3 = (b_goal(1) + b_goal(2) + "<h3>5 重点施策</h3>"
      + p("計画期間中に特に重点的に取り組む施策を、次のとおり位置づけます。"))
for qi, (qt, items) in enumerate(B_PRIO, 1):
    s3 += bold(f"【重点施策{qi}】{qt}", "ind1") + "".join(p(f"▸ {t}", "ind2") for t in items)
s4 = ""
for _part, no, st, lead, pols in B_SUBS:
    s4 += f"<h3>{no} {e(st)}</h3>" + p(lead)
    for pi, (pt, acts) in enumerate(pols):
        s4 += bold(f"{ZEN[pi]}．{pt}", "ind1") + "".join(p(f"■ {a}", "ind2") for a in acts)
s4 += ("<h3>8 計画の推進体制</h3>"
       + p("(1) 計画の進行管理", "ind1")
       + p("地域福祉計画推進委員会において毎年度の取組状況を点検・評価し、PDCAサイクルに基づき計画を推進します。",
           "ind1")
       + p("(2) 住民への周知", "ind1")
       + p("広報紙や町ホームページ、地区座談会を通じて計画の内容を周知します。", "ind1"))
HOLDOUT.append((f"{C}_plan_fictional_holdout.pdf", C, "ななせ川町",
                [page(H, 1, s1), page(H, 2, s2), page(H, 3, s3), page(H, 4, s4)], nan))
