import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_notebook(path: Path, *sources: str) -> None:
    """A notebook at ``path`` with one code cell per source (Python 3 kernel), for runner tests."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), path)


@pytest.fixture(scope="session")
def posts():
    from servicestories import load_posts

    return load_posts(cache=False)


@pytest.fixture
def bad_dir() -> Path:
    return FIXTURES / "bad"


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the real corpus (tests must never write into data/raw/)."""
    dst = tmp_path / "corpus"
    shutil.copytree(ROOT / "data" / "raw", dst)
    return dst


@pytest.fixture
def figures_out(tmp_path, monkeypatch) -> Path:
    out = tmp_path / "figures"
    monkeypatch.setenv("SERVICESTORIES_FIGURES", str(out))
    return out


def pytest_configure(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")
