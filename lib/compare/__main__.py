"""Command line: `python -m compare build | notebooks | report | align CITY_A CITY_B | check | draft CITY FILE… |
add-city CITY FILE`."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from compare.core.errors import InputError
from compare.core.paths import DEFAULT

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compare", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="verify data/raw and regenerate data/processed")
    b.add_argument("--check", action="store_true", help="fail if data/processed differs from a fresh build")
    b.add_argument("--no-cache", action="store_true", help="recompute everything (no stage, token or dictionary cache)")
    sub.add_parser("notebooks", help="execute the notebooks (all in memory first; written only if every one succeeds)")
    sub.add_parser("report", help="write reports/index.html and the offline explorer from the executed notebooks")
    a = sub.add_parser("align", help="align two cities on demand (any pair, also beyond the stated number of cities)")
    a.add_argument("source")
    a.add_argument("target")
    a.add_argument("--out", help="CSV file to write (default: print)")
    sub.add_parser("check", help="check every input (registry, raw hashes, nodes files, reference tables) and list "
                                 "every problem; writes nothing")
    d = sub.add_parser("draft", help="draft a plan tree from the plan's PDF or text, for review before add-city")
    d.add_argument("city", help="the new city's lower-case id (node ids start with it)")
    d.add_argument("files", nargs="+", help="the plan's PDF or text file(s), in reading order")
    d.add_argument("--out", help="the draft CSV to write (default drafts/CITY_nodes.csv; never overwritten)")
    d.add_argument("--map", help="CSV marker,level: the level of a marker kind, e.g. (1),action")
    d.add_argument("--level", action="append", default=[], metavar="KIND=LEVEL",
                   help="the same for one marker kind, e.g. --level '(1)=action' (repeatable)")
    c = sub.add_parser("add-city", help="validate a nodes CSV, copy it into data/raw/ and register it")
    c.add_argument("city", help="a new lower-case id (with --refresh: a registered one)")
    c.add_argument("file", nargs="?", help="the nodes CSV (columns of data/processed/nodes.csv)")
    c.add_argument("--name-ja", default="", help="Japanese name, e.g. 湊市")
    c.add_argument("--name-en", default="", help="English name (optional)")
    c.add_argument("--period", default="", help="plan period, e.g. 令和6～11年度")
    c.add_argument("--title", default="", help="document title (default: <name-ja>地域福祉計画)")
    c.add_argument("--source", help="the plan's PDF or text, kept beside the CSV so that source_file can name it")
    c.add_argument("--refresh", action="store_true", help="re-validate a registered city's files after an edit and "
                                                          "record their new hashes")
    c.add_argument("--reviewed", action="store_true", default=None,
                   help="the tree has been reviewed (a draft of `compare draft` is registered as unreviewed, and "
                        "the explorer marks the city, until this is given)")
    args = parser.parse_args(argv)
    problem = _root_problem(args.command)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    for noisy in ("traitlets", "nbclient", "jupyter_client", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        if args.command == "build":
            from compare.pipeline.build import build

            timings = build(DEFAULT, check=args.check, use_cache=not args.no_cache, progress=_progress())
            verb = "checked" if args.check else "wrote"
            print(f"{verb} {DEFAULT.processed.relative_to(DEFAULT.root)}/ "
                  + " ".join(f"{k}={v:.2f}s" for k, v in timings.items()))
        elif args.command == "notebooks":
            from compare.publish.notebooks import execute_all

            for name, seconds in execute_all(DEFAULT):
                print(f"executed {name} in {seconds:.1f}s")
        elif args.command == "report":
            from compare.publish.report import write_report

            print(f"wrote {write_report(DEFAULT).relative_to(DEFAULT.root)}")
        elif args.command == "check":
            return _check()
        elif args.command == "draft":
            return _draft(args)
        elif args.command == "add-city":
            from compare.pipeline.intake import add_city

            reg = add_city(args.city, args.file, name_ja=args.name_ja, period=args.period, name_en=args.name_en,
                           title=args.title, source=args.source, refresh=args.refresh, reviewed=args.reviewed,
                           layout=DEFAULT)
            for w in reg.warnings:
                print(f"warning: {w}", file=sys.stderr)
            verb = "refreshed" if args.refresh else "registered"
            print(f"{verb} {args.city} in data/raw/extra_cities.csv (sha256 {reg.row['sha256'][:12]}…"
                  + (f"; copied {', '.join(reg.copied)} into data/raw/" if reg.copied else "") + "); "
                  f"{len(reg.warnings)} warning(s) to review; next: `make run`")
        elif args.command == "align":
            from compare.pipeline.ondemand import align_on_demand

            if args.out and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
                raise InputError(args.out, None, "--out: its folder does not exist; create it first")
            table = align_on_demand(args.source, args.target, DEFAULT)
            if args.out:
                table.to_csv(args.out, index=False, lineterminator="\n")
                print(f"wrote {args.out} ({len(table)} rows)")
            else:
                print(table.to_csv(index=False, lineterminator="\n"), end="")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    return 0


def _progress():
    """What `build` reports as it goes, on standard error: each step when it ends, with the time since the start."""
    import time

    t0 = time.perf_counter()

    def report(name: str, seconds: float) -> None:
        print(f"  {name} done ({seconds:.1f} s; {time.perf_counter() - t0:.0f} s since the start)", file=sys.stderr,
              flush=True)
    return report


def _root_problem(command: str) -> str | None:
    """Why the project root (``COMPARE_ROOT``, else this checkout) cannot serve `command`, in one line, or None."""
    import os

    from compare.core.paths import ROOT_ENV

    root = DEFAULT.root
    where = f"{ROOT_ENV}={os.environ[ROOT_ENV]}" if os.environ.get(ROOT_ENV) else str(root)
    if not root.is_dir():
        return f"{where}: not a folder; point {ROOT_ENV} at a project root (the folder holding data/raw/), or unset it"
    if command != "draft" and not (DEFAULT.raw / "MANIFEST.csv").is_file():
        return f"{where}: not a project root (no data/raw/MANIFEST.csv); point {ROOT_ENV} at one, or unset it"
    if command == "notebooks" and not any(DEFAULT.notebooks.glob("[0-9][0-9]-*.ipynb")):
        return f"{DEFAULT.notebooks}: no notebooks (NN-name.ipynb) to execute"
    return None


def _draft(args) -> int:
    from compare.core.plan import LEVELS
    from compare.parse.draft import load_mapping
    from compare.pipeline.intake import draft_city

    mapping = load_mapping(args.map) if args.map else {}
    for item in args.level:
        kind, _, level = item.partition("=")
        if level not in LEVELS:
            raise InputError("--level", None, f"expected KIND=LEVEL with LEVEL one of {', '.join(LEVELS)}; "
                                              f"found {item!r}")
        mapping[kind.strip()] = level
    path, table, tiers = draft_city(args.city, args.files, out=args.out, mapping=mapping, layout=DEFAULT)
    print("the plan's tiers as read (marker → level, elements); override with --level KIND=LEVEL or --map:",
          file=sys.stderr)
    for kind, level, n in tiers:
        print(f"  {kind:>12} → {level:<7} {n}", file=sys.stderr)
    flagged = table[table.draft_flags != ""]
    counts = table.level.value_counts().reindex(LEVELS).dropna().astype(int)
    print(f"wrote {path} ({len(table)} rows: " + ", ".join(f"{n} {lv}" for lv, n in counts.items())
          + f"; {len(flagged)} flagged for review in draft_flags); review it, then `python -m compare add-city "
          f"{args.city} {path} --name-ja … --period … --source {args.files[0]}`")
    return 0


def _check() -> int:
    from compare.core.errors import InputWarning
    from compare.pipeline.intake import check_inputs

    problems = check_inputs(DEFAULT)
    errors = [p for p in problems if not isinstance(p, InputWarning)]
    for p in problems:
        print(f"{'warning' if isinstance(p, InputWarning) else 'error'}: {p}", file=sys.stderr)
    print(f"checked the registry, data/raw/ and data/reference/: {len(errors)} error(s), "
          f"{len(problems) - len(errors)} warning(s); nothing written")
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
