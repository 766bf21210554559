"""The image's recipe (issue 12): dependencies from a lock file with hashes, in their own layer, factbot as
a wheel, the base pinned by digest, a server command, and a health check every mode answers. No Docker
engine runs here: these read the files the image is built from, and a slow test replays the Dockerfile's own
pip steps and first start outside Docker (bench/image.py)."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT, load_bench

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _locked(path: str) -> dict[str, tuple[str, int]]:
    """name -> (pinned version, number of hashes) from a pip-compile lock file."""
    out: dict[str, tuple[str, int]] = {}
    text = (ROOT / path).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if m:
            out[canonicalize_name(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return out


def test_the_lock_pins_every_runtime_dependency_with_hashes_and_within_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["slack"]]
    wanted += project["optional-dependencies"]["discord"] + project["optional-dependencies"]["images"]
    locked = _locked("requirements.lock")
    assert len(locked) > 10
    for spec in wanted:
        req = Requirement(spec)
        version, hashes = locked[canonicalize_name(req.name)]
        assert req.specifier.contains(version), f"{req} but the lock has {version}"
        assert hashes >= 1
    assert all(hashes >= 1 for _, hashes in locked.values())
    assert "setuptools" in _locked("requirements-build.lock")


def test_the_image_installs_locked_dependencies_first_then_factbots_wheel() -> None:
    steps = [line for line in DOCKERFILE.splitlines() if line.startswith(("RUN", "COPY", "FROM"))]
    runtime = steps[max(i for i, s in enumerate(steps) if s.startswith("FROM")) :]
    deps = next(i for i, s in enumerate(runtime) if "--require-hashes" in s and "requirements.lock" in s)
    code = next(i for i, s in enumerate(runtime) if "/wheels" in s and s.startswith("COPY"))
    assert deps < code  # a code change never reinstalls the dependencies
    assert not any("adapters" in s or "bot" in s.split() for s in runtime[:deps])
    installs = [s for s in runtime if "pip install" in s]
    assert installs and not any(" -e " in s or "--editable" in s for s in installs)
    assert "pip wheel" in DOCKERFILE


def test_the_base_is_pinned_by_digest_and_the_command_is_a_server() -> None:
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11[\w.-]*@sha256:[0-9a-f]{64}$", DOCKERFILE, re.M)
    assert all(line == "FROM ${PYTHON_IMAGE}" or line.startswith("FROM ${PYTHON_IMAGE} AS ")
               for line in DOCKERFILE.splitlines() if line.startswith("FROM"))  # fmt: skip
    cmd = re.search(r'^CMD \[(.*)\]$', DOCKERFILE, re.M)
    assert cmd is not None and '"chat"' not in cmd.group(1) and '"slack"' in cmd.group(1)


def test_the_health_check_calls_the_health_port_every_mode_serves() -> None:
    assert "FACTBOT_HEALTH_PORT=8080" in DOCKERFILE
    check = DOCKERFILE.split("\nHEALTHCHECK ", 1)[1].split("\n#", 1)[0]
    assert "FACTBOT_HEALTH_PORT" in check and "/healthz" in check and "3000" not in check
    assert "--no-healthcheck" not in DOCKERFILE


@pytest.mark.slow
def test_the_recipe_installs_from_the_locks_alone_and_first_start_answers(tmp_path: Path) -> None:
    """The Dockerfile's pip steps, replayed stage by stage in fresh venvs: the hash-locked backend builds the
    wheel, `requirements.lock` installs with --require-hashes --no-deps and `pip check` finds nothing
    missing, and the entrypoint's first start copies the embedded base onto the empty volume and answers."""
    done = load_bench("image").rehearse(tmp_path)
    assert "Altman" in done.answer
    assert (done.site_packages / "factbot").is_dir() and not (done.site_packages / "bot").exists()
    with sqlite3.connect(done.volume / "facts.db") as db:
        assert db.execute("SELECT count(*) FROM facts").fetchone()[0] > 500
