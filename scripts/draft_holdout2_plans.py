"""A second blind held-out set for `compare draft`: three fictional plans written without reading the drafter.

鷺ノ森市, 夕凪町 and 白樺原村 do not exist. Each plan is written the way real 地域福祉計画 are laid out, in a numbering
grammar of its own, and its expected tree is written from the same structure (never from the drafter's output):

* 鷺ノ森市 (saginomori): 第N章 / 第N節 chapters, 基本目標Ⅰ (Roman numerals), 施策の方向N numbered through the whole
  plan, 【具体的な取組】 lists of ● items, a programme table (施策の方向 cell merged over rows, 担当課, 【再掲】), the
  成年後見制度利用促進計画 as its own chapter with 基本方針N and ○ items; traps: a table of contents with dot leaders
  that repeats the goals, a 施策の体系 list that repeats them again, ● bullets in 第1章 (現状と課題) and in 資料編, a
  policy heading wrapped over two lines.
* 夕凪町 (yunagi): 基本目標N：title, 《施策の方向性》 label, （１） policies, (ア) actions, goals 2 and 3 on a
  two-column page, 【重点施策N】 items (priority goals) with ○ policies under a 重点 heading, the
  再犯防止推進計画 with （１） / (ア); traps: a 現状と課題 section that uses （１） and (ア) itself, goal headings
  wrapped by the narrow column.
* 白樺原村 (shirakabara): chapters numbered １　(full-width), 基本方針Ｎ goals, 1. policies, ◇ items under
  〈主な取組〉 (and under 〈住民・地域の取組〉 / 〈村・社協の取組〉), a goal whose 〈主な取組〉 hang on the goal
  itself, a table with a 所管課 column, the 生活困窮者自立支援計画 as chapter ４; traps: a table of contents, 1. and
  Ａ． items in the non-plan chapter, a 資料編 with its own 1. items, a table without an owners column and ◇
  glossary items.

Usage: imported by a maintainer script (``from draft_holdout2_plans import HOLDOUT2``); rows follow
make_draft_fixtures.PLANS: (file name, city id, Japanese name, pages of HTML, expected rows
(node_id, parent_id, level, part, title)).
"""

from __future__ import annotations

import html

from make_draft_fixtures import p, page

Row = tuple[str, str, str, str, str]
HOLDOUT2: list[tuple[str, str, str, list[str], list[Row]]] = []


def _toc(entries: list[tuple[str, str, int]]) -> str:
    """Table-of-contents lines with dot leaders: (indent class, text, page)."""
    out = "<div class='toc'>"
    for cls, text, no in entries:
        dots = "…" * max(4, 34 - len(text) - (2 if cls else 0))
        out += p(f"{text}{dots}{no}", cls)
    return out + "</div>"


def _table(headers: list[str], rows: list[list[str]], merge_first: bool = True) -> str:
    """A ruled table; with merge_first, equal neighbouring cells of the first column become one rowspan cell."""
    out = "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>"
    i = 0
    while i < len(rows):
        span = 1
        if merge_first:
            while i + span < len(rows) and rows[i + span][0] == rows[i][0]:
                span += 1
        for k in range(span):
            r = rows[i + k]
            cells = r[1:] if merge_first else r
            lead = f'<td rowspan="{span}">{html.escape(r[0])}</td>' if merge_first and k == 0 else ""
            out += "<tr>" + lead + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
        i += span
    return out + "</table>"


def _big(text: str) -> str:
    return f"<p style='font-size:14pt;text-align:center;margin:3mm 0'>{html.escape(text)}</p>"


