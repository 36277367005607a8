"""The coder's speed-ups are pure speed-ups: each fast path gives exactly what the plain computation gives.

All sentences here are written for these tests.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicestories import text as T
from servicestories.extract import duration as du
from servicestories.extract import gazetteer as gz
from servicestories.extract import lang
from servicestories.extract.keys import first_chars
from servicestories.extract.rules import FOLD_UNSAFE, KeyGates, gate_text, key_alternatives, required_keys
from servicestories.extract.tables import CHANNEL, LEVER, NOT_COMPANY, NOT_DURATION, OUTCOME, UNKNOWN_END, VENUE

SENTENCES = [
    "Am Montag rief ich bei der Telekom-Hotline an, aber niemand ging ran.",
    "Nach drei Wochen und zwei E-Mails kam endlich ein Techniker vorbei; seitdem läuft das Internet wieder.",
    "Die Firma Kleinholz Möbel GmbH hat mir das Geld für die Nachlieferung nicht erstattet.",
    "Ich schrieb an Vodafone und an VODAFONE's Kundenservice, das Problem ist immer noch nicht gelöst.",
    "Wenn ich das gewusst hätte, würde ich nie wieder bei Amazon.de bestellen.",
    "Seit gut 14 Tagen warte ich auf eine Antwort, ca. 5 Std. hing ich in der Warteschleife.",
    "Eine Viertelstunde später meldete sich der Teamleiter und kümmerte sich persönlich darum.",
    "Er sagte: „Das wird in 2-3 Werktagen erledigt.“ Danach passierte nichts.",
    "Heute ist Tag 19 ohne Anschluss, insgesamt also fast drei Wochen.",
    "Die Deutsche Bahn und die DB Regio haben mir nach anderthalb Monaten die Fahrkarte erstattet!",
    "Liebe Sparkasse, vielen Dank auch für nichts.",
    "Über die App habe ich den Schaden gemeldet, per Post kam dann ein Schreiben der Versicherung.",
    "Toll!! Wirklich?! Ja.",
    "Ein 3-tägiger Ausfall, 24 Stunden am Tag Hotline, 12h Wartezeit.",
    "Der Mann ſagte, es ſei repariert; İch bın nicht zufrieden mit O2.",
    "",
    "…",
    "Telekoms Service? Telekomhotline! 1&1-Techniker, Alice/O2 und E wie einfach.",
]


@pytest.mark.parametrize("table", [CHANNEL, LEVER, OUTCOME, UNKNOWN_END, NOT_DURATION, NOT_COMPANY, VENUE])
def test_row_scan_equals_the_alternation_of_the_active_rows(table):
    for s in SENTENCES + [" ".join(SENTENCES)]:
        idx = table.active(s)
        if idx:
            assert table._scan_rows(idx, s) == table._scan(table._compile(idx), s), (table.name, s)


def test_alias_scan_equals_the_plain_scan():
    rx = gz._matchers()[0]
    for s in SENTENCES + [" ".join(SENTENCES)]:
        assert [m.span() for m in gz._exact_mentions(rx, s)] == [m.span() for m in rx.finditer(s)], s


def test_phrase_scan_equals_the_plain_scan():
    for s in SENTENCES + [" ".join(SENTENCES)]:
        assert [m.span() for m in du._phrase_matches(s)] == [m.span() for m in du._PHRASE.finditer(s)], s


_PHRASE_PARTS = st.sampled_from(["seit", "Seit", "etwa", "ca.", "in", "rein", "ein", "einem", "drei", "dreißig",
                                  "zwei", "-", "x", "3", "12", "2-3", "1,5", "½", "Tagen", "Tage", "Wochen", "Std.",
                                  "h", "Monaten", "Jahre", "lang", "später", "(", "„", " ", "  ", "\n", "_", "&"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PHRASE_PARTS, max_size=14).map(" ".join) | st.lists(_PHRASE_PARTS, max_size=14).map("".join))
def test_phrase_scan_equals_the_plain_scan_on_any_mix(text):
    assert [m.span() for m in du._phrase_matches(text)] == [m.span() for m in du._PHRASE.finditer(text)]


def test_unit_precheck_equals_the_pattern():
    for s in SENTENCES + ["5H", "3 h", "ſtd", "Termin", "MINUTEN", "٣h"]:
        assert du._has_unit(s) == bool(du._QUICK.search(s)), s


def test_sentence_spans_equal_punkt_on_every_line():
    tok = T.sentence_tokenizer()
    for line in SENTENCES + ["  Überschrift ohne Punkt  ", "Ein Satz.", "(Satz.) Noch einer.", "Ende.\u00a0"]:
        if line.strip():
            assert T.sentence_spans(line) == list(tok.span_tokenize(line)), line


def test_analysis_with_gates_equals_analysis_without(monkeypatch):
    fast = [lang.analyse(s) for s in SENTENCES]
    monkeypatch.setattr(lang._GATES, "flags", lambda text: (True,) * len(lang._GATED))  # every pattern tried
    assert [lang.analyse(s) for s in SENTENCES] == fast


@pytest.mark.parametrize("keyless", [False, True])
def test_gate_masks_from_the_automaton_equal_the_masks_from_substring_tests(monkeypatch, keyless):
    from servicestories.extract.rules import GateGroup

    gates = GateGroup("test")
    KeyGates([lang._NEG, du._QUARTER, gz._SERVICE_OF] + ([re.compile(r"\d+")] if keyless else []), gates)
    texts = SENTENCES + [" ".join(SENTENCES)]
    fast = [gates._masks(s) for s in texts]
    assert gates._automaton is not None and len(set(fast)) > 2
    monkeypatch.setattr(gates, "_automaton", None)  # as without pyahocorasick
    assert [gates._masks(s) for s in texts] == fast


def test_key_gates_only_skip_patterns_that_cannot_match():
    pats = [lang._NEG, lang._KONJ2, du._QUARTER, du._ADJ_UNIT, gz._APPOSITION, gz._SERVICE_OF]
    gates = KeyGates(pats)
    for s in SENTENCES:
        ok = gates.possible(s)
        assert gates.flags(s) == tuple(ok is None or i in ok for i in range(len(pats)))
        for i, p in enumerate(pats):
            if ok is not None and i not in ok:
                assert p.search(s) is None, (p.pattern[:40], s)


@pytest.mark.parametrize("pattern, keys, matches", [
    # a function word ("ein") lets a row through in most sentences: the content word required next to it gates
    (r"\b(?:ein|großes)\s+lob\b", {"lob"}, ["ein Lob", "Großes LOB"]),
    # a literal run goes on through an alternation of plain words: "rief"/"ruft", not "ief"/"uft"
    (r"\br(?:ief|uft)\b.{0,20}\ban\b", {"rief", "ruft"}, ["Rief sie an", "ruft morgen an"]),
    (r"(?:ab|cd)e", {"abe", "cde"}, ["abe", "xcdex"]),
    (r"\b(?:nicht|kein)\s+(?:strom|gas)\b", {"strom", "gas"}, ["kein Strom", "nicht gas"]),
    (r"x?y*", None, [""]),
])
def test_required_keys_prefer_selective_words_and_every_match_holds_one(pattern, keys, matches):
    assert (set(required_keys(pattern)) if keys else required_keys(pattern)) == keys
    for text in matches:
        assert re.search(pattern, text, re.IGNORECASE), text
        assert keys is None or any(k in text.lower() for k in keys), text


@pytest.mark.parametrize("pattern, first", [
    (r"(?:e-?)?mail", {"e", "m"}),             # an optional prefix adds its first characters to what follows
    (r"(?<!s)chat|\bpost\b", {"c", "p"}),      # look-behinds and word boundaries take no character
    (r"[a-c]x|y+", {"a", "b", "c", "y"}),
    (r"a*", None), (r"x|", None),             # can match the empty string
    (r"\wfoo", None), (r"[^a]b", None), (r".b", None), (r"(?i:a)b", None),
])
def test_first_chars_names_where_a_match_can_start(pattern, first):
    flags = 0 if "(?i" in pattern else re.IGNORECASE
    assert (set(first_chars(pattern, flags) or ()) or None) == first


_CHANNEL_PARTS = st.sampled_from(["Mail", "E-Mail", "eMAIL", "mailserver", "Chat", "schat", "UPS", "ups", "Hotline",
                                  "ſ", "K", "İ", "ß", "-", " ", "x", "Telefonhotline", "Brief", "Briefing", "Foren"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHANNEL_PARTS, max_size=16).map("".join))
def test_channel_regex_with_its_first_character_filter_finds_what_the_plain_alternation_finds(story):
    from servicestories.language import CHANNEL_WORDS, _channel_alternation, _channel_regex

    filtered = _channel_regex(CHANNEL_WORDS)
    assert filtered.pattern.startswith("(?=[")
    plain = re.compile(_channel_alternation(CHANNEL_WORDS), re.IGNORECASE)
    spans = [(m.span(), m.lastgroup) for m in plain.finditer(story)]
    assert [(m.span(), m.lastgroup) for m in filtered.finditer(story)] == spans


_LONG_PARTS = st.sampled_from(["Mail", "e-mail", "mailserver", "Chat", "schat", "UPS", "ups", "Hotline", "Forum",
                               "Call-Center", "Briefing", "Filiale", "Service-Center", "anzurufen", "ſ", "İ", "K",
                               "ẞ", "-", " ", ".", "x", "y" * 40])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LONG_PARTS, max_size=40).map("".join))
def test_channel_matches_tried_near_keys_are_those_of_the_whole_text(story):
    from servicestories.language import CHANNEL_WORDS, _channel_alternation, _channel_matches, _scanner

    scanner = _scanner(CHANNEL_WORDS)
    assert scanner.automaton is not None and scanner.width == 15  # "kontaktformular"
    plain = re.compile(_channel_alternation(CHANNEL_WORDS), re.IGNORECASE)
    assert [(m.span(), m.lastgroup) for m in _channel_matches(story, scanner)] == \
        [(m.span(), m.lastgroup) for m in plain.finditer(story)]


@pytest.mark.parametrize("pattern, reach", [
    (r"mail(?!server)", 6), (r"(?<!s)chat", 0), (r"\bUPS\b", 1), (r"a(?=b(?=cd))", 3), (r"(?>ab(?=cd))", 2),
    (r"a(?=b+)", None), (r"(a)\1", None),
])
def test_how_far_past_a_match_a_pattern_reads(pattern, reach):
    from servicestories.extract.keys import _reach_after, _sre_parse

    assert _reach_after(list(_sre_parse.parse(pattern, re.IGNORECASE))) == reach


def test_a_lexicon_without_bounds_is_scanned_everywhere():
    from servicestories.language import ChannelWord, _channel_matches, _scanner

    unbounded = (ChannelWord("Telefon", "phone", r"tele\w*fon"), ChannelWord("Mail", "email", r"mail(?=\w*x)"))
    scanner = _scanner(unbounded)
    assert scanner.automaton is None
    assert [m.group() for m in _channel_matches("Telekommunikationsfon und Mailbox", scanner)] == \
        ["Telekommunikationsfon", "Mail"]


def test_fold_unsafe_lists_every_character_that_ignorecase_folds_onto_a_key_letter():
    letters = re.compile(r"[a-zäöüß]", re.IGNORECASE)
    alphabet = set("abcdefghijklmnopqrstuvwxyzäöüß")
    odd = {chr(cp) for cp in range(0x110000)
           if letters.fullmatch(chr(cp)) and not (len(chr(cp).lower()) == 1 and chr(cp).lower() in alphabet)}
    assert odd == set(FOLD_UNSAFE.pattern.strip("[]"))
    assert gate_text("Der Mann ſagte") is None and gate_text("Der Mann sagte") == "der mann sagte"


NAME_TEXTS = [
    "\n".join(SENTENCES),
    "Kleinholz Möbel GmbH\nGmbH am Zeilenanfang\n\tDie Muster AG\r\nMuster & Co. KG\n",
    "Zeile ohne Form\nFirma Beispiel GmbH & Co. KG hat angerufen\nDeren Beispiel-Hotline -Service\n",
    "ACME-Kundenservice\nACME\n-Kundenservice\nXY-Support-Team und Z-Shop GmbH",
]


@pytest.mark.parametrize("name", ["_LEGAL", "_COMPOUND"])
def test_name_patterns_on_gated_lines_equal_the_plain_scan(name):
    rx = getattr(gz, name)
    gate = gz._GATES[id(rx)]
    for s in NAME_TEXTS:
        assert [m.span() for m in gz._on_gated_lines(rx, gate, s)] == [m.span() for m in rx.finditer(s)], s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kleinholz", "Möbel", " ", "\t", "\n", "\r", "GmbH", "AG", "&", "Co.", "KG",
                                 "-Hotline", "-Service", "x", ".", "e.K.", "3", "-"]), max_size=25))
def test_name_patterns_on_gated_lines_equal_the_plain_scan_on_any_mix(parts):
    s = "".join(parts)
    for rx in (gz._LEGAL, gz._COMPOUND):
        gate = gz._GATES[id(rx)]
        assert [m.span() for m in gz._on_gated_lines(rx, gate, s)] == [m.span() for m in rx.finditer(s)], s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kleinholz", "Möbel", " ", "\t", "\n", "Firma", "Online-Shop", "Onlineshop",
                                 "Shop", "Direktbank", "Bank", "Service", "Kundenservice", "von", "bei", "Liebe",
                                 "Hallo", ",", "!", "-", "x", "3", "&", "Firmen"]), max_size=20))
def test_every_name_pattern_scan_equals_the_plain_scan(parts):
    for s in ("".join(parts), " ".join(parts)):
        for rx in (gz._LEGAL, gz._APPOSITION, gz._SALUTATION, gz._SERVICE_OF, gz._COMPOUND):
            assert [m.span() for m in gz._name_matches(rx, s)] == [m.span() for m in rx.finditer(s)], s


def test_word_tokens_equal_nltks_regexp_tokenizer():
    from nltk.tokenize import RegexpTokenizer

    nltk_tok = RegexpTokenizer(T.WORD_PATTERN)
    odd = ["Mu\u0308ller ku\u0308ndigt", "x² und 3½ Tage", "1&1-Techniker, Alice/O2 z.B. vowe.net", "a\u200bb"]
    for s in SENTENCES + odd:
        assert T.tokens(s) == nltk_tok.tokenize(s), s
        assert T.token_spans(s) == list(nltk_tok.span_tokenize(s)), s


def test_lower_casing_keeps_every_character_class_of_the_word_pattern():
    # Sentence.lows tokenises the lower-cased text: the same tokens as lower-casing each token as long as no
    # character changes length or its class (word character, space, one of the joiners) when lower-cased
    word, space, joiners = re.compile(r"\w"), re.compile(r"\s"), set("-&/'’.")
    changed = []
    for i in range(0x110000):
        c = chr(i)
        low = c.lower()
        if len(low) != 1 or (bool(word.match(c)), bool(space.match(c)), c in joiners) != (
                bool(word.match(low)), bool(space.match(low)), low in joiners):
            changed.append(c)
    assert changed == ["\u0130"]  # İ: Sentence.lows tokenises before lower-casing a text with it


@pytest.mark.parametrize("text", SENTENCES + ["İstanbul, İSTANBUL-Reise und Iİ.", "ǅemal ſagte: Ⅻ Ⓐ ΣΑΣ"])
def test_sentence_lows_equal_the_lower_cased_tokens(text):
    from servicestories.extract.doc import Sentence

    s = Sentence(0, 0, len(text), text)
    assert s.lows == [t.text.lower() for t in s.tokens]


def test_sector_scores_count_every_token():
    from servicestories.extract.doc import Doc

    doc = Doc(" ".join(SENTENCES) + " Der Router, die DSL-Leitung und das Kundenkonto; wieder der Router.")
    plain: dict[str, float] = {}
    for s in doc.sentences:
        for low in s.lows:
            for sec in gz._token_sectors(low):
                plain[sec] = plain.get(sec, 0.0) + 1.0
    got = gz._sector_scores(doc)
    assert got == plain and plain["isp"] >= 3 and "banking" in plain


@pytest.mark.parametrize("text", [" ".join(SENTENCES), "\n".join(SENTENCES), "Ein Satz.", "", "a\x00b. C d.",
                                  "İch bin's. Du bıst's. Er iſt's.", "Ende.)Neu. (Klammer.) „Zitat.“ Ok"])
def test_all_lows_equal_each_sentences_lows(text):
    from servicestories.extract.doc import Doc, Sentence

    doc = Doc(text)
    fresh = [Sentence(s.index, s.start, s.end, s.text).lows for s in doc.sentences]
    assert doc.all_lows() == [w for lows in fresh for w in lows]
    assert [s.lows for s in doc.sentences] == fresh


def test_all_lows_tokenises_a_plain_post_in_one_pass(monkeypatch):
    """Without İ or NUL in the text, all_lows does not tokenise sentence by sentence (``Sentence.lows``)."""
    from servicestories.extract import doc as doc_module

    doc = doc_module.Doc("\n".join(SENTENCES[:5]))

    def per_sentence(text):
        raise AssertionError("tokenised sentence by sentence")

    monkeypatch.setattr(doc_module, "gate_text", per_sentence)
    assert len(doc.sentences) > 3 and len(doc.all_lows()) > 50


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["Kleinholz", "O2", "1&1", "E.ON", "Möbel Krause", "A", "s", "Bahn"]),
       st.lists(st.sampled_from(["Kleinholz", "O2", "1&1", "E.ON", "Möbel Krause", "A", "s", "Bahn", "s", "'s", " ",
                                 "&", "_", "-", ".", "x", "²", "é", "\n", "ss"]), max_size=14))
def test_name_mentions_equal_the_name_pattern(name, parts):
    work = "".join(parts)
    rx = re.compile(rf"(?<![\w&]){re.escape(name)}(?:s\b)?(?![\w&])")
    assert list(gz._name_mentions(name, work)) == [m.span() for m in rx.finditer(work)]


def _near_tenure_plain(s, d, window=6):
    idx = [i for i, t in enumerate(s.tokens) if t.start < d.end and t.end > d.start]
    if not idx:
        return False
    lo, hi = max(0, idx[0] - window), min(len(s.tokens), idx[-1] + 1 + window)
    return any(i not in idx and du._TENURE.match(s.lows[i]) for i in range(lo, hi))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ich", "bin", "seit", "drei", "Jahren", "Kunde", "treuer", "Mitglied", "und", "warte",
                                 "2", "Wochen", "auf", ",", ".", "Stammkundin", "ca.", "14", "Tage", "lang", "Abo"]),
                min_size=1, max_size=24))
def test_tenure_window_equals_the_token_scan(words):
    from servicestories.extract.doc import Doc

    for s in Doc(" ".join(words)).sentences:
        for d in du.parse_durations(s.text):
            d = d.__class__(**{**d.__dict__, "start": s.start + d.start, "end": s.start + d.end})
            assert du._near_tenure(s, d) == _near_tenure_plain(s, d), (s.text, d.text)


_ALIAS_KEYS = sorted(gz._matchers()[1])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALIAS_KEYS[::7]) | st.sampled_from([" ", "\t", "\u00a0", "s", "'s", "&", "+", "_",
                                                                      "-", ".", "x", "1", "E", "Die", "\n", "("]),
                max_size=16))
def test_alias_scan_equals_the_plain_scan_on_any_mix(parts):
    rx = gz._matchers()[0]
    for s in ("".join(parts), " ".join(parts)):
        assert [m.span() for m in gz._exact_mentions(rx, s)] == [m.span() for m in rx.finditer(s)], s


@pytest.mark.parametrize("pattern, alternatives, texts", [
    # one alternative needing two words: both must occur
    (r"\bgeld\s+(?:ist|war)\s+zurück\b", [[{"geld"}, {"ist", "war"}, {"zurück"}]], ["Das Geld ist zurück."]),
    # two alternatives, each with its own sets
    (r"\bwarte\s+(?:\w+\s+)?immer\b|\bbis\s+heute\s+(?:kein|nicht)\b",
     [[{"warte"}, {"immer"}], [{"bis"}, {"heute"}, {"kein", "nicht"}]], ["Ich warte immer", "bis heute kein Netz"]),
    # an alternative without a key: no gate
    (r"\bhotline\b|\d+", None, ["Hotline", "42"]),
])
def test_key_alternatives_list_every_set_each_alternative_needs(pattern, alternatives, texts):
    got = key_alternatives(pattern)
    assert (None if got is None else [[set(ks) for ks in alt] for alt in got]) == alternatives
    for text in texts:
        assert re.search(pattern, text, re.IGNORECASE)
        assert got is None or any(all(any(k in text.lower() for k in ks) for ks in alt) for alt in got)


@pytest.mark.parametrize("text", SENTENCES)
def test_sentence_spans_locate_the_tokens(text):
    from servicestories.extract.doc import Doc

    for s in Doc(text).sentences:
        assert [(t.start - s.start, t.end - s.start) for t in s.tokens] == s.spans
        assert [s.text[a:b].lower() for a, b in s.spans] == s.lows or "\u0130" in s.text
