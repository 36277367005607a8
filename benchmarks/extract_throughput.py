"""Throughput of ``extract`` next to a spaCy-blank peer and a read + ``\\w+`` floor, measured in the same run.

For every size, a deterministic corpus is built by ``make_corpus.py`` (cached under ``--work``) and three
programs run on the same files, each in its own process:

* **floor**  — read every file and count ``\\w+`` tokens (what any coder must at least do); run three times, the
  run with the median wall time is reported;
* **spacy**  — ``spacy.blank("de")`` + a PhraseMatcher holding the extractor's company aliases and channel
  words + a duration regex, one post at a time (a lean rule pipeline as a peer);
* **extract** — ``python -m servicestories extract --jobs N`` writing the CSV (the real thing, all cores).

Printed per program: wall seconds, CPU seconds (user+sys of the process tree), posts/s, words/s, posts per
CPU-second ("per core"), peak RSS (largest single process, from ``wait4``) and peak tree memory (sum of the
proportional set sizes of every process of the tree, so pages shared by forked workers count once; sampled
every 0.1 s with psutil), and the ratios extract / floor and extract / spacy (wall and CPU). The corpus is read
once, untimed, before the three programs run, so each finds it in the page cache.

    .venv/bin/python benchmarks/extract_throughput.py --quick              # 1,000 posts, for development
    .venv/bin/python benchmarks/extract_throughput.py                      # 10,000 / 30,000 / 100,000
    .venv/bin/python benchmarks/extract_throughput.py --sizes 10000 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

FLOOR = r"""
import re, sys
from pathlib import Path
word = re.compile(r"\w+")
n = w = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    w += len(word.findall(p.read_bytes().decode("utf-8", "replace")))
    n += 1
print(n, w)
"""

SPACY = r"""
import re, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import spacy
from spacy.matcher import PhraseMatcher
from extract_throughput import peer_terms
companies, channels = peer_terms()
nlp = spacy.blank("de")
matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
matcher.add("COMPANY", list(nlp.tokenizer.pipe(companies)))
matcher.add("CHANNEL", list(nlp.tokenizer.pipe(channels)))
duration = re.compile(r"\b(?:\d+|ein|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf)\s+"
                      r"(?:minuten|stunden|tagen?|wochen?|monaten?|jahren?)\b", re.I)
n = hits = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    text = p.read_bytes().decode("utf-8", "replace")
    doc = nlp(text)
    hits += len(matcher(doc)) + len(duration.findall(text))
    n += 1
print(n, hits)
"""

#: channel words for the spaCy peer (lower-cased surface forms, as a phrase matcher needs them)
CHANNEL_WORDS = (
    "hotline", "telefon", "telefonisch", "angerufen", "anruf", "anrufe", "rief", "rückruf", "callcenter",
    "e-mail", "email", "mail", "mails", "e-mails", "brief", "briefe", "schreiben", "einschreiben", "fax",
    "chat", "live-chat", "kontaktformular", "formular", "online-formular", "kundenportal", "app",
    "techniker", "monteur", "filiale", "laden", "shop", "geschäftsstelle", "kundencenter", "persönlich",
    "twitter", "facebook", "instagram", "social media", "blog", "blogbeitrag", "forum", "community",
    "presse", "zeitung", "journalist", "verbraucherzentrale", "schlichtungsstelle", "bundesnetzagentur",
    "anwalt", "rechtsanwalt", "beschwerde", "beschwerdestelle", "vorstand", "geschäftsführung", "ombudsmann",
    "kurier", "bote", "paketbote", "zusteller",
)


#: runs of the floor program per size (the one with the median wall time is reported)
FLOOR_RUNS = 3


def peer_terms() -> tuple[list[str], list[str]]:
    """The extractor's company aliases (from its gazetteer table, when it has one) and the channel words."""
    companies: list[str] = []
    try:
        from servicestories.extract import gazetteer

        table = getattr(gazetteer, "_TABLE", "")
        for line in table.strip().splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3:
                continue
            companies.append(parts[0])
            companies += [re.sub(r"^(?:[~]|[pcsi]:)+", "", a).strip() for a in parts[2].split(";")]
    except ImportError:
        pass
    companies = sorted({c for c in companies if c})
    if not companies:
        sys.exit("error: no company names found for the spaCy peer")
    return companies, list(CHANNEL_WORDS)


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall and CPU time, peak RSS of its largest process and of its whole tree."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:  # proportional set size: pages shared after fork are counted once
                        total += p.memory_full_info().pss
                    except psutil.Error:
                        pass
                peak_tree = max(peak_tree, total)
            except psutil.Error:
                return
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "tree": peak_tree / 2**20, "rc": proc.returncode, "out": out.decode(), "err": err.decode()}


