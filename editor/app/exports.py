"""App layer: File › Export: the network as an image (SVG or PNG, drawn by the canvas
without graphviz) or as a fastr Python script that rebuilds it.

Both take what they need (the dialogs' parent, the document, a folder to start in, where to say
it worked), not the main window; files are written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from editor.app import dialogs
from editor.canvas.export import export_image as write_image
from editor.core.export.python import export_python as script_of
from editor.core.io.files import atomic_write
from editor.model.document import Document

Status = Callable[[str], None]


def _base(document: Document, folder: str) -> str:
    return os.path.splitext(document.file_path or os.path.join(folder or os.getcwd(), document.root.id))[0]


def export_image(parent: QWidget, document: Document, folder: str, status: Status) -> str | None:
    """The network shown (the macro's inside when one is open) as SVG or PNG; the path written."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export image", _base(document, folder) + ".svg",
                                          "SVG (*.svg);;PNG (*.png)")
    if not path:
        return None
    try:
        write_image(document.current_network, path)
    except Exception as error:  # noqa: BLE001 - tell the user, keep working
        dialogs.show_error(parent, "Export image", f"{path}: the image was not written.\n\n{error}")
        return None
    status(f"Exported {path}")
    return path


def export_python(parent: QWidget, document: Document, folder: str, status: Status) -> str | None:
    """A script that builds the whole network through fastr's API; the path written."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export Python script", _base(document, folder) + ".py",
                                          "Python (*.py)")
    if not path:
        return None
    try:
        atomic_write(path, script_of(document.root))
    except Exception as error:  # noqa: BLE001 - tell the user, keep working
        dialogs.show_error(parent, "Export Python script", f"{path}: the script was not written.\n\n{error}")
        return None
    status(f"Exported {path}")
    return path
