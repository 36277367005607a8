"""Score automatic codes against the gold codes of the real posts in ``data/evaluation/realposts/``.

The agreement rules are those of the set's own ``score.py`` (the rules every real-post evaluation of the
project uses), so the numbers printed here and by that script are the same:

* ``company``: case- and punctuation-insensitive; one name containing the other counts ("Telekom" ~ "Deutsche
  Telekom"); ``unnamed`` (or an empty / ``none`` / ``unknown`` cell) matches only its own kind;
* ``sector``, ``resolution_channel``, ``outcome``, ``public_escalation``: exact label (normalised);
* ``channels``: micro precision / recall / F1 over the ``;``-separated label sets of all posts;
* ``duration``: both empty, or both present and within a factor of 1.5 of each other (hours).

The **trivial baseline** always answers unnamed / isp / phone / none / unresolved / no / no duration.

**Review flags.** A coder may mark the codes it is unsure of: a ``needs_review`` column (``;``-joined names
from :data:`REVIEW_FIELDS`) and ``<field>_confidence`` columns. :func:`coverage` reports, per field, the share
of posts whose code is not flagged (coverage), agreement on those unflagged posts, and agreement on all posts.
When the prediction has no ``needs_review`` column, the coder reports no flags: every code counts as
unflagged and :attr:`Evaluation.flags_reported` is ``False`` (printed as such).

All 40 real posts are development data for the coder: every score here is **in-sample**.

Command line: ``python -m servicestories.evaluation [--pred CSV] [--details]`` (without ``--pred`` it codes
the project's copy of the posts first).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .errors import ServiceStoriesError

REALPOSTS: Path = paths.DATA / "evaluation" / "realposts"
POSTS_DIR: Path = REALPOSTS / "posts"
GOLD_CSV: Path = REALPOSTS / "gold.csv"

#: Scored fields, in the order of ``score.py``.
FIELDS: tuple[str, ...] = ("company", "sector", "channels_f1", "resolution_channel", "outcome",
                           "public_escalation", "duration")
#: Targets on real posts the coder has not seen (issue 8), per scored field: shown for orientation next to the
#: in-sample scores, never as a result.
TARGETS: dict[str, float] = {"company": 0.85, "sector": 0.75, "channels_f1": 0.80, "resolution_channel": 0.85,
                             "outcome": 0.65, "public_escalation": 0.85, "duration": 0.75}
#: The trivial coder: the same answer for every post.
BASELINE: dict[str, str] = {"company": "unnamed", "sector": "isp", "channels": "phone", "resolution_channel": "none",
                            "outcome": "unresolved", "public_escalation": "no", "duration_hours": "",
                            "duration_text": "", "n_contacts": ""}
#: Field names a coder may list in ``needs_review``.
REVIEW_FIELDS: tuple[str, ...] = ("company", "sector", "channels", "resolution_channel", "outcome", "n_contacts",
                                  "duration", "public_escalation", "intervened_by")
#: Label fields compared exactly (after :func:`norm`).
LABEL_FIELDS: tuple[str, ...] = ("sector", "resolution_channel", "outcome", "public_escalation")
#: Field -> column holding the code in gold and prediction.
CODE_COLUMN: dict[str, str] = {"duration": "duration_hours"}
#: Field -> evidence records of the coder (``extract --evidence``) that back the code.
EVIDENCE_FIELD: dict[str, str] = {"company": "company", "sector": "company", "resolution_channel": "resolution_channel",
                                  "outcome": "outcome", "public_escalation": "public_escalation",
                                  "duration": "duration", "n_contacts": "n_contacts",
                                  "intervened_by": "intervened_by"}
DISAGREEMENT_COLUMNS = ["post_id", "field", "gold", "auto", "gold_quote", "auto_quote", "gold_notes"]


# -- agreement rules (identical to score.py) ---------------------------------------------------------
def norm(value) -> str:
    """Lower-case, NFKC, only letters a-z, digits, ``&`` and German letters kept."""
    s = unicodedata.normalize("NFKC", _s(value).strip().lower())
    return re.sub(r"[^a-z0-9&äöüß]+", "", s)


def company_match(gold, pred) -> bool:
    g, p = norm(gold), norm(pred)
    empty = ("unnamed", "", "none", "unknown")
    if g in empty or p in empty:
        return g in empty and p in empty
    return g == p or g in p or p in g


def labels(value) -> set[str]:
    return {x.strip() for x in re.split(r"[;,|]", _s(value)) if x.strip()}


def hours(value) -> float | None:
    s = _s(value).strip()
    if s in ("", "nan", "None", "<NA>"):
        return None
    try:
        return float(s)
    except ValueError:
        return None


def duration_match(gold, pred) -> bool:
    g, p = hours(gold), hours(pred)
    if g is None and p is None:
        return True
    if g is None or p is None or p <= 0 or g <= 0:
        return False
    return max(g, p) / min(g, p) <= 1.5


def _s(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# -- inputs ------------------------------------------------------------------------------------------
def _key(value) -> str:
    return Path(_s(value)).name.removesuffix(".txt")


def load_gold(path: str | Path = GOLD_CSV) -> pd.DataFrame:
    """The gold codes, all cells as text, with ``post_id`` (= file stem, ``r01``) as the index."""
    path = Path(path)
    if not path.is_file():
        raise ServiceStoriesError("gold codes not found", path)
    gold = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if "post_file" not in gold:
        raise ServiceStoriesError("gold codes need a 'post_file' column", path)
    gold["post_id"] = gold["post_file"].map(_key)
    return gold.set_index("post_id", drop=False)


def read_predictions(path: str | Path) -> pd.DataFrame:
    """A CSV written by ``python -m servicestories extract``: text cells, keyed by ``post_id`` (or ``post_file``)."""
    path = Path(path)
    if not path.is_file():
        raise ServiceStoriesError("prediction CSV not found", path)
    pred = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return _keyed(pred, path)


def _keyed(pred: pd.DataFrame, where: str | Path = "predictions") -> pd.DataFrame:
    pred = pred.copy()
    if "post_id" in pred:
        pred["post_id"] = pred["post_id"].map(_key)
    elif "post_file" in pred:
        pred["post_id"] = pred["post_file"].map(_key)
    else:
        raise ServiceStoriesError("predictions need a 'post_id' (or 'post_file') column", where)
    dup = pred["post_id"][pred["post_id"].duplicated()]
    if len(dup):
        raise ServiceStoriesError(f"post {dup.iloc[0]!r} has more than one prediction row", where)
    return pred.set_index("post_id", drop=False)


def baseline_predictions(gold: pd.DataFrame) -> pd.DataFrame:
    """The trivial coder's answer for every gold post."""
    frame = pd.DataFrame([{"post_id": pid, **BASELINE} for pid in gold.index])
    return frame.set_index("post_id", drop=False)


