"""Saves that must lose nothing (issue 17, item 6): a file reached through a symbolic link, a change
on disk that keeps the modification time, and a disk too full for the file or its backup."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.api import create_network
from editor.core.errors import SaveError
from editor.core.io.filestamp import FileStamp
from editor.core.io.files import load_network, read_network_file, save_network, save_network_stamped


def _network(nodes: int = 3):
    net = create_network("faults")
    for n in range(nodes):
        net.create_source("Int", id=f"source_with_a_long_name_{n}")
    return net


def test_a_symlinked_file_is_saved_through_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "net.yaml"
    real.parent.mkdir()
    save_network(_network(1), real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    save_network(_network(2), link, backup=True)
    assert link.is_symlink() and link.resolve() == real.resolve()     # the link stays a link
    assert len(load_network(real).nodes) == 2                        # the target was updated
    assert (real.parent / "net.yaml~").exists()                     # the backup is beside the target
    assert not (tmp_path / "link.yaml~").exists()


def test_a_change_that_keeps_the_modification_time_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    other = tmp_path / "other.yaml"
    save_network(_network(1), path)
    _, stamp = read_network_file(path)
    assert not stamp.changed(path, verify=True)
    save_network(_network(2), other)
    info = path.stat()
    shutil.copyfile(other, path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))          # as cp -p / rsync -t leave it
    assert path.stat().st_mtime_ns == info.st_mtime_ns
    assert stamp.changed(path, verify=True)


def test_same_size_same_time_other_bytes_is_noticed_when_verified(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text("id: a\n")
    stamp = FileStamp.read(path)
    assert stamp is not None
    info = path.stat()
    with open(path, "r+") as handle:        # same inode, same size
        handle.write("id: b\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert stamp.changed(path, verify=True)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 160 KB filesystem (tmpfs), mounted for the test: a disk that fills up."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:   # not root, or no mount namespace: the fault is injected instead
        pytest.skip(f"cannot mount a small filesystem: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("room", ["new file does not fit", "backup does not fit"])
def test_a_full_disk_leaves_the_file_and_its_backup_whole(small_disk: Path, room: str) -> None:
    from editor.core.io.files import dump_text, file_state
    path = small_disk / "net.yaml"
    save_network(_network(40), path)
    save_network(_network(40), path, backup=True)         # file and backup: both whole
    before = path.read_bytes()
    backup_before = (small_disk / "net.yaml~").read_bytes()
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    new = _network(400) if room == "new file does not fit" else _network(41)
    size = len(dump_text(file_state(new), "yaml").encode())
    keep = len(before) // 2 if room == "new file does not fit" else size + 4096 + len(before) // 2
    filler.write_bytes(b"x" * max(0, free - keep))
    with pytest.raises(SaveError) as caught:
        save_network_stamped(new, path, backup=True)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert (small_disk / "net.yaml~").read_bytes() == backup_before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "net.yaml", "net.yaml~"]  # no temporaries left
