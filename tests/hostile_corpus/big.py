"""Big and special files, made at test time (never committed): :data:`BIG_CASES` and :func:`make_big`."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_corpus.blocks import _set, as_yaml, golden, link, mutated
from tests.hostile_corpus.cases import URL

#: The big cases by file name; the first is the sparse 200 MB file.
BIG_CASES = ("huge_sparse_200mb.yaml", "megabyte_description.json", "megabyte_invalid_id.json",
             "megabyte_url.json", "megabyte_unknown_class.yaml", "fanin_20000_links.json")
#: Links into one input in ``fanin_20000_links.json`` (it took 25 s to open).
FANIN_LINKS = 20_000


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
    elif name == "fanin_20000_links.json":     # the golden network, its sink fed 20,000 times
        def fan_in(state):
            state["linklist"] = [link("add/outputs/result", f"sink/inputs/input/{n}", f"fan_{n}")
                                 for n in range(FANIN_LINKS)] + state["linklist"][:2]
        path.write_text(mutated(fan_in))
    else:
        raise KeyError(name)
    return path
