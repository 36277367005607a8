"""The main job: run every notebook headless, export figures, build the write-up.

``python -m servicestories.run`` (what ``make figures`` calls). The corpus is loaded (and, for a corpus other than
the bundled one, coded) once first; then the notebooks run with papermill (kernel ``python3``), side by side on
the cores (:mod:`servicestories.kernels`; ``--jobs``; those that took longest last time start first), into
staging folders beside the outputs; only when *all* succeed and the write-up is built are the notebooks, figures
(with their index) and write-up folders swapped into place by renames, together. A failed notebook, a full disk
or Ctrl-C leaves the previous outputs intact and no staging folder behind.

With ``--corpus DIR`` (or ``$SERVICESTORIES_CORPUS``, which ``make figures CORPUS=DIR`` sets without letting
the shell see the value) the notebooks read another corpus (papermill parameter ``CORPUS``) and everything is
written to ``runs/<DIR name>-<hash of its absolute path>/`` instead, never over the committed notebooks and
figures. A file of the corpus that cannot be loaded is named with its reason (terminal and write-up) and left
out; the run fails only when nothing can be loaded. ``--strict`` stops at the first such file instead.

A rerun on unchanged inputs (posts, hand codes, notebook, package source and version, lock) skips every
notebook and rewrites nothing: the input hashes of each notebook are kept in
``data/processed/run-manifests/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, paths
from .errors import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, ServiceStoriesError, exit_process, stdout_gone
from .kernels import NotebookFailed, execute, run_each

_FIGURE_FILE = re.compile(r"^(\d\d)-.+\.(png|svg|pdf|csv)$")
MANIFEST_VERSION = 1
#: notebooks run at once by default (fewer on fewer cores)
MAX_NOTEBOOK_JOBS = 2


class NothingLoaded(ServiceStoriesError):
    """No file of the corpus could be loaded."""


def notebooks(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks in reading order."""
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def _reads_codes(notebook: Path) -> bool:
    """Does the notebook read the coded corpus (call ``load_codes``)?"""
    return "load_codes(" in notebook.read_text("utf-8")


def bundled_only(notebook: Path) -> bool:
    """Notebooks about the hand codes say so in their metadata (``servicestories.bundled_only``)."""
    meta = json.loads(notebook.read_text("utf-8")).get("metadata", {}).get("servicestories", {})
    return bool(meta.get("bundled_only"))


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --------------------------------------------------------------------------------------------- where things go

@dataclass
class Targets:
    """The three output folders of a run, and the key of its manifest."""

    notebooks: Path
    figures: Path
    writeup: Path
    key: str

    def all(self) -> tuple[Path, Path, Path]:
        return self.notebooks, self.figures, self.writeup


