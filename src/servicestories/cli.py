"""Command line: ``python -m servicestories <command>``.

Each command lives in its own module exposing ``add_parser(subparsers, name)`` and ``run(args) -> int``.
Problems with the user's input are printed as one line naming the file (and line), never as a traceback; the
exit code says what happened (:data:`EXIT_CODES`, also shown by ``--help``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap

from .errors import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, exit_process, stdout_gone

#: command name -> module that implements it
COMMANDS: dict[str, str] = {
    "load": "servicestories.commands.load",
    "extract": "servicestories.extract.cli",
    "draft-codes": "servicestories.extract.draft_cli",
}

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_USER_ERROR = 0, 1, 2, 3
#: Exit codes, documented in ``--help`` and the README.
EXIT_CODES = {
    EXIT_OK: "success: every input file was used",
    EXIT_REJECTED: "input rejected: one or more input files could not be used (each named, with its reason); "
                   "any others were processed",
    EXIT_USAGE: "usage error: unknown command or option, missing argument",
    EXIT_USER_ERROR: "the command cannot run as given: missing folder or file, folder without posts, output "
                     "path missing, not writable or full; nothing was written",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); no partially written output file is left behind",
    EXIT_BROKEN_PIPE: "the program reading the printed report stopped early (e.g. '| head'); the command stopped there",
}

DESCRIPTION = ("Service Stories: load German customer-service blog posts, code their escalations "
               "automatically, draft hand-code rows.")


class _Formatter(argparse.HelpFormatter):
    """Wraps description paragraphs; keeps indented lines (the exit-code table) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(line if line.startswith(" ") or not line else
                         textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                         for line in text.splitlines())


def _epilog() -> str:
    lines = ["exit codes:"] + [textwrap.fill(text, 88, initial_indent=f"  {code:<4} ", subsequent_indent=" " * 7)
                               for code, text in EXIT_CODES.items()]
    lines += ["", "Run 'python -m servicestories COMMAND --help' for the options of a command."]
    return "\n".join(lines)


def version() -> str:
    """The installed package version (falls back to the source tree's ``__version__``)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("servicestories")
    except PackageNotFoundError:
        from . import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m servicestories", description=DESCRIPTION, epilog=_epilog(),
                                     formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"servicestories {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a command whose module is not built yet
            if exc.name and module.startswith(exc.name):
                continue
            raise
        sp = mod.add_parser(sub, name)
        if sp.epilog is None:
            sp.epilog = _epilog()
            sp.formatter_class = _Formatter
        sp.set_defaults(_run=mod.run)
    return parser


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run a command; return its exit code (see :data:`EXIT_CODES`)."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "Ä" gets "\xc4", not a traceback
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        from .errors import PostRejected, ServiceStoriesError, shown_name

        args = build_parser().parse_args(argv)
        try:
            return int(args._run(args) or 0)
        except PostRejected as exc:  # the one input file of the command was rejected
            return _fail(str(exc), EXIT_REJECTED)
        except ServiceStoriesError as exc:
            return _fail(str(exc), EXIT_USER_ERROR)
        except BrokenPipeError:  # the reader of our output went away (``... | head``): stop quietly
            stdout_gone()
            return EXIT_BROKEN_PIPE
        except OSError as exc:  # an output that cannot be written (disk full, permissions, ...)
            where = f"{shown_name(str(exc.filename))}: " if exc.filename else ""
            return _fail(f"{where}{exc.strerror or exc}", EXIT_USER_ERROR)
    except KeyboardInterrupt:
        print("interrupted (Ctrl-C): stopped, no partial output file left", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    exit_process(main())
