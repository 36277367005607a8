"""Code a corpus once: the automatic codes of every post, cached as parquet and reused by every notebook.

``code_corpus(DIR)`` codes the posts of a folder with :mod:`servicestories.extract` and keeps the result in
``data/processed/coded/<corpus key>/``, keyed on each post's **content hash** (sha256 of the file's bytes) and the
**coder version** (a hash of the coder's source and data files, :func:`coder_version`). A second call on the same
folder reads the cache; a post that was added or changed is coded alone; any change to the coder's rules
invalidates every post. Coding streams: files are hashed one at a time and coded in chunks
(:func:`servicestories.extract.parallel.iter_coded`, every core by default or a Dask cluster), and results are
written as parquet part files every :data:`PART_ROWS` posts, so memory stays flat in the number of posts.

What is kept per post (the tables of :class:`CodedCorpus`):

* ``codes()``   — the ``extract`` CSV columns plus ``public_where``, ``narrator``, ``truncated``, ``error``, the
  the coder's review flags (``needs_review``) and confidences, ``sha256`` and the coder version;
* ``evidence()`` — every evidence record: field, value, sentence and character offsets into the coded text;
* ``draft_frames()`` — the draft case and step rows of :func:`servicestories.extract.draft.draft_post`, typed as
  :func:`servicestories.extract.draft.draft_frames` returns them (what the chart notebooks draw);
* ``posts()``   — the post metadata of ``load_posts`` without the texts (title, author, date, word counts …);
* ``index``     — one row per ``.txt`` file seen: ``coded`` or ``rejected`` with the reason (seen = coded +
  rejected).

Files under ``<corpus key>/``: ``version.json`` (coder version), ``index.parquet`` (the last call's view of the
folder) and part files ``codes-*.parquet``, ``evidence-*.parquet``, ``cases-*.parquet``, ``events-*.parquet``.
Delete the folder to start afresh; it is rebuilt from the posts.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .corpus import SeenPosts, atomic_parquet, atomic_text

#: storage layout version (part of the coder version)
FORMAT = 1
#: posts per parquet part file
PART_ROWS = 2000
#: more part files than this (or more than twice the rows needed) and the cache is rewritten compactly
MAX_PARTS = 8
#: modules outside ``extract/`` whose rules shape the codes (decoding, sentences, vocabularies, draft columns)
SHARED_MODULES = ("corpus.py", "decoding.py", "parse.py", "text.py", "vocab.py", "codes.py", "schema.py", "coded.py")
EVIDENCE_COLUMNS = ("post_id", "field", "value", "sentence", "start", "end", "match_start", "match_end")
_PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    """Where coded corpora live: ``data/processed/coded/`` (``SERVICESTORIES_CODED`` overrides)."""
    env = os.environ.get("SERVICESTORIES_CODED")
    return Path(env) if env else paths.PROCESSED / "coded"


@lru_cache(maxsize=8)
def _hash_files(extract_dir: Path, shared: tuple[Path, ...]) -> str:
    h = hashlib.sha256(f"coded-format={FORMAT}".encode())
    files = [p for p in sorted(extract_dir.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")]
    for p in files:
        h.update(b"extract/" + p.relative_to(extract_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    for p in shared:
        if p.is_file():
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:20]


def coder_version(extract_dir: str | Path | None = None) -> str:
    """A hash of every source and data file of the coder (``src/servicestories/extract/``, plus the shared
    modules in :data:`SHARED_MODULES`, this cache's own format included): any change to a rule changes it."""
    root = Path(extract_dir).resolve() if extract_dir is not None else _PACKAGE / "extract"
    return _hash_files(root, tuple(_PACKAGE / m for m in SHARED_MODULES))


def corpus_key(corpus: Path) -> str:
    """``<folder name>-<hash of its absolute path>``: readable, and distinct for two folders of the same name."""
    corpus = Path(corpus).resolve()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", corpus.name).strip("._") or "corpus"
    return f"{name[:40]}-{hashlib.sha1(str(corpus).encode()).hexdigest()[:12]}"


@dataclass
class CodedCorpus:
    """A coded corpus on disk. ``n_coded``: files coded by this call (posts and files that could not be coded);
    ``n_cached``: files whose result came from the cache (unopenable files are neither)."""

    corpus: Path
    directory: Path
    coder_version: str
    index: pd.DataFrame
    n_coded: int = 0
    n_cached: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rejected(self) -> list[tuple[str, str]]:
        r = self.index[self.index["status"] == "rejected"]
        return list(zip(r["source_file"], r["reason"]))

    @property
    def loaded(self) -> pd.DataFrame:
        return self.index[self.index["status"] == "coded"]

    def _parts(self, kind: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of every ``<kind>-*.parquet`` part that belong to a loaded post, with its current post_id and
        source file, in post order."""
        loaded = self.loaded
        shas = pd.Index(loaded["sha256"])  # unique: a second file with the same bytes is a rejected duplicate
        frames = []
        for part in sorted(self.directory.glob(f"{kind}-*.parquet")):
            f = pd.read_parquet(part, columns=None if columns is None else list(dict.fromkeys(["sha256", *columns])))
            wanted = shas.get_indexer(f["sha256"]) >= 0  # rows of posts no longer loaded (-1) are left out
            if not wanted.all():
                f = f[wanted]
            if len(f):
                frames.append(f)
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames else _empty(kind)
        if columns is not None:
            frame = frame[[c for c in frame.columns if c in columns or c == "sha256"]]
        frame = frame.drop(columns=[c for c in ("post_id", "source_file") if c in frame.columns])
        seq = "_seq" in frame.columns
        frame = frame.drop_duplicates(subset=["sha256", "_seq"] if seq else ["sha256"])  # the first coding of a post
        at = shas.get_indexer(frame["sha256"])  # the post of each row, in post order
        order = np.lexsort((frame["_seq"].to_numpy(), at)) if seq else np.argsort(at, kind="stable")
        frame = frame.take(order)
        for name in ("post_id", "source_file"):  # the current file's (a renamed post keeps its codes)
            frame[name] = loaded[name].array.take(at[order])
        return frame.reset_index(drop=True)

    def codes(self) -> pd.DataFrame:
        """One row per loaded post: the ``extract`` CSV columns, extras, review flags, sha256, coder version."""
        from .extract.core import CSV_COLUMNS

        f = self._parts("codes")
        f["n_contacts"] = f["n_contacts"].astype("Int64")
        f["coder_version"] = self.coder_version
        extras = ["public_where", "narrator", "truncated", "error", "sha256", "coder_version", "source_file"]
        return f[list(CSV_COLUMNS) + extras]

    def evidence(self) -> pd.DataFrame:
        """Every evidence record of every loaded post (long format, offsets into the coded text)."""
        f = self._parts("evidence")
        return f[list(EVIDENCE_COLUMNS)]

    def posts(self) -> pd.DataFrame:
        """Post metadata as ``load_posts`` has it, without the texts (``body``, ``text``, ``boilerplate``)."""
        from .extract.parallel import POST_META

        f = self._parts("codes", columns=[f"post_{c}" for c in POST_META if c != "post_id"])
        f = f.drop(columns=["post_source_file", "post_sha256"])  # the current file's, not the first coded one's
        f = f.rename(columns={c: c[len("post_"):] for c in f.columns if c.startswith("post_") and c != "post_id"})
        return f[list(POST_META)]

    def companies(self) -> pd.Series:
        """``post_id`` -> the company of the draft case (as in :meth:`draft_frames`), reading that column only."""
        f = self._parts("cases", columns=["company"])
        return pd.Series(f["company"].replace("", None).to_numpy(), index=pd.Index(f["post_id"], name="post_id"),
                         name="company")

    def draft_frames(self, steps: bool | Sequence[str] = True) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Draft ``(cases, events)`` typed as :func:`servicestories.extract.draft.draft_frames`, plus the coder's
        review flags on the cases (``needs_review``: the ``;``-joined fields below its confidence threshold).
        ``steps=False``: the same cases and no events (``None``); of the steps only the columns the cases are
        derived from are read. ``steps=[column, ...]``: the steps with only those columns besides ``post_id``,
        ``case_id`` and ``step`` (:func:`step_columns`)."""
        from .codes import CASE_COLUMNS
        from .extract.draft import type_draft

        wanted = step_columns(steps)
        # one read of the codes for the review flags and the post titles (post_id and source_file come with it)
        codes = self._parts("codes", columns=["needs_review", "post_title"]).rename(columns={"post_title": "title"})
        # the raw rows are passed on, not kept here: type_draft lets go of each as soon as its typed copy is made
        cases, events = type_draft(self._parts("cases")[list(CASE_COLUMNS)], self._step_rows(wanted),
                                   codes[["post_id", "title", "source_file"]],
                                   event_meta=wanted is None or "title" in wanted or "source_file" in wanted)
        flags = codes.set_index("post_id")
        cases["needs_review"] = cases["post_id"].map(flags["needs_review"]).fillna("").astype(str)
        return cases, None if steps is False else steps_with(events, wanted)

    def _step_rows(self, wanted: list[str] | None) -> pd.DataFrame:
        """The raw step rows: every column (``wanted`` is ``None``), else those the cases are derived from and the
        ``wanted`` ones stored as they are (``_seq`` is read too: it keeps the steps of a post apart)."""
        from .codes import EVENT_COLUMNS

        if wanted is None:
            return self._parts("events")[list(EVENT_COLUMNS)]
        columns = [c for c in EVENT_COLUMNS if c in _STEP_COLUMNS_OF_CASES or c in wanted]
        return self._parts("events", columns=["_seq", *columns])[columns]


def step_columns(steps: bool | Sequence[str]) -> list[str] | None:
    """The step columns ``load_codes(..., steps=...)`` returns: ``None`` for all of them (``True``); for a list of
    column names, those and the keys (``post_id``, ``case_id``, ``step``); for ``False``, the keys alone (the
    steps are read only for the cases' step counts). Raises ``ValueError`` naming a column the steps do not have."""
    from .codes import EVENT_COLUMNS

    if steps is True:
        return None
    names = [] if steps is False else [steps] if isinstance(steps, str) else list(steps)
    unknown = [c for c in names if c not in (*EVENT_COLUMNS, *STEP_EXTRA_COLUMNS)]
    if unknown:
        known = ", ".join([*EVENT_COLUMNS, *STEP_EXTRA_COLUMNS])
        raise ValueError(f"steps: no step column {', '.join(map(repr, unknown))} (the steps have {known})")
    return list(dict.fromkeys([*STEP_KEYS, *names]))


def steps_with(events: pd.DataFrame, wanted: list[str] | None) -> pd.DataFrame:
    """``events`` cut to the ``wanted`` columns of :func:`step_columns` (``None``: all of them), in frame order."""
    return events if wanted is None else events[[c for c in events.columns if c in wanted]]


#: the columns every selection of the steps keeps, and those the loader adds to the stored ones
STEP_KEYS = ("post_id", "case_id", "step")
STEP_EXTRA_COLUMNS = ("case_id", "title", "source_file")


#: the step columns the draft cases are derived from (number of steps, first and last channel)
_STEP_COLUMNS_OF_CASES = ("post_id", "step", "channel")


def _empty(kind: str) -> pd.DataFrame:
    from .codes import CASE_COLUMNS, EVENT_COLUMNS
    from .extract.core import CSV_COLUMNS
    from .extract.parallel import POST_META

    cols = {
        "codes": ["sha256", "status", "reason", "text_digest", *CSV_COLUMNS, "public_where", "narrator", "truncated",
                  "error", *(f"post_{c}" for c in POST_META if c != "post_id")],
        "evidence": ["sha256", "_seq", *EVIDENCE_COLUMNS],
        "cases": ["sha256", *CASE_COLUMNS],
        "events": ["sha256", "_seq", *EVENT_COLUMNS],
    }[kind]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


# -- writing ---------------------------------------------------------------------------------------------------
class _Store:
    """The part files of one coded corpus (one coder version)."""

    def __init__(self, directory: Path, version: str):
        self.dir = directory
        self.version = version
        self.dir.mkdir(parents=True, exist_ok=True)
        vfile = self.dir / "version.json"
        try:
            old = json.loads(vfile.read_text(encoding="utf-8")).get("coder_version")
        except (OSError, ValueError):
            old = None
        if old != version:  # another coder: every cached code is stale
            for p in itertools.chain(self.dir.glob("*.parquet"), self.dir.glob(".*.tmp")):
                p.unlink(missing_ok=True)
            atomic_text(vfile, json.dumps({"coder_version": version, "format": FORMAT}, indent=1))
        self.buffer: dict[str, list] = {"codes": [], "evidence": [], "cases": [], "events": []}
        self.n = 0

    def cached(self) -> pd.DataFrame:
        """sha256, status, reason, text_digest of every cached post."""
        cols = ["sha256", "status", "reason", "text_digest"]
        frames = [pd.read_parquet(p, columns=cols) for p in sorted(self.dir.glob("codes-*.parquet"))]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        return pd.concat(frames, ignore_index=True).drop_duplicates("sha256", keep="last")

    def add(self, f) -> None:
        from .extract.parallel import POST_META

        sha = f.sha256
        row = {"sha256": sha, "status": f.status, "reason": f.reason, "text_digest": f.text_digest}
        row.update(f.row)
        row.update({f"post_{k}": f.post.get(k) for k in POST_META if k != "post_id"})
        self.buffer["codes"].append(row)
        self.buffer["evidence"] += [(sha, i, f.post_id, *e) for i, e in enumerate(f.evidence)]
        if f.case:
            self.buffer["cases"].append({"sha256": sha, **f.case})
        self.buffer["events"] += [{"sha256": sha, "_seq": i, **e} for i, e in enumerate(f.events)]
        self.n += 1
        if len(self.buffer["codes"]) >= PART_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer["codes"]:
            return
        from .codes import CASE_COLUMNS, EVENT_COLUMNS

        stamp = f"{time.time_ns():x}-{os.getpid()}"
        frames = {
            "codes": pd.DataFrame(self.buffer["codes"]).reindex(columns=_empty("codes").columns),
            "evidence": pd.DataFrame(self.buffer["evidence"], columns=_empty("evidence").columns),
            "cases": pd.DataFrame(self.buffer["cases"], columns=["sha256", *CASE_COLUMNS]),
            "events": pd.DataFrame(self.buffer["events"], columns=["sha256", "_seq", *EVENT_COLUMNS]),
        }
        f = frames["codes"]
        f["n_contacts"] = pd.to_numeric(f["n_contacts"], errors="coerce").astype("Int64")
        f["duration_hours"] = pd.to_numeric(f["duration_hours"], errors="coerce").astype("float64")
        f["truncated"] = f["truncated"].eq(True)  # rejected rows have none: False
        f["needs_review"] = f["needs_review"].fillna("").astype(str)
        f["post_published"] = pd.to_datetime(f["post_published"])
        for name in ("post_n_comments", "post_n_words", "post_n_sentences"):
            f[name] = pd.to_numeric(f[name], errors="coerce").astype("Int64")
        # the codes part last: a part set is complete once its codes part exists
        for kind in ("evidence", "cases", "events", "codes"):
            atomic_parquet(frames[kind], self.dir / f"{kind}-{stamp}.parquet")
        self.buffer = {k: [] for k in self.buffer}


    def compact(self, keep: set[str]) -> bool:
        """Rewrite the parts as one file per table holding only the posts in ``keep`` (sha256), when edits have
        left many small parts or mostly stale rows behind. Returns whether it compacted."""
        parts = sorted(self.dir.glob("codes-*.parquet"))
        n_rows = sum(_rows(p) for p in parts)
        if len(parts) <= max(MAX_PARTS, 2 * (len(keep) // PART_ROWS + 1)) and n_rows <= 2 * max(len(keep), PART_ROWS):
            return False
        stamp = f"{time.time_ns():x}-{os.getpid()}"
        old = {kind: sorted(self.dir.glob(f"{kind}-*.parquet")) for kind in ("evidence", "cases", "events", "codes")}
        for kind, files in old.items():  # the codes table last, as in flush()
            frames = [f[f["sha256"].isin(keep)] for f in (pd.read_parquet(p) for p in files)]
            frames = [f for f in frames if len(f)]
            frame = pd.concat(frames, ignore_index=True) if frames else _empty(kind)
            key = ["sha256", "_seq"] if "_seq" in frame.columns else ["sha256"]
            frame = frame.drop_duplicates(subset=key, keep="last")
            atomic_parquet(frame, self.dir / f"{kind}-{stamp}.parquet", row_group_size=PART_ROWS * 10)
        for files in old.values():
            for p in files:
                p.unlink(missing_ok=True)
        return True


def _rows(part: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(part).metadata.num_rows


def _raw_sha(path: Path) -> tuple[str, str]:
    """(sha256 of the bytes, error reason); one file in memory at a time."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest(), ""
    except OSError as exc:
        return "", f"cannot read file ({exc.strerror or exc})"


def code_corpus(corpus_dir: str | Path, *, jobs: int | None = None, scheduler: str | None = None,
                cache_dir: str | Path | None = None) -> CodedCorpus:
    """Code the posts of ``corpus_dir`` (only those not cached for this coder version) and return the coded
    corpus. ``jobs``: worker processes (default every core); ``scheduler``: a Dask scheduler address
    (``tcp://HOST:PORT``) to code on instead; ``cache_dir``: root of the cache (default :func:`cache_root`)."""
    from .extract.cli import post_files

    corpus = Path(corpus_dir).resolve()
    scan = post_files(corpus)
    files = sorted(scan.candidates, key=lambda p: (p.stem, p.name))
    directory = Path(cache_dir) if cache_dir is not None else cache_root() / corpus_key(corpus)
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):  # two notebooks coding the same corpus at once: the second waits, then reads
        return _code_corpus(corpus, files, directory, jobs, scheduler, scan.rejected)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    with open(directory / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _code_corpus(corpus: Path, files: list[Path], directory: Path, jobs: int | None, scheduler: str | None,
                 unopened: list[tuple[str, str]]) -> CodedCorpus:
    from .extract.parallel import iter_coded

    version = coder_version()
    store = _Store(directory, version)
    known = store.cached()
    cached = set(known["sha256"])

    shas: list[str] = []
    unreadable: dict[str, str] = {}
    todo: list[Path] = []
    queued: set[str] = set()
    for p in files:
        sha, err = _raw_sha(p)
        shas.append(sha)
        if err:
            unreadable[p.name] = err
        elif sha not in cached and sha not in queued:
            queued.add(sha)
            todo.append(p)
    n_cached = sum(1 for p, sha in zip(files, shas) if p.name not in unreadable and sha in cached)
    fresh: dict[str, tuple[str, str, str]] = {}  # this call's results the store could not keep
    warns: list[tuple[str, str]] = []
    position = {p.name: i for i, p in enumerate(files)}
    with closing(iter_coded(todo, jobs=jobs, scheduler=scheduler, draft=True)) as batches:  # workers stop here
        for batch in batches:
            for f in batch:
                warns += [(f.name, w) for w in f.warnings]
                if f.cacheable and f.sha256:
                    store.add(f)
                    shas[position[f.name]] = f.sha256  # the bytes the worker read (the file may have changed since)
                else:
                    fresh[f.name] = (f.sha256, "rejected", f.reason)
    store.flush()
    if store.n:
        known = store.cached()
    by_sha = {sha: (status, reason if isinstance(reason, str) else "", digest) for sha, status, reason, digest
              in zip(known["sha256"], known["status"], known["reason"], known["text_digest"])}

    rows = []
    seen = SeenPosts()
    for p, sha in zip(files, shas):
        post_id = p.stem
        if p.name in unreadable:
            rows.append((p.name, post_id, "", "rejected", unreadable[p.name]))
            continue
        if p.name in fresh:
            s, status, reason = fresh[p.name]
            rows.append((p.name, post_id, s, status, reason))
            continue
        status, reason, digest = by_sha[sha]
        duplicate = status == "coded" and seen.duplicate(p.name, post_id, digest)
        if duplicate:
            status, reason = "rejected", duplicate
        rows.append((p.name, post_id, sha, status, reason))
    rows += [(name, Path(name).stem, "", "rejected", reason) for name, reason in unopened]  # never opened
    rows.sort(key=lambda r: (r[1], r[0]))
    store.compact({sha for sha in shas if sha})
    index = pd.DataFrame(rows, columns=["source_file", "post_id", "sha256", "status", "reason"])
    atomic_parquet(index, store.dir / "index.parquet")
    return CodedCorpus(corpus, store.dir, version, index, n_coded=store.n + len(fresh), n_cached=n_cached,
                       warnings=warns)
