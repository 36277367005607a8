"""servicestories.evaluation: the real-post evaluation set, its agreement rules, review-flag coverage, and the
coder's scores on the 40 real posts against the trivial baseline."""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from servicestories import evaluation as ev
from servicestories import paths
from servicestories.errors import ServiceStoriesError

SCORE_PY = paths.ROOT.parent / "shared" / "realposts" / "score.py"


# -- the evaluation set ------------------------------------------------------------------------------
def test_real_posts_are_byte_identical_to_the_listing():
    listing = (ev.REALPOSTS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    expected = dict(reversed(line.split(maxsplit=1)) for line in listing if line.strip())
    for name, digest in expected.items():
        data = (ev.REALPOSTS / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, (
            f"{name} changed: the evaluation texts must stay byte-identical")
    on_disk = {f"posts/{p.name}" for p in ev.POSTS_DIR.iterdir()}
    assert on_disk == {n for n in expected if n.startswith("posts/")}, "posts/ and SHA256SUMS list different files"
    assert len(on_disk) == 40 and "gold.csv" in expected


def test_gold_has_one_row_per_post():
    gold = ev.load_gold()
    assert sorted(gold.index) == sorted(p.stem for p in ev.POSTS_DIR.glob("*.txt"))
    assert gold["source_url"].str.startswith("http").all()


def test_project_corpus_does_not_include_the_evaluation_posts():
    from servicestories.corpus import load_posts

    ids = set(load_posts(cache=False)["post_id"])
    assert ids and not ids & set(ev.load_gold().index)
    assert ev.REALPOSTS not in paths.corpus_dir().resolve().parents and paths.corpus_dir() != ev.POSTS_DIR


# -- agreement rules (own examples) ------------------------------------------------------------------
@pytest.mark.parametrize(("gold", "pred", "same"), [
    ("Stadtwerke Nord", "stadtwerke nord", True),
    ("Stadtwerke Nord", "Stadtwerke Nord GmbH", True),       # one name contains the other
    ("Paketdienst X", "Paketdienst-X!", True),                 # punctuation ignored
    ("unnamed", "", True), ("unnamed", "unknown", True),
    ("unnamed", "Stadtwerke Nord", False), ("Stadtwerke Nord", "unnamed", False),
    ("Stadtwerke Nord", "Bahnhof Süd", False),
])
def test_company_match(gold, pred, same):
    assert ev.company_match(gold, pred) is same


@pytest.mark.parametrize(("gold", "pred", "same"), [
    ("", "", True), ("100", "150", True), ("150", "100", True), ("100", "151", False),
    ("", "24", False), ("24", "", False), ("24", "0", False), ("24", "nan", False),
])
def test_duration_match(gold, pred, same):
    assert ev.duration_match(gold, pred) is same


def _gold(rows):
    base = {"source_url": "http://example.invalid", "company": "unnamed", "sector": "isp", "channels": "phone",
            "resolution_channel": "none", "outcome": "unresolved", "n_contacts": "", "duration_text": "",
            "duration_hours": "", "public_escalation": "no", "evidence": "", "notes": ""}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["post_id"] = frame["post_file"].str.removesuffix(".txt")
    return frame.set_index("post_id", drop=False)


GOLD4 = [
    {"post_file": "a.txt", "company": "Stadtwerke Nord", "sector": "energy", "channels": "phone;email",
     "outcome": "resolved", "resolution_channel": "email", "n_contacts": "2"},
    {"post_file": "b.txt", "channels": "letter", "duration_text": "drei Wochen", "duration_hours": "504"},
    {"post_file": "c.txt", "company": "Paketdienst X", "sector": "logistics", "channels": "", "outcome": "unclear"},
    {"post_file": "d.txt", "outcome": "unresolved", "public_escalation": "yes", "channels": "social_media"},
]


def _pred(rows):
    return pd.DataFrame(rows)


def test_scores_and_channel_micro_f1():
    gold = _gold(GOLD4)
    pred = _pred([
        {"post_id": "a", "company": "Stadtwerke Nord GmbH", "sector": "energy", "channels": "phone",
         "resolution_channel": "email", "outcome": "resolved", "duration_hours": "", "public_escalation": "no"},
        {"post_id": "b", "company": "unnamed", "sector": "isp", "channels": "letter;phone",
         "resolution_channel": "none", "outcome": "unresolved", "duration_hours": "400", "public_escalation": "no"},
        {"post_id": "c", "company": "X", "sector": "logistics", "channels": "", "resolution_channel": "none",
         "outcome": "unresolved", "duration_hours": "24", "public_escalation": "no"},
        # d has no prediction row: counts as empty codes
    ])
    e = ev.evaluate(pred, gold)
    s = e.scores["coder"]
    # company: a (containment), b, c ("x" is contained in "paketdienstx"), d (no prediction ~ unnamed)
    assert s["company"] == 1.0
    assert s["sector"] == 0.75 and s["resolution_channel"] == 0.75   # d's empty prediction misses
    assert s["outcome"] == 0.5                                        # c: unclear vs unresolved; d empty
    assert s["duration"] == 0.75  # a, d (both empty), b (504/400 = 1.26); c: gold none, predicted 24
    # channels: tp = phone(a) + letter(b) = 2; fp = phone(b) = 1; fn = email(a) + social_media(d) = 2
    assert (round(e.channels_precision, 4), round(e.channels_recall, 4)) == (round(2 / 3, 4), 0.5)
    assert s["channels_f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert e.missing == ["d"]
    d = e.disagreements
    assert set(d.columns) == set(ev.DISAGREEMENT_COLUMNS)
    assert {(r.post_id, r.field, r.gold, r.auto) for r in d[d.field == "channels"].itertuples()} == {
        ("a", "channels", "email", "(absent)"), ("b", "channels", "(absent)", "phone"),
        ("d", "channels", "social_media", "(absent)")}
    assert ("c", "outcome") in set(zip(d.post_id, d.field))


def test_baseline_is_the_trivial_coder():
    e = ev.evaluate(ev.baseline_predictions(_gold(GOLD4)), _gold(GOLD4))
    pd.testing.assert_series_equal(e.scores["coder"], e.scores["baseline"], check_names=False)
    assert not e.scores["above_baseline"].any()


# -- review flags and coverage -----------------------------------------------------------------------
def _flagged_pred(needs_review):
    rows = [
        {"post_id": "a", "company": "Stadtwerke Nord", "sector": "energy", "channels": "phone;email",
         "resolution_channel": "email", "outcome": "resolved", "n_contacts": "2"},
        {"post_id": "b", "company": "Falsch AG", "sector": "isp", "channels": "letter",
         "resolution_channel": "none", "outcome": "resolved", "duration_hours": "504"},
        {"post_id": "c", "company": "Paketdienst X", "sector": "logistics", "channels": "phone",
         "resolution_channel": "none", "outcome": "unclear"},
        {"post_id": "d", "company": "unnamed", "sector": "isp", "channels": "social_media",
         "resolution_channel": "none", "outcome": "resolved", "public_escalation": "yes"},
    ]
    for r, flags in zip(rows, needs_review):
        r["needs_review"] = flags
    return _pred(rows)


def test_coverage_and_agreement_on_unflagged_codes():
    # wrong codes: b company, b outcome, d outcome, c channels (fp phone); the coder flags some of them
    pred = _flagged_pred(["", "company;outcome", "channels", "outcome;n_contacts"])
    e = ev.evaluate(pred, _gold(GOLD4))
    cov = e.coverage
    assert e.flags_reported
    assert cov.loc["company", "flagged"] == 1 and cov.loc["company", "coverage"] == 0.75
    assert cov.loc["company", "agreement_all"] == 0.75 and cov.loc["company", "agreement_unflagged"] == 1.0
    assert cov.loc["outcome", "coverage"] == 0.5
    assert cov.loc["outcome", "agreement_all"] == 0.5 and cov.loc["outcome", "agreement_unflagged"] == 1.0
    # channels: F1 over all posts has the fp of c; over unflagged posts (a, b, d) it is perfect
    assert cov.loc["channels", "agreement_all"] < 1.0 and cov.loc["channels", "agreement_unflagged"] == 1.0
    assert cov.loc["sector", "coverage"] == 1.0
    assert cov.loc["sector", "agreement_unflagged"] == cov.loc["sector", "agreement_all"] == 1.0
    # n_contacts: exact, both empty agree; d is flagged
    assert cov.loc["n_contacts", "coverage"] == 0.75 and cov.loc["n_contacts", "agreement_all"] == 1.0
    assert pd.isna(cov.loc["intervened_by", "agreement_all"])


def test_every_code_flagged_leaves_no_unflagged_agreement():
    pred = _flagged_pred([";".join(ev.REVIEW_FIELDS)] * 4)
    cov = ev.evaluate(pred, _gold(GOLD4)).coverage
    assert (cov["coverage"] == 0).all() and cov["agreement_unflagged"].isna().all()


def test_no_needs_review_column_means_no_flags_and_says_so():
    pred = _flagged_pred(["company"] * 4).drop(columns="needs_review")
    e = ev.evaluate(pred, _gold(GOLD4))
    assert not e.flags_reported and "no needs_review column" in e.flags_note()
    assert (e.coverage["coverage"] == 1.0).all() and (e.coverage["flagged"] == 0).all()
    assert "no needs_review column" in ev.report(e)


def test_unknown_field_in_needs_review_is_an_error():
    with pytest.raises(ServiceStoriesError, match=r"post b: needs_review names 'colour'"):
        ev.evaluate(_flagged_pred(["", "colour", "", ""]), _gold(GOLD4))


def test_confidence_columns_are_averaged_when_present():
    pred = _flagged_pred([""] * 4)
    pred["outcome_confidence"] = ["0.9", "0.5", "0.7", ""]
    cov = ev.evaluate(pred, _gold(GOLD4)).coverage
    assert cov.loc["outcome", "mean_confidence"] == pytest.approx(0.7)
    assert pd.isna(cov.loc["company", "mean_confidence"])


def test_bad_inputs_name_the_file(tmp_path):
    with pytest.raises(ServiceStoriesError, match="prediction CSV not found"):
        ev.read_predictions(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,company\nr01,X\n", encoding="utf-8")
    with pytest.raises(ServiceStoriesError, match=r"bad\.csv.*post_id"):
        ev.read_predictions(bad)


# -- same numbers as the set's own score.py ----------------------------------------------------------
def _perturbed_predictions(seed: int = 8) -> pd.DataFrame:
    """Gold codes with deterministic, varied errors: every rule of the scorer gets hits and misses."""
    rng = random.Random(seed)
    rows = []
    for pid, g in ev.load_gold().iterrows():
        r = {"post_id": pid, **{k: g[k] for k in ("company", "sector", "channels", "resolution_channel", "outcome",
                                                  "public_escalation", "duration_text", "duration_hours")}}
        r["company"] = rng.choice([g["company"], g["company"].upper() + " GmbH", "unnamed", "Irgendwer AG", ""])
        r["sector"] = rng.choice([g["sector"], "other"])
        chans = ev.labels(g["channels"])
        r["channels"] = rng.choice([";".join(sorted(chans)), ";".join(sorted(chans | {"blog"})),
                                    ";".join(sorted(chans)[1:]), "phone"])
        r["resolution_channel"] = rng.choice([g["resolution_channel"], "none", "phone"])
        r["outcome"] = rng.choice([g["outcome"], "unclear", "resolved"])
        r["public_escalation"] = rng.choice([g["public_escalation"], "yes"])
        h = ev.hours(g["duration_hours"])
        r["duration_hours"] = rng.choice(["", "24"] + ([f"{h * 1.4:g}", f"{h * 1.6:g}", f"{h:g}"] if h else []))
        rows.append(r)
    rows = [r for r in rows if r["post_id"] != "r07"]  # one post without a prediction
    return pd.DataFrame(rows)


def _score_py(pred_csv: Path) -> tuple[dict[str, float], dict[str, set[str]]]:
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} not found: the shared real-post folder is not beside the repository")
    out = subprocess.run([sys.executable, str(SCORE_PY), str(pred_csv), "--gold", str(ev.GOLD_CSV), "--details"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    last = out.strip().splitlines()[-1]
    numbers = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", last) if k != "n"}
    wrong = {}
    for line in out.splitlines():
        if m := re.match(r"^(r\d+): (.*)$", line):
            wrong[m.group(1)] = {part.split(":")[0].strip() for part in m.group(2).split(" | ")}
    return numbers, wrong


def _assert_same_as_score_py(pred: pd.DataFrame, tmp_path: Path):
    csv = tmp_path / "pred.csv"
    pred.to_csv(csv, index=False)
    theirs, their_wrong = _score_py(csv)
    e = ev.evaluate(csv)
    ours = {f: round(v, 2) for f, v in e.scores["coder"].items()}
    assert ours == pytest.approx(theirs, abs=1e-9)
    fields = ["company", "sector", "channels", "resolution_channel", "outcome", "public_escalation", "duration"]
    our_wrong = {pid: {f for f in fields if not row[f]} for pid, row in e.hits.iterrows()}
    assert {k: v for k, v in our_wrong.items() if v} == their_wrong


def test_same_numbers_as_score_py_on_perturbed_gold(tmp_path):
    _assert_same_as_score_py(_perturbed_predictions(), tmp_path)


# -- the coder on the real posts ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def coded():
    return ev.code_posts()


def test_same_numbers_as_score_py_on_the_coder(coded, tmp_path):
    _assert_same_as_score_py(coded[0], tmp_path)


def test_coder_beats_the_trivial_baseline_on_every_field_of_the_real_posts(coded):
    """In-sample (the coder was developed on these posts), so this is a floor, not an estimate."""
    pred, evidence = coded
    e = ev.evaluate(pred, evidence=evidence)
    assert not e.missing
    below = e.scores[~e.scores["above_baseline"]]
    assert below.empty, "coder not above the trivial baseline on: " + ", ".join(
        f"{f} {r.coder:.2f} vs {r.baseline:.2f}" for f, r in below.iterrows())