# -- scoring -----------------------------------------------------------------------------------------
def _row(pred: pd.DataFrame, pid: str) -> dict:
    return pred.loc[pid].to_dict() if pid in pred.index else {}


def post_hits(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """One row per gold post: a boolean per field (``channels`` = the label sets are equal) plus the channel
    counts ``tp``/``fp``/``fn`` of that post. Posts without a prediction row count as empty predictions."""
    rows = []
    for pid, g in gold.iterrows():
        p = _row(pred, pid)
        gs, ps = labels(g["channels"]), labels(p.get("channels", ""))
        row = {"post_id": pid,
               "company": company_match(g["company"], p.get("company", "")),
               "duration": duration_match(g["duration_hours"], p.get("duration_hours", "")),
               "channels": gs == ps, "tp": len(gs & ps), "fp": len(ps - gs), "fn": len(gs - ps)}
        for f in LABEL_FIELDS:
            row[f] = norm(g[f]) == norm(p.get(f, ""))
        rows.append(row)
    cols = ["post_id", "company", "sector", "channels", "resolution_channel", "outcome", "public_escalation",
            "duration", "tp", "fp", "fn"]
    return pd.DataFrame(rows, columns=cols).set_index("post_id", drop=False)


def channel_prf(hits: pd.DataFrame) -> tuple[float, float, float]:
    """Micro precision, recall, F1 over the posts of ``hits`` (0.0 where undefined, as score.py)."""
    tp, fp, fn = int(hits["tp"].sum()), int(hits["fp"].sum()), int(hits["fn"].sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def field_scores(hits: pd.DataFrame) -> dict[str, float]:
    """Share of posts in agreement per field; ``channels_f1`` is the micro F1."""
    n = len(hits)
    out = {f: (float(hits[f].sum()) / n if n else float("nan")) for f in FIELDS if f != "channels_f1"}
    out["channels_f1"] = channel_prf(hits)[2] if n else float("nan")
    return {f: out[f] for f in FIELDS}


def scores_table(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """Per field: the coder's agreement, the trivial baseline's, and whether the coder is above it."""
    ours = field_scores(post_hits(gold, pred))
    base = field_scores(post_hits(gold, baseline_predictions(gold)))
    table = pd.DataFrame({"field": list(FIELDS), "coder": [ours[f] for f in FIELDS],
                          "baseline": [base[f] for f in FIELDS]})
    table["above_baseline"] = table["coder"] > table["baseline"]
    table["posts"] = len(gold)
    return table.set_index("field")


# -- disagreements -----------------------------------------------------------------------------------
def _auto_quote(evidence: pd.DataFrame | None, pred_row: dict, pid: str, field: str, value: str = "") -> str:
    if evidence is not None and len(evidence):
        name = f"channel:{value}" if field == "channels" else EVIDENCE_FIELD.get(field, field)
        hit = evidence[(evidence["post_id"] == pid) & (evidence["field"] == name)]
        if len(hit):
            return _s(hit["sentence"].iloc[0])
    if field == "outcome":  # the extract CSV's own evidence column backs the outcome
        return _s(pred_row.get("evidence", ""))
    return ""


def disagreements(gold: pd.DataFrame, pred: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every disagreement: post, field, gold code, automatic code, the gold quote (the gold evidence for outcome
    and resolution channel, the duration phrase for duration), the coder's evidence sentence, the gold notes.
    Channels give one row per label that only one side has."""
    rows = []
    hits = post_hits(gold, pred)
    for pid, g in gold.iterrows():
        p, h = _row(pred, pid), hits.loc[pid]
        base = {"post_id": pid, "gold_notes": g.get("notes", "")}
        for f in ("company", "sector", "resolution_channel", "outcome", "public_escalation", "duration"):
            if h[f]:
                continue
            col = CODE_COLUMN.get(f, f)
            gv, pv = _s(g[col]), _s(p.get(col, ""))
            if f == "duration":
                gv = f"{g['duration_text']} ({gv} h)" if gv else "(none)"
                pv = f"{_s(p.get('duration_text', ''))} ({pv} h)" if hours(pv) is not None else "(none)"
            gq = {"outcome": g["evidence"], "resolution_channel": g["evidence"],
                  "duration": g["duration_text"]}.get(f, "")
            rows.append({**base, "field": f, "gold": gv, "auto": pv, "gold_quote": gq,
                         "auto_quote": _auto_quote(evidence, p, pid, f)})
        gs, ps = labels(g["channels"]), labels(p.get("channels", ""))
        for c in sorted(ps - gs):
            rows.append({**base, "field": "channels", "gold": "(absent)", "auto": c, "gold_quote": "",
                         "auto_quote": _auto_quote(evidence, p, pid, "channels", c)})
        for c in sorted(gs - ps):
            rows.append({**base, "field": "channels", "gold": c, "auto": "(absent)", "gold_quote": "",
                         "auto_quote": ""})
    return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)


# -- review flags ------------------------------------------------------------------------------------
def review_flags(pred: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A boolean frame (post x :data:`REVIEW_FIELDS`, True = flagged) and whether the prediction carries a
    ``needs_review`` column at all. Without the column every code counts as unflagged. An unknown field name
    in the column raises :class:`~servicestories.errors.ServiceStoriesError` naming the post."""
    flags = pd.DataFrame(False, index=pred.index, columns=list(REVIEW_FIELDS))
    if "needs_review" not in pred.columns:
        return flags, False
    for pid, cell in pred["needs_review"].items():
        for name in (x.strip() for x in _s(cell).split(";")):
            if not name:
                continue
            if name not in REVIEW_FIELDS:
                raise ServiceStoriesError(f"post {pid}: needs_review names {name!r}, not one of "
                                          f"{', '.join(REVIEW_FIELDS)}")
            flags.loc[pid, name] = True
    return flags, True


def _n_contacts_hits(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.Series:
    """Exact agreement on n_contacts (both empty agrees); not part of score.py."""
    def same(pid):
        g, p = hours(gold.loc[pid, "n_contacts"]), hours(_row(pred, pid).get("n_contacts", ""))
        return g == p
    return pd.Series({pid: same(pid) for pid in gold.index}, dtype=bool)


def coverage(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """Per reviewable field: posts, flagged, coverage (share not flagged), agreement on the unflagged posts,
    agreement on all posts (channels: micro F1 over the posts concerned) and the mean ``<field>_confidence``
    when the coder writes one. ``intervened_by`` has no gold code: agreement is NaN."""
    hits = post_hits(gold, pred)
    flags, _ = review_flags(pred)
    flags = flags.reindex(gold.index, fill_value=False)
    contacts = _n_contacts_hits(gold, pred)
    rows = []
    for f in REVIEW_FIELDS:
        unflagged = ~flags[f]
        if f == "channels":
            on_all = channel_prf(hits)[2]
            on_unflagged = channel_prf(hits[unflagged])[2] if unflagged.any() else float("nan")
        elif f in ("intervened_by",):
            on_all = on_unflagged = float("nan")
        else:
            ok = contacts if f == "n_contacts" else hits[f]
            on_all = float(ok.mean()) if len(ok) else float("nan")
            on_unflagged = float(ok[unflagged].mean()) if unflagged.any() else float("nan")
        conf_col = f"{f}_confidence"
        conf = (pd.to_numeric(pred[conf_col].reindex(gold.index), errors="coerce").mean()
                if conf_col in pred.columns else float("nan"))
        rows.append({"field": f, "posts": len(gold), "flagged": int(flags[f].sum()),
                     "coverage": float(unflagged.mean()) if len(gold) else float("nan"),
                     "agreement_unflagged": on_unflagged, "agreement_all": on_all, "mean_confidence": conf})
    return pd.DataFrame(rows).set_index("field")


# -- one call ----------------------------------------------------------------------------------------
@dataclass
class Evaluation:
    """Everything notebook 07 shows about one set of predictions on the real posts."""

    scores: pd.DataFrame
    channels_precision: float
    channels_recall: float
    coverage: pd.DataFrame
    flags_reported: bool
    disagreements: pd.DataFrame
    hits: pd.DataFrame
    missing: list[str]

    def flags_note(self) -> str:
        if self.flags_reported:
            return "The coder writes a needs_review column: coverage = share of posts whose code is not flagged."
        return ("The coder writes no needs_review column: treated as 'coder reports no flags', so every code counts "
                "as unflagged and coverage is 1.00 by construction.")


def evaluate(pred: pd.DataFrame | str | Path, gold: pd.DataFrame | str | Path = GOLD_CSV,
             evidence: pd.DataFrame | None = None) -> Evaluation:
    """Score predictions (a frame or an ``extract`` CSV) against the gold codes (default: the project's copy)."""
    gold = gold if isinstance(gold, pd.DataFrame) else load_gold(gold)
    pred = read_predictions(pred) if isinstance(pred, (str, Path)) else _keyed(pred)
    hits = post_hits(gold, pred)
    prec, rec, _ = channel_prf(hits)
    _, reported = review_flags(pred)
    return Evaluation(scores=scores_table(gold, pred), channels_precision=prec, channels_recall=rec,
                      coverage=coverage(gold, pred), flags_reported=reported,
                      disagreements=disagreements(gold, pred, evidence), hits=hits,
                      missing=sorted(set(gold.index) - set(pred.index)))


def code_posts(folder: str | Path = POSTS_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``python -m servicestories extract`` (in this process) on ``folder``; return the CSV it writes and the
    evidence CSV, read back as text: exactly what a user of the command gets."""
    from .cli import main

    with tempfile.TemporaryDirectory() as tmp:
        out, ev = Path(tmp) / "codes.csv", Path(tmp) / "evidence.csv"
        log = io.StringIO()
        with contextlib.redirect_stderr(log):  # the command's progress line; shown only if it fails
            rc = main(["extract", "--corpus", str(folder), "--out", str(out), "--evidence", str(ev),
                       "--no-progress"])
        if rc != 0:
            raise ServiceStoriesError(f"extract failed with exit code {rc}: {log.getvalue().strip()}", folder)
        pred = read_predictions(out)
        evidence = pd.read_csv(ev, dtype=str, keep_default_na=False, encoding="utf-8")
    return pred, evidence


def evaluate_coder(folder: str | Path = POSTS_DIR, gold: str | Path = GOLD_CSV) -> Evaluation:
    """Code the real posts with the current coder and score the result."""
    pred, evidence = code_posts(folder)
    return evaluate(pred, gold, evidence)


# -- command line ------------------------------------------------------------------------------------
def report(ev: Evaluation, details: bool = False) -> str:
    """The text ``python -m servicestories.evaluation`` prints."""
    lines = [f"{'field':20s} {'coder':>6s} {'baseline':>9s}  above"]
    for f, r in ev.scores.iterrows():
        lines.append(f"{f:20s} {r.coder:6.2f} {r.baseline:9.2f}  {'yes' if r.above_baseline else 'NO'}")
    lines.append(f"channels precision {ev.channels_precision:.2f} recall {ev.channels_recall:.2f}; "
                 f"posts without a prediction: {len(ev.missing)}; all scores in-sample (development posts)")
    lines.append(ev.flags_note())
    lines.append(f"{'field':20s} {'coverage':>8s} {'unflagged':>9s} {'all':>6s}")
    for f, r in ev.coverage.iterrows():
        lines.append(f"{f:20s} {r.coverage:8.2f} {r.agreement_unflagged:9.2f} {r.agreement_all:6.2f}")
    if details:
        for r in ev.disagreements.itertuples():
            lines.append(f"{r.post_id} {r.field}: gold {r.gold!r} vs auto {r.auto!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m servicestories.evaluation", description=__doc__.splitlines()[0])
    ap.add_argument("--pred", type=Path, help="an extract CSV to score (default: code the real posts now)")
    ap.add_argument("--gold", type=Path, default=GOLD_CSV, help="gold codes (default: the project's copy)")
    ap.add_argument("--details", action="store_true", help="list every disagreement")
    a = ap.parse_args(argv)
    try:
        ev = evaluate(a.pred, a.gold) if a.pred else evaluate_coder(gold=a.gold)
    except ServiceStoriesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(ev, a.details))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
