"""CSV files meant to be opened by people: spreadsheet-safe text cells, atomic writes.

Post text is data. A title or quote that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return)
would run as a formula when a colleague opens the CSV in a spreadsheet. :func:`neutralise` prefixes such
*text* cells with ``'`` (the convention spreadsheets understand as "this is text"); numbers stay numeric, so
``-3`` in a numeric column is written as ``-3``. :func:`write_csv` neutralises and writes atomically (temp file
in the target folder, then rename), so an interrupted write never leaves a half-written file or a stray temp
file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .errors import ServiceStoriesError

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """``'=SUM(A1)`` for ``=SUM(A1)``; anything that is not a string is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas (numeric columns untouched)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
            continue
        out[col] = out[col].map(neutralise_text)
    return out


def write_csv(frame: pd.DataFrame, target: str | Path, **to_csv_kwargs) -> Path:
    """Write ``frame`` (neutralised) to ``target`` atomically; one-line errors for a bad target."""
    target = Path(target)
    if target.is_dir():
        raise ServiceStoriesError("is a folder, not a file: give a file name for the CSV", target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ServiceStoriesError("output folder does not exist", parent)
    kwargs = {"index": False, "lineterminator": "\n", "encoding": "utf-8", **to_csv_kwargs}
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise ServiceStoriesError(f"cannot write here: {exc.strerror or exc}", parent) from None
    try:
        with os.fdopen(fd, "w", encoding=kwargs.pop("encoding"), newline="") as fh:
            neutralise(frame).to_csv(fh, **kwargs)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ServiceStoriesError(f"cannot write: {exc.strerror or exc}", target) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
