"""Reference tables: a bad row is one line naming the file and the line."""

from __future__ import annotations

import pytest


def test_a_gold_row_naming_a_missing_node_is_one_line_with_its_line(tmp_path):
    from compare.core.errors import ValidationError
    from compare.io.datasets import load_nodes
    from compare.io.reference import load_gold
    from compare.testing.synthetic import copy_layout

    layout = copy_layout(tmp_path)
    gold = layout.reference / "alignment_gold.csv"
    text = gold.read_text(encoding="utf-8")
    first = next(i for i, ln in enumerate(text.splitlines()) if ln.startswith("sendai."))
    lines = text.splitlines()
    lines[first] = lines[first].replace("sendai.", "sendai.nowhere.", 1)
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"alignment_gold.csv, line {first + 1}: source_id 'sendai.nowhere"):
        load_gold(layout, nodes=load_nodes())
