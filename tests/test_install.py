"""How the project installs: one import root, platform SDKs optional, an installed copy that works anywhere."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factbot.cli import main
from tests.support import ROOT


@pytest.mark.parametrize(
    ("command", "extra", "module"), [("slack", "slack", "slack_bolt"), ("discord", "discord", "discord")]
)
def test_a_missing_platform_sdk_is_one_line_naming_the_extra(
    command: str, extra: str, module: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what `import module` meets when it is not installed
    assert main([command], stdout=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"error: {extra.capitalize()} support is not installed ({module} is missing): pip install 'factbot[{extra}]'\n"
    )


def test_python_dash_m_factbot_and_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "factbot", "--version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert out.startswith("factbot ") and out.split()[1][0].isdigit()


@pytest.mark.slow
def test_a_plain_install_answers_from_an_empty_folder_and_writes_nothing_there(tmp_path: Path) -> None:
    """`pip install .` (no editable finder): only `factbot` lands in site-packages, the per-user fact base is
    built from the packaged seed on first use, and the current folder stays empty."""
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(ROOT),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    top = sorted(p.name for p in site.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin")
    assert top == ["factbot"]  # no top-level `bot` or `adapters` (the console script sits in bin/)
    empty = tmp_path / "empty"
    empty.mkdir()
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(data)}
    env.pop("FACTBOT_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "factbot", "ask", "who is the ceo of openai"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Sam Altman" in result.stdout
    assert list(empty.iterdir()) == []
    assert (data / "factbot" / "facts.db").is_file()
    where = subprocess.run(
        [sys.executable, "-c", "import factbot; print(factbot.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert where.startswith(str(site))


def test_the_shipped_fact_base_is_never_used_implicitly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the repo root, asking uses the per-user base, so the committed facts.db is never written."""
    before = (ROOT / "facts.db").read_bytes()
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    assert main(["ask", "who runs openai"], stdout=out) == 0
    assert "Sam Altman" in out.getvalue()
    assert (ROOT / "facts.db").read_bytes() == before
    assert (Path(os.environ["XDG_DATA_HOME"]) / "factbot" / "facts.db").is_file()


def test_a_users_own_facts_db_in_the_current_folder_is_used(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(db_path.parent)
    out = io.StringIO()
    assert (
        main(["facts", "add", "Acme AI", "ceo", "Jane Roe", "--source", "https://example.com/a"], stdout=out)
        == 0
    )
    assert main(["ask", "who runs acme ai"], stdout=(answer := io.StringIO())) == 0
    assert "Jane Roe" in answer.getvalue()
