"""Maintainer helper: a fourth blind held-out set of fictional plan PDFs for `compare draft` (HOLDOUT4).

Written without reading the drafter, its other held-out sets or its reference output: four fictional
municipalities (汐凪市萌黄区, 霞留町, 栃ノ瀬市, 深山浦市: none exists), each in a numbering grammar of its own and
in the style of a different kind of plan (a 政令市 ward plan's summary edition, a small town's plan, a plan written
jointly with the 社会福祉協議会, a 基本目標 → 施策の方向 → 主な取組 plan). The expected tree of each plan is built
from the same data as its pages, following the conventions of make_draft_fixtures.py (vision / goal / policy /
action / program; parts main, priority, guardianship, reoffending, livelihood).

Not yet wired into make_draft_fixtures.main(): to render this set there, extend PLANS with HOLDOUT4 as it does
with the other held-out sets. Text note: Chromium's PDF of IPAexGothic maps many kanji to Kangxi radicals
(U+2F00-) and 民/黄 to CJK radicals-supplement code points (⺠ U+2EA0, ⻩ U+2EE9) that NFKC leaves alone.
"""

from __future__ import annotations

import html

from make_draft_fixtures import p, page

Row = tuple[str, str, str, str, str]
Plan = tuple[str, str, str, list[str], list[Row]]


def _toc(entries: list[tuple[str, int]], leader: str, width: int = 40) -> str:
    """A table of contents whose entries run to their page numbers over dot leaders."""
    lines = "".join(p(f"{t}{leader * max(4, width - len(t))}{no}") for t, no in entries)
    return f"<div class='toc'>{lines}</div>"


def _b(text: str, cls: str = "") -> str:
    """A bold paragraph (a heading set in body type, as word processors do)."""
    return f'<p class="{cls}"><b>{html.escape(text)}</b></p>'


def _desc(text: str) -> str:
    """A description line set deeper than the item it explains."""
    return f'<p style="margin-left:18mm">{html.escape(text)}</p>'


def _table(head: list[str], rows: list[list[tuple[str, int] | None]], widths: list[int] | None = None) -> str:
    """A ruled table; each cell is (text, rowspan) or None where a cell above spans into this row."""
    ws = widths or [0] * len(head)
    s = "<table><tr>" + "".join(f'<th style="width:{w}%">{html.escape(h)}</th>' if w else f"<th>{html.escape(h)}</th>"
                                for h, w in zip(head, ws)) + "</tr>"
    for r in rows:
        s += "<tr>"
        for cell in r:
            if cell is None:
                continue
            text, span = cell
            attr = f' rowspan="{span}"' if span > 1 else ""
            s += f"<td{attr}>{html.escape(text)}</td>"
        s += "</tr>"
    return s + "</table>"


