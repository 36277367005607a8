"""Split one decoded post into header, title, body, boilerplate and reader comments.

Blog exports mix the story with site furniture ("Posted in …", "0 Kommentare", image credits) and with the
comment thread. The rules below are generic patterns of German and English blog software, not of any one
post. Nothing is thrown away: every line that is not title, body or comment ends up in ``boilerplate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

#: Bump when parsing changes: cached frames built by an older parser are rebuilt.
PARSER_VERSION = "2"

_MONTHS = {
    "jan": 1, "januar": 1, "january": 1, "feb": 2, "februar": 2, "february": 2, "mär": 3, "mrz": 3,
    "märz": 3, "maerz": 3, "mar": 3, "march": 3, "apr": 4, "april": 4, "mai": 5, "may": 5, "jun": 6,
    "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dez": 12, "dezember": 12, "dec": 12, "december": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

#: A header line that is only a date: "08Mai", "8. Mai 2011", "2011-05-08", "08.05.2011", "May 8, 2011".
DATE_LINE = re.compile(
    rf"^(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?P<y1>\d{{2,4}})"
    rf"|(?P<d2>\d{{1,2}})\.?\s*(?P<m2>{_MONTH_RE})\.?(?:\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH_RE})\.?\s+(?P<d3>\d{{1,2}}),?\s+(?P<y3>\d{{4}}))$",
    re.IGNORECASE,
)
#: A byline: "by Volker Weber", "von Anna Muster", "Autor: …", "Posted by …".
BYLINE = re.compile(
    r"^(?:by|von|posted by|geschrieben von|autor(?:in)?:|author:)\s+(?P<author>[^\d,;:]{2,60}?)\s*$",
    re.IGNORECASE,
)
#: The start of a comment thread: "Comments", "3 Kommentare", "12 Antworten zu …", "5 Gedanken zu …".
COMMENTS_HEADER = re.compile(
    r"^(?:comments|kommentare|leserkommentare|reaktionen"
    r"|(?:\d+|keine|no)\s+(?:kommentare?|comments?|antworten|responses|reaktionen|gedanken|thoughts)"
    r"(?:\s+(?:zu|auf|to|on)\s.{1,100})?)$",
    re.IGNORECASE,
)
#: A comment signature after the text: "Max M. Mustermann, 2005-12-01" / "Anna, 3.4.2012 um 10:12".
SIGNATURE_AFTER = re.compile(
    r"^(?P<author>[^,!?:;\n]{2,60}?),\s*(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4})"
    r"(?:[ ,]+(?:um\s+)?\d{1,2}:\d{2}(?:\s*uhr)?)?$",
    re.IGNORECASE,
)
#: A comment signature before the text (WordPress style): "Anna sagt:", "Bob schreibt am 3.4.2012:".
SIGNATURE_BEFORE = re.compile(
    r"^(?P<author>[^,.!?:;\n]{2,60}?)\s+(?:sagt|schreibt|meint|says|wrote)"
    r"(?:\s+am\s+(?P<date>[^:]+?))?\s*:$",
    re.IGNORECASE,
)
#: A blog's meta line: where the post is filed and how it is tagged ("Posted in …", "Tags: …", "Kategorie: …").
#: Also used by the extractor, for which such a line tells no event.
META_LINE = re.compile(
    r"^\W*(?:(?:posted|gepostet)\s+in|abgelegt\s+unter|filed\s+under)[\s:]"
    r"|^\W*(?:veröffentlicht\s+in|kategorien?|categories|tags?|labels?|schlagwörter|schlagworte|stichwörter)\s*:",
    re.IGNORECASE,
)
#: Site furniture, matched against a whole (stripped) line of at most ~120 characters.
BOILERPLATE = [META_LINE] + [re.compile(p, re.IGNORECASE) for p in (
    r"^(?:bitte\s+)?(?:einen\s+)?kommentar\s+(?:schreiben|hinterlassen|verfassen)\.?$",
    r"^(?:schreibe|hinterlasse)\s+einen\s+kommentar\.?$",
    r"^sie kommentieren als gast\b.*",
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment)\.?$",
    r"^(?:\d+|keine|no)\s+(?:kommentare?|comments?)$",
    r"^(?:bildnachweis|bildquelle|fotonachweis|foto|bild|image|photo)(?:\s*credits?)?\s*:.*",
    r"^(?:©|\(c\)\s|copyright\s).*",
    r"^(?:teilen|share(?: this)?|diesen artikel teilen|artikel drucken|drucken|weiterlesen|read more)\s*:?$",
    r"^(?:impressum|datenschutz(?:erklärung)?|kontakt|nach oben|zurück nach oben|back to top)$",
    r"^(?:related posts|ähnliche beiträge|ähnliche artikel|das könnte sie auch interessieren)\s*:?$",
)]
_MAX_FURNITURE_LEN = 120


@dataclass
class Comment:
    author: str
    date: str
    text: str


@dataclass
class ParsedPost:
    title: str
    author: str | None
    published: date | None
    published_text: str | None
    body: str
    boilerplate: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def parse_date(text: str) -> tuple[date | None, bool]:
    """(date, is_date_line). The date is None when the line gives no year (e.g. "08Mai")."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return None, False
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"]), True
        if m["d1"]:
            year = int(m["y1"]) + (2000 if len(m["y1"]) == 2 else 0)
            return date(year, int(m["m1"]), int(m["d1"])), True
        if m["d2"]:
            month = _MONTHS[m["m2"].lower()]
            return (date(int(m["y2"]), month, int(m["d2"])) if m["y2"] else None), True
        return date(int(m["y3"]), _MONTHS[m["m3"].lower()], int(m["d3"])), True
    except ValueError:  # e.g. 31.02.2011: a date-shaped line that is no date
        return None, True


