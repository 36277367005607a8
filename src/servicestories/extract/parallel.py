"""Code many post files on every core, or on a Dask cluster, streaming and in input order.

The unit of work is a *chunk*: a list of file paths. A worker reads each file itself
(:func:`servicestories.corpus.read_post`), codes it (:func:`~servicestories.extract.core.extract_post`) and sends
back plain dicts and tuples (no pandas per post). :func:`iter_coded` yields the chunks' results in input order,
keeping only a bounded number of chunks in flight, so memory stays flat in the number of posts and the output is
the same for any number of workers:

* ``jobs=1``: in this process, no pool;
* ``jobs=N``: a :class:`concurrent.futures.ProcessPoolExecutor` of ``N`` workers, each importing and warming the
  coder once;
* ``scheduler="tcp://HOST:PORT"``: the same chunks as tasks on an existing Dask distributed cluster (the workers
  must see the files under the same paths and have this package installed).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Generator, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..pool import CHUNK_SIZE, chunks, default_jobs, in_order, map_in_order, process_context

#: how long to try reaching a Dask scheduler before giving up with a one-line error
CONNECT_TIMEOUT = "10s"

#: post columns kept with the codes (everything of ``load_posts`` except the texts)
POST_META = ("post_id", "source_file", "title", "author", "published", "published_text", "n_comments", "n_words",
             "n_sentences", "language", "encoding", "sha256")


@dataclass
class CodedFile:
    """One file's result. ``status`` is ``"coded"`` or ``"rejected"`` (then ``reason`` says why)."""

    name: str
    post_id: str
    status: str
    reason: str = ""
    sha256: str = ""           # of the raw bytes ("" when the file could not be read)
    text_digest: str = ""      # of the decoded, stripped text (duplicate detection, as the loader does)
    cacheable: bool = True     # False for I/O errors (not a property of the content)
    post: dict = field(default_factory=dict)           # POST_META values
    row: dict = field(default_factory=dict)            # Extraction.to_row()
    evidence: list[tuple] = field(default_factory=list)  # (field, value, sentence, start, end, m_start, m_end)
    case: dict = field(default_factory=dict)           # draft case row (strings), when asked for
    events: list[dict] = field(default_factory=list)   # draft step rows (strings), when asked for
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def code_file(path: str | Path, draft: bool = False) -> CodedFile:
    """Read and code one post file. Never raises for a bad file: it comes back ``rejected`` with the reason."""
    from ..corpus import read_post, text_digest
    from ..errors import PostRejected
    from .core import extract_post

    path = Path(path)
    try:
        post, _comments, dec = read_post(path)
    except PostRejected as exc:
        raw_sha = _sha_of(path)
        return CodedFile(path.name, path.stem, "rejected", exc.reason, raw_sha, cacheable=bool(raw_sha))
    except OSError as exc:
        return CodedFile(path.name, path.stem, "rejected", f"cannot read file ({exc.strerror or exc})",
                         cacheable=False)
    post_id = post["post_id"]
    res = extract_post(post["body"], title=post["title"], post_id=post_id)
    evidence = sorted(((e.field, e.value, e.sentence, e.start, e.end, e.match_start, e.match_end)
                       for e in res.evidence), key=lambda e: (e[3], e[0]))
    out = CodedFile(
        path.name, post_id, "coded", "", post["sha256"],
        text_digest(dec.text),
        post={k: post.get(k) for k in POST_META}, row=res.to_row(), evidence=evidence,
        warnings=list(dec.warnings), notes=list(dec.notes),
    )
    if draft:  # the draft rows format this same extraction (no second coding pass)
        from .draft import draft_rows

        out.case, out.events = draft_rows(res)
    return out


def _sha_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def code_chunk(paths: Sequence[str], draft: bool = False) -> list[CodedFile]:
    """Code a list of files (one task)."""
    return [code_file(p, draft) for p in paths]


def _warm() -> None:
    """Worker initialiser: import the coder and compile its matchers once, before the first task."""
    from .core import extract_post
    from .gazetteer import is_dictionary_word

    extract_post("Warmlaufen", title="Start")
    is_dictionary_word("Warmlaufen")  # opens the dictionary (before the fork: shared by the workers)


def iter_coded(paths: Iterable[str | Path], *, jobs: int | None = None, scheduler: str | None = None,
               draft: bool = False, chunk_size: int | None = None) -> Generator[list[CodedFile], None, None]:
    """Code ``paths`` and yield one list of :class:`CodedFile` per chunk (default :data:`CHUNK_SIZE` files), in
    input order. Lazy: a chunk is coded only when the consumer has taken the ones before it (up to a window of
    two chunks per worker in flight)."""
    tasks = chunks((str(Path(p).resolve()) if scheduler else p for p in paths), chunk_size or CHUNK_SIZE)
    if scheduler:
        yield from _dask(tasks, scheduler, draft)
        return
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        from ..errors import ServiceStoriesError

        raise ServiceStoriesError(f"--jobs must be at least 1 (got {jobs})")
    if jobs == 1 or (isinstance(paths, Sized) and len(paths) <= (chunk_size or CHUNK_SIZE)):
        for batch in tasks:  # one chunk or one core: no pool to start
            yield code_chunk(batch, draft)
        return
    first = next(tasks, None)
    if first is None:
        return
    tasks = _prepend(first, tasks)
    context = process_context()
    if context.get_start_method() == "fork":
        # warm the coder here, before the fork: the workers share its compiled matchers and dictionaries with
        # this process instead of building copies; frozen objects are not written by the collector, so their
        # pages stay shared
        _warm()
        gc.freeze()
    try:
        yield from map_in_order(partial(code_chunk, draft=draft), tasks, jobs, context=context, initializer=_warm)
    finally:
        gc.unfreeze()


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _dask(tasks: Iterator[list[str]], scheduler: str, draft: bool) -> Iterator[list[CodedFile]]:
    from ..errors import ServiceStoriesError

    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - locked dependency
        raise ServiceStoriesError("--scheduler needs the 'distributed' package") from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ServiceStoriesError(f"cannot connect to the Dask scheduler ({type(exc).__name__}: {exc})",
                                  scheduler) from None
    try:
        n = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
        yield from in_order(lambda batch: client.submit(code_chunk, batch, draft, pure=False), tasks,
                             window=2 * n + 2)
    finally:
        client.close()