# --------------------------------------------------------------------------------------------- 鷺ノ森市
C = "saginomori"
H = "鷺ノ森市 第3次地域福祉計画"
sag: list[Row] = [(f"{C}.vision", "", "vision", "main", "ともに気づき、ともに支える 鷺ノ森")]
s_goals = [
    ("地域でつながり、支えあうまち", "日常の見守りや交流を通して、困りごとに早く気づける地域を目指します。", [
        ("日頃の見守りと声かけの推進",
         "ひとり暮らし高齢者や子育て中の世帯が地域で孤立しないよう、住民同士の緩やかな見守りを広げます。",
         ["見守り協力事業所の登録拡大", "地区ごとの見守りマップの作成"]),
        ("気軽に集える居場所づくり",
         "年齢や障がいの有無にかかわらず、誰もが立ち寄れる身近な居場所を地域の中に増やします。",
         ["ふれあい・いきいきサロンの立ち上げ支援", "子ども食堂と地域団体の協働促進"]),
    ]),
    ("誰もが相談でき、支援につながるまち", "複雑化・複合化した課題を受け止め、必要な支援に確実につなぎます。", [
        ("包括的な相談支援体制の構築",
         "分野ごとの窓口が連携し、世帯全体の課題を丸ごと受け止める体制を整えます。",
         ["福祉総合相談窓口の設置", "多機関協働による支援会議の開催"]),
        ("災害時に支援を必要とする人を地域で守る体制の整備",
         "平常時からの備えを進め、災害時に誰一人取り残さない支援体制をつくります。",
         ["避難行動要支援者名簿の更新", "個別避難計画の作成支援"]),
    ]),
    ("地域福祉を担う人を育むまち", "地域活動の担い手を育て、活動を次の世代へ引き継ぎます。", [
        ("福祉への理解を深める学びの推進",
         "子どもから大人まで、福祉を身近に感じ、考える機会を広げます。",
         ["小中学校での福祉体験学習", "市民向け福祉講座の開催"]),
        ("ボランティア・地域活動の担い手づくり",
         "活動を始めたい人と活動の場を結び、新たな担い手の参加を後押しします。",
         ["ボランティアセンターの機能強化", "退職世代の地域デビュー応援"]),
    ]),
]
ROMAN = "ⅠⅡⅢⅣⅤ"
WRAPPED = "災害時に支援を必要とする人を地域で守る体制の整備"

pg1 = (f"<h1>{html.escape(H)}</h1>" + p("計画期間　令和7年度～令和11年度") + "<h2>目次</h2>"
       + _toc([("", "第1章 計画の概要", 1), ("ind1", "第1節 計画策定の趣旨", 1),
               ("ind1", "第2節 地域の現状と課題", 1), ("", "第2章 基本理念と基本目標", 2),
               ("", "第3章 施策の展開", 2)]
              + [("ind1", f"基本目標{ROMAN[i]} {g[0]}", (2, 3, 4)[i]) for i, g in enumerate(s_goals)]
              + [("", "第4章 鷺ノ森市成年後見制度利用促進計画", 4), ("", "資料編", 4)])
       + "<h2>第1章 計画の概要</h2><h3>第1節 計画策定の趣旨</h3>"
       + p("本市では、平成27年に第1次計画を策定して以来、地域住民、関係団体、行政が協働しながら地域福祉を推進して"
           "きました。この間、少子高齢化や単身世帯の増加が進み、8050問題やヤングケアラーなど、一つの分野では"
           "解決できない課題が表面化しています。")
       + p("こうした状況を踏まえ、社会福祉法第107条に基づく市町村地域福祉計画として、第3次計画を策定します。")
       + "<h3>第2節 地域の現状と課題</h3>"
       + p("統計データや市民アンケート調査の結果から、本市の地域福祉を取り巻く主な課題は次のとおりです。")
       + p("● 高齢化率は令和6年に31.8％となり、ひとり暮らし高齢者が10年間で約1.4倍に増えています。", "ind1")
       + p("● 自治会加入率が低下し、「近所づきあいがほとんどない」と答えた人は23.5％でした。", "ind1")
       + p("● 複数の困りごとを抱える世帯からの相談が増え、分野を超えた対応が求められています。", "ind1"))

