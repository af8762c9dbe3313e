"""Held-out set 5 for `compare draft`: four fictional plans written blind (without reading the drafter).

Four fictional municipalities (こもれび台市, 霧ヶ丘町, 渚野市, 雪割村: none exists). Each plan uses a grammar unlike
the common 基本理念 → 基本目標N → (1) → ① one, and carries the traps real plan PDFs have (a table of contents with
dot leaders, running headers and page numbers, a non-plan chapter using the plan's own markers, an overview list or
table (施策の体系) repeating the headings, body paragraphs between headings, a heading wrapped over two lines, tables
with merged cells and an owners column, a 【再掲】 row, a two-column page, embedded sub-plans, a 重点 section).

- こもれび台市: 目指す姿 → 推進方針N → 具体的施策（n） → 【主な取組】 ○ bullets; 成年後見制度利用促進計画 as a chapter.
- 霧ヶ丘町: 基本理念 → Ⅰ Ⅱ Ⅲ (no tier word) → （n） policies → actions only in a 施策 | 主な取組 | 担当課 table;
  the guardianship sub-plan as pillar Ⅳ.
- 渚野市: 基本理念 → 第N節 基本目標N → 【施策N】 (numbered through) → 《具体的な取組》 ● bullets; a programme table
  (所管課, merged 施策 cells, 【再掲】); a 重点プロジェクト chapter (◎ items); 再犯防止推進計画 as a chapter.
- 雪割村: 基本理念 → ◆基本目標１ → 1-(1) → 1-(1)-① composite numbering; a programme table (担当部署); a two-column
  page; 生活困窮者自立支援計画 whose ＜主な取組＞ □ items attach directly to the sub-plan root.

Expected rows: (node_id, parent_id, level, part, title), written from the structure below, never from drafter output.
"""

from __future__ import annotations

import html

from make_draft_fixtures import p, page

Row = tuple[str, str, str, str, str]
HOLDOUT5: list[tuple[str, str, str, list[str], list[Row]]] = []


def _h(tag: str, text: str) -> str:
    return f"<{tag}>{html.escape(text)}</{tag}>"


def _toc(entries: list[tuple[str, int]]) -> str:
    return "<h2>目次</h2><div class='toc'>" + "".join(p(f"{t}{'…' * max(4, 30 - len(t))}{n}")
                                                    for t, n in entries) + "</div>"


def _table(head: list[str], rows: list[list[str]], widths: list[int] | None = None, merge_first: bool = True) -> str:
    """A ruled table; with merge_first, equal consecutive cells of the first column are one row-spanning cell."""
    ws = [f' style="width:{w}%"' for w in widths] if widths else [""] * len(head)
    s = "<table><tr>" + "".join(f"<th{w}>{html.escape(h)}</th>" for h, w in zip(head, ws, strict=True)) + "</tr>"
    i = 0
    while i < len(rows):
        span = 1
        if merge_first:
            while i + span < len(rows) and rows[i + span][0] == rows[i][0]:
                span += 1
        for k in range(span):
            r = rows[i + k]
            lead = ""
            if k == 0:
                lead = f'<td rowspan="{span}">{html.escape(r[0])}</td>' if span > 1 else f"<td>{html.escape(r[0])}</td>"
            s += "<tr>" + lead + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:]) + "</tr>"
        i += span
    return s + "</table>"


