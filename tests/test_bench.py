"""The benchmark script still runs (a smoke run with a handful of appeals, not a measurement)."""

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
def test_the_bench_script_runs(postgres: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "appeals.py"), "--appeals", "3", "--postgres", postgres],
        capture_output=True, text=True, timeout=120, check=False, env=checkout_first(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "sqlite" in result.stdout and "postgresql" in result.stdout
