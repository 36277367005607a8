"""Bytes of a post file to text, robustly: every repair is noted, every guess is warned about with its line.

Rules, in order:

1. Empty or whitespace-only files are rejected.
2. A byte-order mark decides the encoding (UTF-32 LE/BE, UTF-16 LE/BE, UTF-8; the mark is removed). A UTF-16
   or UTF-32 file whose length is not a whole number of code units (truncated) loses the dangling bytes, with a
   warning; any other invalid UTF-16/32 data rejects the file naming the line.
3. Without a mark, a file whose NUL bytes sit in the pattern of UTF-16 or UTF-32 text (every second or every
   fourth byte) is decoded as such, with a warning. Any other NUL byte, or a file that is mostly control
   characters, is binary and rejected (naming the offset and line).
4. Otherwise the file is decoded **line by line**: each line that is valid UTF-8 stays UTF-8; each line that is
   not is decoded as cp1252 (Latin-1 if it holds bytes cp1252 leaves undefined). One warning names the lines.
5. CRLF and lone CR line endings become ``\\n``; stray control characters and invisible characters (zero-width
   space, soft hyphen, word joiner, a BOM inside the text) are removed (a note names the lines);
   bidirectional-override characters are kept but warned about (they can make text display in another order).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BinaryFileError, EmptyPostError, PostRejected

#: Bytes that are never part of a text post (C0 controls except tab, LF, FF, CR; and DEL).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))  # for counting them with bytes.translate (C speed)
#: Characters removed from the text (invisible; they split words and break quote matching).
_INVISIBLE = {"\u200b": "zero-width space", "\u00ad": "soft hyphen", "\u2060": "word joiner",
              "\ufeff": "byte-order mark inside the text"}
#: Bidirectional controls: kept (they may be meant), but the text may display in another order than stored.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_REMOVE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f" + "".join(_INVISIBLE) + "]")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_MAX_LINES_LISTED = 8


@dataclass
class Decoded:
    """A post file's text with ``\\n`` line endings, and what had to be repaired to get it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def line_list(lines: list[int]) -> str:
    """``line 3`` / ``lines 3, 7, 9`` (at most a few, then ``…``)."""
    shown = ", ".join(map(str, lines[:_MAX_LINES_LISTED])) + (", …" if len(lines) > _MAX_LINES_LISTED else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


def decode(raw: bytes, path: str | Path) -> Decoded:
    """Bytes to text (see the module docstring). Raises a :class:`PostRejected` subclass naming the file."""
    path = Path(path)
    if not raw.strip():
        raise EmptyPostError("empty file (0 bytes)" if not raw else "file holds only whitespace", path)
    notes: list[str] = []
    warns: list[str] = []
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            if label == "utf-8":
                notes.append("UTF-8 byte-order mark removed")
                content, encoding = _decode_8bit(body, path, warns)
            else:
                content = _decode_wide(body, codec, path, warns, "with byte-order mark")
                encoding = label
            break
    else:
        wide = _sniff_wide(raw)
        if wide is not None:
            codec, label = wide
            content, encoding = _decode_wide(raw, codec, path, warns, "without byte-order mark"), label
        else:
            nul = raw.find(b"\x00")
            if nul >= 0:
                line = raw[:nul].count(b"\n") + 1
                raise BinaryFileError(f"binary file, not a text post (NUL byte at offset {nul})", path, line)
            head = raw[:8192]
            if len(head) - len(head.translate(None, _CONTROL_DELETE)) > 0.05 * len(head):
                raise BinaryFileError("binary file, not a text post (too many control characters)", path)
            content, encoding = _decode_8bit(raw, path, warns)
    if "\r" in content:
        notes.append("CRLF line endings normalised" if "\r\n" in content else "CR line endings normalised")
        content = content.replace("\r\n", "\n").replace("\r", "\n")
    content = _clean(content, notes, warns)
    if not content.strip():
        raise EmptyPostError("file holds only whitespace and invisible characters", path)
    return Decoded(content, encoding, notes, warns)


def _decode_8bit(raw: bytes, path: Path, warns: list[str]) -> tuple[str, str]:
    """UTF-8 line by line; lines that are not UTF-8 as cp1252 (Latin-1 where cp1252 leaves bytes undefined)."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # CR, LF never occur inside a UTF-8 or cp1252 character: split on them at byte level.
    lines = re.split(rb"(\r\n|\r|\n)", raw)
    out: list[str] = []
    bad: list[int] = []
    first_byte = 0
    utf8_nonascii = False
    fallback = "cp1252"
    for i, chunk in enumerate(lines):
        if i % 2:  # a separator
            out.append(chunk.decode("ascii"))
            continue
        try:
            out.append(chunk.decode("utf-8"))
            utf8_nonascii = utf8_nonascii or not chunk.isascii()
        except UnicodeDecodeError as exc:
            if not bad:
                first_byte = chunk[exc.start]
            bad.append(i // 2 + 1)
            try:
                out.append(chunk.decode("cp1252"))
            except UnicodeDecodeError:
                out.append(chunk.decode("latin-1"))
                fallback = "latin-1"
    if utf8_nonascii:
        warns.append(f"mixed encodings: {line_list(bad)} not UTF-8 (first bad byte 0x{first_byte:02X}); "
                     f"decoded those as {fallback}, the rest as UTF-8")
        return "".join(out), "mixed"
    warns.append(f"not UTF-8 (byte 0x{first_byte:02X} on line {bad[0]}); decoded as {fallback}")
    return "".join(out), fallback


def _decode_wide(raw: bytes, codec: str, path: Path, warns: list[str], mark: str) -> str:
    """UTF-16/32 (one warning saying so); dangling bytes of a truncated file are dropped, invalid data rejects."""
    unit = 4 if "32" in codec else 2
    label = f"{codec[:6].upper()} file ({codec[-2:].upper()}, {mark})"
    extra = len(raw) % unit
    if extra:
        raw = raw[: len(raw) - extra]
        warns.append(f"{label} whose length is not a whole number of {unit}-byte units (truncated?): decoded "
                     f"as {codec[:6].upper()}, the last {extra} byte{'s' if extra > 1 else ''} dropped")
    else:
        warns.append(f"{label}; decoded as {codec[:6].upper()}")
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise PostRejected(f"invalid {codec.upper()} data at byte offset {exc.start} ({exc.reason})",
                           path, line) from None


def _sniff_wide(raw: bytes) -> tuple[str, str] | None:
    """UTF-16/32 without a byte-order mark: NUL bytes in the right columns (mostly-ASCII text)."""
    head = raw[:4096]
    if b"\x00" not in head or len(head) < 4:
        return None
    for codec, label, unit, zero_cols in (
        ("utf-32-le", "utf-32", 4, (1, 2, 3)), ("utf-32-be", "utf-32", 4, (0, 1, 2)),
        ("utf-16-le", "utf-16", 2, (1,)), ("utf-16-be", "utf-16", 2, (0,)),
    ):
        n = len(head) // unit
        if all(sum(head[k * unit + c] == 0 for k in range(n)) >= 0.7 * n for c in zero_cols):
            try:
                text = raw[: len(raw) - len(raw) % unit].decode(codec)
            except UnicodeDecodeError:
                continue
            if not _CONTROL_CHARS.search(text.replace("\x00", "")) and "\x00" not in text:
                return codec, label
    return None


def _clean(content: str, notes: list[str], warns: list[str]) -> str:
    """Remove control and invisible characters (note with lines); warn about bidirectional controls."""
    if _REMOVE.search(content):
        kinds: dict[str, list[int]] = {}
        for no, line in enumerate(content.split("\n"), start=1):
            for ch in set(_REMOVE.findall(line)):
                kind = _INVISIBLE.get(ch, "control character")
                if no not in kinds.setdefault(kind, []):
                    kinds[kind].append(no)
        content = _REMOVE.sub("", content)
        for kind, lines in kinds.items():
            (warns if kind == "control character" else notes).append(f"{kind}s removed ({line_list(lines)})")
    if _BIDI.search(content):
        lines = [no for no, line in enumerate(content.split("\n"), start=1) if _BIDI.search(line)]
        names = sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in _BIDI.findall(content)})
        warns.append(f"bidirectional control characters ({', '.join(names).lower()}) on {line_list(lines)}: "
                     "kept, but the text may display in another order than stored")
    return content
