"""Per-core speed of ``extract`` next to the first coder (the code of a git revision), measured in the same run.

The scale issue asks for 10x the first coder's posts per second per core. Both coders run in one process
(``extract --jobs 1``; the first coder had no workers) on the same deterministic corpus (``make_corpus.py``), and
on its first post alone, so that the start-up (imports, dictionaries) can be told apart from the coding:

* **posts/cpu-s** — posts per CPU-second of the whole run, start-up included;
* **steady** — posts per CPU-second of coding alone: ``(N - 1) / (cpu(N posts) - cpu(1 post))``.

The first coder's source is taken from git (``git archive REV src``) into a temporary folder and run with this
environment's packages; without git or that revision the comparison is skipped, saying why.

    .venv/bin/python benchmarks/first_coder.py                    # 2,000 posts, revision c5aa66b
    .venv/bin/python benchmarks/first_coder.py --posts 500
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# A sibling script: ``python benchmarks/first_coder.py`` puts this folder first on sys.path.
from extract_throughput import PY, ROOT, corpus_for, measure

#: the commit of the first coder the issue measured (75 posts/s on one core)
FIRST_CODER = "c5aa66b"
GOAL = 10.0


def first_coder_source(rev: str, into: Path) -> Path | None:
    """``src/`` of revision ``rev`` unpacked under ``into``; None (with the reason printed) when git cannot give it."""
    archive = into / "src.tar"
    try:
        subprocess.run(["git", "-C", str(ROOT), "archive", f"--output={archive}", rev, "src"], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        reason = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        print(f"first coder: skipped (no source of revision {rev}: {reason})")
        return None
    with tarfile.open(archive) as tar:  # our own history; the "data" filter where this Python has it (3.11.4+)
        tar.extractall(into, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return into / "src"


def one_post(folder: Path, into: Path) -> Path:
    """A folder holding the corpus's first post alone (a hard link, or a copy)."""
    first = min(folder.glob("*.txt"))
    out = into / "one"
    out.mkdir()
    try:
        os.link(first, out / first.name)
    except OSError:
        (out / first.name).write_bytes(first.read_bytes())
    return out


def _extract(corpus: Path, out: Path, options: list[str]) -> list[str]:
    return [PY, "-m", "servicestories", "extract", "--corpus", str(corpus), "--out", str(out), *options]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000, help="corpus size (default 2,000)")
    ap.add_argument("--rev", default=FIRST_CODER, help=f"git revision of the first coder (default {FIRST_CODER})")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "servicestories-bench",
                    help="where the generated corpora are kept between runs")
    args = ap.parse_args(argv)
    print(f"\nper core: extract --jobs 1 next to the first coder ({args.rev}), one process each, seed {args.seed}")
    folder = corpus_for(args.posts, args.work, args.seed)
    n = sum(1 for _ in folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        src = first_coder_source(args.rev, Path(tmp))
        if src is None:
            return 0
        single = one_post(folder, Path(tmp))
        # the first coder had neither --jobs nor --no-progress; it runs from its source on PYTHONPATH
        programs = {"first": ([], {**os.environ, "PYTHONPATH": str(src)}),
                    "extract": (["--jobs", "1", "--no-progress"], None)}
        print(f"  {'program':8s} {'cpu s (1 post)':>14s} {'cpu s (' + format(n, ',') + ')':>14s} "
              f"{'posts/cpu-s':>11s} {'steady':>8s}")
        steady: dict[str, float] = {}
        for name, (options, env) in programs.items():
            start = measure(_extract(single, Path(tmp) / f"{name}-1.csv", options), env=env)
            whole = measure(_extract(folder, Path(tmp) / f"{name}-n.csv", options), env=env)
            if start["rc"] or whole["rc"]:
                print(f"  {name} failed: {(start['err'] or whole['err']).strip().splitlines()[-1:]}")
                return 1
            steady[name] = (n - 1) / max(whole["cpu"] - start["cpu"], 1e-9)
            print(f"  {name:8s} {start['cpu']:14.1f} {whole['cpu']:14.1f} {n / whole['cpu']:11.0f} {steady[name]:8.0f}",
                  flush=True)
    ratio = steady["extract"] / steady["first"]
    print(f"  extract / first coder, steady posts per CPU-second: {ratio:.1f}x (goal {GOAL:g}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
