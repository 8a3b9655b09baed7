"""Core layer: CPython's cyclic garbage collector held back while a big network is built.

Opening a 5,000-node file makes some 300,000 container objects (state dicts, nodes, ports, links,
then canvas items) that all live on. The collector runs after every 700 new ones, walking the young
generations and now and then the whole heap: 0.5-0.7 s of the 2 s from opening that file to its
first picture, spent finding no garbage. Reference counting still frees everything else at once;
only cycles wait for the collector's next run after the block.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks: the outermost restores)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
