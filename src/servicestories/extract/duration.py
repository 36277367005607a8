"""German duration phrases ("seit 60 Stunden", "vor gut zwei Monaten", "knapp drei Wochen")
and the choice of the escalation duration among them.

:func:`parse_durations` finds every phrase NUMBER UNIT in a text, with its preposition (``seit``, ``nach``,
``vor``, ``in``, ``innerhalb``, ``binnen``, ``für``) and hedges (``mehr als``, ``über``, ``rund``, ``etwa``,
``ca.``, ``knapp``, ``fast``, ``gut``, ``bis zu`` …). Numbers: digits (``3``, ``2,5``), words up to
``neunundneunzig``, ``hundert``, ``ein/eine/einem/einen/einer``, ``anderthalb``/``eineinhalb``/
``zweieinhalb``, ``eine halbe``/``ein halbes``, ranges (``3-4``, ``drei bis vier``: the midpoint) and vague
quantities (``ein paar``, ``einige``, ``mehrere``, ``wenige``: 3, approximate). Units: Minuten … Jahre in all
case forms (``Wochen``, ``Tagen``, ``Monaten``), ``Werktage``, ``Quartal``, ``Viertelstunde``, adjectives
(``sechswöchige``, ``3-tägige``) and, as a last resort, unquantified ``seit Wochen`` / ``wochenlang``.

Hours: minute 1/60, hour 1, day 24, week 168, month 720 (30 days), quarter 2160, year 8760 (the codebook's
conversion).

Bound: ``seit`` → ``ongoing``; ``mehr als``/``über``/``mindestens``/``gut`` → ``at_least``;
``knapp``/``fast``/``unter``/``höchstens``/``bis zu`` → ``at_most``; ``rund``/``etwa``/``ca.``/``ungefähr``/
``etwas mehr als``, ranges and vague quantities → ``approximate``; otherwise ``exact``.

:func:`classify` marks phrases that are **not** escalation time, with a reason:

* ``tenure`` – a customer/membership word within six tokens (``seit 10 Jahren Kunde``);
* ``age`` – ``… alt`` right after (``ein 2 Jahre altes Gerät``), ``mit 40 Jahren``;
* ``history`` – a span of a year or more in a sentence about buying, switching or moving;
* ``terms`` – contract terms and legal periods (``Garantie``, ``Laufzeit``, ``Kündigungsfrist``, ``Frist``);
* ``deadline`` – ``innerhalb``, ``binnen``, ``spätestens`` (a promise or a rule, not elapsed time);
* ``announced`` – a forecast in the same clause (``dass es sechs Wochen dauern werde``, ``soll``); ``in``
  + span in a sentence with future or reported speech (``Ersatz kommt in etwa vier Wochen``, next to
  ``würde``/``sei``); a span inside quotation marks (``Versand „in 2-3 Werktagen“``: what the company
  said), unless ``seit``/``nach``/``vor``;
* ``since`` – time since the story, not its span: ``mit einigen Monaten Abstand``; in a post that looks back
  on a closed case (``retrospective=True``), ``vor`` + a vague quantity (``vor einigen Monaten``);
* ``step`` – ``X später``/``X danach`` when neither its sentence nor the next has an outcome cue
  (``outcome_sentences``): the gap up to a follow-up step (``Zehn Tage später fragte ich nach``), not
  the span of the case (``Zwei Tage später kam der Techniker. Seitdem läuft es wieder.`` still counts);
* ``rate`` – ``24 Stunden am Tag``, ``alle zwei Wochen``;
* ``compound`` – part of a compound noun (``5-Minuten-Analyse``, ``24-Stunden-Hotline``);
* ``generic`` – in a generic or hypothetical sentence.

``history`` also covers business age and long supply relations (``Seit sechs Jahren führe ich …``, ``9
Jahre lang beliefert``) and earlier episodes (``vor drei Jahren bereits``, ``damals``).

A phrase in a sentence that states the span of the whole case (``vom … bis zur …``, ``insgesamt``, ``rechnet
man``, ``ab … gerechnet``) is *whole*; ``Heute ist Tag 19`` gives 19 days ``ongoing`` and is whole too.

:func:`choose` picks the escalation duration: the longest *whole* phrase if there is one; else the **longest**
remaining phrase (the escalation span contains
the shorter ones, e.g. a 40-minute call inside a three-week case); ties go to the first. Unquantified phrases
(``seit Wochen``) are used only when nothing else is left.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter

from .rules import KeyGates, gate_text, key_automaton, key_starts, matches_from

UNIT_HOURS: dict[str, float] = {
    "minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 720.0, "quarter": 2160.0,
    "halfyear": 4380.0, "year": 8760.0,
}

_ONES = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_TEENS = {10: "zehn", 11: "elf", 12: "zwölf", 13: "dreizehn", 14: "vierzehn", 15: "fünfzehn", 16: "sechzehn",
          17: "siebzehn", 18: "achtzehn", 19: "neunzehn"}
_TENS = {20: "zwanzig", 30: "dreißig", 40: "vierzig", 50: "fünfzig", 60: "sechzig", 70: "siebzig", 80: "achtzig",
         90: "neunzig"}


def _number_words() -> dict[str, float]:
    words: dict[str, float] = {}
    for i in range(2, 10):
        words[_ONES[i]] = i
    for n, w in _TEENS.items():
        words[w] = n
    for n, w in _TENS.items():
        words[w] = n
        for i in range(1, 10):
            words[f"{_ONES[i]}und{w}"] = n + i
    words["dreissig"] = 30
    for i in range(1, 10):
        words[f"{_ONES[i]}unddreissig"] = 30 + i
    words.update({"hundert": 100, "einhundert": 100, "zweihundert": 200, "dreihundert": 300, "tausend": 1000})
    for w in ("ein", "eine", "einem", "einen", "einer", "eines", "eins", "einzige", "einzigen"):
        words[w] = 1
    words.update({"anderthalb": 1.5, "eineinhalb": 1.5, "einundhalb": 1.5, "zweieinhalb": 2.5,
                  "dreieinhalb": 3.5, "viereinhalb": 4.5, "fünfeinhalb": 5.5, "sechseinhalb": 6.5})
    words["zwo"] = 2
    return words


NUMBER_WORDS: dict[str, float] = _number_words()
VAGUE_QUANTITIES: dict[str, float] = {
    "ein paar": 3, "paar": 3, "einige": 3, "einigen": 3, "einiger": 3, "mehrere": 3, "mehreren": 3,
    "wenige": 3, "wenigen": 3, "etliche": 4, "etlichen": 4, "viele": 5, "vielen": 5, "zig": 20,
}
_HALF = re.compile(r"^(?:eine[mnr]?\s+|ein\s+)?halbe[nsr]?$", re.IGNORECASE)

_UNIT_PATTERNS: list[tuple[str, str]] = [
    ("minute", r"Minuten|Minute|Min\.|Min\b|min\b"),
    ("hour", r"Stunden|Stunde|Std\.|Std\b|h\b"),
    ("day", r"Werktagen|Werktage|Werktag|Arbeitstagen|Arbeitstage|Arbeitstag|Tagen|Tage|Tages|Tag"),
    ("week", r"Wochen|Woche"),
    ("month", r"Monaten|Monate|Monats|Monat"),
    ("quarter", r"Quartalen|Quartale|Quartal"),
    ("halfyear", r"Halbjahr(?:es|en|e)?"),
    ("year", r"Jahren|Jahre|Jahres|Jahr"),
]
_UNIT_RX = "|".join(f"(?P<u_{name}>{pat})" for name, pat in _UNIT_PATTERNS)

_NUMWORD_RX = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_VAGUE_RX = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in VAGUE_QUANTITIES), key=len, reverse=True))
_DIGITS = r"\d{1,4}(?:[.,]\d{1,2})?"
_ONE_NUM = rf"(?:{_DIGITS}|(?:{_NUMWORD_RX}))"
_NUM = (
    rf"(?P<num>(?P<n1>{_ONE_NUM})(?:\s*(?:-|–|bis|oder|/)\s*(?P<n2>{_ONE_NUM}))?"
    rf"|(?P<half>(?:eine[mnr]?\s+|ein\s+)?halbe[nsr]?)|(?P<vague>{_VAGUE_RX}))"
)
_MOD_WORDS = (
    r"etwas\s+mehr\s+als|etwas\s+über|weit\s+mehr\s+als|weit\s+über|deutlich\s+mehr\s+als|deutlich\s+über|"
    r"mehr\s+als|weniger\s+als|gut\s+und\s+gerne|bis\s+zu|gerade\s+(?:mal|einmal)|"
    r"mindestens|höchstens|maximal|knapp|knappe[n]?|fast|beinahe|nahezu|rund|etwa|ca\.|ca|circa|zirka|ungefähr|"
    r"annähernd|über|unter|gut|gute[n]?|schon|bereits|noch|nun|inzwischen|mittlerweile|jetzt|insgesamt|"
    r"geschlagene[n]?|ganze[n]?|volle[n]?|satte|stolze|nur|lediglich|ziemlich\s+genau|genau|exakt|selbst"
)
_PREP = r"seit|nach|vor|für|innerhalb\s+von|innerhalb|binnen|in|während|ab|um"
_ADJ = (r"(?:lange[n]?|ganze[n]?|volle[n]?|weitere[n]?|endlose[n]?|geschlagene[n]?|quälende[n]?|zähe[n]?|"
        r"lächerliche[n]?|letzte[n]?|vergangene[n]?|gefühlte[n]?)\s+")
_PHRASE = re.compile(
    rf"(?<![\w-])(?P<pre>(?:(?:{_MOD_WORDS})\s+)*)(?:(?P<prep>{_PREP})\s+)?(?P<mods>(?:(?:{_MOD_WORDS})\s+)*)"
    rf"{_NUM}\s*(?:{_ADJ})?(?P<unit>{_UNIT_RX})(?P<tail>\s+(?:lang|später|danach|zuvor|her|Wartezeit))?"
    rf"(?![\w])",
    re.IGNORECASE,
)
_ADJ_UNIT = re.compile(
    rf"(?<![\w])(?P<pre>(?:(?:{_MOD_WORDS})\s+)*)(?P<n1>{_DIGITS}|{_NUMWORD_RX})-?"
    r"(?P<unit>minütig|stündig|tägig|wöchig|monatig|jährig)\w*",
    re.IGNORECASE,
)
_ADJ_UNITS = {"minütig": "minute", "stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month",
              "jährig": "year"}
_VAGUE_SPAN = re.compile(
    r"(?<![\w-])(?:(?P<prep>seit|nach|vor)\s+(?P<unit>Stunden|Tagen|Wochen|Monaten|Jahren)(?![\w-])|"
    r"(?P<adv>stundenlang|tagelang|wochenlang|monatelang|jahrelang))",
    re.IGNORECASE,
)
_VAGUE_UNITS = {"stunden": "hour", "tagen": "day", "wochen": "week", "monaten": "month", "jahren": "year",
                "stundenlang": "hour", "tagelang": "day", "wochenlang": "week", "monatelang": "month",
                "jahrelang": "year"}
_QUARTER = re.compile(r"(?<![\w-])(?P<pre>(?:(?:" + _MOD_WORDS + r")\s+)*)(?:(?P<prep>" + _PREP + r")\s+)?"
                      r"(?:eine[rn]?\s+)?(?P<w>Viertelstunde|Dreiviertelstunde)(?![\w-])", re.IGNORECASE)

AT_LEAST = frozenset({"mehr als", "über", "weit über", "weit mehr als", "deutlich mehr als", "deutlich über",
                      "mindestens", "gut", "gute", "guten", "gut und gerne"})
AT_MOST = frozenset({"knapp", "knappe", "knappen", "fast", "beinahe", "nahezu", "weniger als", "unter",
                     "höchstens", "maximal", "bis zu"})
APPROX = frozenset({"rund", "etwa", "ca.", "ca", "circa", "zirka", "ungefähr", "annähernd", "etwas mehr als",
                    "etwas über"})


@dataclass(frozen=True)
class Duration:
    """One duration phrase. ``start``/``end`` are character offsets into the parsed text."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    hours: float
    bound: str
    prep: str = ""
    vague: bool = False
    excluded: str = ""   # reason it is not escalation time, "" if it may be
    sentence: int = -1
    #: stated as the span of the whole case ("Von der Meldung bis zur Reparatur …", "Heute ist Tag 9")
    whole: bool = False


