"""Work on every core, in input order: the process pool the loader and the coder share.

A list of files is cut into chunks (:func:`chunks`); each chunk is one task for a worker process; results come
back in submission order with a bounded number of tasks in flight (:func:`in_order`), so memory stays flat and
the output does not depend on the number of workers.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import islice
from pathlib import Path

#: files per task: big enough to amortise the round trip, small enough to keep every worker busy
CHUNK_SIZE = 64


def default_jobs() -> int:
    return os.cpu_count() or 1


def chunks(paths: Iterable[str | Path], size: int) -> Iterator[list[str]]:
    it = iter(paths)
    while batch := [str(p) for p in islice(it, size)]:
        yield batch


def in_order(submit: Callable, tasks: Iterator, window: int) -> Iterator:
    """Submit ``tasks`` keeping at most ``window`` in flight; yield their results in submission order."""
    pending: deque = deque(submit(t) for t in islice(tasks, window))
    while pending:
        result = pending.popleft().result()
        nxt = next(tasks, None)
        if nxt is not None:
            pending.append(submit(nxt))
        yield result


def process_context():
    """``fork`` (workers start at once, sharing what this process imported) from a single-threaded process such
    as the CLI or the runner; ``forkserver`` from a multi-threaded one such as a Jupyter kernel, where forking is
    unsafe."""
    import multiprocessing as mp
    import threading

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def map_in_order(fn: Callable, tasks: Iterator, jobs: int, *, context=None,
                 initializer: Callable[[], None] | None = None) -> Generator:
    """``fn(task)`` for every task on ``jobs`` worker processes (started with ``context``, default
    :func:`process_context`), yielded in task order, two tasks per worker in flight. Close the generator (or run it
    to the end) to stop the workers."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=context or process_context(),
                             initializer=initializer) as pool:
        yield from in_order(lambda task: pool.submit(fn, task), tasks, window=2 * jobs)