def is_furniture(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= _MAX_FURNITURE_LEN and any(p.match(s) for p in BOILERPLATE)


def _split_comments(lines: list[str]) -> tuple[list[Comment], list[str]]:
    """Comments in the thread after a comments header, and the lines that belong to no comment."""
    comments: list[Comment] = []
    leftover: list[str] = []
    pending: list[str] = []
    open_comment: Comment | None = None  # a comment whose signature came first

    def flush_open() -> None:
        nonlocal open_comment
        if open_comment is not None:
            open_comment.text = _join(pending)
            comments.append(open_comment)
            pending.clear()
            open_comment = None

    for line in lines:
        s = line.strip()
        before = SIGNATURE_BEFORE.match(s)
        after = SIGNATURE_AFTER.match(s)
        if before:
            flush_open()
            leftover.extend(pending)
            pending.clear()
            open_comment = Comment(author=before["author"].strip(), date=(before["date"] or "").strip(), text="")
        elif after and open_comment is None and _join(pending):
            comments.append(Comment(author=after["author"].strip(), date=after["date"], text=_join(pending)))
            pending.clear()
        else:
            pending.append(line)
    if open_comment is not None:
        flush_open()
    leftover.extend(pending)  # the site footer after the last comment
    return comments, leftover


def _join(lines: list[str]) -> str:
    """Lines to a paragraph text: strip indentation, keep paragraph breaks, drop edge blank lines."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if s or (out and out[-1]):
            out.append(s)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def parse_post(text: str) -> ParsedPost:
    """Split a decoded post (``\\n`` line endings) into its parts."""
    lines = text.split("\n")
    boilerplate: list[str] = []
    title = ""
    author = published_text = None
    published = None

    i = 0
    while i < len(lines) and not title:  # header: date and byline lines before the title
        s = lines[i].strip()
        i += 1
        if not s:
            continue
        when, is_date = parse_date(s)
        if is_date and published_text is None:
            published, published_text = when, s
            boilerplate.append(s)
        else:
            title = s
    body_lines: list[str] = []
    thread: list[str] | None = None
    for line in lines[i:]:
        s = line.strip()
        if thread is not None:
            thread.append(line)
            continue
        by = BYLINE.match(s) if author is None and not body_lines_have_text(body_lines) else None
        if by:
            author = by["author"].strip()
            boilerplate.append(s)
        elif s and s == title and not body_lines_have_text(body_lines):
            boilerplate.append(s)  # the title repeated by the theme
        elif COMMENTS_HEADER.match(s):
            boilerplate.append(s)
            thread = []
        elif is_furniture(s):
            boilerplate.append(s)
        elif s.lower() == "bildnachweis:" or (boilerplate and boilerplate[-1].lower().startswith("bildnachweis")
                                                and s and not body_lines_have_text([line])):
            boilerplate.append(s)
        else:
            body_lines.append(line)
    comments: list[Comment] = []
    if thread is not None:
        comments, leftover = _split_comments(thread)
        boilerplate.extend(s.strip() for s in leftover if s.strip())
    return ParsedPost(
        title=title, author=author, published=published, published_text=published_text,
        body=_join(body_lines), boilerplate=boilerplate, comments=comments,
    )


def body_lines_have_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)