pg2 = ("<h2>第2章 基本理念と基本目標</h2>" + p("【基本理念】") + _big(sag[0][4])
       + p("住民一人ひとりが身近な人の変化に気づき、地域全体で支える力を高めていくことを目指し、基本理念を"
           "このように定めます。")
       + p("【施策の体系】")
       + "".join(p(f"基本目標{ROMAN[i]} {g[0]}", "ind1") for i, g in enumerate(s_goals))
       + "<h2>第3章 施策の展開</h2>")
blocks = []
n = 0
for gi, (gt, gbody, pols) in enumerate(s_goals):
    gid = f"{C}.g{gi + 1}"
    sag.append((gid, f"{C}.vision", "goal", "main", gt))
    b = f"<h3>基本目標{ROMAN[gi]}　{html.escape(gt)}</h3>" + p(gbody)
    for pt, pbody, acts in pols:
        n += 1
        pid = f"{gid}.p{n}"
        sag.append((pid, gid, "policy", "main", pt))
        if pt == WRAPPED:           # a heading wrapped over two lines
            b += "<p class='ind1'>施策の方向4　災害時に支援を必要とする人を<br>地域で守る体制の整備</p>"
        else:
            b += p(f"施策の方向{n}　{pt}", "ind1")
        b += p(pbody, "ind1") + p("【具体的な取組】", "ind1")
        for ai, at in enumerate(acts, 1):
            sag.append((f"{pid}.a{ai}", pid, "action", "main", at))
            b += p(f"● {at}", "ind2")
    blocks.append(b)
W1, W2 = "1 日頃の見守りと声かけの推進", "2 気軽に集える居場所づくり"
s_rows = [
    [W1, "見守りネットワーク事業", "事業所と協定を結び、業務中に異変に気づいた際に市へ連絡する。", "高齢福祉課"],
    [W1, "緊急通報装置設置事業", "ひとり暮らし高齢者宅に緊急通報装置を設置する。", "高齢福祉課"],
    [W2, "地域サロン運営補助事業", "地区のサロン活動に運営費の一部を補助する。", "地域福祉課"],
    [W2, "子どもの居場所づくり支援事業", "子ども食堂等の立ち上げと運営を支援する。", "こども家庭課"],
    [W2, "見守りネットワーク事業【再掲】", "サロン参加者の異変に気づいた際の連絡体制をつくる。", "高齢福祉課"],
]
for k, r in enumerate(s_rows, 1):
    pol = f"{C}.g1.p1" if r[0] == W1 else f"{C}.g1.p2"
    sag.append((f"{pol}.r{k}", pol, "program", "main", r[1].replace("【再掲】", "")))
pg2 += blocks[0]
pg3 = (p("■ 主な事業（基本目標Ⅰ）") + _table(["施策の方向", "事業名", "事業の概要", "担当課"], s_rows)
       + blocks[1])            # the table of goal Ⅰ spills onto the next page

GS = f"{C}.guardianship"
g_title = "鷺ノ森市成年後見制度利用促進計画"
sag.append((GS, f"{C}.vision", "goal", "guardianship", g_title))
pg4 = (blocks[2] + f"<h2>第4章 {g_title}</h2>"
       + p("本章は、成年後見制度の利用の促進に関する法律第14条第1項に基づく市町村計画として位置づけます。認知症や"
           "知的障がい、精神障がいなどにより判断能力が十分でない人が、地域で安心して暮らし続けられるよう、"
           "権利擁護支援の取組を進めます。"))
for pi, (pt, acts) in enumerate([
        ("権利擁護支援の地域連携ネットワークの構築", ["中核機関の設置と運営", "専門職団体との協議会の開催"]),
        ("制度の周知と利用しやすい仕組みづくり",
         ["出前講座やパンフレットによる制度の周知", "市長申立ての適切な実施", "市民後見人の養成と活動支援"])], 1):
    pid = f"{GS}.p{pi}"
    sag.append((pid, GS, "policy", "guardianship", pt))
    pg4 += p(f"基本方針{pi}　{pt}", "ind1")
    for ai, at in enumerate(acts, 1):
        sag.append((f"{pid}.a{ai}", pid, "action", "guardianship", at))
        pg4 += p(f"○ {at}", "ind2")