# --------------------------------------------------------------------------------------------- こもれび台市
# Grammar: 目指す姿 (vision) → 推進方針N (goal) → 具体的施策（n） (policy) → 【主な取組】 ○ bullets (action). Traps: a
# 計画の概要 chapter using （n）, an overview (施策の体系) repeating 推進方針/具体的施策, a wrapped 具体的施策 heading,
# the guardianship sub-plan as chapter 4 with its own 具体的施策, a 計画の推進 chapter with ○ bullets and （n）.
C = "komorebidai"
H = "こもれび台市地域福祉計画（第3次）"
VISION = "やさしさがめぐり、誰もが自分らしく暮らせるまち こもれび台"
kom: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
kom_goals = [
    ("ふだんからのつながりを育む", [
        ("身近な交流の場を広げる", ["地区サロンの立ち上げと運営の支援", "公民館を活用した多世代交流会の開催"]),
        ("見守りと声かけの輪を広げる", ["見守り協力事業所の登録促進", "ひとり暮らし高齢者への定期的な声かけ訪問"]),
    ]),
    ("困りごとを受け止め、ともに支える", [
        ("分野を問わず受け止める包括的な相談支援体制の構築", ["福祉総合相談窓口の設置",
                                                            "関係機関による支援会議の開催"]),
        ("支援が届きにくい人へのアウトリーチ", ["コミュニティソーシャルワーカーの配置",
                                            "ひきこもり状態にある人と家族への訪問支援"]),
    ]),
    ("地域福祉の担い手を育てる", [
        ("福祉を学ぶ機会の充実", ["小中学校における福祉教育の推進"]),
        ("地域活動への参加のきっかけづくり", ["ボランティア入門講座の開催",
                                            "地域活動の情報を集めたウェブサイトの運営"]),
    ]),
]
kom_sub = ("成年後見制度利用促進計画", [
    ("権利擁護支援の地域連携ネットワークの構築", ["中核機関の設置と運営"]),
    ("成年後見制度の周知と利用の支援", ["市民向け制度説明会の開催", "市長申立ての適切な実施"]),
])
POL_TEXT = ["地域の実情や住民の声を踏まえ、社会福祉協議会や地区の団体と連携して取り組みます。",
            "身近な地域で、困ったときに気づき合える関係づくりを進めます。"]

s = ("<h1>こもれび台市地域福祉計画（第3次）</h1>"
     + p("令和7年度〜令和11年度") + p("こもれび台市") + p("こもれび台市社会福祉協議会")
     + _toc([("第1章 計画の概要", 1), ("第2章 目指す姿と推進方針", 2), ("第3章 具体的施策の展開", 2),
             ("第4章 成年後見制度利用促進計画", 4), ("第5章 計画の推進", 4)])
     + "<h2>第1章 計画の概要</h2>" + p("1 計画策定の趣旨")
     + p("本市では、高齢化の進行や単身世帯の増加、地域のつながりの希薄化など、地域福祉を取り巻く環境が大きく"
         "変化しています。こうした状況を踏まえ、第2次計画の成果と課題を引き継ぎ、第3次計画を策定します。")
     + p("2 計画の位置付け") + p("（1）法的な位置付け", "ind1")
     + p("社会福祉法第107条に基づく市町村地域福祉計画として策定します。", "ind1")
     + p("（2）他の計画との関係", "ind1")
     + p("本市の総合計画を上位計画とし、高齢者福祉計画、障害者計画、子ども・子育て支援事業計画等の福祉分野の"
         "個別計画に共通する事項を定めます。", "ind1")
     + p("3 計画の期間") + p("令和7年度から令和11年度までの5年間とします。"))
pages = [page(H, 1, s)]

s = ("<h2>第2章 目指す姿と推進方針</h2>" + p("1 目指す姿")
     + p("市民アンケートや地区懇談会でいただいた意見をもとに、本計画で目指す地域の姿を次のように定めます。")
     + p("目指す姿") + _h("h3", VISION)
     + p("2 施策の体系")
     + p("目指す姿の実現に向けて、三つの推進方針と具体的施策を次のように体系化します。"))
for gi, (gt, pols) in enumerate(kom_goals, 1):
    s += p(f"推進方針{gi} {gt}", "ind1")
    for pi, (pt, _acts) in enumerate(pols, 1):
        s += p(f"（{pi}）{pt}", "ind2")
s += p(f"【第4章】{kom_sub[0]}", "ind1")
for pi, (pt, _acts) in enumerate(kom_sub[1], 1):
    s += p(f"（{pi}）{pt}", "ind2")
