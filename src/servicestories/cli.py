"""Command line: ``python -m servicestories <command>``.

Each command lives in its own module exposing ``add_parser(subparsers)`` and ``run(args) -> int``.
User errors (:class:`~servicestories.errors.ServiceStoriesError`) are printed as one line, no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: command name -> module that implements it
COMMANDS: dict[str, str] = {
    "load": "servicestories.commands.load",
    "extract": "servicestories.extract.cli",
    "draft-codes": "servicestories.extract.draft_cli",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m servicestories", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a command whose module is not built yet
            if exc.name and module.startswith(exc.name):
                continue
            raise
        sp = mod.add_parser(sub, name)
        sp.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import ServiceStoriesError

    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ServiceStoriesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
