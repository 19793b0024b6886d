"""The benchmark scripts still run (smoke runs with a handful of appeals, not measurements)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.postgres
@pytest.mark.parametrize("script", ["appeals.py", "intake.py"])
def test_the_bench_script_runs(postgres: str, script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--appeals", "3", "--postgres", postgres],
        capture_output=True, text=True, timeout=120, check=False,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "sqlite" in result.stdout and "postgresql" in result.stdout
