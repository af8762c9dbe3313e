"""Small text helpers shared by the parsers: normalisation and layout-debris detection."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfkc", "strip_layout_spaces", "has_layout_space", "squash", "pdf_chars"]

_CJK = r"\u3000-\u30ff\u3400-\u9fff\uff01-\uff60「」『』（）【】・、。ー"
_LAYOUT_SPACE = re.compile(rf"(?<=[{_CJK}])[ \u3000\t]+(?=[{_CJK}])")


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and brackets become ASCII).

    >>> nfkc("（１）")
    '(1)'
    """
    return unicodedata.normalize("NFKC", text)


def has_layout_space(text: str) -> bool:
    """True when a space sits between two Japanese characters (a wrapped PDF cell).

    >>> has_layout_space("親子こころの相談 室業務"), has_layout_space("DV や性暴力")
    (True, False)
    """
    return bool(_LAYOUT_SPACE.search(text))


def strip_layout_spaces(text: str) -> str:
    """Remove spaces between two Japanese characters; keep those next to Latin text.

    >>> strip_layout_spaces("居住支援法人等の 関係団体との連携 による入居支援")
    '居住支援法人等の関係団体との連携による入居支援'
    >>> strip_layout_spaces("DV や性暴力")
    'DV や性暴力'
    """
    return _LAYOUT_SPACE.sub("", text)


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim.

    >>> squash("  a \\t b  ")
    'a b'
    """
    return re.sub(r"\s+", " ", text).strip()


#: CJK Radicals Supplement characters that are whole ideographs, which NFKC leaves alone but PDF fonts print for the
#: ideograph (⺠ for 民, ⻑ for 長): their equivalent unified ideographs (Unicode EquivalentUnifiedIdeograph.txt).
_SUPPLEMENT = str.maketrans({
    "\u2e9f": "\u6bcd", "\u2ea0": "\u6c11", "\u2ea9": "\u7389", "\u2eac": "\u793a", "\u2eae": "\u7af9",
    "\u2eaf": "\u7cf9", "\u2ec1": "\u864e", "\u2ec4": "\u897f", "\u2ec6": "\u89d2", "\u2eca": "\u8db3",
    "\u2ed1": "\u9577", "\u2ed8": "\u9752", "\u2edd": "\u98df", "\u2ee3": "\u9aa8", "\u2ee4": "\u9b3c",
    "\u2ee8": "\u9ea6", "\u2ee9": "\u9ec4", "\u2eeb": "\u6589", "\u2eed": "\u6b6f", "\u2eef": "\u7adc",
    "\u2ef2": "\u4e80",
})
_RADICALS = re.compile("[\u2f00-\u2fdf]")       # Kangxi radicals: NFKC maps each to its ideograph


def pdf_chars(text: str) -> str:
    """The ideographs PDF fonts print as radicals (⽬ for 目, ⺠ for 民), restored; nothing else changes.

    >>> pdf_chars("基本⽬標1 ⾒守り（１） ⺠生委員")
    '基本目標1 見守り（１） 民生委員'
    """
    return _RADICALS.sub(lambda m: nfkc(m.group()), text.translate(_SUPPLEMENT))
