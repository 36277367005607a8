"""Executing notebooks: one notebook in its own kernel (papermill), and several at once on the cores.

:func:`execute` passes the environment, working folder and a sink for the kernel's stderr to the kernel process
itself instead of changing the runner's (``os.environ``, ``chdir``, file descriptor 2), so two notebooks can run
at the same time from two threads of one runner. :func:`run_each` runs a list of notebooks, at most ``jobs`` at a
time, and stops starting new ones after the first failure; on Ctrl-C it interrupts the running kernels.
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")
#: seconds the running kernels get to stop after an interrupt before they are killed
INTERRUPT_GRACE = 10.0


class NotebookFailed(Exception):
    def __init__(self, notebook: Path, message: str):
        self.notebook = notebook
        super().__init__(message)


def clean_notebook(nb: Any) -> Any:
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


# -------------------------------------------------------------------------------------------- one notebook

_live_lock = threading.Lock()
_live: set[Any] = set()  # the kernel managers of the notebooks running now (for Ctrl-C)


def _manager_class(launch: dict[str, Any]) -> type:
    """A kernel manager that starts its kernel with ``launch`` (``env``, ``cwd``, ``stderr``: Popen arguments)."""
    from jupyter_client import AsyncKernelManager

    class Manager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]  # async in this class
            with _live_lock:
                _live.add(self)
            await super().start_kernel(**{**launch, **kw})

        async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
            try:
                await super().shutdown_kernel(*args, **kw)
            finally:
                with _live_lock:
                    _live.discard(self)

    return Manager


def execute(src: Path, dst: Path, parameters: dict | None, env: dict[str, str]) -> float:
    """Execute one notebook with papermill in a kernel whose environment is the runner's plus ``env`` and whose
    working folder is the notebook's; return seconds. Raises :class:`NotebookFailed`. Safe to call from several
    threads at once."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)  # its notes on parameters it cannot parse from a comment
    start = time.perf_counter()
    with tempfile.TemporaryFile() as sink:  # the kernel's start-up chatter; errors are reported below
        launch = {"env": {**os.environ, **env}, "cwd": str(src.parent), "stderr": sink}
        try:
            pm.execute_notebook(
                str(src), str(dst), parameters=parameters or None, kernel_name="python3", progress_bar=False,
                request_save_on_cell_execute=False, kernel_manager_class=_manager_class(launch),
            )
        except PapermillExecutionError as exc:
            raise NotebookFailed(src, f"cell {exc.cell_index} (execution count {exc.exec_count}): "
                                      f"{exc.ename}: {exc.evalue}") from None
    nb = nbformat.read(dst, as_version=4)
    nbformat.write(clean_notebook(nb), dst)
    return time.perf_counter() - start


def _signal_kernels(sig: int) -> None:
    with _live_lock:
        pids = [getattr(km.provisioner, "pid", None) for km in _live if km.provisioner is not None]
    for pid in pids:
        if pid:
            try:
                os.kill(pid, sig)
            except OSError:
                pass


# ------------------------------------------------------------------------------------------- several at once

Task = tuple[str, Callable[[], float]]  # (label, run it: seconds)


def run_each(tasks: list[Task], jobs: int, report: Callable[[str, float | None, NotebookFailed | None], None]
             ) -> NotebookFailed | None:
    """Run ``tasks`` in order, at most ``jobs`` at a time; ``report(label, seconds, failure)`` as each one ends
    (from the calling thread). After a failure no further task starts; the running ones finish. Returns the first
    failure. Ctrl-C (``KeyboardInterrupt``) interrupts the running kernels, kills those that do not stop within
    :data:`INTERRUPT_GRACE` seconds, and is raised again."""
    if jobs <= 1 or len(tasks) <= 1:
        for label, run in tasks:
            try:
                seconds = run()
            except NotebookFailed as exc:
                report(label, None, exc)
                return exc
            report(label, seconds, None)
        return None
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="notebook")
    try:
        with _interrupting_kernels(pool):
            return _run_pool(pool, jobs, tasks, report)
    finally:
        pool.shutdown(wait=True)


def _run_pool(pool: ThreadPoolExecutor, jobs: int, tasks: list[Task], report) -> NotebookFailed | None:
    waiting = list(enumerate(tasks))
    running: dict[Future, tuple[int, str]] = {}
    failed: NotebookFailed | None = None
    while running or (waiting and failed is None):
        while waiting and failed is None and len(running) < jobs:
            i, (label, run) = waiting.pop(0)
            running[pool.submit(run)] = (i, label)
        done, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)  # wakes up for Ctrl-C too
        for fut in sorted(done, key=lambda f: running[f][0]):  # those that ended together: in task order
            _i, label = running.pop(fut)
            try:
                seconds = fut.result()
            except NotebookFailed as exc:
                report(label, None, exc)
                failed = failed or exc
                continue
            report(label, seconds, None)
    return failed


@contextmanager
def _interrupting_kernels(pool: ThreadPoolExecutor) -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        _signal_kernels(signal.SIGINT)
        deadline = time.monotonic() + INTERRUPT_GRACE
        while _live and time.monotonic() < deadline:
            time.sleep(0.05)
        _signal_kernels(getattr(signal, "SIGKILL", signal.SIGTERM))
        raise
