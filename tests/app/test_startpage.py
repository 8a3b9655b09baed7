"""The start page over the empty canvas, and Help > Examples (fastr's example networks)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from editor.app.examples import EXAMPLES, examples
from editor.core.graph.network import network_from_state
from editor.resources import RESOURCES
from tests.app.helpers import ADDINT, add_node

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"
ROOT = Path(__file__).resolve().parents[2]


def test_visible_on_an_empty_network_hidden_after_a_node(qtbot, window) -> None:
    page = window.start_page
    assert page.isVisible()
    assert page.parentWidget() is window.view.viewport()
    viewport = window.view.viewport().rect()
    centre, middle = page.geometry().center(), viewport.center()
    assert viewport.contains(page.geometry())
    assert abs(centre.x() - middle.x()) <= 1 and abs(centre.y() - middle.y()) <= 1
    texts = " ".join(w.text() for w in page.findChildren(QWidget) if hasattr(w, "text"))
    for hint in ("Drag a tool", "Tab", "Open a network file"):
        assert hint in texts
    add_node(window, ADDINT, (0.0, 0.0))
    assert not page.isVisible()
    window.document.undo_stack.undo()              # empty again: back
    assert page.isVisible()
    window.view.network_scene.add_note((0.0, 0.0), "a note is content too", edit=False)
    assert not page.isVisible()
    window.new_network()                           # a new empty network: shown again
    assert page.isVisible()


def test_it_takes_no_drops_and_no_keyboard_focus(qtbot, window) -> None:
    page = window.start_page
    for widget in [page, *page.findChildren(QWidget)]:
        assert not widget.acceptDrops()
    assert window.view.acceptDrops()               # a dragged tool lands on the canvas
    for button in page.findChildren(QPushButton):
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_clicking_a_recent_file_opens_it(qtbot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "recent.yaml"
    path.write_bytes((GOLDEN / "add_ints.fastr.yaml").read_bytes())
    first = make_window()
    first.settings.add_recent_file(str(path))
    window = make_window()
    page = window.start_page
    assert page.isVisible()
    buttons = [b for b in page.recent_buttons if b.isEnabled()]
    assert [b.toolTip() for b in buttons] == [str(path)]
    assert "recent.yaml" in buttons[0].text()
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert window.document.file_path == str(path)
    assert set(window.document.root.nodes) == {"source", "add", "const__add__right_hand", "sink"}
    assert not page.isVisible()


def test_no_recent_files_says_so(qtbot, window) -> None:
    page = window.start_page
    assert [b.text() for b in page.recent_buttons] == ["No recent files yet"]
    assert not page.recent_buttons[0].isEnabled()


def test_the_shipped_examples_are_fastrs_own_files() -> None:
    """Byte for byte the golden files real fastr 3.4.0 wrote (network.save), in the resources the
    wheel carries as editor/_resources."""
    assert EXAMPLES == RESOURCES / "examples" and EXAMPLES.is_dir()
    names = [name for name, _path in examples()]
    assert len(names) >= 15 and "add_ints" in names and "macro_node" in names
    for name, path in examples():
        assert path.read_bytes() == (GOLDEN / f"{name}.fastr.yaml").read_bytes(), name
    setup = (ROOT / "setup.py").read_text()
    assert '"editor._resources": "resources"' in setup and '"**/*"' in setup


def test_help_examples_lists_every_example_and_opens_an_untitled_copy(qtbot, window, dialogs, monkeypatch,
                                                                      tmp_path: Path) -> None:
    menu = window.examples_menu
    assert menu in [a.menu() for a in window.menu_actions.help_menu.actions() if a.menu()]
    actions = {a.text(): a for a in menu.actions()}
    assert sorted(actions) == [name for name, _path in examples()]
    assert all(a.toolTip() for a in actions.values())
    for name in ("add_ints", "macro_node"):
        shipped = EXAMPLES / f"{name}.yaml"
        before = shipped.read_bytes()
        actions[name].trigger()
        doc = window.document
        expected = network_from_state(json.loads((GOLDEN / f"{name}.state.json").read_text()))
        assert list(doc.root.nodes) == list(expected.nodes)
        state = {k: v for k, v in doc.root.__getstate__().items() if k != "__editor__"}
        assert state == json.loads((GOLDEN / f"{name}.state.json").read_text())
        assert doc.file_path is None and "(unsaved)" in doc.display_name
        assert not window.start_page.isVisible()
        # Save asks for a path: the shipped file is never written.
        asked: list[str] = []
        target = tmp_path / f"{name}_copy.yaml"

        def ask(parent, suggested, asked=asked, target=target):
            asked.append(suggested)
            return str(target)
        monkeypatch.setattr("editor.app.dialogs.ask_save_path", ask)
        assert window.save()
        assert asked and Path(asked[0]).resolve() != shipped.resolve()
        assert target.is_file() and shipped.read_bytes() == before
        assert doc.file_path == str(target)


def test_an_example_from_the_start_page(qtbot, window) -> None:
    window.start_page.example_buttons["source_sink"].click()
    assert set(window.document.root.nodes) == {"source", "sink"}
    assert window.document.file_path is None
