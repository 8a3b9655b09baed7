"""Core layer (no Qt): writing a file so that nothing is lost whatever happens on the way.

:func:`write_bytes_atomic` writes through a temporary file in the target's folder, flushed to
the disk (``fsync``) and read back before it replaces the target with a rename, so the old file
stays whole until the new one is. A symbolic link is followed: the file it points to is
replaced and the link stays a link. With ``backup`` the old content is kept as ``<name>~`` next
to the real file, written the same way (a temporary copy, fsync'd, read back, renamed): a disk
that fills up half way leaves the old backup as it was, never a truncated one. A save that
cannot be completed raises :class:`SaveError` saying so, after removing its temporary files;
the file and its backup are then exactly as they were.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from editor.core.errors import SaveError

#: how much is read at a time to check what was written
_CHUNK = 1 << 20


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a save to ``path`` writes: ``path`` itself, or where its symbolic links lead
    (a link to a link too). A link whose target is missing is followed as well: the save creates
    the file it names."""
    target = Path(path)
    if not target.is_symlink():
        return target
    return Path(os.path.realpath(target))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = False,
                       name: str | None = None) -> Path:
    """Replace the file at ``path`` (following symbolic links) with ``data``; returns the path of
    the file written. ``name`` is the file name used in messages (default: ``path``)."""
    shown = name or str(path)
    target = real_target(path)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise SaveError(shown, "is a folder")
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise SaveError(shown, f"cannot be read: {exc.strerror or exc}") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise SaveError(shown, "is not a regular file (a device, pipe or socket); nothing was written")
    temps: list[str] = []
    try:
        tmp = _write_temp(directory, target.name, data, temps, shown)
        mode = old.st_mode & 0o7777 if old is not None else 0o666 & ~_umask()
        _chmod(tmp, mode)
        if backup and old is not None:
            _write_backup(target, directory, temps, shown)
        os.replace(tmp, target)
        temps.remove(tmp)
        _sync_folder(directory)
    except SaveError:
        _remove(temps)
        raise
    except OSError as exc:
        _remove(temps)
        raise SaveError(shown, f"could not be written: {exc.strerror or exc}; "
                               "the file on disk is unchanged") from None
    except BaseException:
        _remove(temps)
        raise
    return target


def _write_temp(directory: Path, base: str, data: bytes, temps: list[str], shown: str) -> str:
    """A new temporary file in ``directory`` holding ``data``, on the disk and checked."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise SaveError(shown, f"the folder {directory} does not exist") from None
    except PermissionError:
        raise SaveError(shown, f"permission denied: cannot write in {directory}") from None
    except OSError as exc:
        raise SaveError(shown, f"cannot write in {directory}: {exc.strerror or exc}") from None
    temps.append(tmp)
    with os.fdopen(fd, "wb") as handle:
        view = memoryview(data)
        while view:
            written = handle.write(view)
            view = view[written:]
        handle.flush()
        os.fsync(handle.fileno())
    _verify(tmp, data, shown)
    return tmp


def _verify(path: str, data: bytes, shown: str) -> None:
    """Read ``path`` back: it must hold exactly ``data`` (a short write, a full disk that
    said nothing, a file system that lost it)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    if size != len(data) or digest.digest() != hashlib.sha256(data).digest():
        raise SaveError(shown, f"could not be written completely ({size:,} of {len(data):,} bytes "
                               "reached the disk); the file on disk is unchanged")


def _write_backup(target: Path, directory: Path, temps: list[str], shown: str) -> None:
    """``<target>~`` replaced, atomically, by the current content of ``target``."""
    with open(target, "rb") as handle:
        old = handle.read()
    backup = target.with_name(target.name + "~")
    try:
        tmp = _write_temp(directory, backup.name, old, temps, shown)
    except SaveError as exc:
        raise SaveError(shown, f"its backup {backup.name} could not be written ({exc.reason}); "
                               "nothing was changed") from None
    except OSError as exc:
        raise SaveError(shown, f"its backup {backup.name} could not be written: "
                               f"{exc.strerror or exc}; nothing was changed") from None
    try:
        _chmod(tmp, target.stat().st_mode & 0o7777)
    except OSError:
        pass
    os.replace(tmp, backup)
    temps.remove(tmp)


def _chmod(path: str, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:
        pass


def _sync_folder(directory: Path) -> None:
    """Make the renames durable too (best effort: not every system can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass
    paths.clear()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
