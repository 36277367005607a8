"""Exception types. Every user-facing error names the file (and line where it applies) in one line."""

from __future__ import annotations

from pathlib import Path


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
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
