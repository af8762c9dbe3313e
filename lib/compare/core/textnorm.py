"""Small text helpers shared by the parsers: normalisation and layout-debris detection."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfkc", "strip_layout_spaces", "has_layout_space", "squash"]

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