def _num(word: str) -> float | None:
    w = word.strip().lower()
    if not w:
        return None
    if w[0].isdigit():
        try:
            return float(w.replace(",", "."))
        except ValueError:
            return None
    return NUMBER_WORDS.get(w)


def _bound(mods: list[str], prep: str, approximate: bool) -> str:
    if prep == "seit":
        return "ongoing"
    for m in mods:
        if m in APPROX:
            return "approximate"
    for m in mods:
        if m in AT_LEAST:
            return "at_least"
        if m in AT_MOST:
            return "at_most"
    return "approximate" if approximate else "exact"


_MOD_SPLIT = re.compile(_MOD_WORDS, re.IGNORECASE)


def _mods(*parts: str | None) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p:
            out.extend(" ".join(m.group(0).lower().split()) for m in _MOD_SPLIT.finditer(p))
    return out


_FILLER = re.compile(
    r"(?:schon|bereits|noch|nun|inzwischen|mittlerweile|jetzt|selbst|insgesamt|nur|lediglich|geschlagene[n]?|"
    r"ganze[n]?|volle[n]?|satte|stolze|gerade\s+(?:mal|einmal))\s+", re.IGNORECASE)


def _skip_fillers(text: str, start: int, limit: int) -> int:
    """Move ``start`` past filler words ("schon", "nun", "selbst") that carry no bound."""
    while start < limit:
        m = _FILLER.match(text, start)
        if not m:
            break
        start = m.end()
    return start


