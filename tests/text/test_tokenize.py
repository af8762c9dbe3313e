"""Tokenization: user dictionary terms stay whole, options are recorded, cache gives identical tokens."""

from __future__ import annotations

import pandas as pd
import pytest

from compare.core.errors import InputError
from compare.core.paths import DEFAULT
from compare.io.files import read_commented_csv
from compare.text.dictionary import text_resources, user_dictionary
from compare.text.tokenize import Analyzer, TextConfig, tokenize_nodes

USERDICT = read_commented_csv(DEFAULT.reference / "userdict.csv")


@pytest.fixture(scope="module")
def with_dict():
    return Analyzer(TextConfig())


@pytest.fixture(scope="module")
def without_dict():
    return Analyzer(TextConfig(user_dictionary=False))


@pytest.mark.parametrize("row", USERDICT, ids=[r["term"] for r in USERDICT])
def test_user_dictionary_keeps_term_whole_and_core_alone_splits_it(row, with_dict, without_dict):
    term = row["term"]
    toks = with_dict.analyse(f"{term}の役割")
    assert toks[0][0] == term and toks[0][1] == row["normalized"]
    assert "/".join(t[0] for t in without_dict.analyse(term)) == row["core_split"]


def test_abbreviations_normalise_to_full_name(with_dict):
    assert [t[1] for t in with_dict.analyse("市社協と地区社協")][::2] == ["市社会福祉協議会", "地区社会福祉協議会"]


def test_nfkc_and_lemma(with_dict):
    toks = with_dict.analyse("ＤＶ被害者を見守る")
    assert toks[0][0] == "DV"
    assert ("見守る", "見守る") in [(t[0], t[1]) for t in toks]


def test_content_filter_and_stopwords(with_dict):
    kept = [t[1] for t in with_dict.analyse("地域の見守り活動を推進するため、情報を共有します")
            if with_dict.is_content(t[1], t[2])]
    assert kept == ["地域", "見守る", "活動", "情報", "共有"]  # lemma of 見守り(活動); 推進 and ため are stop words


def test_split_mode_is_configurable_and_recorded():
    a = Analyzer(TextConfig(split_mode="A", user_dictionary=False))
    assert [t[0] for t in a.analyse("地域包括支援センター")] == ["地域", "包括", "支援", "センター"]
    assert TextConfig(split_mode="A").record()["split_mode"] == "A"
    assert TextConfig().record()["sudachidict-core"] == "20261015"


def test_cache_gives_identical_tokens(tmp_path):
    import shutil

    from compare.core.paths import Layout

    shutil.copytree(DEFAULT.reference, tmp_path / "data" / "reference")
    layout = Layout(tmp_path)
    nodes = pd.DataFrame({"node_id": ["n1"], "city": ["x"], "part": ["main"], "level": ["goal"],
                          "title": ["地域包括支援センターの機能強化"], "body": ["民生委員児童委員と連携する。"]})
    cold = tokenize_nodes(nodes, resources=text_resources(layout))
    assert list((tmp_path / ".cache" / "tokens").glob("tokens-*.npz"))
    warm = tokenize_nodes(nodes, resources=text_resources(layout))
    pd.testing.assert_frame_equal(cold, warm)
    assert cold.position.tolist() == list(range(len(cold)))
    assert set(cold.field) == {"title", "body"}


def test_user_dictionary_is_compiled_outside_git():
    path = user_dictionary()
    assert path.parent == DEFAULT.cache / "sudachi" and path.suffix == ".dic"


def test_bad_user_dictionary_row_is_named(project_copy):
    path = project_copy.reference / "userdict.csv"
    path.write_text(path.read_text(encoding="utf-8") + "ほげ,ほげ,動詞,ほ/げ,test\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"userdict.csv, line \d+: column 'pos': must be one of 普通名詞, 固有名詞"):
        user_dictionary(text_resources(project_copy))


def test_relistings_are_not_counted():
    from compare.io import datasets

    tokens = datasets.load_tokens()
    links = datasets.load_links()
    relisted = set(links.from_id[links.kind == "relisted_from"])
    counted = tokens.groupby(tokens.node_id.astype(str)).counted.first()
    assert not counted[counted.index.isin(relisted)].any()
    assert counted[~counted.index.isin(relisted)].mean() > 0.9
    assert datasets.load_text_config()["include_relistings"] is False


def test_no_text_is_counted_twice_within_a_node():
    from compare.io import datasets

    nodes = datasets.load_nodes().set_index("node_id")
    tokens = datasets.load_tokens()
    inside = [n for n, t, b in zip(nodes.index, nodes.title, nodes.body) if t and t in b]
    assert "hatsukaichi.vision" in inside                     # the introduction quotes the 基本理念
    t = tokens[tokens.node_id.astype(str).isin(inside) & (tokens.field.astype(str) == "title")]
    assert len(t) and not t.counted.any()                     # ... so its title is counted in the body only
    ag = nodes[nodes.label.str.startswith("行動目標")]
    assert not [n for n, t, b in zip(ag.index, ag.title, ag.body) if t in b]   # a statement is title or body


def test_token_cache_heals_when_damaged(tmp_path, caplog):
    import shutil

    from compare.core.paths import Layout

    shutil.copytree(DEFAULT.reference, tmp_path / "data" / "reference")
    layout = Layout(tmp_path)
    nodes = pd.DataFrame({"node_id": ["n1"], "city": ["x"], "part": ["main"], "level": ["goal"],
                          "title": ["地域の見守り"], "body": [""]})
    first = tokenize_nodes(nodes, resources=text_resources(layout))
    cache = next((tmp_path / ".cache" / "tokens").glob("tokens-*.npz"))
    cache.write_bytes(cache.read_bytes()[:40])
    second = tokenize_nodes(nodes, resources=text_resources(layout))
    pd.testing.assert_frame_equal(first, second)
    assert "discarding unreadable token cache" in caplog.text


def test_bad_option_names_valid_values():
    with pytest.raises(ValueError, match="A, B, C"):
        TextConfig(split_mode="D")