# --------------------------------------------------------------------------------------------- 汐凪市萌黄区
# A 政令市 ward plan, summary edition (概要版). Grammar: 柱1 pillars, (1) policies restarting in each pillar,
# ア/イ/ウ actions each followed by a description line. Traps: a table of contents with … leaders; 第1章 uses the
# same (1) markers and 第2章 the same ア markers for non-plan text; three 視点 (perspectives) that are not tiers;
# a 施策の体系 overview repeating pillars and policies; the second pillar's heading wrapped over two lines; an
# action that names 成年後見制度 without being a sub-plan; 第5章 計画の推進 with (1) markers again.
def _moegi() -> Plan:
    c = "moegi"
    hdr = "萌黄区地域福祉保健計画（第5期）概要版"
    vision = "つながり、ささえあい、誰もが自分らしく暮らせる萌黄のまち"
    pillars = [
        ("身近な地域で支えあう関係づくり",
         "日頃のあいさつや声かけから始まる顔の見える関係を大切にし、住民同士が自然に気にかけあえる地域を"
         "目指します。",
         [("日常的な見守りと声かけの推進",
           [("見守り活動の担い手への支援",
             "民生委員・児童委員や友愛活動員の研修を充実し、活動の負担感を軽減します。"),
            ("地域の見守り拠点の拡充",
             "商店や薬局などの協力を得て、気軽に立ち寄れる見守り拠点を増やします。")]),
          ("多世代が集う居場所づくり",
           [("サロン・子ども食堂の立ち上げと運営の支援",
             "立ち上げ時の助言や備品の貸出しを行い、運営の継続を支えます。"),
            ("公園や集会所を活用した交流の場づくり",
             "身近な公共空間で、子どもから高齢者までが集う機会をつくります。")])]),
        ("誰もが必要な支援につながる仕組みづくり",
         "困りごとを抱えた人が早い段階で相談につながり、分野を超えて支援を受けられる体制を整えます。",
         [("分野を超えた相談支援の推進",
           [("区役所と地域ケアプラザの連携による総合的な相談",
             "複合的な課題を抱える世帯を、関係機関が一体となって支えます。"),
            ("ひきこもり状態にある人と家族への支援",
             "家族向けの相談会を定期的に開催し、社会参加への一歩を応援します。"),
            ("ヤングケアラーの早期発見と支援",
             "学校や福祉関係者への研修を行い、気づきを支援につなげます。")]),
          ("権利擁護の推進",
           [("成年後見制度とあんしんセンター事業の周知",
             "区民向けの講座や出張相談を通じて、制度の理解を広げます。"),
            ("高齢者・障害者虐待の防止と早期対応",
             "通報・相談を受けた際に、関係機関が速やかに連携して対応します。")]),
          ("災害に備えた支えあいの仕組みづくり",
           [("災害時要援護者名簿の共有と活用",
             "自治会町内会と協定を結び、平常時からの見守りにも活用します。"),
            ("地域防災拠点での福祉的配慮の充実",
             "拠点ごとに要配慮者の受入れ手順を定め、訓練で確認します。")])]),
        ("地域福祉を担う人と活動の広がり",
         "地域活動に関わる人の裾野を広げ、多様な主体が得意なことを持ち寄る地域を目指します。",
         [("担い手の発掘と育成",
           [("地域活動入門講座の開催",
             "退職前後の世代などを対象に、地域で活動を始めるきっかけをつくります。"),
            ("学生や子育て世代の参加のきっかけづくり",
             "短時間・単発で参加できる活動の情報を発信します。")]),
          ("多様な主体との協働",
           [("企業・学校・NPO等との連携の推進",
             "区内の事業所や大学と協定を結び、地域の課題解決に共に取り組みます。")])]),
    ]
    rows: list[Row] = [(f"{c}.vision", "", "vision", "main", vision)]
    kana = "アイウエオ"

    s1 = ("<h1>汐凪市 萌黄区地域福祉保健計画（第5期）</h1>" + p("― もえぎ ささえあいプラン ―")
          + p("令和7年度～令和11年度") + "<h2>目次</h2>"
          + _toc([("第1章 計画の概要", 1), ("第2章 萌黄区の現状と課題", 2), ("第3章 計画の基本的な考え方", 2),
                  ("第4章 区全体計画", 3), ("第5章 計画の推進", 4)], "…")
          + "<h2>第1章 計画の概要</h2>"
          + _b("(1) 計画策定の趣旨")
          + p("萌黄区では、平成17年度から区民・関係団体・区役所・区社会福祉協議会が協働して地域福祉保健計画を"
              "推進してきました。第4期計画の評価と区民アンケートの結果を踏まえ、第5期計画を策定しました。")
          + _b("(2) 計画の位置付け")
          + p("本計画は、社会福祉法第107条に基づく市町村地域福祉計画として汐凪市が策定する市計画の区計画であり、"
              "区の実情に応じた取組を定めるものです。")
          + _b("(3) 計画の期間")
          + p("令和7年度から令和11年度までの5年間とします。")
          + _b("(4) 地区別計画との関係")
          + p("区内12地区では、地区社会福祉協議会や自治会町内会を中心に地区別計画を策定しています。本概要版には"
              "区全体計画を掲載し、地区別計画は別冊にまとめています。"))

    overview = ""
    for gi, (gt, _, pols) in enumerate(pillars, 1):
        overview += _b(f"柱{gi}　{gt}")
        overview += "".join(p(f"({pi}) {pt}", "ind1") for pi, (pt, _) in enumerate(pols, 1))
    s2 = ("<h2>第2章 萌黄区の現状と課題</h2>"
          + _b("ア　高齢化の進展と単身世帯の増加")
          + p("65歳以上の人口は区民の約27％を占め、ひとり暮らし高齢者はこの10年で約1.4倍に増えています。", "ind1")
          + _b("イ　地域のつながりの希薄化")
          + p("区民アンケートでは、近所付き合いがほとんどないと答えた人が3割を超えました。", "ind1")
          + _b("ウ　担い手の固定化")
          + p("地域活動の担い手の高齢化が進み、新たな参加者の確保が課題となっています。", "ind1")
          + "<h2>第3章 計画の基本的な考え方</h2>"
          + "<h3>基本理念</h3>" + _b(vision, "ind1")
          + p("区民一人ひとりが地域の一員として役割を持ち、互いに支えあいながら安心して暮らせるまちを目指します。")
          + "<h3>計画推進の視点</h3>"
          + p("視点1　区民・団体・行政がともに考え、ともに動く", "ind1")
          + p("視点2　地区ごとの特性を生かす", "ind1")
          + p("視点3　福祉と保健の取組を一体的に進める", "ind1")
          + "<h3>施策の体系</h3>" + overview)

    def pillar(gi: int) -> str:
        gt, gbody, pols = pillars[gi - 1]
        gid = f"{c}.g{gi}"
        rows.append((gid, f"{c}.vision", "goal", "main", gt))
        shown = "誰もが必要な支援に<br>つながる仕組みづくり" if gi == 2 else html.escape(gt)   # wrapped heading
        s = f"<h3>柱{gi}　{shown}</h3>" + p(gbody)
        for pi, (pt, acts) in enumerate(pols, 1):
            pid = f"{gid}.p{pi}"
            rows.append((pid, gid, "policy", "main", pt))
            s += _b(f"({pi}) {pt}", "ind1")
            for ai, (at, desc) in enumerate(acts):
                rows.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
                s += p(f"{kana[ai]}　{at}", "ind2") + _desc(desc)
        return s

    s3 = ("<h2>第4章 区全体計画</h2>"
          + p("区全体計画では、三つの柱のもとに区全体で取り組む施策と主な取組をまとめています。")
          + pillar(1) + pillar(2))
    s4 = (pillar(3) + "<h2>第5章 計画の推進</h2>"
          + _b("(1) 推進体制")
          + p("区民、地区社会福祉協議会、関係団体、区役所及び区社会福祉協議会で構成する推進会議を設置します。")
          + _b("(2) 進行管理")
          + p("毎年度、取組の状況を推進会議で振り返り、地区別計画の担い手とも共有しながら改善につなげます。"))
    pages = [page(hdr, 1, s1), page(hdr, 2, s2), page(hdr, 3, s3), page(hdr, 4, s4)]
    return ("moegi_plan_fictional_holdout4.pdf", c, "汐凪市萌黄区", pages, rows)


