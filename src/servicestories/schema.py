"""Schemas of the shared frames (pandera) and the data dictionary generated from them.

``docs/data-dictionary.md`` is generated from :data:`POSTS` and :data:`COMMENTS`:
``python -m servicestories.schema > docs/data-dictionary.md`` (a test keeps the two in step).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

#: Bump when columns change: cached frames with an older schema are rebuilt.
SCHEMA_VERSION = "2"
#: Values of the ``encoding`` column (see :mod:`servicestories.decoding`).
ENCODINGS = ["utf-8", "cp1252", "latin-1", "utf-16", "utf-32", "mixed"]

def _col(dtype, description: str, nullable: bool = False, checks=None, unique: bool = False) -> pa.Column:
    return pa.Column(dtype, checks=checks, nullable=nullable, unique=unique, description=description, coerce=True)


POSTS = pa.DataFrameSchema(
    {
        "post_id": _col(str, "File stem of the post, e.g. `000_c02f626e150962b4`; the key every frame joins on.",
                        checks=pa.Check.str_length(min_value=1), unique=True),
        "source_file": _col(str, "File name in the corpus folder (`data/raw/` by default).", unique=True),
        "title": _col(str, "First line of the post that is not a date or byline.",
                      checks=pa.Check.str_length(min_value=1)),
        "author": _col(str, "Author named in a byline (`by …`, `von …`); missing when the post names none.",
                       nullable=True),
        "published": _col("datetime64[ns]", "Publication date when the post gives a full date; missing otherwise.",
                          nullable=True),
        "published_text": _col(str, "The date line as written, also when it lacks a year (e.g. `08Mai`).",
                               nullable=True),
        "body": _col(str, "The story: the post without title, header lines, site boilerplate and comments.",
                     checks=pa.Check.str_length(min_value=1)),
        "boilerplate": _col(str, "Lines split off as site furniture (date, byline, `Posted in …`, image credits, "
                                 "footer), one per line; kept, never discarded."),
        "n_comments": _col(int, "Number of reader comments found (see the comments frame).",
                           checks=pa.Check.ge(0)),
        "n_words": _col(int, "Word tokens in `body` (NLTK RegexpTokenizer, tokens containing a letter or digit).",
                        checks=pa.Check.gt(0)),
        "n_sentences": _col(int, "Sentences in `body` (NLTK Punkt, German parameters).", checks=pa.Check.gt(0)),
        "language": _col(str, "`de`, `en` or `und`, from German vs English stop-word counts.",
                         checks=pa.Check.isin(["de", "en", "und"])),
        "encoding": _col(str, "Encoding the file was decoded with: `utf-8`; `cp1252`, `latin-1`, `utf-16`, "
                              "`utf-32` and `mixed` (UTF-8 with some lines in cp1252, decoded line by line) "
                              "come with a load warning naming the lines.",
                         checks=pa.Check.isin(ENCODINGS)),
        "sha256": _col(str, "SHA-256 of the raw file bytes (as listed in `data/raw/README.md`).",
                       checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "text": _col(str, "The whole decoded file (line endings normalised to `\\n`); offsets of quotes "
                          "and extraction evidence refer to this text."),
    },
    strict=True,
    ordered=True,
    name="posts",
)

COMMENTS = pa.DataFrameSchema(
    {
        "post_id": _col(str, "The post the comment belongs to."),
        "comment_no": _col(int, "Position of the comment in the thread, from 1.", checks=pa.Check.ge(1)),
        "author": _col(str, "Commenter's name as signed."),
        "date": _col(str, "Date as signed (verbatim; formats vary between blogs); empty if none."),
        "text": _col(str, "The comment text, quoted lines (`> …`) included."),
    },
    strict=True,
    ordered=True,
    name="comments",
)

POST_COLUMNS = list(POSTS.columns)
COMMENT_COLUMNS = list(COMMENTS.columns)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate lazily; raise one ``ValueError`` listing every problem."""
    try:
        return schema.validate(frame, lazy=True)
    except (SchemaErrors, SchemaError) as exc:  # a bug in the loader, not a user error
        raise ValueError(f"{schema.name} frame does not match its schema:\n{exc}") from exc


def validate_posts(frame: pd.DataFrame) -> pd.DataFrame:
    return validate(frame, POSTS)


def validate_comments(frame: pd.DataFrame) -> pd.DataFrame:
    return validate(frame, COMMENTS)


def data_dictionary_markdown() -> str:
    out = ["# Data dictionary", "",
           "Generated from `src/servicestories/schema.py` (`python -m servicestories.schema`). "
           "The hand-coded frames (`load_cases()`, `load_events()`) are documented in "
           "[`codebook.md`](codebook.md).", ""]
    for schema, intro in ((POSTS, "`load_posts()`: one row per post."),
                          (COMMENTS, "`load_comments()`: one row per reader comment.")):
        out += [f"## {schema.name}", "", intro, "", "| column | type | missing allowed | description |",
                "| --- | --- | --- | --- |"]
        for name, col in schema.columns.items():
            out.append(f"| `{name}` | {col.dtype} | {'yes' if col.nullable else 'no'} | {col.description} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(data_dictionary_markdown(), end="")
