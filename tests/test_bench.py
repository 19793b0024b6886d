"""The benchmark scripts still run (smoke runs with a handful of appeals, not measurements)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def checkout_first() -> dict[str, str]:
    """The environment, with this checkout's packages ahead of any installed copy (a script's
    own folder, not the current one, heads its path)."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return os.environ | {"PYTHONPATH": os.pathsep.join(paths)}


@pytest.mark.postgres
@pytest.mark.parametrize(
    "script, size, shown",
    [
        ("appeals.py", ["--appeals", "3"], "sqlite"),
        ("intake.py", ["--appeals", "3"], "sqlite"),
        ("reports.py", ["--appeals", "30", "--calls", "2", "--intakes", "3"], "closure-rates by department"),
        ("peer.py", ["--lifecycles", "2", "--clients", "1", "2"], "sqlite"),
        ("sessions.py", ["--calls", "20", "--accounts", "3"], "session lookup"),
        ("documents.py", ["--documents", "50", "--calls", "2"], "sqlite"),
        ("imports.py", ["--rows", "20"], "sqlite"),
        ("console.py", ["--appeals", "30", "--calls", "2"], "inbox, coordinator"),
    ],
)
def test_the_bench_scripts_run(postgres: str, script: str, size: list[str], shown: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *size, "--postgres", postgres],
        capture_output=True, text=True, timeout=180, check=False, env=checkout_first(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout and "postgresql" in result.stdout