def run_folder_name(corpus: Path) -> str:
    """``runs/<folder name>-<8 hex of the absolute path>``: two corpora called ``posts`` never share a folder."""
    name = re.sub(r"[^\w.-]+", "_", corpus.name).strip("._") or "corpus"
    digest = hashlib.sha256(str(corpus.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{name}-{digest}"


def targets_for(corpus: Path | None) -> Targets:
    if corpus is None:
        return Targets(paths.NOTEBOOKS, paths.figures_dir(), paths.WRITEUP, "bundled")
    root = paths.ROOT / "runs" / run_folder_name(corpus)
    return Targets(root / "notebooks", root / "figures", root / "writeup", root.name)


def manifest_path(key: str) -> Path:
    return paths.PROCESSED / "run-manifests" / f"{key}.json"


# ------------------------------------------------------------------------------------------------- input hashes

def _hash_tree(h: hashlib._Hash, folder: Path, label: str) -> None:
    """Names and contents of every file below ``folder`` (sorted; unreadable entries hashed by their error)."""
    if not folder.exists():
        h.update(f"{label}: missing\n".encode())
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            h.update(f"{label}/{rel}\0".encode("utf-8", "surrogateescape"))
            try:
                h.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as exc:
                h.update(f"unreadable {exc.errno}".encode())


def shared_inputs(corpus: Path | None, policy: str) -> str:
    """One hash of what every notebook reads: posts, hand codes, package source and version, lock, policy."""
    h = hashlib.sha256()
    h.update(f"manifest {MANIFEST_VERSION}; servicestories {__version__}; policy {policy}\n".encode())
    h.update(f"corpus {corpus}\n".encode("utf-8", "surrogateescape"))
    _hash_tree(h, corpus if corpus is not None else paths.RAW, "posts")
    _hash_tree(h, paths.ANNOTATIONS, "annotations")
    _hash_tree(h, Path(__file__).resolve().parent, "package")
    for name in ("requirements.lock", "pyproject.toml"):
        f = paths.ROOT / name
        h.update(f"{name}\0".encode() + (hashlib.sha256(f.read_bytes()).digest() if f.is_file() else b"-"))
    return h.hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _notebook_key(shared: str, notebook: Path) -> str:
    return hashlib.sha256(f"{shared}\0{notebook.name}\0{_file_hash(notebook)}".encode()).hexdigest()


def _outputs_of(prefix: str, t: Targets, nb_name: str) -> dict[str, str | None]:
    """Published files of one notebook (relative to the output root) and their hashes."""
    files = {f"notebooks/{nb_name}": _file_hash(t.notebooks / nb_name)}
    if t.figures.is_dir():
        for p in sorted(t.figures.iterdir()):
            if p.is_file() and p.name.startswith(f"{prefix}-"):
                files[f"figures/{p.name}"] = _file_hash(p)
    return files


def _shared_outputs(t: Targets) -> dict[str, str | None]:
    out = {"figures/index.csv": _file_hash(t.figures / "index.csv")}
    if t.writeup.is_dir():
        out.update({f"writeup/{p.name}": _file_hash(p) for p in sorted(t.writeup.iterdir()) if p.is_file()})
    return out


def _read_manifest(key: str) -> dict:
    try:
        data = json.loads(manifest_path(key).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else {}


def _write_manifest(key: str, data: dict) -> None:
    """Best effort: without a manifest the next run simply runs everything again."""
    path = manifest_path(key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _up_to_date(entry: dict | None, key: str, current: dict[str, str | None]) -> bool:
    if not entry:
        return False
    return entry.get("key") == key and entry.get("outputs") == current and None not in current.values()


# -------------------------------------------------------------------------------------------------- publishing

@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C during the swap is held back until the folders are consistent, then raised."""
    if sys.platform == "win32" or not _main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


class Stage:
    """Sibling staging folders ``.<name>.new-<token>`` of each target; :meth:`publish` swaps them in by renames."""

    def __init__(self, targets: tuple[Path, ...]):
        self.token = f"{os.getpid()}-{time.monotonic_ns() % 10**9}"
        self.pairs = [(t, t.parent / f".{t.name}.new-{self.token}") for t in targets]
        self.old = [t.parent / f".{t.name}.old-{self.token}" for t in targets]

    def __enter__(self) -> Stage:
        try:
            for target, new in self.pairs:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():
                    shutil.copytree(target, new, symlinks=True)
                else:
                    new.mkdir()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()

    def new(self, target: Path) -> Path:
        return dict(self.pairs)[target]

    def publish(self) -> None:
        """Swap every staged folder in; on any failure put back what was already swapped."""
        done: list[tuple[Path, Path, Path]] = []
        with _interrupts_deferred():
            try:
                for (target, new), old in zip(self.pairs, self.old):
                    had = target.exists()
                    if had:
                        os.rename(target, old)
                    try:
                        os.rename(new, target)
                    except BaseException:
                        if had:
                            os.rename(old, target)
                        raise
                    done.append((target, new, old if had else Path()))
            except BaseException:
                for target, new, old in reversed(done):
                    os.rename(target, new)
                    if old != Path():
                        os.rename(old, target)
                raise

    def cleanup(self) -> None:
        for _target, new in self.pairs:
            shutil.rmtree(new, ignore_errors=True)
        for old in self.old:
            shutil.rmtree(old, ignore_errors=True)


def _drop_figures(figures: Path, prefixes: set[str], keep_prefixes: set[str] | None = None) -> None:
    """Remove figure files (and index rows) of the notebooks about to run; on a full run also of vanished ones."""
    import pandas as pd

    def stale(prefix: str) -> bool:
        return prefix in prefixes or (keep_prefixes is not None and prefix not in keep_prefixes)

    for p in figures.iterdir():
        m = _FIGURE_FILE.match(p.name)
        if m and p.is_file() and stale(m.group(1)):
            p.unlink()
    index = figures / "index.csv"
    if index.exists():
        frame = pd.read_csv(index, dtype=str, keep_default_na=False)
        frame = frame[~frame.figure.str[:2].map(stale)]
        if len(frame):
            frame.to_csv(index, index=False, lineterminator="\n")
        else:
            index.unlink()


# ------------------------------------------------------------------------------------------------------ the run

def arrow_pool() -> str:
    """Arrow's allocator in the runner and the kernels: ``$ARROW_DEFAULT_MEMORY_POOL``, else the C library's,
    which gives freed buffers back (Arrow's default, mimalloc, keeps them: at 100,000 posts the runner and the
    chart notebooks peaked 100–250 MiB higher each)."""
    return os.environ.get("ARROW_DEFAULT_MEMORY_POOL") or "system"


@dataclass
class Preflight:
    rejected: list[tuple[str, str]] = field(default_factory=list)
    loaded: int = 0
    seen: int = 0
    subfolders: list[str] = field(default_factory=list)  # not read (posts there are not part of the corpus)


def preflight(corpus: Path | None, policy: str, code: bool = True) -> Preflight:
    """Load the corpus once: name every file that cannot be loaded; raise when nothing can be. The parse is
    cached (as notebook 01 caches it), so the notebooks read it instead of parsing every file again. With
    ``code``, a corpus other than the bundled one is also coded here, once, before the notebooks that read its
    codes run side by side."""
    from .corpus import load_corpus, shown_name
    from .overview import language_note

    # a cached parse: only its manifest and two columns are read
    result = load_corpus(corpus, on_error=policy, cache=True, columns=["post_id", "language"],  # type: ignore[arg-type]
                         with_comments=False)
    report = result.report
    out = Preflight(list(report.rejected), len(report.loaded), len(report.seen),
                    [shown_name(name) for name in report.ignored if name.endswith("/")])
    print(f"files seen: {out.seen:,}  loaded: {out.loaded:,}  rejected: {len(out.rejected):,}", flush=True)
    if out.subfolders:
        print(f"note: subfolders are not read: {', '.join(out.subfolders)}", flush=True)
    foreign = language_note(result.posts["language"])
    if foreign:
        print(f"note: {foreign}", flush=True)
    where = report.corpus
    del result, report
    _release_memory()
    if not out.loaded:
        raise NothingLoaded(f"no post could be loaded ({out.seen} files seen, {len(out.rejected)} rejected)", where)
    if corpus is not None and code:
        from .casebook import code_user_corpus

        coded = code_user_corpus(corpus)
        print(f"coded: {coded.n_coded:,} files now, {coded.n_cached:,} from the cache "
              f"(coder version {coded.coder_version[:12]})", flush=True)
        del coded
        _release_memory()
    return out


def _release_memory() -> None:
    """Give the memory of the freed corpus frames back to the system: the runner lives on while the notebooks
    run, and would otherwise hold the preflight's peak throughout (:func:`servicestories.memory.give_back`)."""
    import gc

    from .memory import give_back

    gc.collect()
    give_back()


def _print_rejected(rejected: list[tuple[str, str]], seen: int | None = None) -> None:
    if not rejected:
        return
    total = f" of {seen}" if seen is not None else ""
    print(f"warning: {len(rejected)}{total} files not loaded and left out (make figures STRICT=1 stops instead):",
          file=sys.stderr)
    for name, reason in rejected:
        print(f"  rejected {name}: {reason}", file=sys.stderr)


def run_all(corpus: Path | None = None, only: list[str] | None = None, *, strict: bool = False,
            force: bool = False, jobs: int | None = None) -> int:
    nbs = notebooks()
    if only:
        nbs = [p for p in nbs if any(p.name.startswith(o) for o in only)]
    if corpus is not None:
        if not corpus.is_dir():  # the loader's scan raises, saying why (missing, a file, a broken link)
            from .corpus import scan_corpus

            scan_corpus(corpus)
        corpus = corpus.resolve()
        if corpus == paths.RAW.resolve():
            corpus = None
    policy = "raise" if strict else "skip"
    t = targets_for(corpus)
    total = time.perf_counter()

    shared = shared_inputs(corpus, policy)
    previous = _read_manifest(t.key)
    manifest = {} if force else previous
    last_took = {name: e.get("seconds", 0.0) for name, e in previous.get("notebooks", {}).items()}
    entries: dict = manifest.get("notebooks", {})
    runnable = [nb for nb in nbs if corpus is None or not bundled_only(nb)]
    todo = [nb for nb in runnable
            if not _up_to_date(entries.get(nb.name), _notebook_key(shared, nb), _outputs_of(nb.name[:2], t, nb.name))]
    all_keys = {nb.name: _notebook_key(shared, nb) for nb in runnable}
    if not todo and manifest.get("writeup", {}).get("outputs") == _shared_outputs(t) \
            and manifest.get("writeup", {}).get("key") == shared:
        _print_rejected([tuple(r) for r in manifest.get("rejected", [])])
        print(f"up to date: {len(runnable)} notebooks and the write-up unchanged since their inputs did not change "
              f"({time.perf_counter() - total:.1f} s); figures in {_rel(t.figures)}")
        return 0

    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
           "SERVICESTORIES_ON_ERROR": policy, "SERVICESTORIES_CORPUS": str(corpus) if corpus is not None else "",
           "ARROW_DEFAULT_MEMORY_POOL": arrow_pool()}
    with _environment({"SERVICESTORIES_ON_ERROR": policy}):
        pre = preflight(corpus, policy, code=any(_reads_codes(nb) for nb in todo))
    _print_rejected(pre.rejected, pre.seen)
    parameters = {"CORPUS": str(corpus)} if corpus is not None else None
    jobs = notebook_jobs(jobs)

    with Stage(t.all()) as stage:
        stage_nb, stage_fig, stage_wu = (stage.new(p) for p in t.all())
        ran = {nb.name[:2] for nb in todo}
        _drop_figures(stage_fig, ran, None if only else {nb.name[:2] for nb in runnable})
        queued: list[tuple[Path, str]] = []
        for i, nb in enumerate(nbs, start=1):
            label = f"[{i}/{len(nbs)}] {_rel(nb).rstrip('/')} ..."
            if nb not in runnable:
                print(label, "skipped: it needs the hand codes, which exist for the bundled corpus only")
            elif nb not in todo:
                print(label, "unchanged (inputs as in the last run)")
            else:
                queued.append((nb, label))
        if jobs > 1:  # side by side: the notebooks that took longest last time start first
            queued.sort(key=lambda q: -last_took.get(q[0].name, 0.0))
        took: dict[str, float] = {}
        nb_env = {**env, "SERVICESTORIES_FIGURES": str(stage_fig)}
        tasks = [(label, _runner(nb, stage_nb / nb.name, parameters, nb_env, took)) for nb, label in queued]
        if jobs > 1 and len(tasks) > 1:
            print(f"running {len(tasks)} notebooks, {jobs} at a time", flush=True)
        failed = run_each(tasks, jobs, _report)
        if failed is not None:
            print(f"error: {_rel(failed.notebook).rstrip('/')} failed at {failed}", file=sys.stderr)
            print("nothing was replaced: notebooks, figures and write-up are as before", file=sys.stderr)
            return 1
        from .writeup import build_writeup

        with _environment({"SERVICESTORIES_ON_ERROR": policy}):
            build_writeup(stage_fig, stage_wu, corpus=corpus, rejected=pre.rejected)
        for stale in stage_nb.glob("[0-9][0-9]-*.ipynb") if corpus is not None and not only else ():
            if stale.name not in all_keys:
                stale.unlink()
        stage.publish()

    # After publishing: for the bundled corpus the executed notebook is the new source, so key it again. A run of
    # some notebooks (``--only``, forced or not) keeps the entries of the others: their outputs were not touched.
    new_entries = dict(previous.get("notebooks", {})) if only else {}
    for nb in runnable:
        if nb in todo or nb.name in new_entries or not only:
            new_entries[nb.name] = {"key": _notebook_key(shared, nb),
                                    "outputs": _outputs_of(nb.name[:2], t, nb.name),
                                    "seconds": round(took.get(nb.name, last_took.get(nb.name, 0.0)), 1)}
    _write_manifest(t.key, {"version": MANIFEST_VERSION, "corpus": str(corpus) if corpus else None,
                            "notebooks": new_entries, "rejected": pre.rejected,
                            "writeup": {"key": shared, "outputs": _shared_outputs(t)}})
    skipped = len(nbs) - len(runnable)
    summary = f"{len(todo)} notebooks run" + (f", {len(runnable) - len(todo)} unchanged" if len(todo) < len(runnable)
                                               else "") + (f", {skipped} skipped" if skipped else "")
    print(f"done: {summary} in {time.perf_counter() - total:.1f} s; figures in {_rel(t.figures)}, "
          f"write-up in {_rel(t.writeup)}")
    return 0


def _runner(nb: Path, dst: Path, parameters: dict | None, env: dict[str, str], took: dict[str, float]):
    """The task that executes ``nb`` and notes its seconds in ``took`` (the next run starts the longest first)."""
    def run() -> float:
        took[nb.name] = seconds = execute(nb, dst, parameters, env)
        return seconds

    return run


def _report(label: str, seconds: float | None, failure: NotebookFailed | None) -> None:
    print(label, "FAILED" if failure is not None else f"ok ({seconds:.1f} s)", flush=True)


def notebook_jobs(jobs: int | None = None) -> int:
    """How many notebooks run at once: ``jobs``, else ``$SERVICESTORIES_NOTEBOOK_JOBS``, else one per core (at
    most :data:`MAX_NOTEBOOK_JOBS`: each kernel holds its own frames)."""
    if jobs is None:
        env = os.environ.get("SERVICESTORIES_NOTEBOOK_JOBS", "").strip()
        jobs = int(env) if env.isdigit() else min(os.cpu_count() or 1, MAX_NOTEBOOK_JOBS)
    return max(1, jobs)


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(paths.ROOT)) + "/"
    except ValueError:
        return str(p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m servicestories.run", description=(__doc__ or "").splitlines()[0],
        epilog="exit codes: 0 done (or up to date); 1 a notebook failed or no post could be loaded; "
               "2 usage error, or the corpus is no folder (missing, a file, a broken link); 130 interrupted "
               "(Ctrl-C); 141 the program reading the output went away (e.g. '| head'). Outputs change only on 0.")
    env_corpus = os.environ.get("SERVICESTORIES_CORPUS") or None
    parser.add_argument("--corpus", type=Path, default=Path(env_corpus) if env_corpus else None,
                        help="run on another folder of posts; output goes to runs/<folder name>-<hash>/ "
                             "(default: $SERVICESTORIES_CORPUS, else data/raw/)")
    parser.add_argument("--only", nargs="*", default=None, metavar="NN",
                        help="run only the notebooks whose names start with these prefixes (e.g. 03 04)")
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first corpus file that cannot be loaded (default: name it, leave it out)")
    parser.add_argument("--force", action="store_true", help="run every notebook even if its inputs did not change")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks run at once (default: $SERVICESTORIES_NOTEBOOK_JOBS, else one per core, "
                             f"at most {MAX_NOTEBOOK_JOBS})")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = arrow_pool()  # this process too (it builds the write-up)
    try:
        return run_all(args.corpus, args.only, strict=args.strict, force=args.force, jobs=args.jobs)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was replaced; notebooks, figures and write-up are as before", file=sys.stderr)
        return EXIT_INTERRUPTED
    except NothingLoaded as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ServiceStoriesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1 if not isinstance(exc, _not_found()) else 2
    except BrokenPipeError:  # the reader of the runner's output went away (``make figures | head``): stop there
        stdout_gone()
        try:
            print("stopped: the program reading the output went away; nothing was replaced", file=sys.stderr)
        except OSError:  # stderr went the same way
            pass
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: cannot write the outputs ({exc.strerror or exc}){where}; nothing was replaced",
              file=sys.stderr)
        return 1


def _not_found() -> type:
    from .errors import CorpusNotFoundError

    return CorpusNotFoundError


if __name__ == "__main__":  # pragma: no cover
    exit_process(main())