#: cheap pre-check: every phrase contains one of these (case-insensitive)
_QUICK = re.compile(r"minut|min\b|stund|std|tag|woche|wöchig|monat|jahr|jähr|quartal|\dh\b|\d\s+h\b", re.IGNORECASE)
#: the literal keys of _QUICK: a text without any of them (and without a digit next to an "h") cannot match it
_QUICK_KEYS = ("min", "stund", "std", "tag", "woche", "wöchig", "monat", "jahr", "jähr", "quartal")
_QUICK_KEY = re.compile("|".join(_QUICK_KEYS))  # one of the keys occurs in the lower-cased text
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=256)
def _has_unit(text: str) -> bool:
    """``bool(_QUICK.search(text))``, answered without the pattern for most texts (substring tests); cached, as
    the duration rules ask it of the same sentence in turn."""
    low = gate_text(text)
    if low is not None and not _QUICK_KEY.search(low) and ("h" not in low or not _DIGIT.search(text)):
        return False
    return bool(_QUICK.search(text))


def parse_durations(text: str) -> list[Duration]:
    """Every duration phrase in ``text`` (no context rules applied), in text order."""
    if not isinstance(text, str) or not text or not _has_unit(text):
        return []
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    ok = _PARSE_GATES.possible(text)  # a pattern none of whose literal keys occurs finds nothing: skip it
    phrase_ok, quarter_ok, adj_ok, vague_ok = (True,) * 4 if ok is None else (i in ok for i in range(4))

    def add(d: Duration) -> None:
        if any(a < d.end and d.start < b for a, b in taken):
            return
        taken.append((d.start, d.end))
        found.append(d)

    for m in (_phrase_matches(text) if phrase_ok else ()):
        unit = next(k[2:] for k, v in m.groupdict().items() if k.startswith("u_") and v)
        if unit == "hour" and m.group("unit") == "h" and not (m.group("n1") or "")[:1].isdigit():
            continue
        approximate = False
        if m.group("half"):
            value = 0.5
        elif m.group("vague"):
            value = VAGUE_QUANTITIES.get(" ".join(m.group("vague").lower().split()), 3)
            approximate = True
        else:
            n1 = _num(m.group("n1"))
            n2 = _num(m.group("n2")) if m.group("n2") else None
            if n1 is None:
                continue
            if n2 is not None and n2 > n1:
                value, approximate = (n1 + n2) / 2, True
            else:
                value = n1
        mods = _mods(m.group("pre"), m.group("mods"))
        prep = (m.group("prep") or "").lower().split()[0] if m.group("prep") else ""
        # "eines Tages" (some day) and "des Tages"-like genitives are not spans
        if m.group("n1") and m.group("n1").lower() == "eines" and unit in ("day", "week", "month", "year"):
            continue
        start = m.start("pre") if m.group("pre") else (m.start("prep") if m.group("prep") else m.start("mods"))
        if not m.group("pre") and not m.group("prep") and not m.group("mods"):
            start = m.start("num")
        start = _skip_fillers(text, start, m.start("num"))
        end = m.end()
        hours = value * UNIT_HOURS[unit]
        add(Duration(text[start:end], start, end, value, unit, hours, _bound(mods, prep, approximate), prep))

    for m in (_QUARTER.finditer(text) if quarter_ok else ()):
        value = 0.75 if m.group("w").lower().startswith("drei") else 0.25
        mods = _mods(m.group("pre"))
        prep = (m.group("prep") or "").lower().split()[0] if m.group("prep") else ""
        add(Duration(m.group(0), m.start(), m.end(), value, "hour", value, _bound(mods, prep, False), prep))

    for m in (_ADJ_UNIT.finditer(text) if adj_ok else ()):
        n = _num(m.group("n1"))
        if n is None:
            continue
        unit = _ADJ_UNITS[m.group("unit").lower()]
        mods = _mods(m.group("pre"))
        add(Duration(m.group(0), m.start(), m.end(), n, unit, n * UNIT_HOURS[unit], _bound(mods, "", False)))

    for m in (_VAGUE_SPAN.finditer(text) if vague_ok else ()):
        key = (m.group("unit") or m.group("adv")).lower()
        unit = _VAGUE_UNITS[key]
        prep = (m.group("prep") or "").lower()
        bound = "ongoing" if prep == "seit" else "approximate"
        add(Duration(m.group(0), m.start(), m.end(), 3, unit, 3 * UNIT_HOURS[unit], bound, prep, vague=True))

    found.sort(key=lambda d: d.start)
    return found


