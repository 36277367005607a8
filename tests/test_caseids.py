"""One case per post: ``case_ids`` keeps the short ``NNN`` of ``NNN_slug`` only where no other post shares it."""

from __future__ import annotations

import pandas as pd

from servicestories import escalation
from servicestories.casebook import load_codes
from servicestories.caseids import case_ids, case_label, shown_ids


def test_numbered_file_names_give_the_number():
    assert case_ids(["000_vista", "001_mail", "002_hosting"]).to_dict() == {
        "000_vista": "000", "001_mail": "001", "002_hosting": "002"}


def test_a_shared_prefix_keeps_the_whole_post_id_and_every_post_its_own_case():
    ids = case_ids(["blog_1", "blog_2", "007_x", "solo", "solo_2", "_hidden", "plain"])
    assert ids.to_dict() == {"blog_1": "blog_1", "blog_2": "blog_2", "007_x": "007", "solo": "solo",
                             "solo_2": "solo_2", "_hidden": "_hidden", "plain": "plain"}
    assert ids.is_unique


def test_repeated_post_ids_map_once():
    assert case_ids(["a_1", "a_1", "b_1"]).to_dict() == {"a_1": "a", "b_1": "b"}


def test_a_user_corpus_with_a_shared_file_name_prefix_has_one_case_per_post(tmp_path, monkeypatch):
    # invented posts whose file names share the part before the first "_" (e.g. exported as blog_<n>.txt)
    corpus = tmp_path / "posts"
    corpus.mkdir()
    stories = ("Die Hotline von Fernwerk hat mich dreimal vertröstet. Am Ende kam ein Techniker.",
               "Ich habe Paketdienst Blitz per E-Mail geschrieben. Niemand hat geantwortet.",
               "Der Support von Stromfix rief nach zwei Wochen zurück und hat das Problem gelöst.")
    for i, body in enumerate(stories, start=1):
        (corpus / f"blog_{i}.txt").write_text(f"Ärger Nummer {i}\n\n{body}\n", encoding="utf-8")
    monkeypatch.setenv("SERVICESTORIES_CODED", str(tmp_path / "coded"))
    codes = load_codes(corpus)
    assert sorted(codes.cases["case_id"]) == ["blog_1", "blog_2", "blog_3"]
    assert set(codes.events["case_id"]) <= set(codes.cases["case_id"])
    assert (codes.events.groupby("case_id")["post_id"].nunique() == 1).all()


LONG = [f"Mein langer Bericht über die Hotline und den Rückruf, Teil {i} vom Sommer" for i in (1, 2, 3)]


def test_short_ids_are_shown_whole_and_long_ones_cut_so_that_each_stays_told_apart():
    assert shown_ids(["000", "blog_1"]) == {"000": "000", "blog_1": "blog_1"}
    shown = shown_ids([*LONG, "000"])
    assert shown["000"] == "000"
    assert all(len(shown[i]) <= 24 and shown[i].startswith("Mein") and "…" in shown[i] for i in LONG)
    assert [shown[i][-12:] for i in LONG] == ["1 vom Sommer", "2 vom Sommer", "3 vom Sommer"]
    assert len(set(shown.values())) == 4


def test_ids_that_differ_only_deep_inside_stay_whole():
    ids = ["a" * 30 + "1" + "b" * 30, "a" * 30 + "2" + "b" * 30]
    assert shown_ids(ids) == {i: i for i in ids}


def test_a_case_label_names_the_company_shortened_and_unnamed_when_empty():
    assert case_label("Microsoft", "000") == "Microsoft (000)"
    assert case_label(None, "001") == case_label(float("nan"), "001") == case_label(" ", "001") == "unnamed (001)"
    assert case_label("Stadtwerke Altenbrück Energie und Wasser", "002") == "Stadtwerke Altenbrück E… (002)"
    assert case_label("Fernwerk", LONG[0], shown_ids(LONG)) == f"Fernwerk ({shown_ids(LONG)[LONG[0]]})"


def test_the_chart_labels_of_cases_with_long_file_names_stay_short_and_distinct():
    cases = pd.DataFrame({"case_id": LONG, "company": ["Fernwerk", None, "Paketdienst Blitz"]})
    labels = escalation.case_labels(cases)
    assert labels.is_unique and labels.str.len().max() <= 24 + 3 + 24
    assert labels.iloc[1].startswith("unnamed (Mein")
