"""The parallel stage runner: dependencies respected, failures and dead workers reported, nothing half-written."""

from __future__ import annotations

import os

import pytest

from compare.core.workers import StageFailed, default_workers, map_forked, use_workers
from compare.pipeline.runner import run_parallel
from compare.pipeline.stages import Stage


def _stage(name, reads, run):
    return Stage(name, run, tuple(reads), (), None)


def _run(stages, tables, workers=2):
    log = []

    def prepare(st):
        return None, lambda in_worker: st.run(dict(tables))

    run_parallel(stages, tables, prepare, workers=workers,
                 on_done=lambda name, s, out, w: log.append((name, w)), idle=lambda: False)
    return log


def test_stages_run_when_their_inputs_exist_and_results_flow_back():
    stages = [
        _stage("first", ["raw"], lambda t: {"a": t["raw"] + 1}),
        _stage("left", ["a"], lambda t: {"b": t["a"] * 2, "pid_b": os.getpid()}),
        _stage("right", ["a"], lambda t: {"c": t["a"] * 3, "pid_c": os.getpid()}),
        _stage("last", ["b", "c"], lambda t: {"d": t["b"] + t["c"]}),
    ]
    tables = {"raw": 1}
    log = _run(stages, tables)
    assert tables["d"] == 2 * 2 + 2 * 3
    assert log[0] == ("first", False)                      # alone: run in this process
    assert {name for name, w in log if w} == {"left", "right"}  # together: each in a worker
    assert tables["pid_b"] != os.getpid() and tables["pid_c"] != os.getpid()
    assert log[-1][0] == "last"


def test_a_failing_stage_raises_its_own_error():
    def boom(t):
        raise ValueError("boom in a worker")

    stages = [_stage("ok", ["raw"], lambda t: {"x": 1}), _stage("bad", ["raw"], boom)]
    with pytest.raises(ValueError, match="boom in a worker"):
        _run(stages, {"raw": 0})


def test_a_worker_that_dies_is_named():
    stages = [_stage("ok", ["raw"], lambda t: {"x": 1}), _stage("killed", ["raw"], lambda t: os._exit(9))]
    with pytest.raises(StageFailed, match=r"stage 'killed'.*exit code 9"):
        _run(stages, {"raw": 0})


def test_inputs_no_stage_produces_are_reported():
    with pytest.raises(RuntimeError, match="no stage produces.*'never'"):
        _run([_stage("orphan", ["never"], lambda t: {})], {"raw": 0})


def test_map_forked_keeps_order_and_workers_do_not_fork_again():
    with use_workers(2):
        assert default_workers() == 2
        assert map_forked(lambda c: (c * 2, default_workers()), [1, 2, 3]) == [(2, 2), (4, 1), (6, 1)]
    with use_workers(1):
        assert default_workers() == 1


def test_an_input_error_in_a_worker_arrives_whole():
    from compare.core.errors import ValidationError

    def parse(share):
        if share == "bad":
            raise ValidationError("data/raw/kobe.csv", 7, "column 'level': must be one of vision, goal")
        return share

    with use_workers(2), pytest.raises(ValidationError, match=r"kobe.csv, line 7: column 'level'") as caught:
        map_forked(parse, ["good", "bad"])
    assert (caught.value.file, caught.value.line) == ("data/raw/kobe.csv", 7)