pg4 += ("<h2>資料編</h2>" + p("1　計画の策定経過") + p("(1) 鷺ノ森市地域福祉計画策定委員会", "ind1")
        + p("● 令和6年7月　第1回委員会（計画の骨子について）", "ind2")
        + p("● 令和6年10月　第2回委員会（素案の検討）", "ind2")
        + p("● 令和7年1月　第3回委員会（パブリックコメントの結果報告）", "ind2")
        + p("(2) 市民アンケート調査", "ind1")
        + p("令和6年5月に、18歳以上の市民2,000人を対象に実施しました（回収率46.2％）。", "ind2"))
HOLDOUT2.append((f"{C}_plan_fictional_holdout2.pdf", C, "鷺ノ森市",
                 [page(H, 1, pg1), page(H, 2, pg2), page(H, 3, pg3), page(H, 4, pg4)], sag))

# --------------------------------------------------------------------------------------------- 夕凪町
C = "yunagi"
H = "第2期 夕凪町地域福祉計画"
yun: list[Row] = [(f"{C}.vision", "", "vision", "main", "潮風とともに ふれあい 支えあう 夕凪のまち")]
PAREN = ["（１）", "（２）", "（３）", "（４）"]
KANA = "アイウエ"
y_goals = [
    ("ふれあいで結ぶ地域づくり", [
        ("近所づきあいのきっかけづくり", "あいさつや地域行事を通じて、顔の見える関係を育みます。",
         ["あいさつ運動の推進", "転入者向け地域行事案内の配布"]),
        ("多世代が交流できる場の充実", "公民館や空き店舗を活用し、世代を超えて集える場を増やします。",
         ["公民館を拠点とした多世代交流事業", "空き店舗を活用したまちの縁側づくり"]),
    ]),
    ("安心して暮らせる支援の仕組みづくり", [
        ("断らない相談支援の推進", "どこに相談すればよいかわからない困りごとも、まず受け止めます。",
         ["福祉なんでも相談窓口の開設", "アウトリーチによる訪問相談"]),
        ("ひきこもりやヤングケアラーへの早期支援", "学校や関係機関と連携し、支援が必要な人に早く気づきます。",
         ["学校と福祉の連絡会の開催", "家族向け相談会の実施"]),
        ("権利擁護と虐待防止の推進", "一人ひとりの尊厳が守られるよう、虐待の予防と早期発見に努めます。",
         ["虐待防止ネットワーク会議の運営"]),
    ]),
    ("みんなが活躍できる担い手づくり", [
        ("地域活動の担い手の発掘と育成", "活動に関心のある人が参加しやすい入口をつくります。",
         ["地域福祉リーダー養成講座の開催", "中高生ボランティア体験の実施"]),
        ("社会福祉協議会・関係団体との連携強化", "町と社会福祉協議会が役割を分担し、活動を支えます。",
         ["地域福祉活動計画との一体的な推進"]),
    ]),
]
pg1 = (f"<h1>{html.escape(H)}</h1>" + p("令和7年3月　夕凪町")
       + "<h2>現状と課題</h2>"
       + p("（１）人口と世帯の状況")
       + p("本町の人口は令和6年4月現在で14,280人となり、10年前に比べて約12％減少しました。65歳以上の人口の割合は"
           "38.6％で、県平均を大きく上回っています。", "ind1")
       + p("（２）町民アンケートの結果")
       + p("(ア) 「地域の行事に参加していない」と答えた人は41.2％で、前回調査から増加しました。", "ind1")
       + p("(イ) 困ったときの相談先が「わからない」と答えた人は17.8％でした。", "ind1")
       + p("（３）地域福祉の課題")
       + p("人と人とのつながりの希薄化、相談先の周知不足、地域活動の担い手の高齢化が主な課題として挙げられます。",
           "ind1")
       + "<h2>計画の基本理念</h2>" + _big(yun[0][4])
       + p("豊かな海と自然に囲まれた夕凪町で、誰もが住み慣れた地域で安心して暮らし続けられるよう、町民・地域・"
           "事業者・行政がともに取り組みます。")
       + "<h2>施策の展開</h2>")
