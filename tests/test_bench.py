"""The benchmark script still runs (a smoke run with a handful of appeals, not a measurement)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.postgres
def test_the_bench_script_runs(postgres: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "appeals.py"), "--appeals", "3", "--postgres", postgres],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "sqlite" in result.stdout and "postgresql" in result.stdout
