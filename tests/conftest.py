import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
