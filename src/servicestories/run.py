"""The main job: run every notebook headless in order, export figures, build the write-up.

``python -m servicestories.run`` (what ``make figures`` calls). Notebooks run with papermill (kernel
``python3``) into a staging folder; only when *all* succeed are the executed notebooks, the figures and the
write-up moved into place, so a failed run leaves the previous figures intact.

With ``--corpus DIR`` the notebooks read another corpus (papermill parameter ``CORPUS``) and everything is
written to ``runs/<DIR name>/`` instead, never over the committed notebooks and figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat

from . import paths
from .errors import CorpusNotFoundError

_VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


class NotebookFailed(Exception):
    def __init__(self, notebook: Path, message: str):
        self.notebook = notebook
        super().__init__(message)


def notebooks(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks in reading order."""
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def bundled_only(notebook: Path) -> bool:
    """Notebooks about the hand codes say so in their metadata (``servicestories.bundled_only``)."""
    meta = nbformat.read(notebook, as_version=4).metadata.get("servicestories", {})
    return bool(meta.get("bundled_only"))


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop timing and machine-specific metadata so a rerun on unchanged inputs changes no byte."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def execute(src: Path, dst: Path, parameters: dict | None, env: dict[str, str]) -> float:
    """Execute one notebook with papermill; return seconds. Raises :class:`NotebookFailed`."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with _kernel_stderr_captured():  # the kernel's start-up chatter; notebook errors are reported below
            pm.execute_notebook(
                str(src), str(dst), parameters=parameters or None, kernel_name="python3", progress_bar=False,
                cwd=str(src.parent), request_save_on_cell_execute=False,
            )
    except PapermillExecutionError as exc:
        raise NotebookFailed(src, f"cell {exc.cell_index} (execution count {exc.exec_count}): "
                                  f"{exc.ename}: {exc.evalue}") from None
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    nb = nbformat.read(dst, as_version=4)
    nbformat.write(clean_notebook(nb), dst)
    return time.perf_counter() - start


@contextmanager
def _kernel_stderr_captured():
    """Send file descriptor 2 (inherited by the kernel process) to a temporary file while a notebook runs."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _replace_dir_contents(staged: Path, target: Path, stale: str | None = None) -> None:
    """Move staged files into ``target``; with ``stale``, remove files matching it that the run did not produce."""
    target.mkdir(parents=True, exist_ok=True)
    produced = {p.name for p in staged.iterdir() if p.is_file()}
    for old in (target.glob(stale) if stale else ()):
        if old.is_file() and old.name not in produced:
            old.unlink()
    for p in sorted(staged.iterdir()):
        if p.is_file():
            tmp = target / f".{p.name}.tmp"
            shutil.copyfile(p, tmp)
            os.replace(tmp, target / p.name)


def run_all(corpus: Path | None = None, only: list[str] | None = None) -> int:
    nbs = notebooks()
    if only:
        nbs = [p for p in nbs if any(p.name.startswith(o) for o in only)]
    if corpus is not None:
        corpus = corpus.resolve()
        if not corpus.is_dir():
            raise CorpusNotFoundError("corpus folder does not exist", corpus)
        out_root = paths.ROOT / "runs" / corpus.name
        out_nb, out_fig, out_writeup = out_root / "notebooks", out_root / "figures", out_root / "writeup"
        parameters = {"CORPUS": str(corpus)}
    else:
        out_nb, out_fig, out_writeup = paths.NOTEBOOKS, paths.figures_dir(), paths.WRITEUP
        parameters = None
    total = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="servicestories-run-") as tmp:
        stage_nb, stage_fig = Path(tmp) / "notebooks", Path(tmp) / "figures"
        stage_nb.mkdir()
        stage_fig.mkdir()
        env = {"SERVICESTORIES_FIGURES": str(stage_fig), "MPLBACKEND": "module://matplotlib_inline.backend_inline",
               "PYTHONHASHSEED": "0"}
        if corpus is not None:
            env["SERVICESTORIES_CORPUS"] = str(corpus)
        skipped = 0
        for i, nb in enumerate(nbs, start=1):
            rel = _rel(nb).rstrip("/")
            print(f"[{i}/{len(nbs)}] {rel} ...", end=" ", flush=True)
            if corpus is not None and bundled_only(nb):
                print("skipped: it needs the hand codes, which exist for the bundled corpus only")
                skipped += 1
                continue
            try:
                seconds = execute(nb, stage_nb / nb.name, parameters, env)
            except NotebookFailed as exc:
                print("FAILED")
                print(f"error: {rel} failed at {exc}", file=sys.stderr)
                print("nothing was replaced: notebooks, figures and write-up are as before", file=sys.stderr)
                return 1
            print(f"ok ({seconds:.1f} s)", flush=True)
        from .writeup import build_writeup

        _replace_dir_contents(stage_nb, out_nb)
        if only:
            _merge(stage_fig, out_fig)
        else:
            _replace_dir_contents(stage_fig, out_fig, "[0-9][0-9]-*.*")
        stage_wu = Path(tmp) / "writeup"
        build_writeup(out_fig, stage_wu, corpus=corpus)
        _replace_dir_contents(stage_wu, out_writeup, "report.*")
    ran = f"{len(nbs) - skipped} notebooks run" + (f", {skipped} skipped" if skipped else "")
    print(f"done: {ran} in {time.perf_counter() - total:.1f} s; figures in {_rel(out_fig)}, "
          f"write-up in {_rel(out_writeup)}")
    return 0


def _merge(staged: Path, target: Path) -> None:
    """For a partial run (``--only``): add/replace the staged figures, keep the rest, merge the index."""
    import pandas as pd

    from .export import INDEX_COLUMNS

    target.mkdir(parents=True, exist_ok=True)
    if not (staged / "index.csv").exists():  # the notebooks run made no figures
        return
    new_index = pd.read_csv(staged / "index.csv", dtype=str, keep_default_na=False)
    old_path = target / "index.csv"
    if old_path.exists():
        old = pd.read_csv(old_path, dtype=str, keep_default_na=False)
        new_index = pd.concat([old[~old.figure.isin(new_index.figure)], new_index]).sort_values("figure")
    new_index[INDEX_COLUMNS].to_csv(staged / "index.csv", index=False, lineterminator="\n")
    for p in sorted(staged.iterdir()):
        if p.is_file():
            shutil.copyfile(p, target / f".{p.name}.tmp")
            os.replace(target / f".{p.name}.tmp", target / p.name)


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(paths.ROOT)) + "/"
    except ValueError:
        return str(p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicestories.run", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help="run on another folder of posts; output goes to runs/<folder name>/")
    parser.add_argument("--only", nargs="*", default=None, metavar="NN",
                        help="run only the notebooks whose names start with these prefixes (e.g. 03 04)")
    args = parser.parse_args(argv)
    try:
        return run_all(args.corpus, args.only)
    except CorpusNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