_PARSE_GATES = KeyGates([_PHRASE, _QUARTER, _ADJ_UNIT, _VAGUE_SPAN])


def _phrase_first_words() -> frozenset[str]:
    """Lower-case literals one of which starts every _PHRASE match that does not start with a digit: the leading
    letters of each modifier, preposition, number word and vague quantity (a superset is harmless)."""
    words: set[str] = set()
    for alts in (_MOD_WORDS, _PREP):
        for alt in alts.split("|"):
            m = re.match(r"[a-zäöüß]+", alt.strip("(?:"))
            if m:
                words.add(m.group())
    words.update(w.lower() for w in NUMBER_WORDS)
    words.update(w.split()[0].lower() for w in VAGUE_QUANTITIES)
    words.update(("ein", "eine", "halbe"))
    return frozenset(words)


#: the first words of a phrase, each after a space: a word start (see _phrase_matches)
_PHRASE_STARTS = key_automaton(" " + w for w in sorted(_phrase_first_words()))
#: a character after which a phrase may start (``_PHRASE`` begins with ``(?<![\w-])``)
_PHRASE_MAY_FOLLOW = re.compile(r"[^\w-]")
_DIGIT_AT_START = re.compile(r"(?<![\w-])\d")


def _phrase_matches(text: str):
    """The same matches as ``_PHRASE.finditer(text)``: the pattern is tried only where a match can start (a digit,
    or one of :func:`_phrase_first_words`, where its lookbehind allows a start), in text order, each after the end
    of the previous match. The first words are found as `` word`` in the lower-cased text with every character
    the lookbehind allows before a start turned into a space (and one space before the text)."""
    low = gate_text(text)
    if low is None or _PHRASE_STARTS is None:
        yield from _PHRASE.finditer(text)
        return
    spaced = " " + _PHRASE_MAY_FOLLOW.sub(" ", low)  # same length as ``low``, plus the leading space
    starts = key_starts(_PHRASE_STARTS, spaced)
    starts.update(m.start() for m in _DIGIT_AT_START.finditer(text))
    yield from matches_from(_PHRASE, text, starts)