# --------------------------------------------------------------------------------------------- 霞留町
# A small town's plan. Grammar: 基本目標Ⅰ (Roman numerals) goals, １． (full-width digit, full-width stop)
# policies restarting in each goal, each with a paragraph and a 【主な取組】 list of ○ items; the fourth goal has
# no policy tier and its 【主な取組】 attaches to the goal. The 再犯防止推進計画 is embedded as 第5章 with 1)
# policies and ・ items. Traps: a table of contents with ・ leaders; 第1章 uses the same １． markers and 第2章 the
# same ○ bullets for survey findings; the 施策の体系 is a ruled overview table (no owners column) with merged
# cells; 第4章 is set in two columns (goal headings and items wrap in the narrow column); a ※ footnote; 資料編
# with １． markers.
def _kasumidome() -> Plan:
    c = "kasumidome"
    hdr = "霞留町第3次地域福祉計画"
    vision = "みんなで支えあい、笑顔で暮らせるまち かすみどめ"
    goals = [
        ("ふれあいと支えあいのある地域づくり",
         [("地域の見守り体制の充実",
           "ひとり暮らし高齢者の増加を踏まえ、行政区や事業者と連携し、日常の中で異変に気づける見守りの網を"
           "広げます。",
           ["行政区ごとの見守りネットワークの構築", "郵便局・新聞販売店等との見守り協定の推進"]),
          ("交流の機会と居場所の確保",
           "地区公民館や空き家などを活用し、誰もが気軽に立ち寄り、交流できる場を身近な地域に確保します。",
           ["地区公民館を活用したふれあいサロンの開催", "世代間交流事業の実施"])]),
        ("安心して相談できる体制づくり",
         [("身近な相談窓口の充実",
           "困りごとを抱えた人がためらわずに相談できるよう、保健福祉センターを中心とした相談体制を充実します。",
           ["保健福祉センターにおける総合相談の実施", "民生委員・児童委員による相談活動の支援"]),
          ("必要な情報が届く仕組みづくり",
           "福祉サービスや相談先の情報を、高齢者にも分かりやすい形でお届けします。",
           ["福祉ガイドブックの作成と全世帯への配布"])]),
        ("安全・安心に暮らせる環境づくり",
         [("災害時の避難支援体制の整備",
           "災害時に自力で避難することが難しい人の避難を、地域ぐるみで支える体制を整えます。",
           ["避難行動要支援者の個別避難計画の作成", "自主防災組織と連携した避難訓練の実施"]),
          ("移動と買い物の支援",
           "公共交通が限られる地区に暮らす高齢者等の通院や買い物を支えます。",
           ["デマンド型乗合タクシーの運行"])]),
    ]
    goal4 = ("地域福祉を支える人づくり",
             ["福祉教育・ボランティア学習の推進", "生活支援コーディネーターによる担い手の発掘",
              "社会福祉協議会の活動への支援"])
    reo = ("霞留町再犯防止推進計画",
           [("就労・住居の確保に向けた支援", ["協力雇用主に関する情報提供", "町営住宅への入居に関する相談"]),
            ("保健医療・福祉サービスの利用促進", ["高齢者や障害のある人の福祉サービスへの円滑な接続"]),
            ("地域における理解の促進", ["「社会を明るくする運動」の推進", "保護司会・更生保護女性会の活動支援"])])
    roman = "ⅠⅡⅢⅣ"
    digits = "１２３４"
    rows: list[Row] = [(f"{c}.vision", "", "vision", "main", vision)]

    s1 = ("<h1>霞留町第3次地域福祉計画</h1>" + p("令和7年度～令和11年度") + p("令和7年3月　霞留町")
          + "<h2>目　次</h2>"
          + _toc([("第1章 計画の策定にあたって", 1), ("第2章 町の現状と課題", 1), ("第3章 計画の基本的な考え方", 2),
                  ("第4章 施策の展開", 3), ("第5章 霞留町再犯防止推進計画", 4), ("資料編", 4)], "・")
          + "<h2>第1章 計画の策定にあたって</h2>"
          + _b("１．計画策定の背景と趣旨")
          + p("本町では、人口減少と高齢化が急速に進み、ひとり暮らし高齢者や高齢者のみの世帯が増えています。"
              "地域で支えあう力を改めて育み、誰もが住み慣れた地域で暮らし続けられるよう、本計画を策定します。")
          + _b("２．計画の位置づけ")
          + p("社会福祉法第107条に基づく市町村地域福祉計画であり、霞留町総合計画の福祉分野を横断的につなぐ"
              "計画です。第5章は再犯の防止等の推進に関する法律第8条に基づく地方再犯防止推進計画を兼ねます。")
          + _b("３．計画の期間")
          + p("令和7年度から令和11年度までの5年間とします。")
          + "<h2>第2章 町の現状と課題</h2>"
          + p("町民アンケート調査（令和5年度）及び地区懇談会からは、次のような課題が見えてきました。")
          + p("○ 近所付き合いが希薄になっていると感じる町民が増えています。", "ind1")
          + p("○ 困ったときにどこに相談すればよいか分からない人が約4割います。", "ind1")
          + p("○ 地域活動の担い手が高齢化し、後継者の確保が難しくなっています。", "ind1")
          + p("○ 車を運転できない高齢者の通院や買い物が課題となっています。", "ind1"))

    # the 施策の体系: an overview table (no owners column) repeating goals and policies
    trows: list[list[tuple[str, int] | None]] = []
    for gi, (gt, pols) in enumerate(goals, 1):
        for pi, (pt, _, _) in enumerate(pols, 1):
            lead = (f"基本目標{roman[gi - 1]}　{gt}", len(pols)) if pi == 1 else None
            trows.append([lead, (f"{digits[pi - 1]}．{pt}", 1)])
    trows.append([(f"基本目標Ⅳ　{goal4[0]}", 1), ("―", 1)])
    s2 = ("<h2>第3章 計画の基本的な考え方</h2>" + "<h3>基本理念</h3>" + _b(vision, "ind1")
          + p("町民一人ひとりが地域の中で役割を持ち、世代を超えて支えあいながら、誰もが笑顔で暮らせるまちを"
              "目指して、本計画の基本理念を定めます。")
          + "<h3>基本目標</h3>"
          + p("基本理念の実現に向けて、次の四つの基本目標を掲げ、施策を体系的に推進します。")
          + "<h3>施策の体系</h3>" + _table(["基本目標", "施策"], trows)
          + p("町民の皆さんには、日頃のあいさつや地域行事への参加など、できることから地域づくりに関わって"
              "いただくことを期待します。"))

    s3 = "<h2>第4章 施策の展開</h2>"
    for gi, (gt, pols) in enumerate(goals, 1):
        gid = f"{c}.g{gi}"
        rows.append((gid, f"{c}.vision", "goal", "main", gt))
        s3 += f"<h3>基本目標{roman[gi - 1]}　{html.escape(gt)}</h3>"
        for pi, (pt, body, acts) in enumerate(pols, 1):
            pid = f"{gid}.p{pi}"
            rows.append((pid, gid, "policy", "main", pt))
            s3 += _b(f"{digits[pi - 1]}．{pt}") + p(body, "ind1") + p("【主な取組】", "ind1")
            for ai, at in enumerate(acts, 1):
                rows.append((f"{pid}.a{ai}", pid, "action", "main", at))
                s3 += p(f"○ {at}", "ind2")
    gid = f"{c}.g4"
    rows.append((gid, f"{c}.vision", "goal", "main", goal4[0]))
    s4 = (f"<h3>基本目標Ⅳ　{html.escape(goal4[0])}</h3>"
          + p("地域福祉を支える人材を育て、町民・団体・事業者・行政がそれぞれの力を発揮できる環境を整えます。")
          + p("【主な取組】", "ind1"))
    for ai, at in enumerate(goal4[1], 1):
        rows.append((f"{gid}.a{ai}", gid, "action", "main", at))
        s4 += p(f"○ {at}", "ind2")
    s4 += p("※生活支援コーディネーター：地域の支えあい活動を広げるため、町と社会福祉協議会が配置する専門職です。")
    rid = f"{c}.reoffending"
    rows.append((rid, f"{c}.vision", "goal", "reoffending", reo[0]))
    s4 += (f"<h2>第5章 {html.escape(reo[0])}</h2>"
           + p("犯罪をした人等が地域社会の一員として円滑に社会復帰できるよう、国・県・関係団体と連携して次の"
               "施策に取り組みます。"))
    for pi, (pt, acts) in enumerate(reo[1], 1):
        pid = f"{rid}.p{pi}"
        rows.append((pid, rid, "policy", "reoffending", pt))
        s4 += _b(f"{pi}) {pt}", "ind1")
        for ai, at in enumerate(acts, 1):
            rows.append((f"{pid}.a{ai}", pid, "action", "reoffending", at))
            s4 += p(f"・{at}", "ind2")
    s4 += ("<h2>資料編</h2>" + p("１．計画の策定経過") + p("２．霞留町地域福祉計画策定委員会設置要綱")
           + p("３．霞留町地域福祉計画策定委員会委員名簿"))
    pages = [page(hdr, 1, s1), page(hdr, 2, s2), page(hdr, 3, s3, "cols"), page(hdr, 4, s4)]
    return ("kasumidome_plan_fictional_holdout4.pdf", c, "霞留町", pages, rows)


