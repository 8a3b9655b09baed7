"""Core layer: free heap memory given back to the system before a big network is built.

After a window with a big network closes (or a network is replaced), its objects are freed, but
the C heap keeps most of the pages: 10,000 nodes leave some 95 MB resident that the next open
does not reuse well (its own objects land elsewhere), so a session's peak grows with each big
network it has shown. glibc's ``malloc_trim`` returns the free pages; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def _find() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):       # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Give the C heap's free pages back to the system; False where that cannot be done."""
    global _trim, _looked
    if not _looked:
        _trim, _looked = _find(), True
    if _trim is None:
        return False
    _trim(0)
    return True
