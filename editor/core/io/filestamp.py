"""Core layer (no Qt): what a file on disk looked like when it was read or written, to tell
later whether another program changed it.

A modification time alone misses changes that keep it (``cp -p``, ``rsync -t``, ``touch -d``,
two writes within one tick of the kernel's coarse clock), so a :class:`FileStamp` also keeps
the size, the inode, the change time (which no program can set back) and a SHA-256 of the
content. :meth:`FileStamp.changed` compares the cheap facts first; the content is hashed only
when they differ or when asked to ``verify`` (before a save overwrites the file).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import asdict, dataclass
from typing import Any

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A file at one moment. Fields other than ``mtime_ns`` may be None (an old recovery file
    kept only the modification time)."""

    mtime_ns: int
    size: int | None = None
    inode: int | None = None
    device: int | None = None
    ctime_ns: int | None = None
    sha256: str | None = None

    @classmethod
    def of(cls, info: os.stat_result, content: bytes | None = None, digest: str | None = None) -> FileStamp:
        if digest is None and content is not None:
            digest = hashlib.sha256(content).hexdigest()
        return cls(info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev, info.st_ctime_ns, digest)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> FileStamp | None:
        """The stamp of the file at ``path`` now (its content hashed); None when it is not there
        or cannot be read."""
        try:
            info = os.stat(path)
            return cls.of(info, digest=hash_file(path))
        except (OSError, ValueError):
            return None

    @classmethod
    def from_mtime(cls, mtime: float) -> FileStamp:
        """Only a modification time in seconds (what older recovery files kept)."""
        return cls(round(mtime * 1e9))

    @property
    def mtime(self) -> float:
        return self.mtime_ns / 1e9

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, value: Any) -> FileStamp | None:
        if not isinstance(value, dict) or not isinstance(value.get("mtime_ns"), int):
            return None
        ints = {k: value.get(k) if isinstance(value.get(k), int) and not isinstance(value.get(k), bool) else None
                for k in ("size", "inode", "device", "ctime_ns")}
        digest = value.get("sha256")
        return cls(value["mtime_ns"], sha256=digest if isinstance(digest, str) else None, **ints)

    def changed(self, path: str | os.PathLike[str], *, verify: bool = False) -> bool:
        """True when the file at ``path`` is not the one stamped: gone, replaced, resized, or
        holding other bytes. Equal size, inode, times and device count as unchanged unless
        ``verify`` (then the content is compared too)."""
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return True
        if not stat.S_ISREG(info.st_mode):   # replaced by a folder, a pipe...: never read it
            return True
        if self.size is not None and info.st_size != self.size:
            return True
        if self.ctime_ns is None:      # a modification time kept as a float: to the microsecond
            same_mtime = abs(info.st_mtime_ns - self.mtime_ns) < 1000
        else:
            same_mtime = info.st_mtime_ns == self.mtime_ns
        same = (same_mtime
                and self.inode in (None, info.st_ino) and self.device in (None, info.st_dev)
                and self.ctime_ns in (None, info.st_ctime_ns))
        if same and not verify:
            return False
        if self.sha256 is None:        # nothing to compare the content with
            return not same
        try:
            return hash_file(path) != self.sha256
        except (OSError, ValueError):
            return True


def hash_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
