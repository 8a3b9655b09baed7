"""Lay Out Network says what it did in the status bar, also when it moved nothing."""

from __future__ import annotations

from tests.worc_networks import worc_like_network


def test_lay_out_network_says_so_when_nothing_moved(window, tmp_path, qtbot):
    from editor.core.io.files import save_network
    path = tmp_path / "worc.yaml"
    save_network(worc_like_network(("CT",)), path)
    assert window.open_path(str(path), ask=False)
    before = {i: n.position for i, n in window.document.current_network.nodes.items()}
    window.network_actions.layout_all()               # opened without positions: laid out already
    assert window.statusBar().currentMessage() == "Lay Out Network: already laid out, nothing moved"
    assert {i: n.position for i, n in window.document.current_network.nodes.items()} == before
    node = next(iter(window.document.current_network.nodes))
    window.document.current_model.move_nodes({node: (5000.0, 5000.0)})
    window.network_actions.layout_all()
    assert window.statusBar().currentMessage().startswith("Lay Out Network: laid out")
    assert window.document.current_network.nodes[node].position == before[node]
