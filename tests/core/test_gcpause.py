"""collector_paused: no cyclic collection inside, the previous state restored after (also on an
error, and only by the outermost of nested blocks)."""

from __future__ import annotations

import gc

import pytest

from editor.core.gcpause import collector_paused


def test_pauses_and_restores() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the inner block leaves the outer pause alone
    assert gc.isenabled()


def test_restores_after_an_error() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_file_is_read_and_built_with_the_collector_paused(tmp_path, monkeypatch) -> None:
    from editor.api import create_network
    from editor.core.io import files as fileio

    net = create_network("gc_test")
    source = net.create_source("Int", id="s0")
    for i in range(50):
        sink = net.create_sink("Int", id=f"k{i}")
        sink.inputs["input"] << source.outputs["output"]
    path = tmp_path / "net.yaml"
    fileio.save_network(net, path)
    seen = []
    for name in ("read_state", "network_from_state"):
        real = getattr(fileio, name)
        monkeypatch.setattr(fileio, name, lambda *a, _real=real, **k: (seen.append(gc.isenabled()), _real(*a, **k))[1])
    loaded = fileio.load_network(path)
    assert len(loaded.nodes) == 51
    assert seen == [False, False]
    assert gc.isenabled()


def test_state_conversions_pause_the_collector(monkeypatch) -> None:
    from editor.api import create_network, create_network_copy
    from editor.core.graph import state as state_module

    net = create_network("gc_state")
    net.create_source("Int", id="s0", step_id="load")
    seen = []
    real = state_module._node_to_state
    monkeypatch.setattr(state_module, "_node_to_state", lambda *a: (seen.append(gc.isenabled()), real(*a))[1])
    copied = create_network_copy(net.__getstate__())
    assert seen == [False] and gc.isenabled()
    assert copied.stepids == {"load": ["s0"]}


def test_a_new_node_joins_its_step_as_in_fastr() -> None:
    from editor.api import create_network

    net = create_network("steps")
    for i in range(3):
        net.create_source("Int", id=f"s{i}", step_id="load")
    net.create_sink("Int", id="k", step_id="store")
    assert net.stepids == {"load": ["s0", "s1", "s2"], "store": ["k"]}
    net.set_step("s1", "store")
    assert net.stepids == {"load": ["s0", "s2"], "store": ["k", "s1"]}
    with pytest.raises(Exception, match="step"):
        net.create_source("Int", id="bad", step_id="not a valid id!")
    assert "bad" not in net.nodes and "not a valid id!" not in net.stepids


def test_saving_pauses_the_collector(tmp_path, monkeypatch) -> None:
    from editor.api import create_network
    from editor.core.io import files as fileio

    net = create_network("gc_save")
    net.create_source("Int", id="s0")
    seen = []
    real = fileio._yaml_pieces
    monkeypatch.setattr(fileio, "_yaml_pieces", lambda value: (seen.append(gc.isenabled()), real(value))[1])
    fileio.save_network(net, tmp_path / "net.yaml")
    assert seen and not any(seen)
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_freeze_moves_what_lives_on_out_of_the_collectors_sight() -> None:
    import weakref

    gc.collect()
    try:
        with collector_paused(freeze=True):
            kept = _Cycle()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert not gc.is_finalized(kept) and kept.me is kept
        # A cycle dropped later waits while frozen; the next freeze block gives it back to the
        # collector (and freezes nothing itself), the one after freezes again.
        gone = weakref.ref(kept)
        del kept
        gc.collect()
        assert gone() is not None
        with collector_paused(freeze=True):
            pass
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert gone() is None
        with collector_paused(freeze=True):
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_thaw_gives_frozen_cycles_back_to_the_collector() -> None:
    import weakref

    from editor.core.gcpause import thaw

    try:
        with collector_paused(freeze=True):
            cycle = _Cycle()
        gone = weakref.ref(cycle)
        del cycle
        thaw()
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
