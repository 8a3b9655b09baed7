"""Core layer: the exceptions the core raises, each with a message meant for a person."""

from __future__ import annotations


class NetworkError(ValueError):
    """An edit that the network refuses (an unknown port, a taken id, an incompatible link)."""


class StateError(ValueError):
    """A state dict that does not have fastr's shape. ``path`` is where, e.g. ``nodelist[3].id``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{shorten(path)}: {shorten(message)}" if path else shorten(message))
        self.path = path
        self.reason = message


class LoadError(Exception):
    """A file that could not be read as a network: names the file, the place and the reason."""

    def __init__(self, filename: str, message: str, *, line: int | None = None,
                 column: int | None = None, path: str | None = None) -> None:
        self.filename = filename
        self.reason = message
        self.line = line
        self.column = column
        self.path = path
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path:
            path = self.path if len(self.path) <= MAX_SHOWN else "..." + self.path[-(MAX_SHOWN - 3):]
            where += f" (at {path})"
        return f"{where}: {shorten(self.reason)}"


#: The longest reason or path a message shows (a file can hold megabyte-long values).
MAX_SHOWN = 500


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text``, cut to ``limit`` characters with a note of how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters)"


class SaveError(Exception):
    """A save that failed; the file on disk is unchanged."""

    def __init__(self, filename: str, message: str) -> None:
        self.filename = filename
        self.reason = message
        super().__init__(f"{filename}: {message}")
