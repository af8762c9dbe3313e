"""Command line: `python -m compare build | notebooks | report`."""

from __future__ import annotations

import argparse
import sys

from .errors import InputError
from .paths import DEFAULT

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compare", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="verify data/raw and regenerate data/processed")
    b.add_argument("--check", action="store_true", help="fail if data/processed differs from a fresh build")
    b.add_argument("--no-cache", action="store_true", help="recompute every stage (ignore .cache/stages/)")
    sub.add_parser("notebooks", help="execute the notebooks in place (outputs committed)")
    sub.add_parser("report", help="write reports/index.html from the executed notebooks")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .build import build

            timings = build(DEFAULT, check=args.check, use_cache=not args.no_cache)
            verb = "checked" if args.check else "wrote"
            print(f"{verb} {DEFAULT.processed.relative_to(DEFAULT.root)}/ "
                  + " ".join(f"{k}={v:.2f}s" for k, v in timings.items()))
        elif args.command == "notebooks":
            from .notebooks import execute_all

            for name, seconds in execute_all(DEFAULT):
                print(f"executed {name} in {seconds:.1f}s")
        elif args.command == "report":
            from .report import write_report

            print(f"wrote {write_report(DEFAULT).relative_to(DEFAULT.root)}")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
