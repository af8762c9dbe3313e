"""Shared fixtures: the real processed tables, a disposable copy of the project's data, a layout with two extra
cities (one saved by Japanese Excel as CP932, one UTF-8 with a BOM), and short Japanese excerpts of the sources."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from unittest import mock

import pytest

from compare.core.paths import DEFAULT, Layout
from compare.io.registry import load_registry
from compare.pipeline.parse import parse_all
from compare.testing.synthetic import copy_layout, register_city, synthetic_city

# Short excerpts of the raw texts (verbatim, tabs kept) for parser unit tests.
SENDAI_WRAPPED_ROW = (
    "3\t生活困窮者自立相\t仙台市生活自立・仕事相談センター「わんすてっぷ」に\t健康福祉局\n"
    "\n"
    "\t談支援事業\tにおいて、相談者の属性にとらわれることなく支援する。\t\n"
)
HATSUKAICHI_ROW = (
    '<p data-bbox="236 241 855 275">(1) 「相談まるごとサポートデスク」の機能発揮</p> '
    '<ul style="list-style-type: none"> '
    '<li data-bbox="266 286 946 477">○ 最初の窓口として機能を発揮させる。 \t'
    '<p data-bbox="986 376 1289 409">【行動目標3（本編P23）】</p> '
    '<ul style="list-style-type: none"> <li data-bbox="986 409 1375 465">・在宅で療養したい人や家族からの相談に応じます'
)
#: The two extra cities of the N-city tests: id, Japanese name, encoding and line end of the registered file.
#: The extra cities of the N-city tests: a synthetic copy of a built-in plan saved by Japanese Excel (CP932, CRLF), and
#: a fictional plan taken the researcher's way, PDF → `compare draft` (UTF-8 with a BOM) → `compare add-city`.
EXTRA_CITIES = (("minato", "湊市", "cp932", "\r\n"), ("shiomi", "潮見町", "utf-8-sig", "\n"))
DRAFTED_PDF = "draft/shiomi_plan_fictional.pdf"


@pytest.fixture(scope="session", autouse=True)
def warm_caches():
    """Fill this project's token and stage caches once (a check build writes nothing to data/processed/), so that
    the many test builds on copies of the data skip the stages whose inputs they did not change.

    A check build in two workers (stages in forked processes, the new set staged and compared, then discarded); on a
    fresh clone (no caches) it computes every stage on both cores. Under pytest-xdist only the first worker to get
    here warms (the others would only wait for the build lock). ``COMPARE_TEST_WARM=0`` skips it (a nested run of a
    few tests that read no processed table)."""
    import os

    from filelock import FileLock, Timeout

    from compare.core.errors import InputError
    from compare.pipeline.build import build

    if os.environ.get("COMPARE_TEST_WARM") == "0":
        return
    DEFAULT.cache.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(DEFAULT.cache / "warm.lock"))
    try:
        lock.acquire(timeout=0)   # one pytest-xdist worker warms; the other starts its tests instead of waiting
    except Timeout:
        return
    try:
        build(DEFAULT, check=True, workers=2)
    except InputError:
        pass                      # stale processed tables: the tests that check them say so
    finally:
        lock.release()


@pytest.fixture(scope="session")
def registry():
    return load_registry(DEFAULT)


@pytest.fixture(scope="session")
def cities():
    """Every registered city parsed from data/raw (no files written), by id."""
    return {c.city: c for c in parse_all(DEFAULT)}


@pytest.fixture(scope="session")
def sendai(cities):
    return cities["sendai"]


def warmed() -> None:
    """Wait until the session's warming build (possibly in the other pytest-xdist worker) has filled the caches, so
    that a copy of the project takes them along instead of recomputing every stage (on a fresh clone)."""
    from filelock import FileLock

    DEFAULT.cache.mkdir(parents=True, exist_ok=True)
    with FileLock(str(DEFAULT.cache / "warm.lock")):
        pass


@pytest.fixture()
def project_copy(tmp_path) -> Layout:
    """A throw-away project root with copies of data/raw and data/reference (writable), and of the warmed caches."""
    warmed()
    return copy_layout(tmp_path)


def add_extra_cities(layout: Layout) -> list[str]:
    """Register the extra cities of `EXTRA_CITIES`: the first a synthetic copy of the first built-in plan, the second
    drafted from a fictional plan's PDF and registered unreviewed, as a researcher would."""
    from compare.pipeline.intake import add_city, draft_city
    from compare.pipeline.parse import parse_outputs

    nodes = parse_outputs(parse_all(layout), layout)["nodes.csv"]
    (cid, name, enc, eol), (did, dname, _, _) = EXTRA_CITIES
    register_city(layout, synthetic_city(nodes, nodes.city.iloc[0], cid, seed=11), cid, name, encoding=enc,
                  line_end=eol)
    pdf = layout.reference / DRAFTED_PDF
    path, _, _ = draft_city(did, [pdf], layout=layout)
    add_city(did, path, name_ja=dname, period="令和7～11年度", source=pdf, layout=layout)
    return [c[0] for c in EXTRA_CITIES]


@pytest.fixture(scope="session")
def ncity_layout(tmp_path_factory) -> Layout:
    """The project's data plus two registered extra cities, built once for the session."""
    from compare.pipeline.build import build

    warmed()
    layout = copy_layout(tmp_path_factory.mktemp("ncity"))
    add_extra_cities(layout)
    build(layout)
    return layout


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(layout: Layout, *args: str) -> Run:
    """`python -m compare ARGS` in this process (the CLI's own code, on `layout`): exit code, stdout, stderr."""
    import compare.__main__ as cli

    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(cli, "DEFAULT", layout), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def raw_lines(name: str) -> list[str]:
    return (DEFAULT.raw / name).read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def sendai_table_lines() -> list[str]:
    return raw_lines("sendai_programmes.txt")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "browser: needs Chromium (skipped with a message when it is absent)")
    config.addinivalue_line("markers", "verify: an end-to-end reproducibility check run by `make verify`")


__all__ = ["run_cli", "Run", "SENDAI_WRAPPED_ROW", "HATSUKAICHI_ROW", "EXTRA_CITIES", "DRAFTED_PDF", "raw_lines",
           "add_extra_cities", "warmed"]


#: Test modules that take longest, started first: with `--dist loadscope` pytest-xdist hands modules out in collection
#: order, so the long ones starting last would leave one worker idle at the end (longest-first scheduling).
LONGEST_FIRST = ("tests/test_ncities.py", "tests/pipeline/test_build.py", "tests/publish/test_explorer.py",
                 "tests/test_faults.py", "tests/pipeline/test_cache.py", "notebooks/05-", "notebooks/03-",
                 "notebooks/02-")


def pytest_collection_modifyitems(session, config, items):
    def rank(item) -> int:
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)                  # stable: within a module (and a notebook) the order is unchanged
