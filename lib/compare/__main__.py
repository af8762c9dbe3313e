"""Command line: `python -m compare build | notebooks | report | align CITY_A CITY_B`."""

from __future__ import annotations

import argparse
import logging
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    for noisy in ("traitlets", "nbclient", "jupyter_client", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        if args.command == "build":
            from compare.pipeline.build import build

            timings = build(DEFAULT, check=args.check, use_cache=not args.no_cache)
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
        elif args.command == "align":
            from compare.pipeline.ondemand import align_on_demand

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


if __name__ == "__main__":
    sys.exit(main())