s += "<h2>第3章 具体的施策の展開</h2>"
chunks = []
for gi, (gt, pols) in enumerate(kom_goals, 1):
    gid = f"{C}.g{gi}"
    kom.append((gid, f"{C}.vision", "goal", "main", gt))
    c = _h("h3", f"推進方針{gi} {gt}") + p("【現状と課題】") + p(
        "地区懇談会では、身近な人とのつながりや相談できる場の必要性について多くの意見が寄せられました。")
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        kom.append((pid, gid, "policy", "main", pt))
        if pt.startswith("分野を問わず"):       # a heading wrapped over two lines
            c += f"<p class='ind1'><b>具体的施策（{pi}）分野を問わず受け止める<br>包括的な相談支援体制の構築</b></p>"
        else:
            c += f"<p class='ind1'><b>具体的施策（{pi}）{html.escape(pt)}</b></p>"
        c += p(POL_TEXT[pi % 2], "ind1") + p("【主な取組】", "ind1")
        for ai, at in enumerate(acts, 1):
            kom.append((f"{pid}.a{ai}", pid, "action", "main", at))
            c += p(f"○{at}", "ind2")
    chunks.append(c)
pages.append(page(H, 2, s + chunks[0]))
pages.append(page(H, 3, chunks[1] + chunks[2]))

gid = f"{C}.guardianship"
kom.append((gid, f"{C}.vision", "goal", "guardianship", kom_sub[0]))
s = (_h("h2", f"第4章 {kom_sub[0]}")
     + p("認知症や障害などにより判断能力が十分でない人が、地域で安心して暮らし続けられるよう、成年後見制度"
         "の利用の促進に関する法律第14条に基づく市町村計画として本章を位置付けます。"))
for pi, (pt, acts) in enumerate(kom_sub[1], 1):
    pid = f"{gid}.p{pi}"
    kom.append((pid, gid, "policy", "guardianship", pt))
    s += f"<p class='ind1'><b>具体的施策（{pi}）{html.escape(pt)}</b></p>" + p("【主な取組】", "ind1")
    for ai, at in enumerate(acts, 1):
        kom.append((f"{pid}.a{ai}", pid, "action", "guardianship", at))
        s += p(f"○{at}", "ind2")
s += ("<h2>第5章 計画の推進</h2>" + p("1 推進体制")
      + p("本計画は、市民、地域団体、事業者、社会福祉協議会、行政がそれぞれの役割を担い、協働して推進します。")
      + p("○市民の役割 地域の一員として、あいさつや見守りなど身近なことから取り組みます。", "ind1")
      + p("○行政の役割 関係部署が横断的に連携し、施策を総合的に推進します。", "ind1")
      + p("2 進行管理") + p("（1）評価の方法", "ind1")
      + p("こもれび台市地域福祉推進委員会において、毎年度、取組の進捗状況を点検・評価します。", "ind1")
      + p("（2）計画の見直し", "ind1") + p("社会情勢の変化に応じて、必要な見直しを行います。", "ind1"))
pages.append(page(H, 4, s))
HOLDOUT5.append((f"{C}_plan_fictional_holdout5.pdf", C, "こもれび台市", pages, kom))

# --------------------------------------------------------------------------------------------- 霧ヶ丘町
# Grammar: 基本理念 → Ⅰ Ⅱ Ⅲ (goals, no tier word) → （n） policies → actions only as rows of a 施策 | 主な取組 |
# 担当課 table under each goal (level action, parent = the policy in the merged 施策 cell). Traps: a 現状と課題
# chapter using 1 / （n） / ・, an overview list repeating Ⅰ / （n）, a ※ note under a table, the guardianship
# sub-plan as pillar Ⅳ with its own table, a 資料編.
C = "kirigaoka"
H = "霧ヶ丘町 第2期地域福祉計画"
VISION = "誰もが役割を持ち、支えあう 霧ヶ丘"
kir: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
kir_goals = [
    ("気にかけあう地域をつくる", [
        ("日常的な見守り活動の推進", [("民生委員・児童委員による訪問活動の充実", "福祉課"),
                                    ("見守り協定事業者との情報共有", "福祉課")]),
        ("住民同士の交流機会の充実", [("地区公民館を拠点とした交流行事の開催", "生涯学習課"),
                                    ("子ども食堂の運営支援", "子育て支援課")]),
    ]),
    ("必要な支援につながる仕組みをつくる", [
        ("重層的な相談支援体制の整備", [("多機関協働による支援会議の運営", "福祉課"),
                                      ("相談窓口を案内する冊子の作成と配布", "福祉課")]),
        ("災害時の避難支援体制づくり", [("避難行動要支援者名簿の定期的な更新", "防災安全課"),
                                      ("個別避難計画の作成促進", "防災安全課・福祉課")]),
    ]),
    ("安心して住み続けられる環境をつくる", [
        ("移動手段の確保", [("デマンド型乗合タクシーの運行", "企画課"),
                           ("福祉有償運送の運転ボランティアの育成", "社会福祉協議会")]),
        ("住まいの確保への支援", [("住宅確保要配慮者への入居支援", "建設課")]),
    ]),
]
kir_sub = ("成年後見制度利用促進計画", [
    ("権利擁護の相談体制の強化", [("権利擁護センターの設置", "福祉課"),
                                ("弁護士・司法書士による専門相談会の開催", "社会福祉協議会")]),
    ("市民後見人の養成", [("市民後見人養成講座の開催", "社会福祉協議会")]),
])

