"""A corpus is coded once: cached by content hash and coder version, recoded only where something changed."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from servicestories import coded
from servicestories.extract import parallel

STORIES = Path(__file__).parent / "fixtures" / "extract_stories"

# written for these tests (not from any post)
NEW_POST = ("Der Router geht nicht\n\nSeit zwei Wochen ist mein Internet bei Vodafone gestört. Ich habe dreimal bei "
            "der Hotline angerufen. Erst nach einer Beschwerde auf Twitter kam ein Techniker, seitdem läuft alles.\n")
CHANGED_POST = ("Kein Paket\n\nMein Paket von Hermes kam nie an. Ich schrieb zwei E-Mails an den Kundenservice, "
                "eine Antwort bekam ich nicht. Bis heute ist nichts passiert.\n")


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "posts"
    d.mkdir()
    for f in sorted(STORIES.glob("s0[1-4]*.txt")):
        shutil.copy(f, d / f.name)
    (d / "empty.txt").write_bytes(b"")
    return d


@pytest.fixture()
def coded_files(monkeypatch):
    """The names of the files the coder actually reads and codes (jobs=1 codes in this process)."""
    names: list[str] = []
    real = parallel.code_file

    def spy(path, draft=False):
        names.append(Path(path).name)
        return real(path, draft)

    monkeypatch.setattr(parallel, "code_file", spy)
    return names


def _code(corpus, tmp_path, **kw):
    return coded.code_corpus(corpus, jobs=1, cache_dir=tmp_path / "cache", **kw)


def test_second_call_reads_the_cache(corpus, tmp_path, coded_files):
    first = _code(corpus, tmp_path)
    assert first.n_coded == 5 and sorted(coded_files) == sorted(p.name for p in corpus.glob("*.txt"))
    coded_files.clear()
    second = _code(corpus, tmp_path)
    assert second.n_coded == 0 and coded_files == []
    assert (first.n_cached, second.n_cached) == (0, 5)  # the rejected empty file is served from the cache too
    pd.testing.assert_frame_equal(first.codes(), second.codes())
    pd.testing.assert_frame_equal(first.evidence(), second.evidence())
    # seen = coded + rejected, and the rejected file says why
    assert list(first.index["source_file"]) == sorted(p.name for p in corpus.glob("*.txt"))
    assert first.rejected == [("empty.txt", "empty file (0 bytes)")]
    assert list(first.codes()["post_id"]) == ["s01_bank", "s02_parcel", "s03_airline", "s04_energy"]


def test_added_or_changed_post_is_coded_alone(corpus, tmp_path, coded_files):
    before = _code(corpus, tmp_path).codes().set_index("post_id")
    coded_files.clear()
    (corpus / "s05_new.txt").write_text(NEW_POST, encoding="utf-8")
    after = _code(corpus, tmp_path)
    assert coded_files == ["s05_new.txt"] and (after.n_coded, after.n_cached) == (1, 5)
    codes = after.codes().set_index("post_id")
    assert codes.loc["s05_new", "company"] == "Vodafone"
    pd.testing.assert_frame_equal(codes.drop(index="s05_new"), before)

    coded_files.clear()
    (corpus / "s02_parcel.txt").write_text(CHANGED_POST, encoding="utf-8")
    changed = _code(corpus, tmp_path)
    assert coded_files == ["s02_parcel.txt"] and changed.n_coded == 1
    c = changed.codes().set_index("post_id")
    assert c.loc["s02_parcel", "outcome"] == "unresolved" and c.loc["s02_parcel", "company"] == "Hermes"
    # a removed post disappears from the coded corpus; nothing is recoded
    coded_files.clear()
    (corpus / "s03_airline.txt").unlink()
    removed = _code(corpus, tmp_path)
    assert coded_files == [] and "s03_airline" not in set(removed.codes()["post_id"])


def test_renamed_post_keeps_its_codes_under_the_new_name(corpus, tmp_path, coded_files):
    first = _code(corpus, tmp_path).codes().set_index("post_id")
    coded_files.clear()
    (corpus / "s01_bank.txt").rename(corpus / "s09_bank.txt")
    again = _code(corpus, tmp_path)
    assert coded_files == []
    c = again.codes().set_index("post_id")
    assert c.loc["s09_bank", "source_file"] == "s09_bank.txt"
    assert c.loc["s09_bank", "company"] == first.loc["s01_bank", "company"]
    ev = again.evidence()
    assert set(ev["post_id"]) == {"s02_parcel", "s03_airline", "s04_energy", "s09_bank"}


def test_new_coder_version_recodes_everything(corpus, tmp_path, coded_files, monkeypatch):
    _code(corpus, tmp_path)
    coded_files.clear()
    monkeypatch.setattr(coded, "coder_version", lambda extract_dir=None: "a-changed-rule")
    again = _code(corpus, tmp_path)
    assert again.n_coded == 5 and len(coded_files) == 5
    assert set(again.codes()["coder_version"]) == {"a-changed-rule"}


def test_coder_version_follows_the_rule_files(tmp_path):
    src = Path(coded.__file__).parent / "extract"
    copy = tmp_path / "extract"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    v1 = coded.coder_version(copy)
    assert v1 == coded.coder_version(copy) == coded.coder_version(src)
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # bytecode does not count
    coded._hash_files.cache_clear()
    assert coded.coder_version(copy) == v1
    with open(copy / "gazetteer.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a rule changed\n")
    coded._hash_files.cache_clear()
    assert coded.coder_version(copy) != v1


def test_parts_are_written_in_chunks(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(coded, "PART_ROWS", 2)
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 2)
    cc = _code(corpus, tmp_path)
    assert len(list(cc.directory.glob("codes-*.parquet"))) == 3  # 5 files, 2 per part
    whole = coded.code_corpus(corpus, jobs=1, cache_dir=tmp_path / "other")
    pd.testing.assert_frame_equal(cc.codes().drop(columns="sha256"), whole.codes().drop(columns="sha256"))
    pd.testing.assert_frame_equal(cc.evidence(), whole.evidence())


def test_load_codes_reads_the_cache_for_a_user_corpus(corpus, tmp_path, monkeypatch):
    from servicestories.casebook import load_codes, load_companies
    from servicestories.corpus import load_posts
    from servicestories.extract.draft import draft_frames

    monkeypatch.setenv("SERVICESTORIES_CODED", str(tmp_path / "coded"))
    monkeypatch.setenv("SERVICESTORIES_JOBS", "1")
    codes = load_codes(corpus)
    assert codes.source == "automatic" and codes.rejected == [("empty.txt", "empty file (0 bytes)")]
    (corpus / "empty.txt").unlink()
    cases, events = draft_frames(load_posts(corpus))
    pd.testing.assert_frame_equal(codes.cases.drop(columns=["needs_review"]), cases)
    pd.testing.assert_frame_equal(codes.events, events)
    fields = {"company", "sector", "channels", "resolution_channel", "outcome", "n_contacts", "duration",
              "public_escalation", "intervened_by"}
    assert all(set(filter(None, v.split(";"))) <= fields for v in codes.cases["needs_review"])
    assert {"n_words", "n_comments", "title"} <= set(codes.posts.columns) and "body" not in codes.posts
    # the next notebook does not code again
    (corpus / "empty.txt").write_bytes(b"")

    def fail(*a, **k):
        raise AssertionError("coded again")

    monkeypatch.setattr(parallel, "code_file", fail)
    again = load_codes(corpus)
    pd.testing.assert_frame_equal(again.cases, codes.cases)
    alone = load_codes(corpus, steps=False)  # notebook 03 and the write-up: the cases without their steps
    assert alone.events is None and codes.cases["n_steps"].max() > 1
    pd.testing.assert_frame_equal(alone.cases, codes.cases)
    companies = load_companies(corpus)  # the one column notebook 06 groups by, read alone
    pd.testing.assert_series_equal(companies, codes.cases.set_index("post_id")["company"])
    assert companies.notna().all() and companies.nunique() > 1


def test_many_edits_are_compacted(corpus, tmp_path, monkeypatch):
    """Adding posts one at a time leaves small parts behind; past MAX_PARTS they are merged and stale rows
    (posts no longer in the folder) dropped."""
    import pyarrow.parquet as pq

    monkeypatch.setattr(coded, "MAX_PARTS", 3)
    _code(corpus, tmp_path)
    for i in range(2):
        (corpus / f"t{i}.txt").write_text(NEW_POST.replace("zwei Wochen", f"{i + 2} Tagen"), encoding="utf-8")
        cc = _code(corpus, tmp_path)
    assert len(list(cc.directory.glob("codes-*.parquet"))) == 3
    (corpus / "t0.txt").unlink()
    (corpus / "t2.txt").write_text(NEW_POST.replace("zwei Wochen", "neun Tagen"), encoding="utf-8")
    cc = _code(corpus, tmp_path)
    parts = list(cc.directory.glob("codes-*.parquet"))
    assert len(parts) == 1 and pq.ParquetFile(parts[0]).metadata.num_rows == 7  # t0 dropped
    fresh = coded.code_corpus(corpus, jobs=1, cache_dir=tmp_path / "fresh")
    pd.testing.assert_frame_equal(cc.codes(), fresh.codes())
    pd.testing.assert_frame_equal(cc.evidence(), fresh.evidence())
    for a, b in zip(cc.draft_frames(), fresh.draft_frames()):
        pd.testing.assert_frame_equal(a, b)


def test_an_error_while_storing_stops_the_workers_at_once(tmp_path, monkeypatch):
    import multiprocessing

    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(3 * parallel.CHUNK_SIZE):  # several chunks: a pool of two workers starts
        (folder / f"{i:03d}.txt").write_text(f"Beitrag {i}\n\nDie Hotline rief {i} Mal zurück.\n", "utf-8")

    def full_disk(self, f):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(coded._Store, "add", full_disk)
    with pytest.raises(OSError, match="No space left"):
        coded.code_corpus(folder, jobs=2, cache_dir=tmp_path / "cache")
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("corpus_dir", [None, STORIES])
def test_codes_without_steps_have_the_same_cases_and_note(corpus_dir, tmp_path, monkeypatch):
    from servicestories import escalation
    from servicestories.casebook import load_codes

    monkeypatch.setenv("SERVICESTORIES_CODED", str(tmp_path / "coded"))
    monkeypatch.setenv("SERVICESTORIES_JOBS", "1")
    whole, alone = load_codes(corpus_dir), load_codes(corpus_dir, steps=False)
    assert alone.events is None and len(whole.events) > len(whole.cases)
    pd.testing.assert_frame_equal(alone.cases, whole.cases)
    assert escalation.source_note(alone) == escalation.source_note(whole)
    assert f"{len(whole.events)} steps" in escalation.source_note(alone)


@pytest.mark.parametrize("corpus_dir", [None, STORIES])
def test_a_selection_of_step_columns_is_the_same_steps_with_fewer_columns(corpus_dir, tmp_path, monkeypatch):
    from servicestories.casebook import load_codes

    monkeypatch.setenv("SERVICESTORIES_CODED", str(tmp_path / "coded"))
    monkeypatch.setenv("SERVICESTORIES_JOBS", "1")
    whole = load_codes(corpus_dir)
    for steps, columns in ((["channel"], ["post_id", "case_id", "step", "channel"]),
                           ("actor", ["post_id", "case_id", "step", "actor"]),
                           (["title", "quote"], ["post_id", "case_id", "step", "quote", "title"]),
                           ([], ["post_id", "case_id", "step"])):
        lean = load_codes(corpus_dir, steps=steps)
        pd.testing.assert_frame_equal(lean.events, whole.events[columns])
        pd.testing.assert_frame_equal(lean.cases, whole.cases)


def test_an_unknown_step_column_is_refused_before_anything_is_coded(corpus, monkeypatch):
    from servicestories import casebook

    def fail(*a, **k):
        raise AssertionError("coded")

    monkeypatch.setattr(casebook, "code_user_corpus", fail)
    with pytest.raises(ValueError, match=r"no step column 'chanel' \(the steps have post_id, step, channel"):
        casebook.load_codes(corpus, steps=["chanel"])
