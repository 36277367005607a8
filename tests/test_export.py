"""save_figure: four files, atomic, byte-identical on rerun, indexed."""

import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from servicestories.export import read_index, save_figure
from servicestories.figures import post_lengths


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_save_twice_is_byte_identical(posts, figures_out):
    save_figure(post_lengths(posts), "01-post-lengths")
    first = digests(figures_out)
    save_figure(post_lengths(posts), "01-post-lengths")
    assert digests(figures_out) == first
    assert set(first) == {"01-post-lengths.png", "01-post-lengths.svg", "01-post-lengths.pdf",
                          "01-post-lengths.csv", "index.csv"}


def test_outputs_carry_no_dates(posts, figures_out):
    save_figure(post_lengths(posts), "01-post-lengths")
    assert b"CreationDate" not in (figures_out / "01-post-lengths.pdf").read_bytes()
    assert b"<dc:date>" not in (figures_out / "01-post-lengths.svg").read_bytes()
    png = (figures_out / "01-post-lengths.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_is_300_dpi(posts, figures_out):
    from PIL import Image

    save_figure(post_lengths(posts), "01-post-lengths")
    with Image.open(figures_out / "01-post-lengths.png") as im:
        assert round(im.info["dpi"][0]) == 300


def test_index_lists_figure_function_and_caption(posts, figures_out):
    save_figure(post_lengths(posts), "01-post-lengths")
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    save_figure(fig, "02-example", pd.DataFrame({"x": [1, 2], "y": [3, 4]}), caption="An example.")
    index = read_index()
    assert index.figure.tolist() == ["01-post-lengths", "02-example"]
    row = index.iloc[0]
    assert row.function == "servicestories.figures.post_lengths"
    assert row.notebook == "01-load-corpus"
    assert "n = 5" in row.caption
    assert pd.read_csv(figures_out / "01-post-lengths.csv").n_words.tolist() == posts.n_words.tolist()


def test_data_is_required(figures_out):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="data behind the chart"):
        save_figure(fig, "09-nodata")


def test_a_failed_render_leaves_previous_files(posts, figures_out, monkeypatch):
    save_figure(post_lengths(posts), "01-post-lengths")
    before = digests(figures_out)
    import servicestories.export as export

    def boom(fig, fmt):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(export, "_render", boom)
    with pytest.raises(RuntimeError):
        save_figure(post_lengths(posts), "01-post-lengths")
    assert digests(figures_out) == before