s = ("<h1>霧ヶ丘町 第2期地域福祉計画</h1>" + p("計画期間 令和7年度〜令和12年度")
     + _toc([("第1章 計画の策定にあたって", 1), ("第2章 地域福祉を取り巻く現状と課題", 1),
             ("第3章 計画の基本的な考え方", 2), ("第4章 施策の展開", 2), ("資料編", 4)])
     + "<h2>第1章 計画の策定にあたって</h2>"
     + p("本計画は、社会福祉法第107条に規定する市町村地域福祉計画であり、霧ヶ丘町総合計画の福祉分野を横断する"
         "計画として策定するものです。計画期間は令和7年度から令和12年度までの6年間とします。")
     + "<h2>第2章 地域福祉を取り巻く現状と課題</h2>" + p("1 人口と世帯の状況")
     + p("（1）高齢化の進行", "ind1")
     + p("本町の高齢化率は令和6年10月1日現在で36.8％となり、県平均を上回って推移しています。", "ind1")
     + p("（2）世帯の小規模化", "ind1")
     + p("一世帯あたりの人員は2.31人と減少が続き、高齢者のみの世帯が増えています。", "ind1")
     + p("2 町民アンケートからみる課題")
     + p("・近所付き合いが「ほとんどない」と答えた人の割合が増えています。", "ind1")
     + p("・困ったときの相談先がわからないという声が多く聞かれます。", "ind1")
     + p("・通院や買い物などの移動に不安を感じる人が増えています。", "ind1"))
pages = [page(H, 1, s)]

s = ("<h2>第3章 計画の基本的な考え方</h2>" + p("1 基本理念")
     + p("第1期計画の理念を引き継ぎ、本計画の基本理念を次のとおり定めます。")
     + p("基本理念") + _h("h3", VISION)
     + p("2 施策の体系") + p("基本理念の実現に向けて、次の四つの柱に沿って施策を展開します。"))
for gi, (gt, pols) in enumerate(kir_goals + [kir_sub], 1):
    s += p(f"{'ⅠⅡⅢⅣ'[gi - 1]} {gt}", "ind1")
    for pi, (pt, _acts) in enumerate(pols, 1):
        s += p(f"（{pi}）{pt}", "ind2")
s += "<h2>第4章 施策の展開</h2>"
chunks = []
for gi, (gt, pols) in enumerate(kir_goals + [kir_sub], 1):
    sub = gi == 4
    gid = f"{C}.guardianship" if sub else f"{C}.g{gi}"
    part = "guardianship" if sub else "main"
    kir.append((gid, f"{C}.vision", "goal", part, gt))
    c = _h("h3", f"{'ⅠⅡⅢⅣ'[gi - 1]} {gt}")
    if sub:
        c += p("本項は、成年後見制度の利用の促進に関する法律第14条に基づく町の計画として位置付けます。")
    else:
        c += p("町民、地域、事業者、行政がそれぞれの立場から、次の施策に取り組みます。")
    rows = []
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        kir.append((pid, gid, "policy", part, pt))
        c += p(f"（{pi}）{pt}", "ind1")
        c += p("現状の取組を点検し、関係機関と連携しながら、より利用しやすい仕組みとなるよう充実を図ります。",
               "ind1")
        for ai, (at, owner) in enumerate(acts, 1):
            kir.append((f"{pid}.a{ai}", pid, "action", part, at))
            rows.append([f"（{pi}）{pt}", at, owner])
    c += p("■主な取組") + _table(["施策", "主な取組", "担当課"], rows, [34, 46, 20])
    chunks.append(c)
