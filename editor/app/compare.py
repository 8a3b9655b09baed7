"""App layer: Compare with… — this network against a file or its saved version, in the window.

File > Compare with File… and Compare with Saved Version read the other network, diff it against
the one being edited (:func:`editor.core.compare.diff.diff_networks`, the other as side A), and
show the result twice: marked on the canvas (:class:`editor.canvas.compare_overlay.CompareOverlay`)
and listed in the Compare panel (:class:`editor.panels.compare.ComparePanel`), whose rows select
and show the change (a click) or zoom to it (a double click), entering the macro it is in. Edits
made meanwhile are compared again when asked (Compare again).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from editor.app import dialogs
from editor.canvas.compare_overlay import CompareOverlay
from editor.core.compare.diff import LINK, NODE, REMOVED, Change, NetworkDiff, diff_networks
from editor.core.errors import LoadError
from editor.core.io.files import load_network
from editor.panels.compare import ComparePanel

if TYPE_CHECKING:
    from editor.app.hosts import CompareHost
    from editor.core.graph.network import Network


class CompareUI:
    """The actions, the panel's dock and the overlay of one main window."""

    def __init__(self, window: CompareHost) -> None:
        self.window = window
        self.panel = ComparePanel()
        self.dock = QDockWidget("Compare", window.window())
        self.dock.setObjectName("dock_compare")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.overlay = CompareOverlay(window.view.network_scene)
        self.other_path: str | None = None
        self.diff: NetworkDiff | None = None
        self.with_file = QAction("Compare with &File…", window.window())
        self.with_file.setObjectName("action_compare_file")
        self.with_file.triggered.connect(self.ask_file)
        self.with_saved = QAction("Compare with &Saved Version", window.window())
        self.with_saved.setObjectName("action_compare_saved")
        self.with_saved.triggered.connect(self.compare_saved)
        self.again = QAction("Compare &Again", window.window())
        self.again.setObjectName("action_compare_again")
        self.again.triggered.connect(self.compare_again)
        self.again.setEnabled(False)
        self.panel.change_selected.connect(self.show_change)
        self.panel.change_activated.connect(self.zoom_to_change)
        self.panel.closed.connect(self.close)

    def actions(self) -> list[QAction]:
        return [self.with_file, self.with_saved, self.again]

    # -- comparing ----------------------------------------------------------------------------------
    def ask_file(self) -> None:
        folder = os.path.dirname(self.window.document.file_path or "") or self.window.settings.last_folder()
        path = dialogs.ask_open_path(self.window.window(), folder)
        if path:
            self.compare_with(path)

    def compare_saved(self) -> None:
        path = self.window.document.file_path
        if not path:
            self.window.statusBar().showMessage("This network has not been saved yet: nothing to compare with", 8000)
            return
        self.compare_with(path, other_name="the saved version")

    def compare_again(self) -> None:
        if self.other_path:
            self.compare_with(self.other_path)

    def compare_with(self, path: str, other_name: str | None = None) -> NetworkDiff | None:
        """Compare the network being edited with the one in ``path``; the diff (None if unreadable)."""
        try:
            root = self.window.document.root        # the other file with the same tools and types
            other = load_network(path, library=root.library, types=root.types)
        except (LoadError, OSError) as exc:
            dialogs.show_load_error(self.window.window(), exc, path)
            return None
        return self.compare_with_network(other, path, other_name)

    def compare_with_network(self, other: Network, path: str | None = None,
                             other_name: str | None = None) -> NetworkDiff:
        here = self.window.document.root
        diff = diff_networks(other, here)
        self.diff, self.other_path = diff, path
        saved = self.window.document.file_path
        if path and saved and os.path.abspath(path) == os.path.abspath(saved):
            other_name = other_name or "the saved version"
        name = other_name or (os.path.basename(path) if path else other.id)
        self.overlay.show(diff, other)
        self.panel.show_diff(diff, here="this network", other=name)
        self.again.setEnabled(path is not None)
        self.dock.show()
        self.dock.raise_()
        self.window.statusBar().showMessage(
            f"Compared with {name}: " + ("the same network" if diff.same else f"{len(diff)} differences"), 8000)
        return diff

    def close(self) -> None:
        self.diff = self.other_path = None
        self.overlay.clear()
        self.panel.show_diff(None)
        self.again.setEnabled(False)
        self.dock.hide()

    # -- going to a change --------------------------------------------------------------------------
    def _enter(self, change: Change) -> None:
        document = self.window.document
        if tuple(document.path) == change.path:
            return
        net = document.root
        for node_id in change.path:                     # the macro the change is in, if still here
            node = net.nodes.get(node_id)
            if node is None or node.subnetwork is None:
                self.window.statusBar().showMessage(f"{'/'.join(change.path)} is not in this network", 6000)
                return
            net = node.subnetwork
        document.set_path(list(change.path))

    def _rect(self, change: Change) -> QRectF | None:
        scene = self.window.view.network_scene
        if change.what == NODE:
            if change.kind == REMOVED:
                return self.overlay.ghost_rect(str(change.a_id))
            node = scene.node_items.get(str(change.b_id))
            return node.sceneBoundingRect() if node is not None else None
        if change.what == LINK:
            link = scene.link_items.get(str(change.b_id)) if change.b_id is not None else None
            return link.sceneBoundingRect() if link is not None else None
        return None

    def show_change(self, change: Change) -> None:
        """Select what the change is about and bring it into view."""
        self._enter(change)
        document = self.window.document
        if change.what == NODE and change.b_id is not None and change.kind != REMOVED:
            document.selection.set([str(change.b_id)], [])
        elif change.what == LINK and change.b_id is not None:
            document.selection.set([], [str(change.b_id)])
        else:
            document.selection.set([], [])
        rect = self._rect(change)
        if rect is not None:
            self.window.view.centerOn(rect.center())

    def zoom_to_change(self, change: Change) -> None:
        self.show_change(change)
        rect = self._rect(change)
        if rect is not None:
            self.window.view.zoom_to_rect(rect)