def corpus_for(n: int, work: Path, seed: int) -> Path:
    folder = work / f"posts-{n}-seed{seed}"
    done = folder / ".complete"
    if not done.exists():  # in a child process, so that this one stays small (children inherit its peak RSS)
        t = time.perf_counter()
        subprocess.run([PY, str(HERE / "make_corpus.py"), str(n), str(folder), "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        done.write_text("ok\n")
        print(f"  built {n:,} posts in {time.perf_counter() - t:.0f} s -> {folder}", flush=True)
    return folder


def warm_page_cache(folder: Path) -> None:
    """Read every file once, untimed, so that all three programs find the corpus in the page cache (otherwise the
    first program, the floor, pays for the disk alone)."""
    for p in folder.glob("*.txt"):
        with open(p, "rb") as fh:
            while fh.read(1 << 20):
                pass


def row(name: str, m: dict, n: int, words: int) -> str:
    return (f"  {name:8s} {m['wall']:8.1f} {m['cpu']:8.1f} {n / m['wall']:9.0f} {words / m['wall']:11.0f} "
            f"{n / max(m['cpu'], 1e-9):9.0f} {m['rss']:8.0f} {m['tree']:8.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--quick", action="store_true", help="one small size (1,000 posts) for development")
    ap.add_argument("--jobs", type=int, default=None, help="extract --jobs (default: every core)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "servicestories-bench",
                    help="where the generated corpora are kept between runs")
    ap.add_argument("--skip", default="", help="comma-separated programs not to run (floor, spacy, extract)")
    args = ap.parse_args(argv)
    sizes = [1000] if args.quick else [int(s) for s in re.split(r"[,\s]+", args.sizes.replace("_", "")) if s]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    jobs = args.jobs or os.cpu_count() or 1
    print(f"extract throughput: {os.cpu_count()} cores, extract --jobs {jobs}, seed {args.seed}, "
          f"python {sys.version.split()[0]}")
    for n in sizes:
        folder = corpus_for(n, args.work, args.seed)
        mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 2**20
        warm_page_cache(folder)
        # the floor takes about a second at 10,000 posts, so one run's noise moves the ratios most: median of three
        runs = sorted((measure([PY, "-c", FLOOR, str(folder)]) for _ in range(FLOOR_RUNS)), key=lambda m: m["wall"])
        floor = runs[FLOOR_RUNS // 2]
        n_files, words = (int(x) for x in floor["out"].split())
        print(f"\n{n_files:,} posts, {words:,} words, {mb:.1f} MiB")
        print(f"  {'program':8s} {'wall s':>8s} {'cpu s':>8s} {'posts/s':>9s} {'words/s':>11s} {'posts/cpu-s':>9s} "
              f"{'rss MiB':>8s} {'tree MiB':>8s}  (rss: largest process; tree: PSS sum)")
        print(row("floor", floor, n_files, words), flush=True)
        results = {"floor": floor}
        if "spacy" not in skip:
            m = measure([PY, "-c", SPACY, str(folder), str(HERE)])
            if m["rc"] != 0:
                print(f"  spacy failed: {m['err'].strip().splitlines()[-1:]}")
            else:
                results["spacy"] = m
                print(row("spacy", m, n_files, words), flush=True)
        if "extract" not in skip:
            with tempfile.TemporaryDirectory() as tmp:
                m = measure([PY, "-m", "servicestories", "extract", "--corpus", str(folder), "--out",
                             str(Path(tmp) / "codes.csv"), "--jobs", str(jobs), "--no-progress"])
            if m["rc"] != 0:
                print(f"  extract failed: {m['err'].strip().splitlines()[-1:]}")
            else:
                results["extract"] = m
                print(row("extract", m, n_files, words), flush=True)
        if "extract" in results:
            e = results["extract"]
            for peer in ("floor", "spacy"):
                if peer in results:
                    p = results[peer]
                    print(f"  extract / {peer}: {e['wall'] / p['wall']:.1f}x wall, {e['cpu'] / p['cpu']:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
