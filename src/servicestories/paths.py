"""Every path the project uses, in one place (showyourwork style).

The repository root is found from this file (editable install: ``src/servicestories``) or from the
environment variable ``SERVICESTORIES_ROOT``. ``SERVICESTORIES_FIGURES`` redirects figure output (used by
``make figures CORPUS=...`` so a run on another corpus never overwrites the committed figures).
``SERVICESTORIES_ON_ERROR`` (``raise`` or ``skip``) is the loader's default policy for a file it cannot load;
the runner sets it for the notebooks it executes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, cast


def _find_root() -> Path:
    env = os.environ.get("SERVICESTORIES_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
ANNOTATIONS: Path = DATA / "annotations"
CASES_CSV: Path = ANNOTATIONS / "cases.csv"
EVENTS_CSV: Path = ANNOTATIONS / "events.csv"
PROCESSED: Path = DATA / "processed"
NOTEBOOKS: Path = ROOT / "notebooks"
DOCS: Path = ROOT / "docs"
WRITEUP: Path = ROOT / "writeup"


def figures_dir() -> Path:
    """Where figures go: ``figures/`` unless ``SERVICESTORIES_FIGURES`` says otherwise."""
    env = os.environ.get("SERVICESTORIES_FIGURES")
    return Path(env).resolve() if env else ROOT / "figures"


def corpus_dir() -> Path:
    """The corpus the notebooks read: ``data/raw/`` unless ``SERVICESTORIES_CORPUS`` says otherwise."""
    env = os.environ.get("SERVICESTORIES_CORPUS")
    return Path(env).resolve() if env else RAW


def on_error() -> Literal["raise", "skip"]:
    """The loader's default for a file it cannot load: ``$SERVICESTORIES_ON_ERROR`` (``raise``/``skip``), else raise."""
    value = os.environ.get("SERVICESTORIES_ON_ERROR", "").strip().lower()
    if value not in ("", "raise", "skip"):
        raise ValueError(f"SERVICESTORIES_ON_ERROR must be 'raise' or 'skip', not {value!r}")
    return cast(Literal["raise", "skip"], value or "raise")
