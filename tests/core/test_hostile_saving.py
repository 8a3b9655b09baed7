"""Issue 17, items 4, 5 and 10: what loads must save, export and open again, and in linear time
(absurd limits are warnings, mixed keys export, files too big to reopen are not written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.io.files import load_network, save_network
from editor.core.analysis.validation import problems
from tests import hostile_corpus as corpus
from tests.core.hostile_checks import CORPUS_DIR, deadline

pytestmark = pytest.mark.usefixtures("no_payload")   # tests/core/conftest.py


# -- issue 17, items 4, 5 and 10: what loads must save, export and open again; linear costs -----
def test_memory_no_machine_has_is_a_warning_and_still_saves(tmp_path: Path, builtin: dict[str, object]) -> None:
    network = load_network(CORPUS_DIR / "memory_googol_mb.yaml", **builtin)
    found = [p for p in problems(network) if p.code == "resources-unrealistic"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].node == "source"
    assert "10^100 MB of memory" in found[0].message
    from editor.core.export.python import export_python
    assert "memory=" in export_python(network)
    save_network(network, tmp_path / "again.yaml")
    assert load_network(tmp_path / "again.yaml", **builtin).nodes["source"].resources.memory == 10**100


def test_mixed_keys_export_and_save(tmp_path: Path, builtin: dict[str, object]) -> None:
    from editor.core.export.python import export_python
    network = load_network(CORPUS_DIR / "mixed_int_and_string_keys.yaml", **builtin)
    assert network.extra["extra_thing"] == {1: "one", "b": "two", 2.5: ["x"]}
    with deadline():
        script = export_python(network)              # sorted the keys: TypeError
    compile(script, "exported.py", "exec")
    for suffix in (".yaml", ".json"):
        save_network(network, tmp_path / f"n{suffix}")
        load_network(tmp_path / f"n{suffix}", **builtin)


def test_keys_alike_in_json_are_refused_when_writing_json_only(tmp_path: Path, builtin: dict[str, object]) -> None:
    from editor.core.errors import SaveError
    network = load_network(CORPUS_DIR / "keys_alike_in_json.yaml", **builtin)
    save_network(network, tmp_path / "n.yaml")
    assert load_network(tmp_path / "n.yaml", **builtin).extra == network.extra
    target = tmp_path / "n.json"
    with pytest.raises(SaveError) as caught:
        save_network(network, target)
    message = str(caught.value)
    assert message.startswith(str(target)) and "nothing was written" in message
    assert "1 and '1'" in message and "(at extra_thing)" in message
    assert not target.exists()


def test_a_file_over_the_read_limit_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builtin: dict[str, object]) -> None:
    """What the editor writes it must open: a network whose file would be over MAX_FILE_BYTES
    (100,000 nodes made a 37 MB file the editor then refused) is refused when written."""
    from editor.core.errors import SaveError
    network = load_network(corpus.GOLDEN / "add_ints.fastr.yaml", **builtin)
    target = tmp_path / "n.yaml"
    target.write_text("old\n")
    monkeypatch.setattr("editor.core.io.files.MAX_FILE_BYTES", 1000)
    with pytest.raises(SaveError, match=r"would be a 0 MB file.*over 0 MB are refused when opened") as caught:
        save_network(network, target)
    assert str(caught.value).startswith(str(target))
    assert target.read_text() == "old\n"


def test_20000_links_into_one_input_open_and_append_in_linear_time(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch, builtin: dict[str, object]) -> None:
    """Counted, not timed: the links looked at by every scan of an input's links. Appending one by
    one looked at all the links already there each time (20,000: 200 million looks, 25 s)."""
    from editor.core.graph.network import Network
    looked = [0]
    real = Network.links_into

    def counting(self, node_id, input_id):
        found = real(self, node_id, input_id)
        looked[0] += len(found)
        return found
    monkeypatch.setattr(Network, "links_into", counting)
    n = corpus.FANIN_LINKS
    path = corpus.make_big("fanin_20000_links.json", tmp_path)
    with deadline():
        network = load_network(path, **builtin)
        codes = {p.code for p in problems(network)}
    assert len(network.links) == n + 2 and "input-cardinality" not in codes
    assert looked[0] <= 4 * n, f"{looked[0]:,} links looked at to open {n:,}"
    import editor.api as api
    looked[0] = 0
    net = api.create_network("fanin")
    source = net.create_source("Int", id="source")
    sink = net.create_sink("Int", id="sink")
    with deadline():
        for _ in range(n):
            sink.inputs["input"].append(source.outputs["output"])
    assert looked[0] <= 4 * n, f"{looked[0]:,} links looked at to append {n:,}"
    keys = sorted(link.target.key for link in net.links.values())
    assert keys == list(range(n))


def test_the_next_sub_input_number_follows_every_change() -> None:
    """The kept next free number is right after removals, renames and undo of a removal."""
    import editor.api as api
    from editor.core.graph.bulk import remove_nodes, restore_nodes
    net = api.create_network("keys")
    source = net.create_source("Int", id="source")
    other = net.create_source("Int", id="other")
    sink = net.create_sink("Int", id="sink")
    made = [sink.inputs["input"].append(source.outputs["output"]) for _ in range(3)]
    assert [l.target.key for l in made] == [0, 1, 2]
    net.remove_link(made[2].id)
    assert sink.inputs["input"].append(source.outputs["output"]).target.key == 2
    sink.inputs["input"][7] << other.outputs["output"]
    assert sink.inputs["input"].append(source.outputs["output"]).target.key == 8
    net.rename_node("sink", "drain")
    drain = net.nodes["drain"]
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 9
    removed = remove_nodes(net, ["other"])
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 10
    net.remove_link(next(l.id for l in net.links.values() if l.target.key == 10))
    restore_nodes(net, removed)
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 10
    assert drain.inputs["input"]["named"].append(source.outputs["output"]).target.key == 0
    drain.inputs["input"][3] << other.outputs["output"]          # replaces the link on key 3
    assert len([l for l in net.links.values() if l.target.key == 3 and l.target.name is None]) == 1