# --------------------------------------------------------------------------------------------- 栃ノ瀬市
# A 地域福祉計画・地域福祉活動計画 written jointly by the city and its 社会福祉協議会. Grammar: 基本方針1 goals,
# 1-1 policies (hyphen numbers, no tier word), each with a paragraph and two labelled lists, 〈市の取組〉 with ●
# items and 〈社協の取組〉 with ◇ items (both are actions of the policy). A programme table for 基本方針2 (after
# its policies) with a 施策 column merged over rows, a 実施主体 column with a merged cell and a 【再掲】 row. The
# 生活困窮者自立支援計画 is embedded as 第5章 with ① policies and ・ items. Traps: … leaders; 第2章 findings and
# 第6章 計画の推進と評価 as ● bullets; a 施策の体系 overview; the first two 基本方針 on a two-column block (long
# headings and items wrap in the narrow column).
def _tochinose() -> Plan:
    c = "tochinose"
    hdr = "栃ノ瀬市地域福祉計画・地域福祉活動計画"
    vision = "ともに生き、ともに支える、ぬくもりのまち 栃ノ瀬"
    goals = [
        ("地域でつながり、支えあう",
         [("見守り・支えあい活動の推進",
           "地区社協や自治会、民生委員・児童委員と連携し、日常的な見守りと助けあいの活動を広げます。",
           ["見守りネットワーク事業の推進"],
           ["地区社協による訪問活動の支援", "住民支え合いマップづくりの推進"]),
          ("交流の場と居場所づくり",
           "子どもから高齢者まで、誰もが気軽に集える居場所を地域の中に増やします。",
           ["公共施設の地域開放"], ["ふれあい・いきいきサロンの立ち上げ支援"])]),
        ("必要な支援が確実に届く仕組みをつくる",
         [("包括的な相談支援体制の構築",
           "分野ごとの相談窓口が連携し、複合的な課題を抱える世帯を断らずに受け止めます。",
           ["重層的支援体制整備事業の実施", "多機関協働による支援会議の開催"],
           ["コミュニティソーシャルワーカーの配置"]),
          ("福祉サービスの適切な利用の促進",
           "必要な人が必要なサービスを選び、安心して利用できるよう支援します。",
           ["福祉サービス情報の一元的な提供"], ["日常生活自立支援事業の実施"])]),
        ("地域福祉を担う人を育てる",
         [("福祉教育の推進",
           "子どもの頃から福祉への理解を深め、ともに生きる意識を育みます。",
           ["学校と連携した福祉教育の推進"], ["福祉体験学習への講師派遣"]),
          ("ボランティア・市民活動の振興",
           "市民の自主的な活動を支え、活動の担い手と場を広げます。",
           ["市民活動センターの機能強化"], ["ボランティアセンターの運営"])]),
    ]
    liv = ("栃ノ瀬市生活困窮者自立支援計画",
           [("早期把握と相談支援の充実", ["庁内関係課の連携による早期把握", "自立相談支援機関によるアウトリーチ"]),
            ("就労と家計の安定に向けた支援", ["就労準備支援事業の実施", "家計改善支援事業の実施"]),
            ("子どもの学習・生活支援", ["学習支援教室の開催"])])
    rows: list[Row] = [(f"{c}.vision", "", "vision", "main", vision)]

    s1 = ("<h1>栃ノ瀬市地域福祉計画・地域福祉活動計画</h1>" + p("令和7年度～令和12年度")
          + p("栃ノ瀬市／社会福祉法人 栃ノ瀬市社会福祉協議会")
          + "<h2>目次</h2>"
          + _toc([("第1章 計画の概要", 1), ("第2章 地域福祉を取り巻く現状と課題", 1),
                  ("第3章 基本理念と基本方針", 2), ("第4章 施策の展開", 3),
                  ("第5章 栃ノ瀬市生活困窮者自立支援計画", 4), ("第6章 計画の推進と評価", 4)], "…")
          + "<h2>第1章 計画の概要</h2>"
          + _b("1 計画策定の趣旨")
          + p("地域の課題が複雑化・複合化するなか、市と社会福祉協議会がそれぞれの役割を明確にし、同じ方向を"
              "向いて地域福祉を進めることが求められています。")
          + _b("2 一体的に策定する意義")
          + p("市が策定する地域福祉計画（社会福祉法第107条）と、社会福祉協議会が策定する地域福祉活動計画を"
              "一体的に策定し、理念と方針を共有します。施策ごとに「市の取組」と「社協の取組」を示しています。")
          + _b("3 計画の期間")
          + p("令和7年度から令和12年度までの6年間とします。")
          + "<h2>第2章 地域福祉を取り巻く現状と課題</h2>"
          + p("市民意識調査と地区座談会の結果から、次の課題を整理しました。")
          + p("● 自治会加入率の低下が続き、地域のつながりが弱まっています。", "ind1")
          + p("● 複数の課題を抱える世帯の相談が増え、一つの窓口だけでは対応が難しくなっています。", "ind1")
          + p("● ボランティアの登録者数は横ばいで、若い世代の参加が少ない状況です。", "ind1"))

    overview = ""
    for gi, (gt, pols) in enumerate(goals, 1):
        overview += p(f"基本方針{gi}　{gt}")
        overview += "".join(p(f"{gi}-{pi}　{pt}", "ind1") for pi, (pt, _, _, _) in enumerate(pols, 1))
    s2 = ("<h2>第3章 基本理念と基本方針</h2>" + "<h3>基本理念</h3>" + _b(vision, "ind1")
          + p("市民、地域の団体、事業者、社会福祉協議会、市がそれぞれの持ち味を生かし、誰もが役割を持って"
              "暮らせるぬくもりのあるまちを目指します。")
          + "<h3>地域福祉を進める四つの「助」</h3>"
          + p("自分でできることは自分で行う「自助」、地域で助けあう「互助」、制度化された支えあいである「共助」、"
              "行政が責任を持って行う「公助」を組み合わせて地域福祉を推進します。")
          + "<h3>施策の体系</h3>" + overview
          + p("生活困窮者自立支援計画（第5章）は、基本方針2と連動して推進します。"))

    def goal(gi: int) -> str:
        gt, pols = goals[gi - 1]
        gid = f"{c}.g{gi}"
        rows.append((gid, f"{c}.vision", "goal", "main", gt))
        s = f"<h3>基本方針{gi}　{html.escape(gt)}</h3>"
        for pi, (pt, body, city, shakyo) in enumerate(pols, 1):
            pid = f"{gid}.p{pi}"
            rows.append((pid, gid, "policy", "main", pt))
            s += _b(f"{gi}-{pi}　{pt}") + p(body, "ind1")
            k = 0
            s += p("〈市の取組〉", "ind1")
            for at in city:
                k += 1
                rows.append((f"{pid}.a{k}", pid, "action", "main", at))
                s += p(f"● {at}", "ind2")
            s += p("〈社協の取組〉", "ind1")
            for at in shakyo:
                k += 1
                rows.append((f"{pid}.a{k}", pid, "action", "main", at))
                s += p(f"◇ {at}", "ind2")
        return s

    s3 = "<h2>第4章 施策の展開</h2><div class='cols'>" + goal(1) + goal(2) + "</div>"
    # the programme table of 基本方針2: 施策 cells merged over their rows, one 実施主体 cell merged over two rows
    p1, p2 = "2-1 包括的な相談支援体制の構築", "2-2 福祉サービスの適切な利用の促進"
    progs = [
        (f"{c}.g2.p1", "重層的支援体制整備事業", "属性や世代を問わない相談、参加支援、地域づくりを一体的に実施する。"),
        (f"{c}.g2.p1", "福祉まるごと相談会", "弁護士・社会福祉士等による出張相談会を各地区で開催する。"),
        (f"{c}.g2.p1", "コミュニティソーシャルワーカー配置事業",
         "日常生活圏域ごとにCSWを配置し、個別支援と地域支援を行う。"),
        (f"{c}.g2.p2", "日常生活自立支援事業", "福祉サービスの利用援助や日常的な金銭管理を行う。"),
        (f"{c}.g2.p2", "福祉サービス情報提供事業", "福祉の制度やサービスをまとめたガイドとウェブページを作成する。"),
        (f"{c}.g2.p2", "福祉まるごと相談会【再掲】", "弁護士・社会福祉士等による出張相談会を各地区で開催する。"),
    ]
    owner = [("市", 2), None, ("社協", 1), ("社協", 1), ("市・社協", 1), ("市", 1)]
    trows: list[list[tuple[str, int] | None]] = []
    for k, (pid, name, desc) in enumerate(progs):
        lead = {0: (p1, 3), 3: (p2, 3)}.get(k)
        trows.append([lead, (name, 1), (desc, 1), owner[k]])
        rows.append((f"{pid}.r{k + 1:02d}", pid, "program", "main", name.replace("【再掲】", "")))
    s3 += ("<h3>基本方針2の主な事業と実施主体</h3>"
           + _table(["施策", "事業名", "事業の概要", "実施主体"], trows, [22, 26, 40, 12]))
    s4 = goal(3)
    lid = f"{c}.livelihood"
    rows.append((lid, f"{c}.vision", "goal", "livelihood", liv[0]))
    s4 += (f"<h2>第5章 {html.escape(liv[0])}</h2>"
           + p("生活困窮者自立支援法に基づき、経済的に困窮し、最低限度の生活を維持できなくなるおそれのある人の"
               "自立を、次の施策により支援します。"))
    for pi, (pt, acts) in enumerate(liv[1], 1):
        pid = f"{lid}.p{pi}"
        rows.append((pid, lid, "policy", "livelihood", pt))
        s4 += _b("①②③④"[pi - 1] + f" {pt}", "ind1")
        for ai, at in enumerate(acts, 1):
            rows.append((f"{pid}.a{ai}", pid, "action", "livelihood", at))
            s4 += p(f"・{at}", "ind2")
    s4 += ("<h2>第6章 計画の推進と評価</h2>"
           + p("計画の推進にあたっては、市と社会福祉協議会が連携し、次のように進行管理を行います。")
           + p("● 市と社協の合同推進会議を年2回開催し、取組の進捗を確認します。", "ind1")
           + p("● 地区座談会で住民の意見を聞き、次年度の活動に反映します。", "ind1")
           + p("● 計画の中間年度に評価を行い、必要に応じて見直します。", "ind1"))
    pages = [page(hdr, 1, s1), page(hdr, 2, s2), page(hdr, 3, s3), page(hdr, 4, s4)]
    return ("tochinose_plan_fictional_holdout4.pdf", c, "栃ノ瀬市", pages, rows)


