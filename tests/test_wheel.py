"""The built wheel carries checks/, templates/ and schedules/ and runs outside the tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("checks/") for n in names)
    assert any(n.startswith("auditor/_data/templates/") for n in names)
    assert any(n.startswith("auditor/_data/schedules/") for n in names)
    assert any(n.startswith("auditor/demo/sites/brightpath/") for n in names)
    assert any(n.startswith("auditor/store/migrations/versions/") for n in names)

    # A pure-Python wheel installs by unpacking; pip here would uninstall the editable copy.
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    deps = Path(sysconfig.get_path("purelib"))
    # dependencies from the test environment, but never its editable link to this tree
    (site / "zz_deps.pth").write_text(str(deps) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(site), PYTHONNOUSERSITE="1", AUDITOR_DATA_DIR=str(tmp_path / "d"))
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-S", "-c",
                               "import site, sys; site.addsitedir(sys.argv[1]); "
                               "sys.argv = ['auditor', *sys.argv[2:]]; "
                               "import auditor, auditor.cli; "
                               "assert not auditor.__file__.startswith(sys.argv[0] or '~'); "
                               "print(auditor.__file__, file=sys.stderr); auditor.cli.main()",
                               str(site), *args], cwd=work, env=env, text=True,
                              capture_output=True, timeout=120)

    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert str(ROOT) not in result.stderr.splitlines()[0]
    for args in (("orgs", "list", "--json"), ("checks", "list", "--json"),
                 ("schedules", "list", "--json"), ("db", "upgrade")):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
