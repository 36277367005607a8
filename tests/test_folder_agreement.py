"""folder_agreement: scoring a labelled folder of invented stories (unit-test material only)."""

import pandas as pd

from servicestories.extract.validate import folder_agreement

POSTS = {
    "a_bank": "Ärger mit der Sparkasse\n\nIch rief bei der Hotline der Sparkasse an. Seit drei Wochen warte ich "
              "auf mein Geld, niemand antwortet mehr.\n",
    "b_shop": "Otto hat geliefert\n\nIch schrieb Otto eine E-Mail. Zwei Tage später kam das Paket, alles gut.\n",
}


def _folder(tmp_path, rows):
    for name, text in POSTS.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    pd.DataFrame(rows).to_csv(tmp_path / "expected.csv", index=False)
    return tmp_path


def test_scores_count_agreeing_posts(tmp_path):
    from servicestories.corpus import load_posts
    from servicestories.extract import extract_corpus, to_frame

    auto = to_frame(extract_corpus(load_posts(_folder(tmp_path, [{"post_id": "a_bank"}, {"post_id": "b_shop"}]),
                                              cache=False)), None).set_index("post_id")
    # expected = the coder's own output, except one deliberately different company and a far-off duration
    rows = []
    for pid in POSTS:
        r = auto.loc[pid]
        rows.append({"post_id": pid, "company": r.company.upper(), "sector": r.sector, "channels": r.channels,
                     "resolution_channel": r.resolution_channel, "outcome": r.outcome,
                     "duration_hours": r.duration_hours, "public_escalation": r.public_escalation,
                     "intervened_by": r.intervened_by})
    rows[1]["company"] = "Somebody Else"
    rows[0]["duration_hours"] = 10_000
    scores = folder_agreement(_folder(tmp_path, rows)).set_index("field")
    assert scores.loc["company", "agree"] == 1  # case-insensitive match on a_bank, mismatch on b_shop
    assert scores.loc["outcome", "agree"] == 2
    assert scores.loc["duration (factor 1.5)", "agree"] == 1
    assert scores.loc["channels (F1)", "accuracy"] == 1.0
    assert (scores["posts"] == 2).all()
