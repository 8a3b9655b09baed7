"""Core layer: the exceptions the core raises, each with a message meant for a person."""

from __future__ import annotations


class NetworkError(ValueError):
    """An edit that the network refuses (an unknown port, a taken id, an incompatible link)."""


class StateError(ValueError):
    """A state dict that does not have fastr's shape. ``path`` is where, e.g. ``nodelist[3].id``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
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
            where += f" (at {self.path})"
        return f"{where}: {self.reason}"


class SaveError(Exception):
    """A save that failed; the file on disk is unchanged."""

    def __init__(self, filename: str, message: str) -> None:
        self.filename = filename
        self.reason = message
        super().__init__(f"{filename}: {message}")
