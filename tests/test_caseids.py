"""One case per post: ``case_ids`` keeps the short ``NNN`` of ``NNN_slug`` only where no other post shares it."""

from __future__ import annotations

from servicestories.casebook import load_codes
from servicestories.caseids import case_ids


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
