"""Shared fixtures: the real processed tables, a disposable copy of the project's data, short Japanese excerpts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare.build import parse_all
from compare.paths import DEFAULT, Layout

# Short excerpts of the raw texts (verbatim, tabs kept) for parser unit tests.
SENDAI_WRAPPED_ROW = (
    "3\t生活困窮者自立相\t仙台市生活自立・仕事相談センター「わんすてっぷ」に\t健康福祉局\n"
    "\n"
    "\t談支援事業\tにおいて、相談者の属性にとらわれることなく支援する。\t\n"
)
HATSUKAICHI_ROW = (
    '<p data-bbox="236 241 855 275">(1) 「相談まるごとサポートデスク」の機能発揮</p> <ul style="list-style-type: none"> '
    '<li data-bbox="266 286 946 477">○ 最初の窓口として機能を発揮させる。 \t<p data-bbox="986 376 1289 409">【行動目標3（本編P23）】</p> '
    '<ul style="list-style-type: none"> <li data-bbox="986 409 1375 465">・在宅で療養したい人や家族からの相談に応じます'
)


@pytest.fixture(scope="session")
def cities():
    """The three cities parsed from data/raw (no files written)."""
    return {c.city: c for c in parse_all(DEFAULT)}


@pytest.fixture(scope="session")
def sendai(cities):
    return cities["sendai"]


@pytest.fixture()
def project_copy(tmp_path) -> Layout:
    """A throw-away project root with copies of data/raw and data/reference (writable)."""
    for sub in ("raw", "reference"):
        shutil.copytree(DEFAULT.data / sub, tmp_path / "data" / sub)
    for p in (tmp_path / "data" / "raw").iterdir():
        p.chmod(0o644)
    compiled = DEFAULT.cache / "sudachi"
    if compiled.exists():  # reuse the compiled user dictionary (its name carries the source hash)
        shutil.copytree(compiled, tmp_path / ".cache" / "sudachi")
    return Layout(tmp_path)


def raw_lines(name: str) -> list[str]:
    return (DEFAULT.raw / name).read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def sendai_table_lines() -> list[str]:
    return raw_lines("sendai_programmes.txt")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


__all__ = ["SENDAI_WRAPPED_ROW", "HATSUKAICHI_ROW", "raw_lines", "Path"]