blocks = []
for gi, (gt, pols) in enumerate(y_goals, 1):
    gid = f"{C}.g{gi}"
    yun.append((gid, f"{C}.vision", "goal", "main", gt))
    b = f"<h3>基本目標{gi}：{html.escape(gt)}</h3>" + p("《施策の方向性》")
    for pi, (pt, pbody, acts) in enumerate(pols):
        pid = f"{gid}.p{pi + 1}"
        yun.append((pid, gid, "policy", "main", pt))
        b += p(f"{PAREN[pi]}{pt}", "ind1") + p(pbody, "ind1")
        for ai, at in enumerate(acts):
            yun.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
            b += p(f"({KANA[ai]}) {at}", "ind2")
    blocks.append(b)
pg1 += blocks[0]
pg2 = blocks[1] + blocks[2]                                  # two columns

pg3 = ("<h2>重点的に取り組む施策</h2>"
       + p("計画期間中に特に力を入れて取り組む事項を、次の二つの重点施策として位置づけます。"))
for qi, (qt, pols) in enumerate([
        ("孤立を防ぐつながりの再生", ["訪問による見守り体制の強化", "孤立予防のための地域ネットワークづくり"]),
        ("多様な主体による移動・買い物支援", ["住民ボランティアによる送迎活動への支援", "移動販売事業者との連携"])], 1):
    qid = f"{C}.priority{qi}"
    yun.append((qid, f"{C}.vision", "goal", "priority", qt))
    pg3 += p(f"【重点施策{qi}】{qt}")
    for pi, pt in enumerate(pols, 1):
        yun.append((f"{qid}.p{pi}", qid, "policy", "priority", pt))
        pg3 += p(f"○ {pt}", "ind1")
RO = f"{C}.reoffending"
yun.append((RO, f"{C}.vision", "goal", "reoffending", "夕凪町再犯防止推進計画"))
pg3 += ("<h2>夕凪町再犯防止推進計画</h2>"
        + p("再犯の防止等の推進に関する法律第8条第1項に基づく地方再犯防止推進計画として、罪を犯した人などが地域"
            "社会の一員として円滑に立ち直ることができるよう、関係機関と連携して次の施策に取り組みます。"))
for pi, (pt, acts) in enumerate([
        ("就労・住居の確保に向けた支援", ["協力雇用主制度の周知", "公営住宅の入居に関する配慮"]),
        ("保健医療・福祉サービスの利用促進", ["高齢者や障がいのある人の福祉サービスへのつなぎ"]),
        ("更生保護に関わる民間協力者の活動の促進", ["保護司会・更生保護女性会の活動支援"])]):
    pid = f"{RO}.p{pi + 1}"
    yun.append((pid, RO, "policy", "reoffending", pt))
    pg3 += p(f"{PAREN[pi]}{pt}", "ind1")
    for ai, at in enumerate(acts):
        yun.append((f"{pid}.a{ai + 1}", pid, "action", "reoffending", at))
        pg3 += p(f"({KANA[ai]}) {at}", "ind2")
HOLDOUT2.append((f"{C}_plan_fictional_holdout2.pdf", C, "夕凪町",
                 [page(H, 1, pg1), page(H, 2, pg2, "cols"), page(H, 3, pg3)], yun))

