"""environment.yml (conda users) lists the same packages and version specs as pyproject.toml."""

import re
import tomllib

import yaml

from conftest import ROOT


def _norm(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _extras(project) -> list[str]:
    return [s for group in project["optional-dependencies"].values() for s in group]


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = dict(_norm(s) for s in project["dependencies"] + _extras(project))
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    listed = {}
    editable = []
    for dep in env["dependencies"]:
        for spec in (dep["pip"] if isinstance(dep, dict) else [dep]):
            if spec.startswith("-e "):
                editable.append(spec)
                continue
            name, version = _norm(spec)
            listed[name] = version
    assert editable == ["-e ."]  # the project itself is installed, so `import servicestories` works
    python = listed.pop("python")
    listed.pop("pip")
    assert listed == wanted
    assert python == project["requires-python"]


def test_lock_pins_every_dependency():
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    pinned = {m.lower().replace("_", "-") for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for spec in project["dependencies"] + _extras(project):
        assert _norm(spec)[0] in pinned, spec
    assert "matplotlib==3.11.2" in lock  # figures are byte-identical only with the pinned matplotlib