note = p("※担当課は令和7年4月1日現在の組織名称です。")
pages.append(page(H, 2, s + chunks[0]))
pages.append(page(H, 3, chunks[1] + chunks[2] + note))
pages.append(page(H, 4, chunks[3] + note + "<h2>資料編</h2>" + p("1 計画の策定経過")
                  + p("（1）霧ヶ丘町地域福祉計画策定委員会 令和6年6月から令和7年2月まで計4回開催", "ind1")
                  + p("（2）町民アンケート調査 令和6年7月実施（回収率48.2％）", "ind1")
                  + p("2 用語の解説")
                  + p("・重層的支援体制整備事業 属性を問わない相談支援、参加支援、地域づくりに向けた支援を"
                      "一体的に実施する事業", "ind1")))
HOLDOUT5.append((f"{C}_plan_fictional_holdout5.pdf", C, "霧ヶ丘町", pages, kir))

# --------------------------------------------------------------------------------------------- 渚野市
# Grammar: 基本理念 → 第N節 基本目標N (goal) → 【施策N】 numbered through the plan (policy) → 《具体的な取組》 ●
# bullets (action); a programme table (施策 | 事業名 | 事業内容 | 所管課, merged 施策 cells, a 【再掲】 row); a
# 第4章 重点プロジェクト whose 重点プロジェクトN items are priority goals and ◎ items their policies; the reoffending
# sub-plan as chapter 5 with （n） policies and ● actions. Traps: chapter 1 and chapter 6 use 第N節 and ● too; an
# overview list (施策の体系) repeats 基本目標 / 【施策N】; the third goal's heading wraps over two lines.
C = "nagisano"
H = "渚野市地域福祉計画・地域福祉活動計画"
VISION = "潮風とともに 支えあいの輪がひろがるまち なぎさの"
nag: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
nag_goals = [
    ("地域でつながり、支えあう", [
        ("地域の交流拠点づくり", ["空き家を活用した地域の茶の間の開設", "集会所のバリアフリー改修への助成"]),
        ("見守り活動の充実", ["地区見守り隊の結成支援", "宅配事業者と連携した安否確認"]),
    ]),
    ("誰もが安心して相談できる体制をつくる", [
        ("包括的な相談支援の推進", ["福祉の総合相談窓口の設置", "相談支援機関連絡会議の開催"]),
        ("権利を守る支援の充実", ["虐待防止ネットワークの運営", "成年後見制度の利用支援"]),
    ]),
    ("一人ひとりが地域福祉の担い手として活躍できる環境をつくる", [
        ("担い手の発掘と育成", ["地域福祉リーダー養成講座の開催"]),
        ("社会福祉協議会との連携強化", ["地区社会福祉協議会の活動支援", "共同募金を活用した地域活動への助成"]),
    ]),
]
nag_prog = [("【施策1】地域の交流拠点づくり", "地域の茶の間推進事業", "空き家等を活用した交流の場の開設・運営を支援",
             "長寿福祉課", "nagisano.g1.p1"),
            ("【施策1】地域の交流拠点づくり", "集会所整備補助事業", "町内会が行う集会所の改修費の一部を補助",
             "市民協働課", "nagisano.g1.p1"),
            ("【施策2】見守り活動の充実", "見守りネットワーク事業", "協定事業者と連携し、異変の早期発見に努める",
             "長寿福祉課", "nagisano.g1.p2"),
            ("【施策2】見守り活動の充実", "地域の茶の間推進事業【再掲】", "茶の間を見守りの拠点として活用",
             "長寿福祉課", "nagisano.g1.p2")]
