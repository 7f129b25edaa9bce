"""`pip install .` ships the ontology, data and queries inside the package.

Builds the package into a throw-away folder and runs it from another
directory, so that nothing is read from the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build")
    # copy the tree so that the build does not write into the checkout (build/, egg-info)
    import shutil

    shutil.copytree(
        ROOT,
        build / "src",
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.egg-info", "build", "out", "__pycache__", "tests"
        ),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            # build with the setuptools already installed (the test extras pin it),
            # never fetched: tests reach nothing but 127.0.0.1
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(build / "src"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return target


def run(installed: Path, cwd: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_installed_package_carries_its_files(installed: Path, tmp_path: Path) -> None:
    out = run(
        installed,
        tmp_path,
        "import pmograph, pmograph.resources as r;"
        "print(pmograph.__file__); print(r.ontology_file()); print(len(r.data_files()));"
        "print(len(list(r.queries_dir().glob('*.rq'))));"
        "kg = pmograph.load(); print(kg.label(kg.find('project manager')))",
    )
    module, ontology, n_data, n_queries, label = out.splitlines()
    assert module.startswith(str(installed))
    assert ontology.startswith(str(installed))
    assert int(n_data) > 10
    assert int(n_queries) >= 19
    assert label == "Project Manager"
    assert (installed / "pmograph" / "py.typed").exists()


def test_installed_cli_runs_from_any_directory(installed: Path, tmp_path: Path) -> None:
    out = run(installed, tmp_path, "from pmograph.cli import main; main(['validate'])")
    assert out == ""
    assert list(tmp_path.iterdir()) == []
