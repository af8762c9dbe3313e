"""The pattern library of plan headings: how Japanese plans number and name their tiers.

A line's leading marker (`classify`) has a *kind*, the printed form with the number generalised (``(1)``, ``①``,
``1-1``, ``ア``, ``・``, ``基本目標N``), a number where it has one (for restarts and for ordinals), the label as printed
and the title after it. Tier words (`TIER_WORDS`: 基本理念, 基本目標, 施策, 行動目標, 主な取組 …) name their level
outright; every other kind gets its level from the order in which kinds first appear under a goal (see
`compare.parse.draft.tree`). `section_role` says what a heading that is not an element is: a sub-plan (成年後見,
再犯防止, 生活困窮), the priority section (重点), a part of the document that holds no plan elements (概要, 現状と
課題, 事例, 問合せ …) or the plan's own section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.core.textnorm import nfkc

__all__ = ["Marker", "classify", "TIER_WORDS", "BLOCK_LABELS", "section_role", "subplan_part", "split_items",
           "KINDS", "subplan_hits"]


@dataclass(frozen=True)
class Marker:
    """A heading marker found at the start of a line.

    Parameters
    ----------
    kind : str
        The marker's form with the number generalised: ``(1)``, ``①``, ``1.``, ``1``, ``1-1``, ``ア``, ``(ア)``,
        ``A``, ``【1】``, ``第1節``, a bullet such as ``・`` or ``○``, ``【】`` for a bracketed item, or ``基本目標N``
        for a tier word.
    number : int or None
        The marker's number (① → 1, ア → 1); None for bullets.
    label : str
        The marker as printed (NFKC), e.g. ``(1)`` or ``基本目標1``.
    title : str
        The rest of the line.
    level : str or None
        The level a tier word names (基本目標 → ``goal``); None for every other marker.
    """

    kind: str
    number: int | None
    label: str
    title: str
    level: str | None = None


#: Tier words and the level each names; longest first where one begins another.
TIER_WORDS: tuple[tuple[str, str], ...] = (
    ("基本理念", "vision"), ("将来像", "vision"),
    ("基本目標", "goal"), ("基本的方向", "goal"), ("基本方向", "goal"), ("基本方針", "goal"), ("施策の柱", "goal"),
    ("重点目標", "goal"), ("重点プロジェクト", "goal"), ("目標", "goal"), ("柱", "goal"),
    ("施策の方向性", "policy"), ("施策の方向", "policy"), ("重点施策", "policy"), ("推進施策", "policy"),
    ("基本施策", "policy"), ("行動目標", "policy"), ("方向性", "policy"), ("施策", "policy"),
    ("具体的な取組み", "action"), ("具体的な取組", "action"), ("具体的取組み", "action"), ("具体的取組", "action"),
    ("主な取組み", "action"), ("主な取組", "action"), ("主な事業", "action"),
)
#: Lines that only announce the list that follows (《施策の方向性》, 主な取組内容); in 《》 or ‹› they name its level.
BLOCK_LABELS = ("施策の方向性", "施策の方向", "主な取組", "主な取組み", "主な取組内容", "主な取り組み", "重点的な取組",
                "具体的取組", "具体的な取組", "具体的取組み", "具体的な取組み", "主な事業", "取組内容")

_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_CIRCLED = {**{chr(0x2460 + i): i + 1 for i in range(20)}, **{chr(0x2776 + i): i + 1 for i in range(10)},
            **{chr(0x3251 + i): i + 21 for i in range(15)}}
_KANJI = dict(zip("一二三四五六七八九十", range(1, 11)))
_BULLETS = "・○〇●◎■□◆◇▸▶►•◯☆★"
_NUM = r"(\d{1,3})"
_SEP = r"\s*[:：.．、]?\s*"

#: (kind, pattern on the NFKC text); the first that matches wins.
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("第1章", re.compile(r"^第\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*([章節部編])\s*(.*)$")),
    ("1-1-1", re.compile(r"^(\d{1,2})[-‐−–](\d{1,2})[-‐−–](\d{1,2})(?!\d)" + _SEP + r"(.+)$")),
    # 1-(1)-① (the circled number is 1 after NFKC) and 1-(1): a goal's number carried into its policies and actions
    ("1-(1)-1", re.compile(r"^(\d{1,2})[-‐−–]\(\s*(\d{1,2})\s*\)[-‐−–](\d{1,2})(?!\d)" + _SEP + r"(.+)$")),
    ("1-(1)", re.compile(r"^(\d{1,2})[-‐−–]\(\s*(\d{1,2})\s*\)(?![-‐−–\d])" + _SEP + r"(.+)$")),
    ("1-1", re.compile(r"^(\d{1,2})[-‐−–](\d{1,2})(?![\d-])" + _SEP + r"(.+)$")),
    ("(1)", re.compile(r"^\(\s*" + _NUM + r"\s*\)\s*(.+)$")),
    ("【1】", re.compile(r"^【\s*" + _NUM + r"\s*】\s*(.+)$")),
    ("〔1〕", re.compile(r"^〔\s*" + _NUM + r"\s*〕\s*(.+)$")),
    ("<1>", re.compile(r"^[<〈]\s*" + _NUM + r"\s*[>〉]\s*(.+)$")),
    ("(ア)", re.compile(r"^\(\s*([" + _KANA + r"])\s*\)\s*(.+)$")),
    ("ア", re.compile(r"^([" + _KANA + r"])(?:\s*[.、]\s*|\s+)(.+)$")),
    # Ⅰ Ⅱ Ⅲ without a tier word (NFKC: I II III), followed by Japanese: a goal-like tier of its own
    ("Ⅰ", re.compile(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)(?:\s*[.．、:：]\s*|\s+)([^\x00-\x7f].*)$")),
    ("A", re.compile(r"^([A-Z])\s*[:.)]\s*(.+)$")),
    ("a", re.compile(r"^([a-z])\s*[.)]\s*(\S.*)$")),
    ("1)", re.compile(r"^" + _NUM + r"\s*\)\s*(.+)$")),
    ("1.", re.compile(r"^" + _NUM + r"\s*\.(?!\d)\s*(.+)$")),
    ("1、", re.compile(r"^" + _NUM + r"\s*、\s*(.+)$")),
    ("一、", re.compile(r"^([一二三四五六七八九十]{1,2})\s*[、.]\s*(.+)$")),
    ("1", re.compile(r"^" + _NUM + r"\s+(\D.*)$")),
)
_TIER = re.compile(r"^(" + "|".join(w for w, _ in TIER_WORDS)
                   + r")\s*(\d{1,3}(?:[-‐−–]\d{1,3})*|(?:X{0,1}(?:IX|IV|V?I{0,3}))(?=[\s:：.、]))?\s*(.*)$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_INLINE = re.compile(r"^【([^】]{1,30})】\s*(.*)$")
_ANGLE = re.compile(r"^[《≪‹<〈]\s*([^》≫›>〉]{1,20}?)\s*[》≫›>〉]\s*(.*)$")
_BRACKETS_ONLY = re.compile(r"^(?:【[^】]+】\s*){2,}$")

#: Every marker kind `classify` can return (for a mapping file and the tier report).
KINDS = tuple(k for k, _ in _PATTERNS) + ("①", "【】", "基本目標N") + tuple(_BULLETS)


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if len(token) == 1 and token.isascii() and token.isalpha():
        return ord(token.lower()) - ord("a") + 1
    if token in _KANA:
        return _KANA.index(token) + 1
    if len(token) == 2 and token[0] == "十":
        return 10 + _KANJI[token[1]]
    return _KANJI.get(token)


def _strip_markup(text: str) -> str:
    """Markdown an extraction may add: a list dash, bold, a heading hash."""
    t = text.strip()
    t = re.sub(r"^#{1,6}\s+", "", t)
    t = t.strip("*").strip()
    if re.match(r"^[-*]\s+\S", t):
        t = t[1:].strip()
    return t


def classify(text: str) -> Marker | None:
    """The heading marker at the start of `text`, or None for a line of prose.

    Examples
    --------
    >>> classify("基本目標1：体制づくり")
    Marker(kind='基本目標N', number=1, label='基本目標1', title='体制づくり', level='goal')
    >>> classify("（２）地域福祉活動への参加").kind, classify("②相談支援").number, classify("イ 見守り").kind
    ('(1)', 2, 'ア')
    >>> classify("- 1 一人ひとりが尊重され、暮らしやすい環境を整備します。").title
    '一人ひとりが尊重され、暮らしやすい環境を整備します。'
    >>> classify("・多様な居場所づくり").kind, classify("1-2 相談").kind, classify("施策2-1-1 見守り").label
    ('・', '1-1', '施策2-1-1')
    >>> classify("基本目標Ⅲ 担い手づくり").number
    3
    >>> m, a = classify("1-(2) 除雪を通じた支えあい"), classify("1-(2)-① 除雪ボランティアの派遣")
    >>> (m.kind, m.number, m.label), (a.kind, a.number, a.label, a.title)
    (('1-(1)', 2, '1-(2)'), ('1-(1)-1', 1, '1-(2)-①', '除雪ボランティアの派遣'))
    >>> classify("◆基本目標１ 地域の支えあいを育てる").kind, classify("◆計画の期間").kind
    ('基本目標N', '◆')
    >>> classify("第1節 基本目標1 地域でつながり、支えあう").label, classify("第2節 施策の体系").kind
    ('基本目標1', '第1節')
    >>> r = classify("Ⅱ 支えあいの仕組みづくり")
    >>> r.kind, r.number, r.label, r.title
    ('Ⅰ', 2, 'Ⅱ', '支えあいの仕組みづくり')
    >>> classify("地域福祉を推進します。") is None, classify("アウトリーチの推進") is None
    (True, True)
    """
    raw = _strip_markup(text)
    if not raw:
        return None
    if raw[0] in _CIRCLED:
        return Marker("①", _CIRCLED[raw[0]], raw[0], raw[1:].strip())
    t = nfkc(raw)
    m = _TIER.match(t)
    if m and m.group(3).startswith("の"):         # 基本方針2の主な事業: a caption that names a tier, not a heading
        m = None
    if m and (m.group(2) or not m.group(3) or m.group(3)[0] in ":：「『(" or re.match(r"^\s", t[len(m.group(1)):])):
        word, num, rest = m.group(1), m.group(2), m.group(3).lstrip(":：.、 ").strip()
        level = dict(TIER_WORDS)[word]
        n = (_ROMAN.get(num) or int(re.split(r"[-‐−–]", num)[-1])) if num else None
        if rest.startswith("「") and rest.endswith("」") and rest.count("「") == 1:
            rest = rest[1:-1]
        return Marker(f"{word}N", n, word + (num or ""), rest, level)
    for kind, pat in _PATTERNS:
        m = pat.match(t)
        if not m:
            continue
        if kind == "第1章":
            inner = classify(m.group(3).strip()) if m.group(3).strip() else None
            if inner is not None and inner.kind.endswith("N") and inner.number is not None:
                return inner                     # 第1節 基本目標1 …: the section dresses a numbered tier word
            n = _number(m.group(1))
            return Marker(f"第1{m.group(2)}", n, f"第{m.group(1)}{m.group(2)}", m.group(3).strip())
        if kind in ("1-1-1", "1-1"):
            return Marker(kind, int(m.groups()[-2]), "-".join(m.groups()[:-1]), m.groups()[-1].strip())
        if kind in ("1-(1)-1", "1-(1)", "Ⅰ"):            # the label as printed (NFKC keeps the prefix's length)
            g = m.groups()
            label = raw[:m.start(len(g))].strip(" :：.．、")
            if kind == "Ⅰ" and raw[0] in "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ":      # one character that NFKC spells in two or more
                label = raw[0]
            n = _ROMAN[g[0]] if kind == "Ⅰ" else int(g[-2])
            return Marker(kind, n, label, g[-1].strip())
        lab = m.group(1)
        label = {"(1)": f"({lab})", "【1】": f"【{lab}】", "〔1〕": f"〔{lab}〕", "<1>": f"<{lab}>", "(ア)": f"({lab})",
                 "1)": f"{lab})", "1.": f"{lab}.", "1、": f"{lab}、", "一、": f"{lab}、"}.get(kind, lab)
        return Marker(kind, _number(lab), label, m.group(2).strip())
    if raw[0] in _BULLETS:
        inner = classify(raw[1:]) if len(raw) > 1 and raw[1] not in _BULLETS else None
        if inner is not None and inner.kind.endswith("N"):    # ◆基本目標１: a tier word dressed with a bullet
            return inner
        b = "○" if raw[0] in "〇◯" else raw[0]
        return Marker(b, None, b, raw[1:].strip())
    if text.strip().startswith(("- ", "* ")):
        return Marker("-", None, "-", raw)
    if _BRACKETS_ONLY.match(raw):
        return Marker("【】", None, "【】", raw)
    m = _INLINE.match(raw)
    if m:
        return Marker("【】", None, nfkc(m.group(1)), m.group(2).strip())
    m = _ANGLE.match(nfkc(raw))                  # 《施策の方向性》, ‹主な取組›, ＜主な事業＞
    if m:
        return Marker("《》", None, nfkc(m.group(1)), m.group(2).strip())
    return None


def split_items(marker: Marker) -> list[Marker]:
    """A line listing several items (○A ○B, 【主な取組】●A ●B, 【A】【B】) → one marker per item.

    Examples
    --------
    >>> [m.title for m in split_items(classify("○福祉教育活動の促進 ○地域の担い手の発掘"))]
    ['福祉教育活動の促進', '地域の担い手の発掘']
    >>> [(m.kind, m.title) for m in split_items(classify("【主な取組】●周知・啓発 ●仕組みづくり"))]
    [('●', '周知・啓発'), ('●', '仕組みづくり')]
    >>> [m.title for m in split_items(classify("【就労・住居の確保】【保健医療の利用】"))]
    ['就労・住居の確保', '保健医療の利用']
    """
    if marker.kind == "【】" and marker.label == "【】":
        return [Marker("【】", None, "【】", t.strip()) for t in re.findall(r"【([^】]+)】", marker.title)]
    if marker.kind == "【】":             # 【主な取組】 followed by bullets
        inner = classify(marker.title) if marker.title else None
        return split_items(inner) if inner is not None and inner.kind in _BULLETS else [marker]
    if marker.kind in _BULLETS or marker.kind == "○":
        parts = [p.strip() for p in re.split(r"(?:^|\s+)[" + re.escape(marker.kind) + (
            "〇◯" if marker.kind == "○" else "") + r"]\s*", " " + marker.title) if p.strip()]
        if len(parts) > 1:
            return [Marker(marker.kind, None, marker.label, p) for p in parts]
    return [marker]


_SUBPLANS = (("guardianship", ("成年後見", "権利擁護支援の推進計画")), ("reoffending", ("再犯防止", "更生支援")),
             ("livelihood", ("生活困窮",)))
#: Words that mark a sub-plan's subject in its elements' text (broader than the heading words above).
_TOPICS = (("guardianship", ("後見", "権利擁護")), ("reoffending", ("再犯", "犯罪", "非行", "立ち直り", "更生")),
           ("livelihood", ("困窮",)))
_NONPLAN = ("概要", "趣旨", "位置付け", "位置づけ", "計画の期間", "現状", "課題", "事例", "問合せ", "問い合わせ",
            "計画の推進", "コラム", "目次", "策定", "経過", "資料", "用語", "進行管理", "推進体制", "はじめに", "背景",
            "評価", "統計", "アンケート")


def subplan_hits(text: str) -> dict[str, int]:
    """How often `text` names each sub-plan's key words.

    >>> subplan_hits("成年後見制度の周知と後見人の支援、非行の防止")
    {'guardianship': 2, 'reoffending': 1, 'livelihood': 0}
    """
    t = nfkc(text)
    return {part: len(re.findall("|".join(words), t)) for part, words in _TOPICS}


def subplan_part(title: str) -> str | None:
    """The part a heading names as an embedded sub-plan, or None.

    >>> subplan_part("成年後見制度利用促進（第7章）"), subplan_part("再犯防止推進計画"), subplan_part("見守り")
    ('guardianship', 'reoffending', None)
    """
    t = nfkc(title)
    return next((part for part, words in _SUBPLANS if any(w in t for w in words)), None)


def section_role(title: str) -> str:
    """What a section heading that is not itself an element opens: ``subplan``, ``priority``, ``nonplan`` or
    ``plan``.

    >>> [section_role(t) for t in ("成年後見制度利用促進基本計画", "重点的な取組事項", "計画の概要",
    ...                             "計画の基本的な考え方と施策の展開")]
    ['subplan', 'priority', 'nonplan', 'plan']
    """
    t = nfkc(title)
    if subplan_part(t):
        return "subplan"
    if "重点" in t:
        return "priority"
    if any(w in t for w in _NONPLAN):
        return "nonplan"
    return "plan"
