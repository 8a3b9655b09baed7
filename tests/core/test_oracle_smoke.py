"""The real-fastr oracle works: it runs fastr 3.4.0 and returns JSON."""

from __future__ import annotations


def test_oracle_runs_fastr_3_4_0(fastr_oracle) -> None:
    script = "emit({'version': fastr.version.version, 'echo': load_payload()})\n"
    result = fastr_oracle.run(script, {"a": [1, "x"]})
    assert result == {"version": "3.4.0", "echo": {"a": [1, "x"]}}
    assert fastr_oracle.python.exists()
