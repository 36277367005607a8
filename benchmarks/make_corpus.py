"""Build a deterministic test corpus of N German posts by resampling the sentences of real posts.

    .venv/bin/python benchmarks/make_corpus.py 2000 /tmp/posts-2000 [--seed 0] [--source DIR]

Each post takes a real title and 8-40 sentences drawn (with replacement) from the bodies of all source posts,
in paragraphs of 2-6 sentences, plus one or two framing sentences naming the post's company. Companies follow a
long-tailed (Zipf) distribution, as in a real corpus: a few big companies in many posts, then a long tail of
regional utilities, shops and trades. Files are ``000001.txt`` ... (title on the first line); the bytes depend
only on N, the seed and the source posts. No two posts have the same text.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "data" / "evaluation" / "realposts" / "posts", ROOT.parent / "shared" / "realposts" / "posts")

BIG = ("Telekom", "Vodafone", "O2", "1&1", "DHL", "Hermes", "Deutsche Bahn", "Amazon", "Sparkasse", "Allianz",
       "E.ON", "Vattenfall", "IKEA", "MediaMarkt", "Zalando", "Otto", "Lufthansa", "Commerzbank", "ING", "Congstar",
       "Sky", "Eurowings", "HUK-Coburg", "Deutsche Post", "GLS", "Unitymedia", "Saturn", "Tchibo", "PayPal", "eBay")
TOWNS = ("Altenbrück", "Bad Saulgau", "Lindenhof", "Oberweiler", "Rosenau", "Kirchheim", "Waldau", "Neustett",
         "Birkenfeld", "Hohenlinden", "Steinbach", "Eichstedt", "Mühlhausen", "Talheim", "Seefeld", "Burgdorf")
SURNAMES = ("Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Wolf",
            "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Kaiser")
TRADES = ("Haustechnik", "Küchen", "Möbel", "Elektro", "Autohaus", "Reisen", "Versand", "Fenster", "Solar",
          "Sanitär", "Hausverwaltung", "Telekommunikation", "Fahrräder", "Optik", "Immobilien")
FORMS = ("GmbH", "AG", "GmbH & Co. KG", "KG", "e.K.")
# framing sentences written for this generator (not taken from any post)
OPENERS = (
    "Mein Ärger mit {c} begann an einem gewöhnlichen Montag.",
    "Seit ein paar Monaten bin ich Kunde bei {c}.",
    "Diesmal geht es um {c}.",
    "Eigentlich war ich mit {c} immer zufrieden.",
    "Vor einiger Zeit habe ich bei {c} einen neuen Vertrag abgeschlossen.",
    "Ich schreibe das hier, weil ich mit {c} nicht mehr weiterweiß.",
)
CLOSERS = (
    "So viel zu meinen Erfahrungen mit {c}.",
    "Mal sehen, wie es mit {c} weitergeht.",
    "Ob ich bei {c} bleibe, weiß ich noch nicht.",
    "",
    "",
)


def source_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    for d in SOURCES:
        if d.is_dir():
            return d
    sys.exit("error: no source posts found; pass --source DIR")


def companies(rng: random.Random) -> tuple[list[str], list[float]]:
    """Big brands first, then a long tail of invented regional firms; Zipf weights 1/rank."""
    tail = [f"Stadtwerke {t}" for t in TOWNS]
    tail += [f"{s} {t} {rng.choice(FORMS)}" for s in SURNAMES for t in TRADES]
    rng.shuffle(tail)
    names = list(BIG) + tail
    return names, [1.0 / (rank + 1) for rank in range(len(names))]


def load_source(folder: Path) -> tuple[list[str], list[str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from servicestories import text as T
    from servicestories.corpus import read_post

    titles, sentences = [], []
    for p in sorted(folder.glob("*.txt")):
        row, _comments, _dec = read_post(p)
        titles.append(" ".join(row["title"].split()))
        sentences += [" ".join(s.split()) for s in T.sentences(row["body"]) if len(s.split()) >= 3]
    if not titles or not sentences:
        sys.exit(f"error: {folder}: no usable source posts")
    return titles, sentences


def make_post(rng: random.Random, titles, sentences, names, weights) -> str:
    company = rng.choices(names, weights)[0]
    k = rng.randint(8, 40)
    body = [rng.choice(OPENERS).format(c=company)] + [rng.choice(sentences) for _ in range(k)]
    closer = rng.choice(CLOSERS).format(c=company)
    if closer:
        body.append(closer)
    paragraphs, i = [], 0
    while i < len(body):
        n = rng.randint(2, 6)
        paragraphs.append(" ".join(body[i:i + n]))
        i += n
    return f"{rng.choice(titles)}\n\n" + "\n\n".join(paragraphs) + "\n"


def build(n: int, out: Path, seed: int = 0, source: str | None = None) -> Path:
    titles, sentences = load_source(source_dir(source))
    rng = random.Random(seed)
    names, weights = companies(rng)
    out.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    width = max(6, len(str(n)))
    for i in range(1, n + 1):
        while True:
            text = make_post(rng, titles, sentences, names, weights)
            digest = hashlib.sha256(text.strip().encode("utf-8")).digest()
            if digest not in seen:
                seen.add(digest)
                break
        (out / f"{i:0{width}d}.txt").write_bytes(text.encode("utf-8"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of posts")
    ap.add_argument("outdir", type=Path, help="folder to write (created; existing NNNNNN.txt files overwritten)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default=None, help="folder of real posts to resample (default: "
                                                   "data/evaluation/realposts/posts, else ../shared/realposts/posts)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("n must be at least 1")
    build(args.n, args.outdir, args.seed, args.source)
    print(f"{args.n} posts -> {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
