"""The built wheel installs into a new virtual environment without extras and runs every
command there, outside the source tree (issue 13: a bare ``pip install`` once failed on a
dependency that only an extra brought in)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run inside the new environment: every command path of the installed CLI.
_LIST_COMMANDS = """
import json, typer.main
from auditor.cli import app
def walk(cmd, path):
    yield path
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from walk(sub, [*path, name])
print(json.dumps(list(walk(typer.main.get_command(app), []))))
"""


@pytest.mark.slow
@pytest.mark.timeout(900)  # a real pip install into a new venv, then 70 CLI starts
def test_wheel_in_a_new_venv_without_extras_runs_every_command(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("checks/", "checks/lexicons/", "auditor/_data/templates/",
                   "auditor/_data/schedules/", "auditor/demo/sites/brightpath/",
                   "auditor/store/migrations/versions/"):
        assert any(n.startswith(folder) for n in names), folder

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py, cli = venv / "bin" / "python", venv / "bin" / "auditor"
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    freeze = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True,
                            check=True).stdout.lower()
    assert "celery" not in freeze and "psycopg" not in freeze  # no extra came along

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AUDITOR_"))}
    env.update(AUDITOR_DATA_DIR=str(tmp_path / "data"), PYTHONNOUSERSITE="1")
    if os.environ.get("AUDITOR_CRAWL_BROWSER_PATH"):
        env["AUDITOR_CRAWL_BROWSER_PATH"] = os.environ["AUDITOR_CRAWL_BROWSER_PATH"]

    where = subprocess.run([str(py), "-c", "import auditor; print(auditor.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout

    listed = subprocess.run([str(py), "-c", _LIST_COMMANDS], cwd=work, env=env,
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    paths = json.loads(listed.stdout)
    assert ["audit"] in paths and ["cases", "approve"] in paths and ["worker"] in paths
    for path in paths:
        result = subprocess.run([str(cli), *path, "--help"], cwd=work, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (path, result.stderr[-2000:])
        assert "Usage:" in result.stdout, path

    demo = subprocess.run([str(cli), "demo"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=600)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "brightpath" in demo.stdout and "riskyrobot" in demo.stdout
    assert list((tmp_path / "data").rglob("*.html")), "the demo wrote no report"
