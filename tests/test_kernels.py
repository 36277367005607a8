"""Notebooks side by side: the scheduler (fake tasks) and real kernels started from two threads at once."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from conftest import write_notebook
from servicestories import kernels


def _recorder():
    lines: list[tuple[str, str]] = []

    def report(label, seconds, failure):
        lines.append((label, "failed" if failure is not None else "ok"))

    return lines, report


def test_two_jobs_run_two_tasks_at_the_same_time():
    both = threading.Barrier(2, timeout=5)  # breaks (and the task fails) unless both tasks run at once

    def task():
        both.wait()
        return 0.0

    lines, report = _recorder()
    assert kernels.run_each([("a", task), ("b", task)], 2, report) is None
    assert sorted(lines) == [("a", "ok"), ("b", "ok")]


def test_one_job_runs_the_tasks_in_order_one_at_a_time():
    active, peak, order = [0], [0], []

    def task(name):
        def run():
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            order.append(name)
            time.sleep(0.01)
            active[0] -= 1
            return 0.01
        return run

    lines, report = _recorder()
    kernels.run_each([(n, task(n)) for n in "abc"], 1, report)
    assert order == ["a", "b", "c"] and peak == [1] and [n for n, _ in lines] == ["a", "b", "c"]


def test_after_a_failure_no_further_task_starts_and_the_running_one_finishes():
    started: list[str] = []
    release = threading.Event()

    def fails():
        started.append("bad")
        raise kernels.NotebookFailed(__import__("pathlib").Path("02-bad.ipynb"), "cell 1: ValueError: x")

    def slow():
        started.append("slow")
        release.wait(5)
        return 0.1

    def later():
        started.append("later")
        return 0.0

    def report(label, seconds, failure):
        lines.append((label, failure is not None))
        release.set()  # the slow task ends only after the failure was reported

    lines: list[tuple[str, bool]] = []
    failed = kernels.run_each([("slow", slow), ("bad", fails), ("later", later), ("last", later)], 2, report)
    assert isinstance(failed, kernels.NotebookFailed) and "ValueError" in str(failed)
    assert sorted(started) == ["bad", "slow"]
    assert sorted(lines) == [("bad", True), ("slow", False)]


ENV_CELL = ("import json, os\n"
            "print(json.dumps({'value': os.environ.get('SERVICESTORIES_TEST_VALUE'), 'cwd': os.getcwd()}))")


def _printed(notebook) -> dict:
    nb = nbformat.read(notebook, as_version=4)
    return json.loads("".join(out.get("text", "") for out in nb.cells[0].outputs))


def test_kernels_started_from_two_threads_get_their_own_environment_and_the_notebook_folder(tmp_path):
    folders = [tmp_path / "one", tmp_path / "two"]
    for folder in folders:
        folder.mkdir()
        write_notebook(folder / "nb.ipynb", ENV_CELL)
    environ = dict(os.environ)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda i: kernels.execute(folders[i] / "nb.ipynb", folders[i] / "out.ipynb", None,
                                                {"SERVICESTORIES_TEST_VALUE": f"value {i}"}), [0, 1]))
    assert [_printed(f / "out.ipynb") for f in folders] == [
        {"value": "value 0", "cwd": str(folders[0])}, {"value": "value 1", "cwd": str(folders[1])}]
    assert dict(os.environ) == environ and not kernels._live  # the runner's own environment is untouched


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_the_running_kernels(tmp_path):
    for name in ("a", "b"):
        write_notebook(tmp_path / f"{name}.ipynb", "import time\ntime.sleep(120)")
    pids: list[int] = []

    def interrupt_when_both_run():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with kernels._live_lock:
                pids[:] = [km.provisioner.pid for km in kernels._live if km.provisioner is not None
                           and getattr(km.provisioner, "pid", None)]
            if len(pids) == 2:
                time.sleep(1.0)  # the cells are running
                break
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C sent to the runner alone: its kernels keep running

    tasks = [(n, lambda n=n: kernels.execute(tmp_path / f"{n}.ipynb", tmp_path / f"out-{n}.ipynb", None, {}))
             for n in ("a", "b")]
    threading.Thread(target=interrupt_when_both_run, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        kernels.run_each(tasks, 2, lambda *a: None)
    assert time.monotonic() - start < 90 and len(pids) == 2
    assert not kernels._live
    for pid in pids:
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie (exited, not yet reaped) counts as gone
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True
