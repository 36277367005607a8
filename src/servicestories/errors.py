"""Exception types (every user-facing error names the file, and line where it applies, in one line) and the exit
of the command-line processes (:func:`exit_process`)."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path
from typing import NoReturn

EXIT_INTERRUPTED = 130
#: the program reading the printed output went away (``... | head``): 128 + SIGPIPE, as a shell reports it
EXIT_BROKEN_PIPE = 141

_BIDI_OR_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def shown_name(name: str) -> str:
    """A file name or path safe to print on one line: control characters, bidirectional and invisible
    characters, and bytes that are not UTF-8 are escaped (``\\n``, ``\\u202e``, ``\\xff``)."""
    if name.isprintable() and not _BIDI_OR_INVISIBLE.search(name):
        return name
    out = []
    for ch in name:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif (not ch.isprintable() and ch != " ") or _BIDI_OR_INVISIBLE.match(ch):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


class ServiceStoriesError(Exception):
    """Base class: a problem with the user's input, reported without a traceback by the CLI."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.reason = message
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{_display(self.path)}:{line}: " if line is not None else f"{_display(self.path)}: "
        super().__init__(f"{where}{message}")


def _display(path: Path) -> str:
    """A path relative to the working directory when possible (short and clickable)."""
    try:
        shown = str(path.absolute().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        shown = str(path)
    return shown_name(shown)


# -- corpus ---------------------------------------------------------------------------------------
class CorpusError(ServiceStoriesError):
    """A corpus folder or post file cannot be loaded."""


class CorpusNotFoundError(CorpusError):
    """The corpus folder does not exist or is not a folder."""


class NoPostsError(CorpusError):
    """The corpus folder holds no ``.txt`` posts."""


class PostRejected(CorpusError):
    """One post file was rejected; subclasses say why."""


class EmptyPostError(PostRejected):
    pass


class BinaryFileError(PostRejected):
    pass


class TitleOnlyError(PostRejected):
    pass


class DuplicatePostError(PostRejected):
    pass


class CorpusWarning(UserWarning):
    """A post was loaded but something about it needed repair (e.g. decoded as cp1252)."""


# -- annotations ----------------------------------------------------------------------------------
class AnnotationError(ServiceStoriesError):
    """The hand codes in ``data/annotations/`` are invalid."""


def stdout_gone() -> None:
    """The reader of standard output went away: send what is still printed to ``/dev/null`` instead, so that
    neither a later print nor the flush at exit raises again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # no file descriptor behind sys.stdout (e.g. captured)
        pass


def exit_process(code: int) -> NoReturn:
    """End a command-line process with ``code``; after Ctrl-C (130) make sure it really exits 130.

    Two things would otherwise turn the clean exit 130 into a death by SIGINT (exit -2 to the caller): a second
    delivery of the signal while the process stops (libraries such as pyarrow re-raise a SIGINT they
    intercepted), and CPython 3.11's "uncaught Ctrl-C" flag, which is set when the interrupt lands inside a
    string ``eval()`` (``namedtuple`` builds its ``__new__`` that way, so any import can be the place) and stays
    set after the exception is caught. Only for process entry points: in-process callers keep their Ctrl-C.
    """
    if code == EXIT_INTERRUPTED:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        eval("None")  # a successful string eval clears the flag
    sys.exit(code)
