"""Canvas layer: SelectionSync keeps the scene's selected items and ``document.selection`` equal,
in both directions, without loops (a guard counter stops the echo)."""

from __future__ import annotations

from collections.abc import Iterator
import weakref
from contextlib import contextmanager
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from editor.canvas.scene import NetworkScene


class SelectionSync(QObject):
    """A child of the scene, so that its connections go when the scene goes."""

    def __init__(self, scene: NetworkScene) -> None:
        super().__init__(scene)
        self._scene = scene
        self._guard_count = 0
        scene.document.selection.changed.connect(self.from_document)
        # A plain function, not a slot of this object: a scene being destroyed still emits
        # selectionChanged (its selected items go), when PySide can no longer find our slots.
        me = weakref.ref(self)

        def on_scene_selection() -> None:
            sync = me()
            if sync is not None and shiboken6.isValid(sync):
                sync._from_scene()
        self._on_scene_selection = on_scene_selection
        scene.selectionChanged.connect(on_scene_selection)

    def stop(self) -> None:
        """Stop following the document's selection."""
        for signal, slot in ((self._scene.document.selection.changed, self.from_document),
                             (self._scene.selectionChanged, self._on_scene_selection)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Selection changes inside are not passed on to the document."""
        self._guard_count += 1
        try:
            yield
        finally:
            self._guard_count -= 1

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Change many items' selection, then tell the document once."""
        with self.guard():
            yield
        self.to_document()

    def _alive(self) -> bool:
        return shiboken6.isValid(self._scene) and self._scene._model is not None

    def _from_scene(self) -> None:
        if not self._guard_count and self._alive():
            self.to_document()

    def to_document(self) -> None:
        """The scene's selection to the document (ids in network order)."""
        if self._guard_count or not self._alive():
            return
        nodes, links = self._scene.selected_ids()
        notes = self._scene.selected_note_ids()
        with self.guard():
            self._scene.document.selection.set(nodes, links, notes)

    def from_document(self) -> None:
        """The document's selection to the items (touches only items whose state changes)."""
        if self._guard_count or not self._alive():
            return
        scene = self._scene
        selection = scene.document.selection
        wanted = [scene.node_items[n] for n in selection.nodes if n in scene.node_items]
        wanted += [scene.link_items[l] for l in selection.links if l in scene.link_items]
        wanted += [scene.note_items[n] for n in selection.notes if n in scene.note_items]
        keep = set(map(id, wanted))
        with self.guard():
            for item in scene.selectedItems():
                if id(item) not in keep:
                    item.setSelected(False)
            for item in wanted:
                if not item.isSelected():
                    item.setSelected(True)