nag_prio = [("みまもりの輪ひろげるプロジェクト", ["見守り協力事業所の倍増", "見守りアプリの試行導入"]),
            ("ひきこもり支援プロジェクト", ["ひきこもり状態にある人の居場所の開設", "家族会の立ち上げ支援"])]
nag_sub = ("再犯防止推進計画", [("就労・住居の確保に向けた支援", ["協力雇用主の開拓と支援"]),
                               ("地域社会における理解の促進", ["社会を明るくする運動の推進",
                                                               "保護司等の更生保護ボランティアの活動支援"])])

s = ("<h1>渚野市地域福祉計画・地域福祉活動計画</h1>" + p("令和7年3月 渚野市・渚野市社会福祉協議会")
     + _toc([("第1章 計画の策定にあたって", 1), ("第2章 計画の基本的な考え方", 1), ("第3章 施策の展開", 2),
             ("第4章 重点プロジェクト", 4), ("第5章 再犯防止推進計画", 4), ("第6章 計画の推進", 4)])
     + "<h2>第1章 計画の策定にあたって</h2>" + _h("h3", "第1節 計画策定の背景と趣旨")
     + p("人口減少と少子高齢化が進むなか、地域の課題は複雑化・複合化しています。市と社会福祉協議会が一体と"
         "なって地域福祉を推進するため、地域福祉計画と地域福祉活動計画を一体的に策定します。")
     + _h("h3", "第2節 計画の期間")
     + p("令和7年度から令和11年度までの5年間とします。")
     + "<h2>第2章 計画の基本的な考え方</h2>" + _h("h3", "第1節 基本理念")
     + p("基本理念") + p(VISION)
     + p("海とともに暮らしてきた本市の歴史を大切にしながら、誰もが支え手にも受け手にもなれる地域を目指します。")
     + _h("h3", "第2節 施策の体系"))
n = 0
for gi, (gt, pols) in enumerate(nag_goals, 1):
    s += p(f"基本目標{gi} {gt}", "ind1")
    for pt, _acts in pols:
        n += 1
        s += p(f"【施策{n}】{pt}", "ind2")
pages = [page(H, 1, s)]

s = "<h2>第3章 施策の展開</h2>"
n = 0
chunks = []
for gi, (gt, pols) in enumerate(nag_goals, 1):
    gid = f"{C}.g{gi}"
    nag.append((gid, f"{C}.vision", "goal", "main", gt))
    if gi == 3:     # a heading wrapped over two lines
        c = "<h3>第3節 基本目標3 一人ひとりが地域福祉の担い手として<br>活躍できる環境をつくる</h3>"
    else:
        c = _h("h3", f"第{gi}節 基本目標{gi} {gt}")
    c += p("市民の皆さんの参加と協働のもと、次の施策に取り組みます。")
    for pi, (pt, acts) in enumerate(pols, 1):
        n += 1
        pid = f"{gid}.p{pi}"
        nag.append((pid, gid, "policy", "main", pt))
        c += f"<p><b>【施策{n}】{html.escape(pt)}</b></p>"
        c += p("地域の実情に合わせて、住民主体の活動を後押しします。", "ind1") + p("《具体的な取組》", "ind1")
        for ai, at in enumerate(acts, 1):
            nag.append((f"{pid}.a{ai}", pid, "action", "main", at))
            c += p(f"●{at}", "ind2")
    if gi == 1:
        c += p("■基本目標1の主な事業") + _table(["施策", "事業名", "事業内容", "所管課"],
                                           [list(r[:4]) for r in nag_prog], [27, 30, 30, 13])
        for k, r in enumerate(nag_prog, 1):
            nag.append((f"{r[4]}.r{k}", r[4], "program", "main", r[1].replace("【再掲】", "")))
    chunks.append(c)
pages.append(page(H, 2, s + chunks[0]))
pages.append(page(H, 3, chunks[1] + chunks[2]))

s = ("<h2>第4章 重点プロジェクト</h2>"
     + p("第3章の施策のうち、特に重点的・横断的に取り組むものを重点プロジェクトとして位置付けます。"))
