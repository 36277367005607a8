"""The runner's guarantees, with notebook execution and the write-up replaced by fast fakes.

Skip policy for unloadable files, one ``runs/`` folder per corpus, atomic publishing (full disk, a failing
rename, Ctrl-C), near-instant reruns, and ``make figures CORPUS=...`` passing the folder name verbatim.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, write_notebook
from servicestories import paths, run, writeup

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A sandboxed repository layout; ``execute`` and ``build_writeup`` replaced by recorders."""
    nbdir, figdir, wudir = tmp_path / "notebooks", tmp_path / "figures", tmp_path / "writeup"
    nbdir.mkdir()
    monkeypatch.setattr(paths, "NOTEBOOKS", nbdir)
    monkeypatch.setattr(paths, "WRITEUP", wudir)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setenv("SERVICESTORIES_FIGURES", str(figdir))
    calls: list[dict] = []

    def execute(src, dst, parameters, env):
        calls.append({"notebook": src.name, "parameters": parameters, "env": dict(env)})
        shutil.copyfile(src, dst)
        out = Path(env["SERVICESTORIES_FIGURES"])
        prefix = src.name[:2]
        (out / f"{prefix}-fig.png").write_bytes(PNG_1PX)
        (out / f"{prefix}-fig.csv").write_text(f"from,{src.name}\n{hashlib.sha256(src.read_bytes()).hexdigest()}\n")
        return 0.01

    def build(figures_dir, out_dir, corpus=None, rejected=()):
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        names = sorted(p.name for p in Path(figures_dir).iterdir())
        (out_dir / "report.html").write_text(f"<p>{names} {list(rejected)}</p>\n", encoding="utf-8")
        calls.append({"writeup": corpus, "rejected": list(rejected)})

    monkeypatch.setattr(run, "execute", execute)
    monkeypatch.setattr(writeup, "build_writeup", build)
    write_notebook(nbdir / "01-first.ipynb", "a = 1")
    write_notebook(nbdir / "02-second.ipynb", "b = 2")
    return tmp_path, calls


