"""Hostile input: every command (load, extract, draft-codes) on broken, odd and malicious files.

For every case: the exit code, exactly one clear line naming the file (and the line where it applies) per
problem, no traceback, and ``files seen = loaded + rejected`` in the report.

The committed fixtures are in ``tests/fixtures/hostile/corpus`` (written by ``make_fixtures.py`` beside it).
Entries git cannot store — named pipes, symbolic links (loops, broken, pointing outside), unreadable files,
file names with control characters or bytes that are not UTF-8, a 5 MB one-line post — are created at test time.
Most cases run in-process (fast); a representative subset runs the real command line as a subprocess.

Unreadable files: CI runs as root, and root reads a ``chmod 000`` file anyway, so that test is skipped for root
and the same path (``open()`` fails with "Permission denied") is simulated by making ``os.open`` fail.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, ROOT
from servicestories import corpus as corpus_mod
from servicestories.cli import main

HOSTILE = FIXTURES / "hostile" / "corpus"
L, R = "loaded", "rejected"

#: fixture -> (loaded or rejected, [one regex per report line about this file: the rejection or each warning])
EXPECTED: dict[str, tuple[str, list[str]]] = {
    # encodings
    "utf8_plain.txt": (L, []),
    "utf8_bom.txt": (L, []),
    "utf8_bom_crlf.txt": (L, []),
    "crlf.txt": (L, []),
    "cr_only.txt": (L, []),
    "cp1252.txt": (L, [r"not UTF-8 \(byte 0xC4 on line 1\); decoded as cp1252"]),
    "latin1.txt": (L, [r"not UTF-8 \(byte 0xC4 on line 1\); decoded as cp1252"]),
    "latin1_c1_control.txt": (L, [r"not UTF-8 \(byte 0xC4 on line 1\); decoded as latin-1"]),
    "mixed_utf8_cp1252.txt": (L, [r"mixed encodings: lines 5, 6 not UTF-8 .*"
                                  r"decoded those as cp1252, the rest as UTF-8"]),
    "invalid_utf8_at_end.txt": (L, [r"mixed encodings: line 7 not UTF-8 \(first bad byte 0xC3\)"]),
    "utf8_overlong.txt": (L, [r"mixed encodings: line 3 not UTF-8 \(first bad byte 0xC0\)"]),
    "utf16le_bom.txt": (L, [r"UTF-16 file \(LE, with byte-order mark\); decoded as UTF-16"]),
    "utf16be_bom.txt": (L, [r"UTF-16 file \(BE, with byte-order mark\); decoded as UTF-16"]),
    "utf16le_nobom.txt": (L, [r"UTF-16 file \(LE, without byte-order mark\); decoded as UTF-16"]),
    "utf16be_nobom.txt": (L, [r"UTF-16 file \(BE, without byte-order mark\); decoded as UTF-16"]),
    "utf16le_bom_odd_bytes.txt": (L, [r"UTF-16 .* not a whole number of 2-byte units "
                                      r"\(truncated\?\).*last 1 byte dropped"]),
    "utf16le_bom_crlf.txt": (L, [r"UTF-16 file \(LE, with byte-order mark\)"]),
    "utf16le_bom_lone_surrogate.txt": (R, [r"line 4: invalid UTF-16-LE data at byte offset \d+ "
                                           r"\(illegal UTF-16 surrogate\)"]),
    "utf32le_bom.txt": (L, [r"UTF-32 file \(LE, with byte-order mark\); decoded as UTF-32"]),
    "utf32be_bom.txt": (L, [r"UTF-32 file \(BE, with byte-order mark\); decoded as UTF-32"]),
    "utf32le_nobom.txt": (L, [r"UTF-32 file \(LE, without byte-order mark\); decoded as UTF-32"]),
    # binary, control characters, nothing to read
    "nul_byte.txt": (R, [r"line 4: binary file, not a text post \(NUL byte at offset \d+\)"]),
    "binary_png.txt": (R, [r"binary file, not a text post \(NUL byte at offset 8\)"]),
    "gzip_data.txt": (R, [r"binary file, not a text post \(NUL byte"]),
    "control_chars_few.txt": (L, [r"control characters removed \(line 3\)"]),
    "control_chars_many.txt": (R, [r"binary file, not a text post \(too many control characters\)"]),
    "empty.txt": (R, [r"empty file \(0 bytes\)"]),
    "whitespace_only.txt": (R, [r"file holds only whitespace"]),
    "bom_only.txt": (R, [r"file holds only whitespace and invisible characters"]),
    "utf16_bom_only.txt": (R, [r"file holds only whitespace and invisible characters"]),
    "invisible_only.txt": (R, [r"file holds only whitespace and invisible characters"]),
    "only_title.txt": (R, [r"only a title \('Nur ein Titel, keine Geschichte'\), no story text"]),
    "title_then_blank_lines.txt": (R, [r"only a title \('Noch ein Titel ohne Text'\), no story text"]),
    "only_date.txt": (R, [r"no text in file"]),
    "comments_only.txt": (R, [r"only a title"]),
    # invisible and direction characters, HTML, spreadsheet formulas
    "zero_width_space.txt": (L, []),
    "soft_hyphen.txt": (L, []),
    "rtl_override.txt": (L, [r"bidirectional control characters \(.*right-to-left override.*\) on line 1"]),
    "emoji_zwj.txt": (L, []),
    "nfd_umlauts.txt": (L, []),
    "html_script_title.txt": (L, []),
    "formula_title_cmd.txt": (L, []),
    "formula_title_plus.txt": (L, []),
    "formula_title_minus.txt": (L, []),
    "formula_title_at.txt": (L, []),
    "formula_body_hyperlink.txt": (L, []),
    # sizes
    "long_single_line.txt": (L, []),
    "long_title.txt": (L, []),
    "many_lines.txt": (L, []),
    "english.txt": (L, []),
    # file names
    "name with spaces.txt": (L, []),
    "dollar$HOME.txt": (L, []),
    "backtick`touch pwned`.txt": (L, []),
    "quote'single.txt": (L, []),
    'quote"double.txt': (L, []),
    "semi;colon&amp.txt": (L, []),
    "umlaut_äöü_ß.txt": (L, []),
    "UPPER_SUFFIX.TXT": (L, []),
    "mixed_Suffix.Txt": (L, []),
    # duplicates, hidden
    "dup_a_original.txt": (L, []),
    "dup_b_same_content.txt": (R, [r"same content as dup_a_original\.txt \(duplicate post\)"]),
    "dup_c_crlf_variant.txt": (R, [r"same content as dup_a_original\.txt \(duplicate post\)"]),
    ".hidden.txt": (R, [r"hidden file \(name starts with a dot\)"]),
}
#: entries that are not posts: listed as ignored, never silently dropped
IGNORED = ["nested/", "notes.md", "post.txt.bak"]
#: a fixture whose expectation needs another file beside it
COMPANIONS = {"dup_b_same_content.txt": ["dup_a_original.txt"], "dup_c_crlf_variant.txt": ["dup_a_original.txt"]}

ANCHOR = ("Die Waschmaschine und der Kundendienst\n\nIm Mai bestellte ich eine Waschmaschine, die mit einer Delle "
          "ankam. Ich rief zweimal an und schrieb einen Brief, dann kam ein Ersatzgerät.\n")


# -- helpers -----------------------------------------------------------------------------------------
def run(capsys, *args) -> tuple[int, str, str]:
    """The command line in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def cli(*args, timeout=300, env=None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "servicestories", *map(str, args)], cwd=ROOT, capture_output=True,
                       text=True, timeout=timeout, check=False, env=None if env is None else {**os.environ, **env})
    assert "Traceback" not in r.stdout + r.stderr, r.stderr
    return r


