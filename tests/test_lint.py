"""Lint and type checks in the test suite: ``ruff check src tests benchmarks`` and ``mypy src``.

Configuration in ``pyproject.toml`` (``[tool.ruff]``, ``[tool.mypy]``). Marked ``lint``: ``pytest -m lint`` runs
only these, ``pytest -m "not lint"`` everything else. A failure lists every finding (file:line: code message).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.lint


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: `make setup` installs it (test extra)")
    return found


def test_ruff_finds_nothing():
    proc = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "--no-cache",
                           "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"ruff findings (fix with `ruff check --fix` where marked [*]):\n{proc.stdout}"


def test_mypy_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "src"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"mypy findings:\n{proc.stdout}{proc.stderr}"