def _snapshot(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for d in folders for p in sorted(d.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".new-" in p.name or ".old-" in p.name or p.suffix == ".tmp")


def _corpus(tmp_path: Path, name: str = "posts", bad: dict[str, bytes] | None = None, good: int = 2) -> Path:
    folder = tmp_path / "in" / name
    folder.mkdir(parents=True)
    for p in sorted((ROOT / "data" / "raw").glob("*.txt"))[:good]:
        shutil.copyfile(p, folder / p.name)
    for fname, payload in (bad or {}).items():
        (folder / fname).write_bytes(payload)
    return folder


def test_run_folder_is_per_corpus_path(tmp_path):
    a, b = tmp_path / "a" / "posts", tmp_path / "b" / "posts"
    assert run.run_folder_name(a) != run.run_folder_name(b)
    assert run.run_folder_name(a).startswith("posts-")
    assert run.run_folder_name(tmp_path / "we$ird `name`") .startswith("we_ird_name-")


def test_bad_file_is_named_and_left_out_and_the_run_goes_on(fake, capsys):
    root, calls = fake
    corpus = _corpus(root, bad={"zz_empty.txt": b"   \n"})
    assert run.main(["--corpus", str(corpus)]) == 0
    err = capsys.readouterr().err
    assert "zz_empty.txt" in err and "1 of 3 files not loaded" in err
    out = root / "runs" / run.run_folder_name(corpus)
    assert (out / "figures" / "01-fig.png").is_file() and (out / "writeup" / "report.html").is_file()
    executed = [c for c in calls if "notebook" in c]
    assert {c["env"]["SERVICESTORIES_ON_ERROR"] for c in executed} == {"skip"}
    assert all(c["parameters"] == {"CORPUS": str(corpus.resolve())} for c in executed)
    assert [[name for name, _reason in c["rejected"]] for c in calls if "writeup" in c] == [["zz_empty.txt"]]


def test_the_run_says_how_many_files_it_saw_and_which_subfolders_it_did_not_read(fake, capsys):
    root, _calls = fake
    corpus = _corpus(root, bad={"zz_empty.txt": b"   \n"})
    (corpus / "more posts").mkdir()
    shutil.copyfile(next((ROOT / "data" / "raw").glob("*.txt")), corpus / "more posts" / "x.txt")
    assert run.main(["--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "files seen: 3  loaded: 2  rejected: 1" in out
    assert "note: subfolders are not read: more posts/" in out


def test_strict_stops_at_the_bad_file_and_publishes_nothing(fake, capsys):
    root, calls = fake
    corpus = _corpus(root, bad={"zz_empty.txt": b"   \n"})
    assert run.main(["--corpus", str(corpus), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "zz_empty.txt" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (root / "runs").exists() and not calls


def test_the_run_says_when_posts_are_not_german(fake, capsys):
    root, _ = fake
    corpus = root / "in" / "english"
    corpus.mkdir(parents=True)
    for i in (1, 2):  # invented English stories
        (corpus / f"en_{i}.txt").write_text(
            f"Support story {i}\n\nI called the hotline of the company three times and they did not help me with "
            "the broken router. Then I wrote an email and the problem was fixed after a week.\n", encoding="utf-8")
    assert run.main(["--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "note: 2 of 2 posts look English, not German" in out
    capsys.readouterr()
    assert run.main(["--corpus", str(_corpus(root, name="german")), "--force"]) == 0
    assert "English" not in capsys.readouterr().out


def test_nothing_loadable_fails(fake, capsys):
    root, calls = fake
    corpus = _corpus(root, good=0, bad={"a.txt": b"", "b.txt": b"\x00\x01\x02binary"})
    assert run.main(["--corpus", str(corpus)]) == 1
    assert "no post could be loaded" in capsys.readouterr().err
    assert not calls


@pytest.mark.parametrize("kind, why", [
    ("missing", "corpus folder does not exist"),
    ("file", "not a folder"),
    ("broken link", "broken symbolic link: the corpus folder it points to does not exist"),
    ("link loop", "symbolic link loop (the corpus folder link points back to itself)"),
])
def test_a_corpus_that_is_no_folder_is_named_with_the_reason(fake, capsys, kind, why):
    root, calls = fake
    corpus = root / "posts"
    if kind == "file":
        corpus.write_text("Ein Titel\n\nEine Geschichte.\n", encoding="utf-8")
    elif kind == "broken link":
        corpus.symlink_to(root / "gone")
    elif kind == "link loop":
        corpus.symlink_to("posts")
    assert run.main(["--corpus", str(corpus)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"error: {corpus}: {why}"]
    assert not calls


def test_two_corpora_with_the_same_name_keep_their_own_outputs(fake):
    root, _ = fake
    one = _corpus(root / "x", good=1)
    two = _corpus(root / "y", good=2)
    assert run.main(["--corpus", str(one)]) == 0 and run.main(["--corpus", str(two)]) == 0
    assert len(list((root / "runs").iterdir())) == 2


def _published(root: Path) -> dict[str, bytes]:
    return _snapshot(root / "notebooks", root / "figures", root / "writeup")


def test_full_disk_while_staging_leaves_previous_outputs_intact(fake, monkeypatch, capsys):
    root, calls = fake
    assert run.main([]) == 0
    before = _published(root)
    real = run.execute

    def full_disk(src, dst, parameters, env):
        real(src, dst, parameters, env)
        if src.name.startswith("02"):
            (Path(env["SERVICESTORIES_FIGURES"]) / ".02-fig.png.123.tmp").write_bytes(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return 0.01

    monkeypatch.setattr(run, "execute", full_disk)
    assert run.main(["--force"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing was replaced" in err and "Traceback" not in err
    assert _published(root) == before
    assert _leftovers(root) == []


def test_failing_swap_rolls_back(fake, monkeypatch):
    root, _ = fake
    assert run.main([]) == 0
    before = _published(root)
    real_rename, count = os.rename, {"n": 0}

    def rename(a, b):
        count["n"] += 1
        if count["n"] == 4:  # notebooks and figures swapped, the write-up's swap fails
            raise OSError(errno.EIO, "Input/output error", str(a))
        return real_rename(a, b)

    monkeypatch.setattr(run.os, "rename", rename)
    assert run.main(["--force"]) == 1
    monkeypatch.setattr(run.os, "rename", real_rename)
    assert _published(root) == before
    assert _leftovers(root) == []


def test_ctrl_c_gives_one_line_exit_130_and_intact_outputs(fake, monkeypatch, capsys):
    root, _ = fake
    assert run.main([]) == 0
    before = _published(root)
    capsys.readouterr()

    def interrupted(src, dst, parameters, env):
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "execute", interrupted)
    assert run.main(["--force"]) == 130
    err = capsys.readouterr().err.strip()
    assert err.startswith("interrupted") and len(err.splitlines()) == 1
    assert _published(root) == before
    assert _leftovers(root) == []


def test_a_reader_that_goes_away_stops_the_run_with_141_and_replaces_nothing(fake, monkeypatch, capsys):
    """``make figures | head -1``: once the runner cannot print, it stops (as the command line does), says so on
    standard error and leaves the previous outputs as they were."""
    root, calls = fake
    assert run.main([]) == 0
    before = _published(root)

    class Gone:
        def write(self, _text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    capsys.readouterr()
    monkeypatch.setattr("sys.stdout", Gone())
    assert run.main(["--force"]) == 141
    assert "stopped: the program reading the output went away; nothing was replaced" in capsys.readouterr().err
    assert _published(root) == before


def test_rerun_on_unchanged_inputs_runs_nothing_and_touches_nothing(fake, capsys):
    root, calls = fake
    assert run.main([]) == 0
    first = _published(root)
    stamps = {p: p.stat().st_mtime_ns for p in (root / "figures").iterdir()}
    calls.clear()
    start = time.perf_counter()
    assert run.main([]) == 0
    assert time.perf_counter() - start < 5
    assert calls == [] and "up to date" in capsys.readouterr().out
    assert _published(root) == first
    assert {p: p.stat().st_mtime_ns for p in (root / "figures").iterdir()} == stamps


def test_changed_notebook_reruns_only_that_notebook(fake):
    root, calls = fake
    assert run.main([]) == 0
    first = _published(root)
    calls.clear()
    write_notebook(root / "notebooks" / "02-second.ipynb", "b = 3")
    assert run.main([]) == 0
    assert [c["notebook"] for c in calls if "notebook" in c] == ["02-second.ipynb"]
    after = _published(root)
    assert after[str(root / "figures" / "01-fig.csv")] == first[str(root / "figures" / "01-fig.csv")]
    assert after[str(root / "figures" / "02-fig.csv")] != first[str(root / "figures" / "02-fig.csv")]


def test_forcing_one_notebook_keeps_the_others_up_to_date(fake, capsys):
    """``--only 02 --force`` reruns notebook 02 alone; the next full run then finds every notebook up to date
    (the forced run must not forget the other notebooks' entries in the manifest)."""
    root, calls = fake
    assert run.main([]) == 0
    calls.clear()
    assert run.main(["--only", "02", "--force"]) == 0
    assert [c["notebook"] for c in calls if "notebook" in c] == ["02-second.ipynb"]
    calls.clear()
    capsys.readouterr()
    assert run.main([]) == 0
    assert calls == [] and "up to date" in capsys.readouterr().out


def test_a_notebook_edited_while_another_runs_alone_still_reruns(fake):
    """Notebook 02 is edited, then ``--only 01`` runs: 02 did not run, so the next full run must run it."""
    root, calls = fake
    corpus = ["--corpus", str(_corpus(root))]  # the executed notebooks live apart from their sources
    assert run.main(corpus) == 0
    write_notebook(root / "notebooks" / "02-second.ipynb", "b = 3")
    calls.clear()
    assert run.main([*corpus, "--only", "01", "--force"]) == 0
    assert [c["notebook"] for c in calls if "notebook" in c] == ["01-first.ipynb"]
    calls.clear()
    assert run.main(corpus) == 0
    assert [c["notebook"] for c in calls if "notebook" in c] == ["02-second.ipynb"]


def test_changed_post_reruns_every_notebook(fake):
    root, calls = fake
    corpus = _corpus(root, good=2)
    assert run.main(["--corpus", str(corpus)]) == 0
    calls.clear()
    assert run.main(["--corpus", str(corpus)]) == 0 and calls == []
    post = sorted(corpus.glob("*.txt"))[0]
    post.write_bytes(post.read_bytes() + b"\nEin Satz, den dieser Test anhaengt.\n")
    assert run.main(["--corpus", str(corpus)]) == 0
    assert sorted(c["notebook"] for c in calls if "notebook" in c) == ["01-first.ipynb", "02-second.ipynb"]


def test_deleted_output_is_rebuilt(fake):
    root, calls = fake
    assert run.main([]) == 0
    (root / "figures" / "01-fig.png").unlink()
    calls.clear()
    assert run.main([]) == 0
    assert [c["notebook"] for c in calls if "notebook" in c] == ["01-first.ipynb"]
    assert (root / "figures" / "01-fig.png").is_file()


FAKE_PYTHON = """#!/bin/sh
if [ "$2" = "servicestories.run" ]; then
  printf '%s' "$SERVICESTORIES_CORPUS" > "$(dirname "$0")/corpus.seen"
  printf '%s\\n' "$@" > "$(dirname "$0")/args.seen"
fi
exit 0
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("corpus", ["dir`touch pwned`", "my $HOME $(touch pwned) $$x 'q' \"dq\"", "plain"])
def test_make_passes_corpus_verbatim_to_the_runner(tmp_path, corpus):
    """A real ``make figures`` (runner replaced by a recorder): the shell never sees the folder name."""
    shutil.copyfile(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.lock", "pyproject.toml"):
        (tmp_path / name).write_text("")
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text(FAKE_PYTHON)
    (venv_bin / "python").chmod(0o755)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    later = time.time() + 10
    os.utime(stamp, (later, later))
    proc = subprocess.run(["make", "-s", "figures", f"CORPUS={corpus}", "STRICT=1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "pwned").exists()
    assert (venv_bin / "corpus.seen").read_text() == corpus
    assert "--strict" in (venv_bin / "args.seen").read_text().split()


def _concurrency(monkeypatch) -> list[int]:
    """Replace the fake ``execute`` by one that records how many notebooks ran at once (at most)."""
    lock, now, peak = __import__("threading").Lock(), [0], [0]
    recording = run.execute

    def execute(src, dst, parameters, env):
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        time.sleep(0.3)
        with lock:
            now[0] -= 1
        return recording(src, dst, parameters, env)

    monkeypatch.setattr(run, "execute", execute)
    return peak


def test_notebooks_run_side_by_side_with_two_jobs_and_one_by_one_with_one(fake, monkeypatch, capsys):
    root, calls = fake
    peak = _concurrency(monkeypatch)
    assert run.main(["--force", "--jobs", "2"]) == 0
    assert peak == [2]
    before = _published(root)
    peak[0] = 0
    assert run.main(["--force", "--jobs", "1"]) == 0
    assert peak == [1] and _published(root) == before
    out = capsys.readouterr().out
    assert "[1/2] notebooks/01-first.ipynb ... ok" in out and "[2/2] notebooks/02-second.ipynb ... ok" in out


def test_the_runner_codes_a_corpus_once_before_the_notebooks_that_read_its_codes(fake, monkeypatch, capsys):
    root, calls = fake
    write_notebook(root / "notebooks" / "03-codes.ipynb", "codes = load_codes(CORPUS)")
    corpus = _corpus(root, good=2)
    coded = []
    from servicestories import casebook

    real = casebook.code_user_corpus
    monkeypatch.setattr(casebook, "code_user_corpus", lambda c, **kw: coded.append(c) or real(c, **kw))
    assert run.main(["--corpus", str(corpus)]) == 0
    assert coded == [corpus.resolve()] and "coded: 2 files now, 0 from the cache" in capsys.readouterr().out
    (root / "notebooks" / "03-codes.ipynb").unlink()
    coded.clear()
    assert run.main(["--corpus", str(corpus), "--force"]) == 0
    assert coded == []  # no notebook reads the codes: the runner does not code the corpus


def test_side_by_side_the_notebook_that_took_longest_last_time_starts_first(fake, monkeypatch):
    root, calls = fake
    write_notebook(root / "notebooks" / "03-third.ipynb", "c = 3")
    recording = run.execute
    monkeypatch.setattr(run, "execute", lambda src, *a: recording(src, *a) * 0 + {"02": 9.0}.get(src.name[:2], 1.0))
    started: list[list[str]] = []
    real_run_each = run.run_each

    def run_each(tasks, jobs, report):
        started.append([label.split("notebooks/")[1].split(" ")[0] for label, _ in tasks])
        return real_run_each(tasks, jobs, report)

    monkeypatch.setattr(run, "run_each", run_each)
    assert run.main(["--jobs", "2"]) == 0  # no times known yet: notebook order
    assert run.main(["--jobs", "2", "--force"]) == 0
    assert run.main(["--jobs", "1", "--force"]) == 0  # one by one: notebook order
    names = ["01-first.ipynb", "02-second.ipynb", "03-third.ipynb"]
    assert started == [names, [names[1], names[0], names[2]], names]


def test_the_runner_and_its_kernels_use_the_allocator_that_gives_memory_back(fake, monkeypatch):
    import os

    root, calls = fake
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "")  # not chosen (restored after the test)
    assert run.main(["--force"]) == 0
    kernels = [c["env"] for c in calls if "env" in c]
    assert len(kernels) == 2 and {e["ARROW_DEFAULT_MEMORY_POOL"] for e in kernels} == {"system"}
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"  # the runner's own reads (the write-up)
    calls.clear()
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")  # a user's choice is kept
    assert run.main(["--force"]) == 0
    assert {c["env"]["ARROW_DEFAULT_MEMORY_POOL"] for c in calls if "env" in c} == {"jemalloc"}
