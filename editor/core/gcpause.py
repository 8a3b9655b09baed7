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
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks: the outermost restores).

    ``freeze`` (a new document: a whole network and its views that live on): when the outermost
    block ends, everything made so far is moved out of the collector's sight (``gc.freeze``)
    instead of being walked by the next collection and again by every full one (10,000 nodes:
    some 0.1-0.2 s right after the open, and again at each full collection while editing).
    Frozen objects are still freed by reference counting; only cycles among them wait. So that
    the network a second open replaces does not stay frozen for good, a block that finds objects
    frozen by an earlier one gives them back to the collector (``gc.unfreeze``) instead of
    freezing: that open is collected as before, and the next one freezes again. (No collection
    is forced here: collections keep to their usual moments.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                if gc.get_freeze_count():
                    gc.unfreeze()
                else:
                    gc.freeze()
            gc.enable()


def thaw() -> None:
    """What a ``freeze`` block froze goes back to the collector (a window with its network closes:
    the next collection may free the cycles among its objects)."""
    gc.unfreeze()
