"""Rewrite the hostile corpus files from ``tests/hostile_corpus``: the small network files here and
the tool files in ``tests/data/hostile_tools/library``.

Usage: ``python3 tests/data/hostile/make_corpus.py [network folder [tool folder]]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def main(argv: list[str]) -> None:
    """Write the network files to ``argv[1]`` and the tool files to ``argv[2]`` (default: here)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests import hostile_corpus as corpus

    paths = corpus.write_corpus(Path(argv[1]) if len(argv) > 1 else corpus.HERE)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} network files ({total / 1024:.0f} kB) to {paths[0].parent}")
    tools = corpus.write_tool_corpus(Path(argv[2]) if len(argv) > 2 else corpus.TOOLS_DIR)
    print(f"wrote {len(tools)} tool files to {corpus.TOOLS_DIR}")


if __name__ == "__main__":
    main(sys.argv)