# -- context --------------------------------------------------------------------------------------
_TENURE = re.compile(
    r"^(?:\w*kunden?|\w*kundin(?:nen)?|kundschaft|kundenbeziehung|kundentreue|mitglied\w*|abonnent\w*|treu\w*|"
    r"abo|nutzer\w*|user|zufriedene[nrm]?|vertragspartner|stammkunde\w*)$"
)
_AGE_AFTER = re.compile(r"^\s*(?:alt|alte|alter|altes|alten|jung)\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:mit|im\s+alter\s+von|ab)\s+$", re.IGNORECASE)
_HISTORY = re.compile(
    r"\b(?:gekauft|kaufte|erworben|angeschafft|gewechselt|wechselte|abgeschlossen|eröffnet|wohne|wohnen|gewohnt|"
    r"gebaut|umgezogen|verheiratet|geboren|arbeite|arbeitete|beruflich|studiert|gegründet|selbstständig|"
    r"selbständig|kenne|besitze|betreibe|betreiben|betrieben|führe|führen|geführt|beliefert|beliefern|belieferte|"
    r"versorgt|versorgen|versorgte|verschickt|verschicke|verschickte|damals|schon\s+mal|schon\s+einmal|"
    r"habe ich (?:den|das|die|einen|ein|eine) \w+ (?:gekauft|bestellt))\b", re.IGNORECASE)
