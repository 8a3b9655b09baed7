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
    from editor.core import fileio

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