# --------------------------------------------------------------------------------------------- 深山浦市
# A plan in the 基本目標 → 施策の方向 → 主な取組 style. Grammar: 基本目標１ (full-width digits) goals, each opening
# with a 【現状と課題】 list of ・ findings (not nodes); 施策の方向１ policies restarting in each goal, 《主な取組》
# lists of (ｱ)(ｲ) items (half-width katakana); ＜主な事業＞ programme tables (事業名 / 事業の内容 / 担当課, no 施策
# column: the rows belong to the policy they sit in) with a 【再掲】 row; one policy with no actions of its own (it
# points to 第5章). A 重点 chapter of 【重点施策1】 items with ■ items under them; the 成年後見制度利用促進計画 as
# 第5章 with A. policies and a. items. Traps: a table of contents with ． leaders; running headers that change with
# the chapter; a 施策の体系 overview; a policy heading wrapped over two lines; 第6章 計画の推進 uses the same (ｱ)(ｲ)
# markers.
def _miyamaura() -> Plan:
    c = "miyamaura"
    title = "深山浦市第4次地域福祉計画"
    vision = "誰もがつながり、安心して暮らし続けられるまち 深山浦"
    fw = "０１２３４５６７８９"
    hk = ["(ｱ)", "(ｲ)", "(ｳ)"]
    mimamori = ("つながりサポーター養成事業", "身近な人の変化に気づき、相談窓口につなぐサポーターを養成する。",
                "地域福祉課")
    goals = [
        ("つながりを実感できる地域をつくる",
         ["自治会加入率は10年間で約12ポイント低下しています。",
          "市民意識調査では、近所付き合いが「ほとんどない」人が約2割います。"],
         [("地域の支えあい活動の促進",
           "自治会・町内会や地区社協の活動を支え、住民主体の支えあいが地域の中で続いていくよう後押しします。",
           ["自治会・町内会活動への支援", "地域支え合い推進員による活動の掘り起こし"], []),
          ("孤独・孤立対策の推進",
           "望まない孤独や孤立に悩む人が、身近な人や相談窓口につながることができる地域をつくります。",
           ["孤独・孤立に関する相談窓口の周知", "つながりサポーターの養成"],
           [("地域見守り活動支援事業", "自治会や民間事業者による見守り活動に対し、研修と情報提供を行う。",
             "地域福祉課"), mimamori])]),
        ("一人ひとりに寄り添う支援体制をつくる",
         ["福祉総合相談の件数は増加しており、複数の分野にまたがる相談が約4割を占めます。"],
         [("断らない相談支援の推進",
           "相談を受けた窓口が責任を持って受け止め、関係機関と連携して包括的に支援します。",
           ["福祉総合相談窓口の設置", "支援関係機関による支援会議の開催"], []),
          ("子ども・子育て家庭とヤングケアラーへの支援",
           "妊娠期から切れ目なく子育て家庭を支えるとともに、家族の世話を担う子どもを早期に把握し支援します。",
           ["こども家庭センターによる切れ目のない支援", "ヤングケアラーの把握と支援"],
           [("こども家庭センター運営事業", "妊娠期から子育て期までの相談を一体的に受け、支援プランを作成する。",
             "こども家庭課"),
            ("ヤングケアラー支援事業", "学校等と連携して把握し、家事・育児支援や相談につなぐ。", "こども家庭課"),
            (mimamori[0] + "【再掲】", mimamori[1], mimamori[2])]),
          ("権利擁護の推進",
           "判断能力が十分でない人の権利を守るため、成年後見制度の利用促進に取り組みます。具体的な取組は、"
           "第5章「深山浦市成年後見制度利用促進計画」に定めます。", [], [])]),
        ("安心して暮らせる環境をつくる",
         ["沿岸部と山間部では、災害時の避難や日常の移動に関する課題が異なります。"],
         [("災害時の支援体制の強化",
           "災害時に支援が必要な人が安全に避難し、避難先でも安心して過ごせる体制を整えます。",
           ["個別避難計画の作成推進", "福祉避難所の確保と運営訓練"], []),
          ("住まいと移動の確保",
           "住まいの確保に困難を抱える人や、移動手段の限られた高齢者等の暮らしを支えます。",
           ["住宅確保要配慮者への居住支援"], [])]),
    ]
    prio = [("孤立を防ぐ見守りネットワークの強化", ["民間事業者との見守り協定の拡大", "見守りアプリの試行導入"]),
            ("多機関協働による包括的支援体制の構築", ["重層的支援体制整備事業への移行", "地域ケア会議の全地区開催"])]
    guard = ("深山浦市成年後見制度利用促進計画",
             [("権利擁護支援の地域連携ネットワークの構築", ["中核機関の設置と運営", "協議会の定期開催"]),
              ("権利擁護支援の担い手の確保と育成", ["市民後見人養成講座の開催"])])
    rows: list[Row] = [(f"{c}.vision", "", "vision", "main", vision)]

    s1 = (f"<h1>{title}</h1>" + p("令和7年度 ― 令和11年度") + p("深山浦市 健康福祉部")
          + "<h2>目次</h2>"
          + _toc([("第1章 計画の概要", 1), ("第2章 基本理念と施策の体系", 1), ("第3章 施策の展開", 2),
                  ("第4章 重点的な取組", 4), ("第5章 深山浦市成年後見制度利用促進計画", 4),
                  ("第6章 計画の推進", 4)], "．")
          + "<h2>第1章 計画の概要</h2>"
          + p("本計画は、社会福祉法第107条に基づく市町村地域福祉計画として、高齢者、障害者、子ども等の福祉に"
              "関し共通して取り組むべき事項を定めるものです。第5章は、成年後見制度の利用の促進に関する法律第14条"
              "に基づく市町村計画として位置づけます。計画期間は令和7年度から令和11年度までの5年間です。")
          + "<h2>第2章 基本理念と施策の体系</h2>" + "<h3>基本理念</h3>" + _b(vision, "ind1")
          + p("地域の中で誰ひとり取り残されることなく、支え手と受け手に分かれずに、互いに関わりあいながら"
              "暮らし続けられるまちを目指します。")
          + "<h3>施策の体系</h3>")
    for gi, (gt, _, pols) in enumerate(goals, 1):
        s1 += p(f"基本目標{fw[gi]}　{gt}")
        s1 += "".join(p(f"施策の方向{fw[pi]}　{pt}", "ind1") for pi, (pt, _, _, _) in enumerate(pols, 1))

    def goal(gi: int, policies: range) -> str:
        gt, issues, pols = goals[gi - 1]
        gid = f"{c}.g{gi}"
        s = ""
        if policies.start == 1:
            rows.append((gid, f"{c}.vision", "goal", "main", gt))
            s += f"<h2>基本目標{fw[gi]}　{html.escape(gt)}</h2>" + p("【現状と課題】")
            s += "".join(p(f"・{t}", "ind1") for t in issues)
        for pi in policies:
            pt, body, acts, progs = pols[pi - 1]
            pid = f"{gid}.p{pi}"
            rows.append((pid, gid, "policy", "main", pt))
            shown = html.escape(pt)
            if pt == "子ども・子育て家庭とヤングケアラーへの支援":         # a heading wrapped over two lines
                shown = "子ども・子育て家庭と<br>ヤングケアラーへの支援"
            s += f"<h3>施策の方向{fw[pi]}　{shown}</h3>" + p(body)
            if acts:
                s += p("《主な取組》", "ind1")
            for ai, at in enumerate(acts):
                rows.append((f"{pid}.a{ai + 1}", pid, "action", "main", at))
                s += p(f"{hk[ai]} {at}", "ind2")
            if progs:
                s += p("＜主な事業＞", "ind1")
                s += _table(["事業名", "事業の内容", "担当課"], [[(n, 1), (d, 1), (o, 1)] for n, d, o in progs],
                            [32, 54, 14])
                for k, (n, _, _) in enumerate(progs, 1):
                    rows.append((f"{pid}.r{k:02d}", pid, "program", "main", n.replace("【再掲】", "")))
        return s

    s2 = "<h2>第3章 施策の展開</h2>" + goal(1, range(1, 3)) + goal(2, range(1, 2))
    s3 = goal(2, range(2, 4)) + goal(3, range(1, 3))
    s4 = ("<h2>第4章 重点的な取組</h2>"
          + p("計画期間中に特に力を入れて取り組む施策を、重点施策として位置づけます。"))
    for qi, (qt, items) in enumerate(prio, 1):
        qid = f"{c}.priority.{qi}"
        rows.append((qid, f"{c}.vision", "goal", "priority", qt))
        s4 += _b(f"【重点施策{qi}】{qt}")
        for ii, it in enumerate(items, 1):
            rows.append((f"{qid}.p{ii}", qid, "policy", "priority", it))
            s4 += p(f"■ {it}", "ind1")
    gid = f"{c}.guardianship"
    rows.append((gid, f"{c}.vision", "goal", "guardianship", guard[0]))
    s4 += (f"<h2>第5章 {html.escape(guard[0])}</h2>"
           + p("認知症や障害等により判断能力が十分でない人が、地域で尊厳を持って暮らせるよう、次の施策を"
               "推進します。"))
    for pi, (pt, acts) in enumerate(guard[1]):
        pid = f"{gid}.p{pi + 1}"
        rows.append((pid, gid, "policy", "guardianship", pt))
        s4 += _b(f"{'AB'[pi]}. {pt}", "ind1")
        for ai, at in enumerate(acts):
            rows.append((f"{pid}.a{ai + 1}", pid, "action", "guardianship", at))
            s4 += p(f"{'ab'[ai]}. {at}", "ind2")
    s4 += ("<h2>第6章 計画の推進</h2>"
           + p("(ｱ) 推進体制　庁内の関係部署で構成する推進会議と、市民・関係団体による地域福祉推進委員会を"
               "置きます。")
           + p("(ｲ) 進行管理　主な事業の実施状況を毎年度点検し、委員会の意見を踏まえて改善を図ります。"))
    pages = [page(f"{title}　第1章・第2章", 1, s1), page(f"{title}　第3章 施策の展開", 2, s2),
             page(f"{title}　第3章 施策の展開", 3, s3), page(f"{title}　第4章～第6章", 4, s4)]
    return ("miyamaura_plan_fictional_holdout4.pdf", c, "深山浦市", pages, rows)


#: (file name, city id, Japanese name, pages of HTML, expected tree rows: node_id, parent_id, level, part, title)
HOLDOUT4: list[Plan] = [_moegi(), _kasumidome(), _tochinose(), _miyamaura()]