_TERMS = re.compile(
    r"(?:garantie|gewährleistung|laufzeit|kündigungsfrist|\bfrist\w*|widerruf|rückgaberecht|probezeit|"
    r"probemonat|testphase|vertragsbindung|mindestvertragslaufzeit|verjährung|testabo|gratis|"
    r"kostenlos\w* (?:testen|nutzen))",
    re.IGNORECASE)
_DEADLINE_PREP = frozenset({"innerhalb", "binnen"})
_DEADLINE_WORD = re.compile(r"\b(?:spätestens|frühestens|zeitnah)\b", re.IGNORECASE)
_ANNOUNCED = re.compile(
    r"\b(?:werde|werden|wird|würde|würden|soll|solle|sollte|sollten|sollen|voraussichtlich|dauere|dauern\s+könne|"
    r"angekündigt|prognostiziert|versprochen|verspricht|versprach|zugesagt|in\s+aussicht)\b", re.IGNORECASE)
_RATE_AFTER = re.compile(r"^\s*(?:am|pro|je|im|die|in\s+der|in\s+dem|jede[nrs]?)\s+(?:tag|woche|monat|jahr|stunde)\b"
                         r"|^\s*(?:täglich|wöchentlich|monatlich|jährlich)\b|^\s*/\s*(?:tag|woche|monat)",
                         re.IGNORECASE)