# --------------------------------------------------------------------------------------------- 白樺原村
C = "shirakabara"
H = "白樺原村地域福祉計画・地域福祉活動計画"
shi: list[Row] = [(f"{C}.vision", "", "vision", "main", "支えあい 笑顔あふれる 白樺原")]
ZEN = "１２３４５"
pg1 = (f"<h1>{html.escape(H)}</h1>" + p("令和7年度～令和11年度　白樺原村・白樺原村社会福祉協議会")
       + "<h2>目次</h2>"
       + _toc([("", "１　計画の策定にあたって", 1), ("", "２　基本理念", 1), ("", "３　施策の展開", 2),
               ("ind1", "基本方針１　日頃から気にかけあう村", 2), ("ind1", "基本方針２　困ったときに頼れる村", 3),
               ("ind1", "基本方針３　誰もが参加し活躍できる村", 3), ("", "４　生活困窮者自立支援計画", 4),
               ("", "資料編", 4)])
       + "<h2>１　計画の策定にあたって</h2>"
       + p("1. 計画策定の背景")
       + p("本村では人口減少と高齢化が急速に進み、集落によっては住民同士の支えあいの維持が難しくなっています。"
           "村と社会福祉協議会が目指す方向を共有し、一体的に取り組むため、地域福祉計画と地域福祉活動計画を一つの"
           "計画としてまとめました。", "ind1")
       + p("2. 計画の位置づけ")
       + p("本計画は、社会福祉法第107条に基づく市町村地域福祉計画であり、同法第109条に規定する社会福祉協議会の"
           "地域福祉活動計画と一体のものとして策定します。", "ind1")
       + p("3. 村の現状")
       + p("Ａ．人口と世帯", "ind1")
       + p("令和6年の人口は3,412人、高齢化率は44.1％です。高齢者のみの世帯が全世帯の約3分の1を占めています。",
           "ind2")
       + p("Ｂ．住民アンケートから見える課題", "ind1")
       + p("「冬期の通院や買い物に不安がある」と答えた人が半数を超え、移動手段の確保が大きな課題となっています。",
           "ind2")
       + "<h2>２　基本理念</h2>" + _big(shi[0][4])
       + p("雪深い冬も、住民一人ひとりが互いを気にかけ、笑顔で暮らし続けられる村を目指します。"))
s_goals3 = [
    ("日頃から気にかけあう村", [
        ("見守り体制の強化", "集落ごとの見守り活動を支え、異変に早く気づける体制をつくります。",
         [("〈住民・地域の取組〉", ["冬期の安否確認の声かけ", "集落見守り隊への参加"]),
          ("〈村・社協の取組〉", ["見守り支援員の配置"])]),
        ("集落の交流の場づくり", "集会所を活用し、気軽に集まれる機会を増やします。",
         [("〈主な取組〉", ["集会所カフェの開設支援", "季節行事の共同開催"])]),
        ("福祉情報の届け方の工夫", "必要な情報が、必要な人に確実に届くよう工夫します。",
         [("〈主な取組〉", ["防災無線と広報紙を活用した福祉情報の発信"])]),
    ]),
    ("困ったときに頼れる村", [
        ("相談支援の充実", "身近な場所で相談でき、適切な支援につながる体制を整えます。",
         [("〈主な取組〉", ["役場と社協の合同相談会", "保健師による巡回相談"])]),
        ("在宅生活を支えるサービスの充実", "住み慣れた自宅で暮らし続けられるよう、生活を支えるサービスを充実します。",
         [("〈主な取組〉", ["冬期の除雪支援体制の整備"])]),
    ]),
]
blocks = []
for gi, (gt, pols) in enumerate(s_goals3, 1):
    gid = f"{C}.g{gi}"
    shi.append((gid, f"{C}.vision", "goal", "main", gt))
    b = f"<h3>基本方針{ZEN[gi - 1]}　{html.escape(gt)}</h3>"
    for pi, (pt, pbody, lists) in enumerate(pols, 1):
        pid = f"{gid}.p{pi}"
        shi.append((pid, gid, "policy", "main", pt))
        b += p(f"{pi}. {pt}", "ind1") + p(pbody, "ind1")
        ai = 0
        for label, acts in lists:
            b += p(label, "ind1")
            for at in acts:
                ai += 1
                shi.append((f"{pid}.a{ai}", pid, "action", "main", at))
                b += p(f"◇ {at}", "ind2")
    blocks.append(b)