for qi, (qt, items) in enumerate(nag_prio, 1):
    qid = f"{C}.priority{qi}"
    nag.append((qid, f"{C}.vision", "goal", "priority", qt))
    s += _h("h3", f"重点プロジェクト{qi} {qt}")
    for ii, it in enumerate(items, 1):
        nag.append((f"{qid}.p{ii}", qid, "policy", "priority", it))
        s += p(f"◎{it}", "ind1")
gid = f"{C}.reoffending"
nag.append((gid, f"{C}.vision", "goal", "reoffending", nag_sub[0]))
s += (_h("h2", f"第5章 {nag_sub[0]}")
      + p("再犯の防止等の推進に関する法律第8条に基づく地方再犯防止推進計画として、本章を位置付けます。"))
for pi, (pt, acts) in enumerate(nag_sub[1], 1):
    pid = f"{gid}.p{pi}"
    nag.append((pid, gid, "policy", "reoffending", pt))
    s += p(f"（{pi}）{pt}", "ind1")
    for ai, at in enumerate(acts, 1):
        nag.append((f"{pid}.a{ai}", pid, "action", "reoffending", at))
        s += p(f"●{at}", "ind2")
s += ("<h2>第6章 計画の推進</h2>" + _h("h3", "第1節 推進体制")
      + p("●渚野市地域福祉計画推進委員会を設置し、計画の進捗を管理します。", "ind1")
      + _h("h3", "第2節 進行管理")
      + p("●毎年度、取組の実施状況を取りまとめ、市のホームページで公表します。", "ind1"))
pages.append(page(H, 4, s))
HOLDOUT5.append((f"{C}_plan_fictional_holdout5.pdf", C, "渚野市", pages, nag))

# --------------------------------------------------------------------------------------------- 雪割村
# Grammar: 基本理念 → ◆基本目標１ (full-width digits; goal) → 1-(1) (policy) → 1-(1)-① (action); a programme table
# (施策 | 事業名 | 事業内容 | 担当部署, one 施策 cell merged over all rows) under policy 1-(2); goals 2 and 3 on a
# two-column page; 生活困窮者自立支援計画 as chapter 4, whose ＜主な取組＞ □ items attach directly to it (actions).
# Traps: 第1章 and 第5章 use ◆ headings too; the 施策の体系 is a table (基本目標 | 施策) with no owners column.
C = "yukiwari"
H = "雪割村地域福祉計画（第2期）"
VISION = "ともに支えあい ぬくもりあふれる雪割村"
yuk: list[Row] = [(f"{C}.vision", "", "vision", "main", VISION)]
yuk_goals = [
    ("地域の支えあいを育てる", [
        ("身近な居場所づくり", ["集落センターを活用したサロンの開設支援", "子育て世代が集える交流の場づくり"]),
        ("除雪を通じた支えあい", ["高齢者世帯への除雪ボランティアの派遣", "集落ごとの除雪協力体制づくり"]),
    ]),
    ("必要な支援が届く体制をつくる", [
        ("相談窓口の充実", ["役場福祉総合窓口の設置", "保健師による集落巡回相談"]),
        ("医療・介護との連携", ["在宅医療・介護連携会議の開催"]),
        ("災害への備え", ["避難行動要支援者の個別避難計画の作成", "福祉避難所の開設・運営訓練"]),
    ]),
    ("村の未来を担う人を育てる", [
        ("福祉教育の推進", ["小学校での高齢者疑似体験学習"]),
        ("若い世代の地域参加", ["Uターン者向けの地域活動紹介", "中高生ボランティアの募集と活動支援"]),
    ]),
]
yuk_prog = [("除雪支援事業", "自力で除雪が困難な高齢者世帯等の除雪費用を助成", "住民福祉課"),
            ("地域除雪協力員事業", "集落の除雪協力員に活動報償を支給", "総務課"),
            ("除雪ボランティア派遣事業", "登録ボランティアを除雪が必要な世帯へ派遣", "社会福祉協議会")]
yuk_sub = ("生活困窮者自立支援計画", ["自立相談支援窓口での包括的な相談", "家計改善支援事業の実施",
                                     "就労準備支援事業の実施", "フードバンクと連携した食料支援"])
ZEN = "０１２３４５"

