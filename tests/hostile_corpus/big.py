"""Big and special files, made at test time (never committed): :data:`BIG_CASES` and :func:`make_big`."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_corpus.blocks import _set, as_yaml, golden, mutated
from tests.hostile_corpus.cases import URL

#: The big cases by file name; the first is the sparse 200 MB file.
BIG_CASES = ("huge_sparse_200mb.yaml", "megabyte_description.json", "megabyte_invalid_id.json",
             "megabyte_url.json", "megabyte_unknown_class.yaml")


def make_big(name: str, folder: Path) -> Path:
    """Write one of :data:`BIG_CASES` into ``folder`` (a tmp_path) and return its path."""
    path = folder / name
    megabyte = 1024 * 1024
    if name == "huge_sparse_200mb.yaml":
        with open(path, "wb") as handle:          # sparse: instant, takes no disk space
            handle.write(b"id: huge\nnodelist: []\nlinklist: []\ndescription: ")
            handle.truncate(200 * megabyte)
    elif name == "megabyte_description.json":
        path.write_text(mutated(_set(("description",), "d" * (2 * megabyte))))
    elif name == "megabyte_invalid_id.json":
        path.write_text(mutated(_set(("nodelist", 1, "id"), "x" * megabyte + "-")))
    elif name == "megabyte_url.json":
        path.write_text(mutated(_set(("linklist", 0, "source"), URL + "source/outputs/" + "o/" * megabyte)))
    elif name == "megabyte_unknown_class.yaml":
        path.write_text(as_yaml({**golden(), "nodelist": [{**golden()["nodelist"][0], "class": "C" * megabyte}]}))
    else:
        raise KeyError(name)
    return path