sh_rows = [
    ["相談支援の充実", "福祉なんでも相談事業", "保健福祉課"],
    ["相談支援の充実", "心配ごと相談事業", "社会福祉協議会"],
    ["在宅生活を支えるサービスの充実", "外出支援サービス事業", "保健福祉課"],
    ["在宅生活を支えるサービスの充実", "心配ごと相談事業【再掲】", "社会福祉協議会"],
]
for k, r in enumerate(sh_rows, 1):
    pol = f"{C}.g2.p1" if r[0] == "相談支援の充実" else f"{C}.g2.p2"
    shi.append((f"{pol}.r{k}", pol, "program", "main", r[1].replace("【再掲】", "")))
pg2 = "<h2>３　施策の展開</h2>" + p("三つの基本方針のもと、村と社会福祉協議会が連携して施策を進めます。") + blocks[0]
g3 = f"{C}.g3"
g3_title = "誰もが参加し活躍できる村"
shi.append((g3, f"{C}.vision", "goal", "main", g3_title))
pg3 = (blocks[1] + p("【主な事業】") + _table(["施策", "事業名", "所管課"], sh_rows)
       + f"<h3>基本方針３　{g3_title}</h3>"
       + p("年齢や障がいの有無にかかわらず、誰もが地域の一員として活動に参加できるよう、きっかけづくりと活動の場の"
           "確保に取り組みます。", "ind1") + p("〈主な取組〉", "ind1"))
for ai, at in enumerate(["高齢者の知恵や技を生かす生きがい活動の支援", "障がいのある人の地域活動への参加支援",
                         "村外の大学生との交流ボランティアの受け入れ"], 1):
    shi.append((f"{g3}.a{ai}", g3, "action", "main", at))
    pg3 += p(f"◇ {at}", "ind2")

LV = f"{C}.livelihood"
shi.append((LV, f"{C}.vision", "goal", "livelihood", "生活困窮者自立支援計画"))
pg4 = ("<h2>４　生活困窮者自立支援計画</h2>"
       + p("経済的な困窮に加え、社会的な孤立や健康の問題を抱える人が、早い段階で支援につながり、自立した生活を"
           "送ることができるよう、県の自立相談支援機関と連携して取り組みます。"))
for pi, (pt, acts) in enumerate([
        ("早期発見と包括的な相談支援", ["自立相談支援機関による出張相談の実施", "税や公共料金の担当課との情報共有"]),
        ("就労と家計の安定に向けた支援", ["就労準備支援事業の実施", "家計改善支援事業の実施"])], 1):
    pid = f"{LV}.p{pi}"
    shi.append((pid, LV, "policy", "livelihood", pt))
    pg4 += p(f"{pi}. {pt}", "ind1") + p("〈主な取組〉", "ind1")
    for ai, at in enumerate(acts, 1):
        shi.append((f"{pid}.a{ai}", pid, "action", "livelihood", at))
        pg4 += p(f"◇ {at}", "ind2")
pg4 += ("<h2>資料編</h2>" + p("1. 策定の経過")
        + _table(["日付", "会議等", "内容"], [
            ["令和6年6月", "住民アンケート調査", "20歳以上の村民1,000人を対象に実施"],
            ["令和6年9月", "第1回策定委員会", "現状と課題、計画の骨子の検討"],
            ["令和6年12月", "第2回策定委員会", "計画素案の検討"],
            ["令和7年2月", "第3回策定委員会", "計画案の承認"]], merge_first=False)
        + p("2. 用語の解説")
        + p("◇ 民生委員・児童委員：厚生労働大臣から委嘱され、地域住民の相談に応じ、必要な支援を行う人。", "ind1")
        + p("◇ 地域福祉活動計画：社会福祉協議会が中心となり、住民や団体の地域福祉活動を具体化した計画。", "ind1"))
HOLDOUT2.append((f"{C}_plan_fictional_holdout2.pdf", C, "白樺原村",
                 [page(H, 1, pg1), page(H, 2, pg2), page(H, 3, pg3), page(H, 4, pg4)], shi))