s = ("<h1>雪割村地域福祉計画（第2期）</h1>" + p("令和7年度〜令和11年度 雪割村")
     + _toc([("第1章 計画の概要", 1), ("第2章 基本理念と施策の体系", 1), ("第3章 施策の展開", 2),
             ("第4章 生活困窮者自立支援計画", 4), ("第5章 計画の推進", 4)])
     + "<h2>第1章 計画の概要</h2>" + _h("h3", "◆計画策定の趣旨")
     + p("豪雪地帯にある本村では、冬期の孤立や除雪の担い手不足が大きな課題となっています。住み慣れた集落で"
         "安心して暮らし続けられるよう、村民と行政が協働して取り組む指針として本計画を策定します。")
     + _h("h3", "◆計画の期間") + p("令和7年度から令和11年度までの5年間とします。")
     + "<h2>第2章 基本理念と施策の体系</h2>" + p("基本理念") + _h("h3", VISION)
     + p("雪国の暮らしの中で育まれてきた助け合いの心を次の世代へ引き継ぎます。") + p("施策の体系"))
rows = []
for gi, (gt, pols) in enumerate(yuk_goals, 1):
    for pi, (pt, _acts) in enumerate(pols, 1):
        rows.append([f"基本目標{ZEN[gi]} {gt}", f"{gi}-({pi}) {pt}"])
s += _table(["基本目標", "施策"], rows)
pages = [page(H, 1, s)]

chunks = []
for gi, (gt, pols) in enumerate(yuk_goals, 1):
    gid = f"{C}.g{gi}"
    yuk.append((gid, f"{C}.vision", "goal", "main", gt))
    c = _h("h3", f"◆基本目標{ZEN[gi]} {gt}") + p("集落の実情に応じて、次の施策に取り組みます。")
    for pi, (pt, acts) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        yuk.append((pid, gid, "policy", "main", pt))
        c += f"<p><b>{gi}-({pi}) {html.escape(pt)}</b></p>"
        c += p("村民の声を取り入れながら、取組の充実を図ります。", "ind1")
        for ai, at in enumerate(acts, 1):
            yuk.append((f"{pid}.a{ai}", pid, "action", "main", at))
            c += p(f"{gi}-({pi})-{'①②③'[ai - 1]} {at}", "ind1")
        if (gi, pi) == (1, 2):
            c += p("【主な事業】") + _table(["施策", "事業名", "事業内容", "担当部署"],
                                          [[f"{gi}-({pi}) {pt}", *r] for r in yuk_prog],
                                          [20, 27, 37, 16])
            for k, r in enumerate(yuk_prog, 1):
                yuk.append((f"{pid}.r{k}", pid, "program", "main", r[0]))
    chunks.append(c)
pages.append(page(H, 2, "<h2>第3章 施策の展開</h2>" + chunks[0]))
pages.append(page(H, 3, chunks[1] + chunks[2], "cols"))      # two columns

gid = f"{C}.livelihood"
yuk.append((gid, f"{C}.vision", "goal", "livelihood", yuk_sub[0]))
s = (_h("h2", f"第4章 {yuk_sub[0]}")
     + p("生活困窮者自立支援法に基づき、経済的に困窮し、最低限度の生活を維持することができなくなるおそれのある"
         "人の自立を支援するため、県及び社会福祉協議会と連携して次の取組を進めます。") + p("＜主な取組＞"))
for ai, at in enumerate(yuk_sub[1], 1):
    yuk.append((f"{gid}.a{ai}", gid, "action", "livelihood", at))
    s += p(f"□{at}", "ind1")
s += ("<h2>第5章 計画の推進</h2>" + _h("h3", "◆推進体制")
      + p("雪割村地域福祉計画推進会議を中心に、村民、集落、事業者、社会福祉協議会と連携して計画を推進します。")
      + _h("h3", "◆進行管理")
      + p("毎年度、取組の実施状況を点検し、その結果を村の広報紙でお知らせします。"))
pages.append(page(H, 4, s))
HOLDOUT5.append((f"{C}_plan_fictional_holdout5.pdf", C, "雪割村", pages, yuk))
