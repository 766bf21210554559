"""The image recipe rehearsed without a Docker engine, and what the image would weigh.

    python3 bench/image.py [--keep DIR]

No Docker engine runs on the machines this project is built on, so `docker build` cannot be tried here.
This replays the Dockerfile's own `pip` steps, read from the Dockerfile (not rewritten), in two fresh
virtual environments — one per stage — with the image's paths mapped into a temporary folder: the build
stage installs the hash-locked build backend and builds factbot's wheel; the runtime stage installs
`requirements.lock` with `--require-hashes --no-deps` and then the wheel. `pip check` then proves the lock
holds every transitive dependency. Finally the ENTRYPOINT's first-start script runs `factbot ask` on an
empty volume folder. Prints the installed size, which with the base image's size is the image's size.

Only what Docker adds is not rehearsed: the base image itself (its digest is checked by the first real
build), `useradd`, file ownership and the HEALTHCHECK's scheduling.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
TIMEOUT = 900


@dataclass(frozen=True)
class Stage:
    """One FROM … block: its WORKDIR and the pip commands of its RUN lines, in order."""

    workdir: str
    pip_commands: list[list[str]]
    copies: list[list[str]]


@dataclass(frozen=True)
class Rehearsal:
    runtime_python: Path
    site_packages: Path
    volume: Path
    answer: str


def stages(text: str) -> list[Stage]:
    """The Dockerfile's stages, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    out: list[Stage] = []
    workdir = "/"
    pips: list[list[str]] = []
    copies: list[list[str]] = []
    for line in joined.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word == "FROM":
            if pips or copies:
                out.append(Stage(workdir, pips, copies))
            workdir, pips, copies = "/", [], []
        elif word == "WORKDIR":
            workdir = rest.strip()
        elif word == "COPY":
            copies.append(shlex.split(rest))
        elif word == "RUN":
            for part in rest.split("&&"):
                argv = shlex.split(part)
                if argv[:3] == ["python3", "-m", "pip"]:
                    pips.append(argv[3:])
    out.append(Stage(workdir, pips, copies))
    return out


def entrypoint_script(text: str) -> str:
    """The shell script the ENTRYPOINT runs before `exec factbot`."""
    m = re.search(r'^ENTRYPOINT \["sh", "-c", "(.*)", "factbot"\]$', text, re.M)
    if m is None:
        raise SystemExit('Dockerfile: no ENTRYPOINT of the form ["sh", "-c", SCRIPT, "factbot"]')
    return m.group(1).replace('\\"', '"')


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=TIMEOUT)
    return path / "bin" / "python3"


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _mapped(argv: list[str], root: Path) -> list[str]:
    """Image paths (/wheels, /tmp/…) moved under `root`; globs expanded as the shell would."""
    out: list[str] = []
    for arg in argv:
        if arg.startswith("/"):
            arg = str(root / arg.lstrip("/"))
        out.extend(sorted(glob.glob(arg)) if "*" in arg else [arg])
    return out


def _copy(args: list[str], root: Path, workdir: str) -> None:
    """COPY SRC… DEST from the repo (a `--from=` stage's files already live under `root`)."""
    from_stage = args[0].startswith("--from=")
    *sources, dest = args[1:] if from_stage else args
    target = root / (dest if dest.startswith("/") else f"{workdir}/{dest}").lstrip("/")
    for src in sources:
        origin = root / src.lstrip("/") if from_stage else ROOT / src
        goes = target / origin.name if dest.endswith("/") or len(sources) > 1 else target
        if origin.is_dir():
            if from_stage:
                goes = target
            shutil.copytree(origin, goes, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            goes.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, goes)


def rehearse(root: Path) -> Rehearsal:
    """Build and start the image's Python part under `root`, stage by stage."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    build, runtime = stages(text)[-2:]
    python = Path()
    for n, stage in enumerate((build, runtime)):
        python = _venv(root / f"stage{n}")
        workdir = root / stage.workdir.lstrip("/")
        workdir.mkdir(parents=True, exist_ok=True)
        for copy in stage.copies:
            if copy[-1] != "/app/facts.db":
                _copy(copy, root, stage.workdir)
        for pip in stage.pip_commands:
            _run([str(python), "-m", "pip", *_mapped(pip, root)], cwd=workdir)
    _run([str(python), "-m", "pip", "check"], cwd=root)
    (root / "app").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "facts.db", root / "app" / "facts.db")
    volume = root / "data"
    volume.mkdir()
    env = {
        "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(root),
        "XDG_DATA_HOME": str(root / "home-data"),
        "FACTBOT_DB": str(volume / "facts.db"),
    }
    script = entrypoint_script(text).replace("/app/", f"{root}/app/")
    answer = _run(["sh", "-c", script, "factbot", "ask", "who runs openai?"], cwd=root, env=env)
    site = next((root / "stage1" / "lib").glob("python3*/site-packages"))
    return Rehearsal(python, site, volume, answer)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="rehearse in this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="factbot-image-"))
    try:
        done = rehearse(root)
        installed = _size(done.site_packages)
        print(f"first start answered: {done.answer.strip().splitlines()[0]}")
        print(f"runtime site-packages: {installed / 2**20:.1f} MiB ({done.site_packages})")
        print(f"embedded fact base: {(ROOT / 'facts.db').stat().st_size / 2**20:.1f} MiB")
        print("image = base image (python:3.11-slim-bookworm) + the two figures above + a small user layer")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
