"""Core layer: ResourceLimit, the compute resources a node asks for (as fastr 3.4.0's).

Differences from fastr, all stricter: negative numbers, bools, floats and malformed strings are
refused with a message that states the rule (fastr accepts ``True`` or ``-1`` silently).
"""

from __future__ import annotations

import re
from typing import Any

_MEMORY_RE = re.compile(r"(\d+)\s*([mMgGtTpP])[Bb]?")
_TIME_RE = re.compile(r"(?:(?:(\d+):)?(\d+):)?(\d+)")
_MEMORY_UNITS = {"m": 1, "g": 1024, "t": 1024**2, "p": 1024**3}

MEMORY_RULE = (
    "memory must be a whole number of megabytes or a whole number followed by M, G, T or P "
    "(an optional B, any case), for example 1500M or 8G; fractions such as 1.5G are not allowed"
)
TIME_RULE = (
    "time must be a whole number of seconds or a string HH:MM:SS, MM:SS or SS, "
    "for example 3600 or '01:00:00'"
)


def _plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_memory(value: Any) -> int | None:
    """Memory in MiB from an int (MiB) or a string such as ``'8G'``; ``None`` means no limit."""
    if value is None:
        return None
    if _plain_int(value):
        if value < 1:
            raise ValueError(f"{MEMORY_RULE}; got {value}")
        return value
    if isinstance(value, str):
        match = _MEMORY_RE.fullmatch(value)
        if match:
            number = int(match.group(1)) * _MEMORY_UNITS[match.group(2).lower()]
            if number < 1:
                raise ValueError(f"{MEMORY_RULE}; got {value!r}")
            return number
        raise ValueError(f"{MEMORY_RULE}; got {value!r}")
    raise TypeError(f"{MEMORY_RULE}; got a {type(value).__name__} ({value!r})")


def parse_time(value: Any) -> int | None:
    """Time in seconds from an int or a string ``HH:MM:SS``, ``MM:SS`` or ``SS``."""
    if value is None:
        return None
    if _plain_int(value):
        if value < 1:
            raise ValueError(f"{TIME_RULE}; got {value}")
        return value
    if isinstance(value, str):
        match = _TIME_RE.fullmatch(value)
        if match:
            hours, minutes, seconds = (int(x) if x else 0 for x in match.groups())
            total = hours * 3600 + minutes * 60 + seconds
            if total < 1:
                raise ValueError(f"{TIME_RULE}; got {value!r} (zero)")
            return total
        raise ValueError(f"{TIME_RULE}; got {value!r}")
    raise TypeError(f"{TIME_RULE}; got a {type(value).__name__} ({value!r})")


def _parse_count(name: str, value: Any, minimum: int) -> int | None:
    if value is None:
        return None
    if _plain_int(value):
        if value < minimum:
            raise ValueError(f"{name} must be a whole number of at least {minimum}; got {value}")
        return value
    raise TypeError(f"{name} must be a whole number or None; got a {type(value).__name__} ({value!r})")


def format_memory(megabytes: int | None) -> str:
    """Short human form: 8192 -> '8G', 1500 -> '1500M'."""
    if megabytes is None:
        return ""
    for unit, factor in (("P", 1024**3), ("T", 1024**2), ("G", 1024)):
        if megabytes % factor == 0:
            return f"{megabytes // factor}{unit}"
    return f"{megabytes}M"


def format_time(seconds: int | None) -> str:
    """``HH:MM:SS`` for a number of seconds."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


class ResourceLimit:
    """Cores, memory (MiB), time (s) and GPUs for one node, as ``fastr.api.ResourceLimit``."""

    __slots__ = ("_cores", "_memory", "_time", "_gpus")
    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __init__(self, cores: int | None = 1, memory: int | str | None = "2G",
                 time: int | str | None = "01:00:00", gpus: int | None = None) -> None:
        self._cores = _parse_count("cores", cores, 1)
        self._memory = parse_memory(memory)
        self._time = parse_time(time)
        self._gpus = _parse_count("gpus", gpus, 0)

    @property
    def cores(self) -> int | None:
        return self._cores

    @cores.setter
    def cores(self, value: int | None) -> None:
        self._cores = _parse_count("cores", value, 1)

    @property
    def memory(self) -> int | None:
        """Memory in MiB."""
        return self._memory

    @memory.setter
    def memory(self, value: int | str | None) -> None:
        self._memory = parse_memory(None if value == "" else value)  # as fastr: '' clears

    @property
    def time(self) -> int | None:
        """Wall time in seconds."""
        return self._time

    @time.setter
    def time(self, value: int | str | None) -> None:
        self._time = parse_time(None if value == "" else value)

    @property
    def gpus(self) -> int | None:
        return self._gpus

    @gpus.setter
    def gpus(self, value: int | None) -> None:
        self._gpus = _parse_count("gpus", value, 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResourceLimit):
            return NotImplemented
        return (self._cores, self._memory, self._time, self._gpus) == (
            other._cores, other._memory, other._time, other._gpus)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        return (f"ResourceLimit(cores={self._cores!r}, memory={self._memory!r}, "
                f"time={self._time!r}, gpus={self._gpus!r})")

    def copy(self) -> ResourceLimit:
        clone = ResourceLimit.__new__(ResourceLimit)
        clone.__setstate__(self.__getstate__())
        return clone

    def __getstate__(self) -> dict[str, int | None]:
        return {"cores": self._cores, "memory": self._memory, "time": self._time, "gpus": self._gpus}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a state as fastr writes it (raw values; missing keys are None)."""
        self._cores = state.get("cores")
        self._memory = state.get("memory")
        self._time = state.get("time")
        self._gpus = state.get("gpus")

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ResourceLimit:
        """A ResourceLimit from a state dict, checking every value (for loading files)."""
        limit = cls.__new__(cls)
        limit._cores = _parse_count("cores", state.get("cores"), 0)
        memory = state.get("memory")
        limit._memory = memory if memory is None else _check_int("memory", memory)
        limit._time = state.get("time") if state.get("time") is None else _check_int("time", state.get("time"))
        limit._gpus = _parse_count("gpus", state.get("gpus"), 0)
        return limit


#: Above these no machine or cluster has the resource: a typo (a validation warning, never refused).
BELIEVABLE = {"cores": 100_000, "memory": 1024**3, "time": 10 * 366 * 86400, "gpus": 10_000}
_UNITS = {"cores": "cores", "memory": "MB of memory", "time": "seconds of time", "gpus": "GPUs"}


def unbelievable(limit: ResourceLimit) -> list[str]:
    """What ``limit`` asks for beyond :data:`BELIEVABLE` ("10^100 MB of memory"), in field order."""
    found = []
    for name in ("cores", "memory", "time", "gpus"):
        value = getattr(limit, f"_{name}")
        if _plain_int(value) and value > BELIEVABLE[name]:
            found.append(f"{_amount(value)} {_UNITS[name]}")
    return found


def _amount(value: int) -> str:
    """A number for a message: as it is up to 12 digits, else its power of ten (10^100)."""
    if value < 10**12:
        return f"{value:,}"
    digits = int(value.bit_length() * 0.30103)       # no str(): it may be thousands of digits long
    while 10 ** (digits + 1) <= value:
        digits += 1
    while 10 ** digits > value:
        digits -= 1
    return f"10^{digits}" if value == 10**digits else f"more than 10^{digits}"


def _check_int(name: str, value: Any) -> int:
    if not _plain_int(value) or value < 0:
        raise ValueError(f"{name} must be a whole non-negative number in a state; got {value!r}")
    return value
