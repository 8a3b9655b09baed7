"""Core layer: fastr's ``Version`` (``fastr/core/version.py``) re-implemented without fastr.

Tool keys, namespace folders and the version strings written into network states all go
through this class in fastr, so the editor must parse, compare and print versions the same way:
``'01.0'`` prints as ``'1.0'``, ``'2020-01-05'`` as ``'2020.1.5'``, a folder named ``'1.0 copy'``
equals ``1.0`` (the pattern is not anchored at the end), ``'v1.0'`` and ``'1'`` are invalid.
"""

from __future__ import annotations

import re
from typing import Any

_VERSION_RE = re.compile(r'(\d+)\.(\d+)((?:\.\d+)+)?([_\-\.])?'
                         r'(a(?=\d)|b(?=\d)|alpha(?=\d)|beta(?=\d)'
                         r'|rc(?=\d)|r(?=\d))?(\d+)?([a-zA-Z0-9\-_\.]*)')
_DATE_VERSION_RE = re.compile(r'(\d+)-(\d+)-(\d+)([_\-\.])?(.*)')


class VersionError(ValueError):
    """The text is not a version fastr accepts (``FastrVersionInvalidError``)."""


class Version(tuple):
    """``(major, minor, extra, status, build, suffix, separator)`` exactly as fastr stores it."""

    __slots__ = ()

    def __new__(cls, text: str) -> Version:
        if not isinstance(text, str):
            raise VersionError(f'{text!r} is not a valid version input')
        match = _VERSION_RE.match(text)
        if match is not None:
            parts: list[Any] = list(match.groups())
        else:
            match = _DATE_VERSION_RE.match(text)
            if match is None:
                raise VersionError(f'{text!r} is not a valid version input')
            groups = match.groups()
            parts = [groups[0], groups[1], groups[2], groups[3], None, None, groups[4]]
        parts.append(parts[3])
        parts.pop(3)
        parts[0] = int(parts[0])
        parts[1] = int(parts[1])
        if isinstance(parts[2], str):
            parts[2] = tuple(int(x) for x in re.split(r'\.', parts[2].strip('.')))
        if parts[3] == 'r':
            parts[3] = 're'
        if parts[4] is not None:
            parts[4] = int(parts[4])
        if parts[5]:
            parts[5] = str(parts[5])
        return super().__new__(cls, parts)

    @classmethod
    def parse(cls, text: object) -> Version | None:
        """The Version for ``text``, or None when fastr would raise."""
        try:
            return cls(text)  # type: ignore[arg-type]
        except (VersionError, ValueError):
            return None

    def __str__(self) -> str:
        extra = '' if self[2] is None else ''.join(f'.{x}' for x in self[2])
        text = f'{self[0]}.{self[1]}{extra}'
        if self[6] is not None:
            text += str(self[6])
        status = 'r' if self[3] == 're' else self[3]
        if status is not None:
            text += str(status)
        if self[4] is not None:
            text += str(self[4])
        if self[5] is not None:
            text += str(self[5])
        return text

    def __repr__(self) -> str:
        return f'<Version: {self}>'

    def sort_key(self) -> tuple:
        """A key that orders versions like fastr's tuple order, without comparing None to int."""
        return (self[0], self[1], self[2] or (), self[3] is not None, self[3] or '',
                -1 if self[4] is None else self[4], self[5] or '', self[6] or '')


def normalize_version(text: object) -> str | None:
    """``str(Version(text))`` or None if fastr rejects it (``'1.00'`` -> ``'1.0'``)."""
    version = Version.parse(text if isinstance(text, str) else str(text))
    return None if version is None else str(version)