def report_lines(text: str) -> dict[str, list[tuple[str, str]]]:
    """File name -> [(kind, message)] for the ``rejected`` / ``warning`` lines of a load report."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        m = re.match(r"^  (rejected|warning) +(.+?): (.*)$", line)
        if m:
            found.setdefault(m[2], []).append((m[1], m[3]))
    return found


def assert_adds_up(text: str) -> tuple[int, int, int]:
    m = re.search(r"files seen: (\d+)  loaded: (\d+)  rejected: (\d+)", text)
    assert m, text
    seen, loaded, rejected = map(int, m.groups())
    assert seen == loaded + rejected
    return seen, loaded, rejected


def assert_file_lines(found: dict, name: str, status: str, patterns: list[str]) -> None:
    """Exactly one line per expected problem, each naming the file."""
    lines = found.get(name, [])
    kinds = [k for k, _ in lines]
    if status == R:
        assert kinds.count("rejected") == 1, (name, lines)
        assert re.search(patterns[0], dict(lines)["rejected"]), (name, lines)
    else:
        assert "rejected" not in kinds, (name, lines)
        assert len(lines) == len(patterns), (name, lines)
        for (_, msg), pattern in zip(lines, patterns):
            assert re.search(pattern, msg), (name, msg, pattern)


def make_corpus(tmp_path: Path, *names: str) -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    (d / "anchor.txt").write_text(ANCHOR, encoding="utf-8")
    for name in names:
        shutil.copy(HOSTILE / name, d / name)
    return d


def no_formula_cells(csv_path: Path) -> None:
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    for col in frame.columns:
        assert not frame[col].str.match(r"^[=+\-@\t\r]").any(), (col, frame[col][frame[col].str.match(r"^[=+\-@]")])


# -- the committed fixtures ----------------------------------------------------------------------------
def test_every_fixture_has_an_expectation():
    on_disk = sorted(p.name for p in HOSTILE.iterdir() if p.name.lower().endswith(".txt"))
    assert on_disk == sorted(EXPECTED)
    assert len(EXPECTED) >= 50
    assert sorted(p.name + ("/" if p.is_dir() else "") for p in HOSTILE.iterdir()
                  if not p.name.lower().endswith(".txt")) == IGNORED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_each_fixture(name, tmp_path, capsys):
    status, patterns = EXPECTED[name]
    corpus = make_corpus(tmp_path, name, *COMPANIONS.get(name, []))
    out = tmp_path / "posts.csv"
    code, stdout, stderr = run(capsys, "load", "--corpus", corpus, "--out", out)
    assert code == (1 if status == R else 0), stdout + stderr
    seen, _loaded, rejected = assert_adds_up(stdout)
    assert seen == 2 + len(COMPANIONS.get(name, []))
    assert_file_lines(report_lines(stdout), name, status, patterns)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert "anchor.txt" in frame.source_file.tolist()  # the good post beside it is never lost
    assert (name in frame.source_file.tolist()) == (status == L)
    no_formula_cells(out)
    if status == R:
        assert stderr.strip().splitlines() == [f"error: {rejected} of {seen} files rejected"]


def test_load_whole_hostile_folder_in_a_subprocess(tmp_path):
    """The real command line on every fixture at once, plus entries git cannot store."""
    corpus = tmp_path / "corpus"
    shutil.copytree(HOSTILE, corpus)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "loop.txt").symlink_to("loop.txt")
    (corpus / "broken.txt").symlink_to("nowhere.txt")
    (corpus / "folder.txt").mkdir()
    out = tmp_path / "posts.csv"
    r = cli("load", "--corpus", corpus, "--out", out, env={"PYTHONIOENCODING": "ascii"})  # a terminal without "ä"
    assert r.returncode == 1
    seen, loaded, rejected = assert_adds_up(r.stdout)
    assert seen == len(EXPECTED) + 4
    found = report_lines(r.stdout)
    for name, (status, patterns) in EXPECTED.items():
        assert_file_lines(found, name, status, patterns)
    for name in ("pipe.txt", "loop.txt", "broken.txt", "folder.txt"):
        assert [k for k, _ in found[name]] == ["rejected"]
    assert "ignored (not .txt): nested/, notes.md, post.txt.bak" in r.stdout
    posts = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("source_file")
    assert len(posts) == loaded == sum(s == L for s, _ in EXPECTED.values())
    no_formula_cells(out)
    assert posts.loc["formula_title_cmd.txt", "title"] == "'=cmd|' /C calc'!A0"
    assert posts.loc["html_script_title.txt", "title"].startswith("<script>")  # data, kept verbatim
    mixed = posts.loc["mixed_utf8_cp1252.txt", "text"]
    assert "kündigen" in mixed and "nächsten" in mixed and "Ã" not in mixed  # line by line, no mojibake
    assert posts.loc["mixed_utf8_cp1252.txt", "encoding"] == "mixed"
    assert "\u200b" not in posts.loc["zero_width_space.txt", "body"] and "Hotline" in posts.loc[
        "zero_width_space.txt", "body"]
    assert "Mitarbeiterin" in posts.loc["soft_hyphen.txt", "body"]
    assert posts.loc["utf16le_bom_odd_bytes.txt", "encoding"] == "utf-16"
    assert r.stderr.strip().splitlines() == [f"error: {rejected} of {seen} files rejected"]


def test_extract_whole_hostile_folder(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(HOSTILE, corpus)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "loop.txt").symlink_to("loop.txt")
    out = tmp_path / "codes.csv"
    code, _stdout, stderr = run(capsys, "extract", "--corpus", corpus, "--out", out, "--no-progress")
    assert code == 1
    seen, _loaded, _rejected = assert_adds_up(stderr)
    assert seen == len(EXPECTED) + 2
    rejected_names = [n for n, (s, _) in EXPECTED.items() if s == R] + ["pipe.txt", "loop.txt"]
    for name in rejected_names:
        assert sum(line.startswith(f"not coded {name}: ") for line in stderr.splitlines()) == 1, name
    for name, (status, patterns) in EXPECTED.items():
        if status == L:
            warns = [line for line in stderr.splitlines() if line.startswith(f"warning: {name}: ")]
            assert len(warns) == len(patterns), (name, warns)
    codes = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(codes) == seen  # every file seen gets a row; rejected ones say why
    no_formula_cells(out)


DRAFT_CASES = [n for n, (s, _) in EXPECTED.items() if s == R and not n.startswith("dup_")] + [
    "cp1252.txt", "mixed_utf8_cp1252.txt", "utf16le_bom_odd_bytes.txt", "utf32le_nobom.txt",
    "formula_title_cmd.txt", "formula_body_hyperlink.txt", "html_script_title.txt", "rtl_override.txt",
    "backtick`touch pwned`.txt", "dollar$HOME.txt", "UPPER_SUFFIX.TXT",
]


@pytest.mark.parametrize("name", DRAFT_CASES)
def test_draft_codes_each_fixture(name, tmp_path, capsys):
    status, patterns = EXPECTED[name]
    if name == ".hidden.txt":  # named explicitly, a hidden file is read (only folder scans skip hidden names)
        status = L
    code, _stdout, stderr = run(capsys, "draft-codes", HOSTILE / name, "--out-dir", tmp_path)
    if status == R:
        assert code == 1
        assert stderr.count("\n") == 1 and stderr.startswith("error: ") and name in stderr, stderr
        assert re.search(patterns[0].replace("line 4: ", ""), stderr), stderr
        if patterns[0].startswith("line "):
            assert f"{name}:4:" in stderr  # file:line: reason
        assert list(tmp_path.iterdir()) == []
    else:
        assert code == 0, stderr
        stem = Path(name).stem
        for kind in ("cases", "events"):
            no_formula_cells(tmp_path / f"{stem}.{kind}.csv")


# -- entries created at test time ------------------------------------------------------------------------
def _fifo(d):
    os.mkfifo(d / "pipe.txt")
    return "pipe.txt", R, r"not a regular file \(a named pipe\); not opened"


def _loop(d):
    (d / "loop.txt").symlink_to("loop.txt")
    return "loop.txt", R, r"symbolic link loop"


def _loop_pair(d):
    (d / "ping.txt").symlink_to("pong.txt")
    (d / "pong.txt").symlink_to("ping.txt")
    return "ping.txt", R, r"symbolic link loop"


def _broken(d):
    (d / "broken.txt").symlink_to("gone.txt")
    return "broken.txt", R, r"broken symbolic link \(its target gone\.txt does not exist\)"


def _folder(d):
    (d / "folder.txt").mkdir()
    (d / "folder.txt" / "inner.txt").write_text(ANCHOR.replace("Mai", "Juni"), encoding="utf-8")
    return "folder.txt", R, r"is a folder, not a file"


def _link_to_folder(d):
    (d / "target_dir").mkdir()
    (d / "dirlink.txt").symlink_to("target_dir")
    return "dirlink.txt", R, r"is a folder, not a file"


def _link_to_fifo(d):
    os.mkfifo(d / "fifo_target")
    (d / "fifolink.txt").symlink_to("fifo_target")
    return "fifolink.txt", R, r"named pipe"


def _device(d):
    (d / "zero.txt").symlink_to("/dev/zero")  # endless: must never be read
    return "zero.txt", R, r"not a regular file \(a character device\); not opened"


def _socket(d):
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(d / "sock.txt"))
    sock.close()
    return "sock.txt", R, r"not a regular file \(a socket\); not opened"


def _hidden(d):
    (d / ".x.txt").write_text(ANCHOR.replace("Mai", "März"), encoding="utf-8")
    return ".x.txt", R, r"hidden file"


def _outside(d):
    target = d.parent / "elsewhere.txt"
    target.write_text(ANCHOR.replace("Mai", "April"), encoding="utf-8")
    (d / "outside.txt").symlink_to(target)
    return "outside.txt", L, r"symbolic link to a file outside the corpus folder \(.*elsewhere\.txt\); read anyway"


def _inside_link(d):
    (d / "zz_alias.txt").symlink_to("anchor.txt")
    return "zz_alias.txt", R, r"same content as anchor\.txt \(duplicate post\)"


def _case_collision(d):
    (d / "ANCHOR.TXT").write_text(ANCHOR.replace("Mai", "August"), encoding="utf-8")
    return "anchor.txt", R, r"same post_id as ANCHOR\.TXT \(the names differ only in upper/lower case"


def _unicode_collision(d):
    (d / "m\u00e4rz.txt").write_text(ANCHOR.replace("Mai", "September"), encoding="utf-8")
    (d / "ma\u0308rz.txt").write_text(ANCHOR.replace("Mai", "Oktober"), encoding="utf-8")
    return "m\u00e4rz.txt", R, "same post_id as ma\u0308rz\\.txt .*Unicode form"


def _newline_name(d):
    (d / "two\nlines.txt").write_text(ANCHOR.replace("Mai", "Juli"), encoding="utf-8")
    return "two\\nlines.txt", R, r"file name contains control or formatting characters \(\\n\); rename the file"


def _tab_name(d):
    (d / "tab\tname.txt").write_text(ANCHOR.replace("Mai", "November"), encoding="utf-8")
    return "tab\\tname.txt", R, r"file name contains control or formatting characters \(\\t\)"


def _bad_bytes_name(d):
    Path(os.fsdecode(os.fsencode(d) + b"/caf\xe9.txt")).write_text(ANCHOR.replace("Mai", "Dezember"), "utf-8")
    return "caf\\xe9.txt", R, r"file name is not valid UTF-8; rename the file"


def _rtl_name(d):
    (d / "invoice\u202etxt.exe.txt").write_text(ANCHOR.replace("Mai", "Januar"), encoding="utf-8")
    return "invoice\\u202etxt.exe.txt", R, r"file name contains control or formatting characters \(\\u202e\)"


def _five_mb_line(d):
    # one 5 MB line without sentence ends, like a scraped page dump (a 5 MB story of 125,000 sentences also
    # loads, but NLTK needs half a minute for it)
    (d / "five_mb.txt").write_text("Fünf Megabyte\n\n" + "Hotline-besetzt-warten;" * 220_000, encoding="utf-8")
    return "five_mb.txt", L, None


def _too_large(d):
    (d / "huge.txt").write_bytes(b"Gross\n\n" + b"x" * (corpus_mod.MAX_BYTES + 1))
    return "huge.txt", R, r"file too large"


TEST_TIME = [_fifo, _loop, _loop_pair, _broken, _folder, _link_to_folder, _link_to_fifo, _device, _socket, _hidden,
             _outside, _inside_link, _case_collision, _unicode_collision, _newline_name, _tab_name, _bad_bytes_name,
             _rtl_name, _five_mb_line]


@pytest.mark.parametrize("make", TEST_TIME, ids=lambda f: f.__name__.strip("_"))
def test_load_test_time_entry(make, tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    shown, status, pattern = make(corpus)
    code, stdout, _stderr = run(capsys, "load", "--corpus", corpus)
    _seen, _loaded, _rejected = assert_adds_up(stdout)
    found = report_lines(stdout)
    assert code == (1 if status == R else 0), stdout
    if status == R:
        assert [k for k, _ in found[shown]] == ["rejected"], found
        assert re.search(pattern, found[shown][0][1]), found[shown]
    else:
        assert "rejected" not in [k for k, _ in found.get(shown, [])]
        if pattern:
            assert re.search(pattern, found[shown][0][1])
    assert all("\n" not in name and "\t" not in name for name in found)  # one line per problem


@pytest.mark.parametrize("make", TEST_TIME, ids=lambda f: f.__name__.strip("_"))
def test_extract_test_time_entry(make, tmp_path, capsys, monkeypatch):
    if make is _five_mb_line:
        pytest.skip("coding a 5 MB post is slow; the loader test covers it")
    corpus = make_corpus(tmp_path)
    shown, status, _pattern = make(corpus)
    out = tmp_path / "codes.csv"
    code, _, stderr = run(capsys, "extract", "--corpus", corpus, "--out", out, "--no-progress")
    seen, _loaded, _rejected = assert_adds_up(stderr)
    assert code == (1 if status == R else 0), stderr
    assert len(pd.read_csv(out, dtype=str)) == seen
    if status == R:
        assert sum(line.startswith(f"not coded {shown}: ") for line in stderr.splitlines()) == 1, stderr


@pytest.mark.parametrize("make", [_fifo, _loop, _loop_pair, _broken, _folder, _link_to_fifo, _device, _newline_name,
                                  _bad_bytes_name], ids=lambda f: f.__name__.strip("_"))
def test_draft_codes_test_time_entry(make, tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    shown, _status, pattern = make(corpus)
    entry = next(p for p in corpus.iterdir() if p.name != "anchor.txt" and corpus_mod.shown_name(p.name) == shown)
    out_dir = tmp_path / "drafts"
    code, _stdout, stderr = run(capsys, "draft-codes", entry, "--out-dir", out_dir)
    assert code == 1
    assert stderr.count("\n") == 1 and shown in stderr and re.search(pattern, stderr), stderr
    assert not out_dir.exists()


def test_draft_codes_on_a_symlink_loop_in_a_subprocess(tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    r = cli("draft-codes", tmp_path / "loop.txt", "--out-dir", tmp_path / "drafts")
    assert r.returncode == 1
    expected = f"error: {tmp_path / 'loop.txt'}: symbolic link loop (the link points back to itself)"
    assert r.stderr.strip().splitlines() == [expected]


def test_too_large_file_is_rejected_unread(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(corpus_mod, "MAX_BYTES", 1000)
    corpus = make_corpus(tmp_path)
    shown, _, pattern = _too_large(corpus)
    code, stdout, _ = run(capsys, "load", "--corpus", corpus)
    assert code == 1 and re.search(rf"rejected {shown}: {pattern}", stdout)


def test_unreadable_file_simulated(tmp_path, capsys, monkeypatch):
    """What ``chmod 000`` does for a normal user, also when the tests run as root: ``open()`` fails."""
    corpus = make_corpus(tmp_path)
    (corpus / "secret.txt").write_text(ANCHOR.replace("Mai", "Februar"), encoding="utf-8")
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, stdout, _ = run(capsys, "load", "--corpus", corpus)
    assert code == 1 and "rejected secret.txt: cannot read file (Permission denied)" in stdout
    assert_adds_up(stdout)
    code, _, stderr = run(capsys, "draft-codes", corpus / "secret.txt", "--out-dir", tmp_path / "d")
    assert code == 1 and stderr.strip() == f"error: {corpus / 'secret.txt'}: cannot read file (Permission denied)"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_chmod_000(tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    secret = corpus / "secret.txt"
    secret.write_text(ANCHOR.replace("Mai", "Februar"), encoding="utf-8")
    secret.chmod(0)
    try:
        code, stdout, _ = run(capsys, "load", "--corpus", corpus)
    finally:
        secret.chmod(0o644)
    assert code == 1 and "rejected secret.txt: cannot read file (Permission denied)" in stdout


# -- folders and output paths: user errors (exit code 3) -----------------------------------------------------
def test_deeply_nested_posts_are_not_silently_dropped(tmp_path, capsys):
    deep = tmp_path / "corpus"
    (deep / "a" / "b" / "c" / "d" / "e").mkdir(parents=True)
    (deep / "a" / "b" / "c" / "d" / "e" / "post.txt").write_text(ANCHOR, encoding="utf-8")
    code, _, stderr = run(capsys, "load", "--corpus", deep)
    assert code == 3
    assert stderr.strip() == f"error: {deep}: no posts (*.txt files) in this folder (subfolders are not read: a)"


@pytest.mark.parametrize("command", ["load", "extract"])
def test_corpus_folder_is_a_symlink_loop(command, tmp_path, capsys):
    loop = tmp_path / "posts"
    loop.symlink_to("posts")
    code, _, stderr = run(capsys, command, "--corpus", loop, "--out", tmp_path / "out.csv")
    assert code == 3
    expected = f"error: {loop}: symbolic link loop (the corpus folder link points back to itself)"
    assert stderr.strip().splitlines() == [expected]


@pytest.mark.parametrize("command", ["load", "extract"])
def test_output_into_a_missing_folder(command, tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "missing" / "out.csv"
    code, _, stderr = run(capsys, command, "--corpus", corpus, "--out", out)
    assert code == 3
    assert stderr.strip().splitlines() == [f"error: {out.parent}: output folder does not exist"]


@pytest.mark.parametrize("command", ["load", "extract"])
def test_output_is_a_folder(command, tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out.csv"
    out.mkdir()
    code, _, stderr = run(capsys, command, "--corpus", corpus, "--out", out)
    assert code == 3 and stderr.strip().splitlines() == [f"error: {out}: is a folder, not a file: give a file name"]
    assert [p.name for p in tmp_path.iterdir()] == ["corpus", "out.csv"]  # no .tmp left behind


def test_draft_codes_missing_post_and_out_dir_is_a_file(tmp_path, capsys):
    code, _, stderr = run(capsys, "draft-codes", tmp_path / "nope.txt")
    assert code == 3 and stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such post file"
    corpus = make_corpus(tmp_path)
    (tmp_path / "file").write_text("x")
    code, _, stderr = run(capsys, "draft-codes", corpus / "anchor.txt", "--out-dir", tmp_path / "file")
    assert code == 3 and "is a file, not a folder" in stderr and stderr.count("\n") == 1


def _fail_mkstemp(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_read_only_output_folder_simulated(suffix, tmp_path, capsys, monkeypatch):
    corpus = make_corpus(tmp_path)
    out = tmp_path / f"posts{suffix}"
    out.write_text("previous")
    monkeypatch.setattr("tempfile.mkstemp", _fail_mkstemp)
    code, _, stderr = run(capsys, "load", "--corpus", corpus, "--out", out)
    assert code == 3 and stderr.strip().splitlines()[-1] == f"error: {tmp_path}: cannot write here: Permission denied"
    assert out.read_text() == "previous"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write a read-only folder")
def test_read_only_output_folder(tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, stderr = run(capsys, "load", "--corpus", corpus, "--out", ro / "posts.csv")
    finally:
        ro.chmod(0o755)
    assert code == 3 and "not writable" in stderr and stderr.count("\n") == 1


@pytest.mark.parametrize("command, suffix", [("load", ".csv"), ("load", ".parquet")])
def test_full_disk_keeps_previous_output_and_leaves_no_temp_file(command, suffix, tmp_path, capsys, monkeypatch):
    corpus = make_corpus(tmp_path)
    out = tmp_path / f"out{suffix}"
    out.write_text("previous")

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    code, _, stderr = run(capsys, command, "--corpus", corpus, "--out", out)
    assert code == 3
    assert stderr.strip().splitlines()[-1] == f"error: {out}: cannot write: No space left on device"
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", out.name]


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
                         ids=["full_disk", "ctrl_c"])
def test_extract_streaming_write_fails_keeps_previous_output(error, tmp_path, capsys, monkeypatch):
    """extract streams rows into a temp file: a full disk or Ctrl-C mid-write keeps the previous file."""
    from servicestories.extract import cli as extract_cli

    corpus = make_corpus(tmp_path)
    out = tmp_path / "out.csv"
    out.write_text("previous")
    real = extract_cli._AtomicCsv.write
    calls = []

    def failing(self, row):
        calls.append(row)
        if len(calls) > 1:  # the first row written, then the failure
            raise error
        real(self, row)

    monkeypatch.setattr(extract_cli._AtomicCsv, "write", failing)
    # with --evidence the post's second row goes to the evidence file: the failure comes mid-run
    code, _, stderr = run(capsys, "extract", "--corpus", corpus, "--out", out, "--evidence", tmp_path / "ev.csv",
                          "--jobs", "1")
    assert "Traceback" not in stderr and stderr.count("error:") + stderr.count("interrupted") >= 1
    assert code == (130 if isinstance(error, KeyboardInterrupt) else 3), stderr
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", out.name]


def test_draft_codes_full_disk(tmp_path, capsys, monkeypatch):
    corpus = make_corpus(tmp_path)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    code, _, stderr = run(capsys, "draft-codes", corpus / "anchor.txt", "--out-dir", tmp_path / "d")
    assert code == 3 and "No space left on device" in stderr and stderr.count("\n") == 1
    assert list((tmp_path / "d").iterdir()) == []


# -- Ctrl-C --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["load", "extract", "draft-codes"])
def test_ctrl_c_during_the_work(command, tmp_path, capsys, monkeypatch):
    corpus = make_corpus(tmp_path)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus_mod, "read_post", interrupt)
    args = (["draft-codes", corpus / "anchor.txt", "--out-dir", tmp_path / "d"] if command == "draft-codes"
            else [command, "--corpus", corpus, "--out", tmp_path / "out.csv"])
    code, _, stderr = run(capsys, *args)
    assert code == 130
    assert stderr.strip().splitlines() == ["interrupted (Ctrl-C): stopped, no partial output file left"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


@pytest.mark.parametrize("command", ["load"])
def test_ctrl_c_while_writing_leaves_the_previous_file(command, tmp_path, capsys, monkeypatch):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out.csv"
    out.write_text("previous")
    real = pd.DataFrame.to_csv

    def interrupted(self, fh=None, *args, **kwargs):
        real(self.head(1), fh, *args, **kwargs)  # half written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    code, _, stderr = run(capsys, command, "--corpus", corpus, "--out", out)
    assert code == 130 and "Traceback" not in stderr
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.csv"]


def _has_loaded(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see when the command is working")
def test_ctrl_c_in_a_subprocess(tmp_path):
    """A real SIGINT while ``load`` works through a big folder: one line, exit 130, no output file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6000):
        (corpus / f"p{i:04d}.txt").write_text(ANCHOR.replace("Mai", f"Woche {i}"), encoding="utf-8")
    out = tmp_path / "posts.csv"
    proc = subprocess.Popen([sys.executable, "-m", "servicestories", "load", "--corpus", str(corpus), "--out",
                             str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _has_loaded(proc.pid, "ahocorasick") and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the coder's matcher library is the last import: the command is about to read the corpus
    time.sleep(0.3)  # reading the 6,000 files takes over a second
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=120)
    if proc.returncode in (0, 1):
        pytest.skip("the load finished before the signal arrived (very fast machine)")
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["interrupted (Ctrl-C): stopped, no partial output file left"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_ctrl_c_inside_a_string_eval_still_exits_130(tmp_path):
    """A Ctrl-C that lands inside ``eval("...")`` (``namedtuple`` does that at import time) and is caught must not
    end a ``python -m`` process by signal: CPython 3.11 remembers it as uncaught unless the exit path clears it."""
    (tmp_path / "ctrl_c_probe.py").write_text(
        "import os, signal\n"
        "from servicestories.errors import exit_process\n"
        "try:\n"
        "    eval('[os.kill(os.getpid(), signal.SIGINT)] + [n for n in range(10**8)]')\n"
        "except KeyboardInterrupt:\n"
        "    pass\n"
        "exit_process(130)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ctrl_c_probe"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 130, proc.stderr


# -- command line conventions -----------------------------------------------------------------------------
def test_version(capsys):
    from servicestories.cli import version

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"servicestories {version()}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version())


@pytest.mark.parametrize("args", [[], ["load"], ["extract"], ["draft-codes"]])
def test_help_is_plain_text_with_exit_codes(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*args, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "``" not in text and ":class:" not in text and ":func:" not in text
    for code in ("0", "1", "2", "3", "130", "141"):
        assert re.search(rf"^  {code} +\S", text, re.MULTILINE), code


@pytest.mark.parametrize("args", [["frobnicate"], ["load", "--nope"], ["draft-codes"], []])
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


# -- hand-code CSVs --------------------------------------------------------------------------------------
def _annotation_copy(tmp_path) -> tuple[Path, Path]:
    src = FIXTURES / "annotations" / "valid"
    cases, events = tmp_path / "cases.csv", tmp_path / "events.csv"
    shutil.copy(src / "cases.csv", cases)
    shutil.copy(src / "events.csv", events)
    return cases, events


def test_cp1252_hand_code_csv_names_file_and_line(tmp_path, posts):
    from servicestories.codes import AnnotationFormatError, validate_annotations

    cases, events = _annotation_copy(tmp_path)
    text = events.read_text("utf-8")
    assert any(ch in text for ch in "äöüß")
    events.write_bytes(text.encode("cp1252"))
    first_bad = next(i for i, line in enumerate(text.splitlines(), start=1) if not line.isascii())
    with pytest.raises(AnnotationFormatError) as info:
        validate_annotations(cases, events, posts=posts)
    msg = str(info.value)
    assert msg.startswith(f"{events}:{first_bad}: not UTF-8 (byte 0x") and "\n" not in msg


def test_nul_byte_in_hand_code_csv(tmp_path, posts):
    from servicestories.codes import AnnotationFormatError, validate_annotations

    cases, events = _annotation_copy(tmp_path)
    lines = cases.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"\x00"
    cases.write_bytes(b"\n".join(lines))
    with pytest.raises(AnnotationFormatError, match=r"cases\.csv:3: NUL byte"):
        validate_annotations(cases, events, posts=posts)


def test_spreadsheet_mark_is_dropped_when_reading_hand_codes(tmp_path):
    """Rows written by draft-codes carry ``'`` before =, +, -, @; pasted into the hand codes they still match."""
    from servicestories.codes import EVENT_COLUMNS, _read
    from servicestories.safecsv import write_csv

    row = dict.fromkeys(EVENT_COLUMNS, "")
    row.update(post_id="p1", step="1", quote="-Taste gedrückt, dann =Summe gesehen", notes="'kein Formelzeichen")
    path = write_csv(pd.DataFrame([row], columns=EVENT_COLUMNS, dtype=object), tmp_path / "events.csv")
    assert "'-Taste gedrückt" in path.read_text("utf-8")  # safe in a spreadsheet
    read = _read(path, EVENT_COLUMNS).rows[0]
    assert read["quote"] == "-Taste gedrückt, dann =Summe gesehen"  # verbatim again for the quote check
    assert read["notes"] == "'kein Formelzeichen"  # a quote mark before ordinary text is kept


# -- figure CSVs ----------------------------------------------------------------------------------------
def test_figure_csv_is_spreadsheet_safe(figures_out):
    import matplotlib.pyplot as plt

    from servicestories.export import save_figure

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    data = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "@SUM(A1)", "normal"], "n_words": [-3, 10, 5]})
    saved = save_figure(fig, "01-hostile", data, caption="A test.")
    written = pd.read_csv(saved.files["csv"])
    assert written.title.tolist() == ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "normal"]
    assert written.n_words.tolist() == [-3, 10, 5]  # numbers stay numbers
