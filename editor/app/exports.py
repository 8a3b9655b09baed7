"""App layer: File › Export: the network as an image (SVG or PNG, drawn by the canvas
without graphviz) or as a fastr Python script that rebuilds it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from editor.app import dialogs

if TYPE_CHECKING:
    from editor.app.mainwindow import MainWindow


def _base(window: MainWindow) -> str:
    document = window.document
    return os.path.splitext(document.file_path or os.path.join(window.settings.last_folder() or os.getcwd(),
                                                               document.root.id))[0]


def export_image(window: MainWindow) -> None:
    """The network shown (the macro's inside when one is open) as SVG or PNG."""
    try:
        from editor.canvas.export import export_image as write_image
    except ImportError:
        dialogs.show_error(window, "Export image", "Image export is not available in this build.")
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export image", _base(window) + ".svg",
                                          "SVG (*.svg);;PNG (*.png)")
    if not path:
        return
    try:
        write_image(window.document.current_network, path)
    except Exception as error:  # noqa: BLE001 - tell the user, keep working
        dialogs.show_error(window, "Export image", f"The image was not written.\n\n{error}")
        return
    window.statusBar().showMessage(f"Exported {path}", 4000)


def export_python(window: MainWindow) -> None:
    """A script that builds the whole network through fastr's API."""
    from editor.core.export.python import export_python as script_of
    path, _ = QFileDialog.getSaveFileName(window, "Export Python script", _base(window) + ".py",
                                          "Python (*.py)")
    if not path:
        return
    try:
        text = script_of(window.document.root)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except Exception as error:  # noqa: BLE001 - tell the user, keep working
        dialogs.show_error(window, "Export Python script", f"The script was not written.\n\n{error}")
        return
    window.statusBar().showMessage(f"Exported {path}", 4000)
