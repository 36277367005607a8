"""``save_figure``: one call writes PNG (300 dpi), SVG, PDF and the CSV behind a chart, atomically and
byte-identically on rerun, and records the figure in ``figures/index.csv``."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from . import paths
from .safecsv import neutralise
from .style import RC

FORMATS = ("png", "svg", "pdf")
INDEX_COLUMNS = ["figure", "notebook", "function", "caption", "files"]
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


@dataclass
class Chart:
    """A figure, the tidy data drawn in it, its caption and the function that made it."""

    fig: plt.Figure
    data: pd.DataFrame
    caption: str
    function: str

    def __repr__(self) -> str:  # short plain-text form; notebooks show the PNG
        return f"<Chart {self.function}: {len(self.data)} rows of data>"

    def __post_init__(self) -> None:
        plt.close(self.fig)  # shown once, through _repr_png_, not again by the inline backend

    def _repr_png_(self) -> bytes:  # a Chart shows itself in a notebook
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=110)
        return buf.getvalue()


@dataclass
class SavedFigure:
    """What :func:`save_figure` wrote. Its repr names no machine-specific path (notebooks stay portable)."""

    name: str
    files: dict[str, Path]

    def __repr__(self) -> str:
        return f"saved {self.name}: " + ", ".join(f"{self.name}.{fmt}" for fmt in self.files)


def _atomic_write(target: Path, payload: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, target)


def _render(fig: plt.Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context({k: v for k, v in RC.items() if k.startswith(("svg.", "pdf.", "savefig."))}):
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt])
    return buf.getvalue()


def _notebook_for(name: str) -> str:
    """``03-escalation-length`` -> ``03-chart-escalation-lengths`` (the notebook with the same number)."""
    prefix = name.split("-", 1)[0]
    matches = sorted(p.stem for p in paths.NOTEBOOKS.glob(f"{prefix}-*.ipynb"))
    return matches[0] if matches else ""


def save_figure(
    fig: plt.Figure | Chart, name: str, data: pd.DataFrame | None = None, *, caption: str | None = None,
    function: str | None = None, notebook: str | None = None, outdir: str | Path | None = None,
) -> SavedFigure:
    """Write ``<outdir>/<name>.{png,svg,pdf,csv}`` and update ``<outdir>/index.csv``.

    ``name`` starts with the number of the notebook that makes it (``03-escalation-length``). Pass a
    :class:`Chart` (figure + data + caption + function) or a figure plus ``data=`` and ``caption=``.
    Returns what was written (``.files``: format -> path). The previous files are replaced only once every new file
    is rendered.
    """
    if isinstance(fig, Chart):
        data = fig.data if data is None else data
        caption = fig.caption if caption is None else caption
        function = fig.function if function is None else function
        fig = fig.fig
    if data is None:
        raise ValueError(f"save_figure({name!r}): pass the data behind the chart (data=...)")
    out = Path(outdir) if outdir is not None else paths.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    payloads = {fmt: _render(fig, fmt) for fmt in FORMATS}
    # post text (titles, words) is data: spreadsheet-safe cells, numbers untouched (see servicestories.safecsv)
    payloads["csv"] = neutralise(data).to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")
    written = {}
    for fmt, payload in payloads.items():
        target = out / f"{name}.{fmt}"
        _atomic_write(target, payload)
        written[fmt] = target
    _update_index(out, {
        "figure": name,
        "notebook": notebook if notebook is not None else _notebook_for(name),
        "function": f"servicestories.figures.{function}" if function else "",
        "caption": " ".join((caption or "").split()),
        "files": ";".join(f"{name}.{fmt}" for fmt in (*FORMATS, "csv")),
    })
    return SavedFigure(name, written)


def _update_index(out: Path, row: dict) -> None:
    index = out / "index.csv"
    frame = pd.read_csv(index, dtype=str, keep_default_na=False) if index.exists() else pd.DataFrame(
        columns=INDEX_COLUMNS)
    frame = frame[frame["figure"] != row["figure"]]
    frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True).sort_values("figure")
    _atomic_write(index, frame[INDEX_COLUMNS].to_csv(index=False, lineterminator="\n").encode("utf-8"))


def read_index(outdir: str | Path | None = None) -> pd.DataFrame:
    out = Path(outdir) if outdir is not None else paths.figures_dir()
    return pd.read_csv(out / "index.csv", dtype=str, keep_default_na=False)
