"""Spreadsheet-safe, atomic CSV writing."""

import pandas as pd
import pytest

from servicestories.errors import ServiceStoriesError
from servicestories.safecsv import neutralise, write_csv


def test_formula_cells_get_a_leading_quote_numbers_stay_numeric():
    frame = pd.DataFrame({"title": ["=HYPERLINK(\"x\")", "+1", "-Kündigung", "@mention", "normal", None],
                          "n": [-3, 1, 2, 3, 4, 5]})
    out = neutralise(frame)
    assert out["title"].tolist()[:5] == ["'=HYPERLINK(\"x\")", "'+1", "'-Kündigung", "'@mention", "normal"]
    assert out["n"].tolist() == [-3, 1, 2, 3, 4, 5]
    assert frame["title"][0].startswith("=")  # the input frame is not changed


def test_write_csv_is_atomic_and_names_bad_targets(tmp_path):
    target = write_csv(pd.DataFrame({"a": ["=1+1"]}), tmp_path / "out.csv")
    assert target.read_text("utf-8") == "a\n'=1+1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with pytest.raises(ServiceStoriesError, match="is a folder"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path)
    with pytest.raises(ServiceStoriesError, match="does not exist"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "missing" / "x.csv")