_RATE_BEFORE = re.compile(r"\b(?:alle|jede[nrs]?|pro)\s+$", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[,;:()\u2013\u2014]|\s-\s|[„“\"»«]")


def _clause(sentence: str, a: int, b: int) -> str:
    """The clause (between commas, colons, dashes, quotes) around sentence-relative span a..b."""
    left = max((m.end() for m in _CLAUSE_SPLIT.finditer(sentence, 0, a)), default=0)
    right = next((m.start() for m in _CLAUSE_SPLIT.finditer(sentence, b)), len(sentence))
    return sentence[left:right]


_SINCE_AFTER = re.compile(r"^\s*(?:zeitlichem\s+|zeitlichen\s+)?abstand\b", re.IGNORECASE)
_FUTURE_SENTENCE = re.compile(
    r"\b(?:werde|werden|wird|würde|würden|solle|soll|sollte|sollten|sei|seien|könne|dauere|voraussichtlich)\b",
    re.IGNORECASE)


def _in_quotes(sentence: str, a: int) -> bool:
    """Is sentence-relative position ``a`` inside quotation marks („…“, »…«, "…")?"""
    before = sentence[:a]
    if before.rfind("„") > before.rfind("“") and "„" in before:
        return True
    if before.rfind("»") > before.rfind("«") and "»" in before:
        return True
    return before.count('"') % 2 == 1


#: a sentence that states the span of the whole case: "Von der Bestellung bis zur Gutschrift vergingen neun Tage",
#: "Insgesamt also fünf Wochen", "Rechnet man vom Anruf bis zum Besuch, waren das elf Tage"
_WHOLE_CASE = re.compile(
    r"\b(?:vo[mn]|ab)\b[^.;]*?\bbis\s+(?:zur|zum|zu\s+(?:der|dem|meiner|meinem))\b|\binsgesamt\b|\bunterm\s+strich\b|"
    r"\balles\s+in\s+allem\b|\brechnet\s+man\b|\b(?:ab|seit)\s+\w+\s+gerechnet\b|\bgerechnet\s+(?:ab|vom|von)\b",
    re.IGNORECASE)
#: the day count of an open case: "Heute ist Tag 19", "Tag 12 ohne Internet"
_DAY_COUNT = re.compile(r"\b(?:heute|jetzt|inzwischen|mittlerweile)\s+(?:ist|sind\s+wir\s+bei)\s+tag\s+(\d{1,3})\b",
                        re.IGNORECASE)

_CONTEXT_GATES = KeyGates([_WHOLE_CASE, _DAY_COUNT])


def classify(doc, durations: list[Duration] | None = None, *, outcome_sentences: set[int] | None = None,
             retrospective: bool = False) -> list[Duration]:
    """Durations of a :class:`~servicestories.extract.doc.Doc` with ``sentence`` and ``excluded`` set.

    ``outcome_sentences``: indices of sentences with an outcome cue (for the ``step`` rule; ``None`` skips the
    rule). ``retrospective``: the post looks back on a closed case (for the ``since`` rule)."""
    from .context import is_generic, is_hypothetical

    out: list[Duration] = []
    for s in doc.sentences:
        if not _has_unit(s.text):  # no time unit in the sentence: nothing to find (the common case)
            continue
        ok = _CONTEXT_GATES.possible(s.text)
        whole = bool((ok is None or 0 in ok) and _WHOLE_CASE.search(s.text))
        for m in (_DAY_COUNT.finditer(s.text) if ok is None or 1 in ok else ()):
            n = int(m.group(1))
            out.append(Duration(m.group(0), s.start + m.start(), s.start + m.end(), n, "day",
                                n * UNIT_HOURS["day"], "ongoing", "seit", sentence=s.index, whole=True))
        for d in parse_durations(s.text):
            a, b = d.start, d.end  # sentence-relative
            d = replace(d, start=s.start + a, end=s.start + b, sentence=s.index)
            reason = ""
            after = s.text[b:b + 40]
            before = s.text[max(0, a - 25):a]
            clause = _clause(s.text, a, b)
            if s.text[b:b + 1] == "-" and s.text[b + 1:b + 2].isalpha() or (
                    a > 0 and s.text[a - 1] == "-" and s.text[a - 2:a - 1].isalpha()):
                reason = "compound"
            elif _RATE_AFTER.search(after) or _RATE_BEFORE.search(before):
                reason = "rate"
            elif _AGE_AFTER.search(after) or (d.unit == "year" and _AGE_BEFORE.search(before)):
                reason = "age"
            elif _near_tenure(s, d):
                reason = "tenure"
            elif d.hours >= UNIT_HOURS["year"] and _HISTORY.search(s.text):
                reason = "history"
            elif _TERMS.search(clause):
                reason = "terms"
            elif d.prep in _DEADLINE_PREP or _DEADLINE_WORD.search(before):
                reason = "deadline"
            elif ((d.prep not in ("seit", "nach", "vor") and _ANNOUNCED.search(clause))
                  or (d.prep == "in" and _FUTURE_SENTENCE.search(s.text))
                  or (d.prep not in ("seit", "nach", "vor") and _in_quotes(s.text, a))):
                reason = "announced"
            elif _SINCE_AFTER.search(s.text[b:b + 30]) or (retrospective and d.prep == "vor" and _is_vague(d)):
                reason = "since"
            elif (outcome_sentences is not None and d.text.split()[-1].lower() in ("später", "danach")
                  and s.index not in outcome_sentences and s.index + 1 not in outcome_sentences):
                reason = "step"
            elif is_generic(s) or is_hypothetical(s):
                reason = "generic"
            out.append(replace(d, excluded=reason, whole=whole and not d.vague))
    return out


_VAGUE_WORDS = re.compile(r"\b(?:ein\s+paar|paar|einige[nr]?|mehrere[n]?|wenige[n]?|etliche[n]?|viele[n]?)\b",
                          re.IGNORECASE)


def _is_vague(d: Duration) -> bool:
    return d.vague or bool(_VAGUE_WORDS.search(d.text))


def _near_tenure(s, d: Duration, window: int = 6) -> bool:
    """Is a tenure word ("Kunde", "Mitglied", "treu") among the ``window`` tokens before or after the duration?"""
    spans = s.spans  # in text order, not overlapping: the duration's tokens are one run of them
    first = bisect_right(spans, d.start - s.start, key=_END)  # the first token ending after the duration starts
    stop = bisect_left(spans, d.end - s.start, key=_START)    # the first token starting at or after its end
    if first >= stop:
        return False
    lows = s.lows
    for i in range(max(0, first - window), min(len(spans), stop + window)):
        if not first <= i < stop and _TENURE.match(lows[i]):
            return True
    return False


_START, _END = itemgetter(0), itemgetter(1)


def choose(durations: list[Duration], outcome: str = "") -> Duration | None:
    """The escalation duration: a span stated for the whole case if there is one (the longest of them), else the
    longest phrase that is not excluded; unquantified ones only as a last resort. Ties: the first in the text.
    When the narrator says they do not know how the case ended (``outcome="unclear"``) only whole-case and ``seit``
    spans are used: the others measure a part of a case whose end is unknown."""
    ok = [d for d in durations if not d.excluded]
    whole = [d for d in ok if d.whole]
    if whole:
        return max(whole, key=lambda d: (d.hours, -d.start))
    if outcome == "unclear":
        ok = [d for d in ok if d.prep == "seit"]
    for pool in ([d for d in ok if not d.vague], [d for d in ok if d.vague]):
        if pool:
            return max(pool, key=lambda d: (d.hours, -d.start))
    return None
