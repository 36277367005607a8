"""Throughput of the rule-based extractor vs. a plain NLTK tokenise-only pass over the same text.

A large synthetic corpus is built by resampling the sentences of the real posts (deterministic seed): each
synthetic post takes a real title and 8-40 sentences drawn with replacement from all bodies. Prints posts/s
and words/s for (a) NLTK tokenising only (German Punkt sentences + RegexpTokenizer words, via
servicestories.text) and (b) the full extraction (servicestories.extract.extract_post), and their ratio.

    .venv/bin/python benchmarks/extract_throughput.py            # 20,000 posts
    .venv/bin/python benchmarks/extract_throughput.py --posts 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import time


def build_corpus(n: int, seed: int = 0) -> list[tuple[str, str]]:
    from servicestories import text as T
    from servicestories.corpus import load_posts

    posts = load_posts()
    sentences = [s for body in posts["body"] for s in T.sentences(body)]
    titles = list(posts["title"])
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(8, 40)
        out.append((rng.choice(titles), " ".join(rng.choice(sentences) for _ in range(k))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=20_000, help="number of synthetic posts (default 20000)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from servicestories import text as T
    from servicestories.extract import extract_post

    t0 = time.perf_counter()
    corpus = build_corpus(args.posts, args.seed)
    build = time.perf_counter() - t0
    n_words = sum(len(T.words(title)) + len(T.words(body)) for title, body in corpus)
    n_chars = sum(len(t) + len(b) for t, b in corpus)
    print(f"corpus: {len(corpus)} posts, {n_words:,} words, {n_chars / 1e6:.1f} MB (built in {build:.1f} s, "
          f"seed {args.seed})")

    # warm-up: compile the regexes, load the lemma dictionary (pattern names check it)
    extract_post("Ich rief die Hotline der Telekom an. Der Plexora-Kundenservice half nicht.", title="Warm-up")
    t0 = time.perf_counter()
    for title, body in corpus:
        text = f"{title}\n\n{body}"
        for a, b in T.sentence_spans(text):
            T.tokens(text[a:b])
    tok = time.perf_counter() - t0

    t0 = time.perf_counter()
    for title, body in corpus:
        extract_post(body, title=title)
    ext = time.perf_counter() - t0

    def line(name, secs):
        print(f"{name:<22} {secs:8.1f} s  {len(corpus) / secs:9.1f} posts/s  {n_words / secs:11,.0f} words/s")

    line("NLTK tokenise only", tok)
    line("full extraction", ext)
    print(f"ratio extraction / tokenise-only: {ext / tok:.1f}x the time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
