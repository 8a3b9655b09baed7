"""The committed golden states are what real fastr 3.4.0 writes today: regenerate them live with
fastr (in its own environment) and compare, so the round-trip tests never drift from fastr."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.oracle.fastr_env import oracle_env

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _without_version(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "__fastr_version__"}


def test_golden_files_equal_what_fastr_writes_now(fastr_oracle, tmp_path: Path) -> None:
    subprocess.run([str(fastr_oracle.python), str(GOLDEN / "make_golden.py"), str(tmp_path)],
                   check=True, env=oracle_env(), capture_output=True, timeout=900, cwd=GOLDEN.parents[1])
    committed = sorted(p.relative_to(GOLDEN) for p in GOLDEN.glob("*/*.state.json"))
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.glob("*/*.state.json"))
    assert fresh == committed
    for rel in committed:
        assert json.loads((tmp_path / rel).read_text()) == json.loads((GOLDEN / rel).read_text()), rel
        for ext in ("yaml", "json"):
            name = rel.with_name(rel.name.replace(".state.json", f".fastr.{ext}"))
            load = yaml.safe_load if ext == "yaml" else json.loads
            assert _without_version(load((tmp_path / name).read_text())) == \
                _without_version(load((GOLDEN / name).read_text())), name
