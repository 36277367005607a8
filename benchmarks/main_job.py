"""The main job at several corpus sizes: wall time, peak memory, and the pixel size of every PNG it wrote.

For every size a deterministic corpus is built by ``make_corpus.py`` (cached under ``--work``) and
``python -m servicestories.run --corpus DIR`` runs on it once. Printed: exit code, wall and CPU seconds, peak RSS
of the largest process of the job's tree (``wait4``, i.e. ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` for this one
job), peak memory of the whole tree (PSS sum, sampled), the size of the HTML write-up and of each executed notebook,
and the width x height of every PNG written under ``runs/`` during the run (flagged when a side exceeds 4,000 px).

    .venv/bin/python benchmarks/main_job.py                       # 40, 2,000, 20,000 posts
    .venv/bin/python benchmarks/main_job.py --sizes 40,200
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
import tempfile
import time
from pathlib import Path

# A sibling script: ``python benchmarks/main_job.py`` puts this folder first on sys.path.
from extract_throughput import PY, corpus_for, measure

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

MAX_SIDE = 4000


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG header."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    return struct.unpack(">II", head[16:24])


def written_since(folder: Path, start: float, pattern: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and p.stat().st_mtime >= start)


def _forget_codes(folder: Path) -> None:
    """Drop the caches of ``folder`` (parsed posts, coded corpus) so the run parses and codes it again."""
    import shutil

    from servicestories import corpus
    from servicestories.coded import cache_root, corpus_key

    shutil.rmtree(cache_root() / corpus_key(folder), ignore_errors=True)
    posts_cache = corpus._cache_dir(folder.resolve(), True)
    if posts_cache is not None:
        shutil.rmtree(posts_cache, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="40,2000,20000", help="comma-separated corpus sizes")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "servicestories-bench",
                    help="where the generated corpora are kept between runs")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in re.split(r"[,\s]+", args.sizes.replace("_", "")) if s]
    print(f"main job (python -m servicestories.run --corpus DIR), seed {args.seed}")
    failed = 0
    for n in sizes:
        folder = corpus_for(n, args.work, args.seed)
        start = time.time() - 1  # file times have coarse resolution on some file systems
        _forget_codes(folder)  # a fresh run: the corpus is coded again, every notebook runs (--force)
        m = measure([PY, "-m", "servicestories.run", "--force", "--corpus", str(folder)])
        print(f"\n{n:,} posts: exit {m['rc']}, wall {m['wall']:.1f} s, cpu {m['cpu']:.1f} s, "
              f"peak RSS {m['rss']:.0f} MiB (largest process), tree {m['tree']:.0f} MiB (PSS sum)")
        if m["rc"] != 0:
            failed += 1
            tail = [line for line in m["err"].strip().splitlines() if line.strip()][-3:]
            print("  failed: " + " | ".join(tail))
        out = [d for d in (ROOT / "runs").glob(f"{folder.name}-*") if d.is_dir()]
        for html in [h for d in out for h in written_since(d, start, "*.html")]:
            print(f"  write-up {html.relative_to(ROOT)}: {html.stat().st_size / 2**20:.2f} MiB")
        notebooks = [p for d in out for p in written_since(d, start, "*.ipynb")]
        if notebooks:  # the executed notebooks a user opens: their outputs should not grow with the corpus
            sizes = ", ".join(f"{p.name[:2]} {p.stat().st_size / 2**20:.2f}" for p in notebooks)
            print(f"  executed notebooks, MiB: {sizes}")
        pngs = [p for d in out for p in written_since(d, start, "*.png")]
        if not pngs:
            print("  no PNG written")
        for p in pngs:
            w, h = png_size(p)
            flag = "  > 4,000 px" if max(w, h) > MAX_SIDE else ""
            print(f"  {w:6d} x {h:6d} px  {p.relative_to(ROOT)}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
