"""App layer: Help > Examples, fastr's example networks shipped with the editor.

The files in ``resources/examples`` are what real fastr 3.4.0 writes for its ``fastr.examples``
networks (``network.save``; the golden files ``tests/golden/examples/<name>.fastr.yaml``, byte for
byte). Opening one gives an untitled copy: the document has no file name, so Save asks where to
keep it and the shipped file is never written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from editor.app import dialogs
from editor.core.io.files import read_network_file
from editor.resources import resource_path

if TYPE_CHECKING:
    from editor.app.mainwindow import MainWindow

EXAMPLES = resource_path("examples")

#: What each example shows, for its tooltip and the start page (fastr's examples have no
#: descriptions of their own).
ABOUT = {
    "add_ints": "A source and a constant into AddInt, then a sink: the first network",
    "advanced_linking": "Several outputs and constants linked into one input",
    "auto_prefix": "Tools whose arguments fastr prefixes automatically",
    "chunk_test": "Range, Sum and AddInt nodes between three sources and two sinks",
    "collapse": "A source into a sink over a link that collapses a dimension",
    "collapse_expand": "A link that collapses one dimension and expands another",
    "cross_validation": "The CrossValidation flow node: train and test folds of a source",
    "envvar": "A tool that reads an environment variable, on text files",
    "expand": "A source into a sink over a link that expands the samples",
    "failing_network": "Fail tools between sources and sinks: how failed jobs look in a run",
    "filecopy": "A text file passed through a tool from a source to a sink",
    "input_groups": "Two input groups on AddInt: the samples of each combined",
    "macro_node": "Two macro nodes, each a whole network of AddInt nodes in a step",
    "macro_node2": "A macro node of two inputs next to an AddInt node",
    "shift_links": "Sub-inputs: a source and a list of numbers into one input",
    "source_sink": "The smallest network: a source straight into a sink",
    "via_file_argument": "A tool that reads its values from a file argument",
}


def examples() -> list[tuple[str, Path]]:
    """(name, file) of every shipped example, by name."""
    if not EXAMPLES.is_dir():
        return []
    return sorted((path.stem, path) for path in EXAMPLES.glob("*.yaml"))


def open_example(window: MainWindow, path: Path) -> bool:
    """Open ``path`` in ``window`` as an untitled copy (asks about unsaved changes first)."""
    if not window.maybe_save():
        return False
    try:
        network, _stamp = read_network_file(path, library=window.library_service.library,
                                            types=window.library_service.types)
    except Exception as error:  # noqa: BLE001 - tell the user, keep working
        dialogs.show_load_error(window, error, str(path))
        return False
    window.document.replace(network, None)
    window.statusBar().showMessage(
        f"Opened the example {path.stem} as an untitled copy: Save asks where to keep it.", 8000)
    return True


def build_examples_menu(window: MainWindow, parent: QMenu) -> QMenu:
    """The Examples menu (one action per example), first in ``parent`` (the Help menu)."""
    menu = QMenu("&Examples", window)
    menu.setObjectName("examples_menu")
    menu.setToolTipsVisible(True)
    for name, path in examples():
        action = QAction(name, menu)
        action.setData(str(path))
        tip = ABOUT.get(name, "")
        action.setToolTip(tip or name)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, p=path: open_example(window, p))
        menu.addAction(action)
    if not menu.actions():
        menu.addAction("No examples installed").setEnabled(False)
    first = parent.actions()[0] if parent.actions() else None
    parent.insertMenu(first, menu) if first is not None else parent.addMenu(menu)
    if first is not None:
        parent.insertSeparator(first)
    return menu
