"""The owner table: every spelling in the source is known, kinds are valid."""

from __future__ import annotations

import pytest

from compare.core.errors import InputError
from compare.io.reference import load_owner_table
from compare.io.validate import OWNER_KINDS


def test_kinds_are_valid():
    table = load_owner_table()
    assert {o.kind for o in table.variants.values()} <= set(OWNER_KINDS)
    assert table.variants["社会福祉協議会"].name == "市社会福祉協議会"


@pytest.mark.parametrize("cell, names", [
    ("健康福祉局 市社会福祉協議会", ["健康福祉局", "市社会福祉協議会"]),
    ("健康福祉局市社会福祉協議会", ["健康福祉局", "市社会福祉協議会"]),
    ("市民局 (各区役所、総合支所)", ["市民局", "各区役所・総合支所"]),
    ("子供未来局 教育局", ["子供未来局", "教育局"]),
])
def test_split(cell, names):
    owners, _ = load_owner_table().split(cell)
    assert [o.name for o in owners] == names


def test_duplicate_variant_is_refused_not_overridden(project_copy):
    path = project_copy.reference / "owners.csv"
    path.write_text(path.read_text(encoding="utf-8") + "交通局,市民局,bureau,duplicate\n", encoding="utf-8")
    with pytest.raises(InputError,
                       match=r"owners.csv, line \d+: column 'variant': duplicate value '交通局' \(first on line"):
        load_owner_table(project_copy)


def test_unknown_spelling_raises_keyerror():
    with pytest.raises(KeyError):
        load_owner_table().split("宇宙局")


def test_bad_kind_in_table_names_the_line(project_copy):
    path = project_copy.reference / "owners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("交通局,交通局,bureau", "交通局,交通局,agency"),
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"owners.csv, line \d+: column 'kind': must be one of bureau"):
        load_owner_table(project_copy)
