"""Panels layer: PropertiesPanel, the dock that shows what is selected.

Nodes selected: the node page (one node in full, several for bulk edits of step, group and
resources). One link selected: the link page. Nothing selected: the network page. The panel follows
``document.selection`` and the network shown; when a selected node is renamed (here or by undo),
the selection follows the new id. Edits push commands; model signals refresh the pages.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QScrollArea, QSizePolicy, QStackedWidget, QWidget

from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.panels.linkprops import LinkPage
from editor.panels.networkprops import NetworkPage
from editor.panels.nodeprops import NodePage


class PropertiesPanel(QDockWidget):
    """The properties dock. Pages: ``network_page``, ``node_page``, ``link_page``."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__("Properties", parent)
        self.setObjectName("PropertiesPanel")
        self._document = document
        self._model: NetworkModel | None = None
        self._stale = False
        self.stack = QStackedWidget(self)
        self.network_page = NetworkPage(document, self.stack)
        self.node_page = NodePage(document, self.stack)
        self.link_page = LinkPage(document, self.stack)
        for page in (self.network_page, self.node_page, self.link_page):
            self.stack.addWidget(page)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        self.setWidget(scroll)
        document.selection.changed.connect(self.update_view)
        document.current_changed.connect(self.update_view)
        document.reset.connect(self.update_view)
        self.update_view()

    @property
    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _follow_model(self) -> None:
        model = self._document.current_model
        if model is self._model:
            return
        if self._model is not None:
            try:
                self._model.node_renamed.disconnect(self._node_renamed)
                self._model.node_removed.disconnect(self._item_removed)
                self._model.link_removed.disconnect(self._item_removed)
                self._model.reset.disconnect(self.update_view)
                self._model.batch_finished.disconnect(self._batch_finished)
            except (RuntimeError, TypeError):
                pass
        self._model = model
        model.node_renamed.connect(self._node_renamed)
        model.node_removed.connect(self._item_removed)
        model.link_removed.connect(self._item_removed)
        model.reset.connect(self.update_view)
        model.batch_finished.connect(self._batch_finished)

    def _node_renamed(self, old: str, new: str) -> None:
        selection = self._document.selection
        if old in selection.nodes:
            selection.set([new if n == old else n for n in selection.nodes], selection.links,
                          selection.notes)

    def _item_removed(self, _item_id: str) -> None:
        if self._model is not None and self._model.in_batch:
            self._stale = True           # once, when the batch ends
        else:
            self.update_view()

    def _batch_finished(self) -> None:
        if self._stale:
            self._stale = False
            self.update_view()

    def update_view(self) -> None:
        """Show the page for the current selection (ids no longer in the network are ignored)."""
        self._follow_model()
        network = self._document.current_network
        selection = self._document.selection
        nodes = [n for n in selection.nodes if n in network.nodes]
        links = [l for l in selection.links if l in network.links]
        if nodes:
            if self.node_page.node_ids != nodes or self.stack.currentWidget() is not self.node_page:
                self.node_page.show_nodes(nodes)
            self.stack.setCurrentWidget(self.node_page)
        elif len(links) == 1:
            if self.link_page.link_id != links[0] or self.stack.currentWidget() is not self.link_page:
                self.link_page.show_link(links[0])
            self.stack.setCurrentWidget(self.link_page)
        else:
            self.network_page.follow()
            self.stack.setCurrentWidget(self.network_page)
        self._size_to_current_page()

    def _size_to_current_page(self) -> None:
        """A stacked widget is as wide as its widest page; let hidden pages not count, so the
        dock does not need a horizontal scroll bar for a page it is not showing."""
        current = self.stack.currentWidget()
        for page in (self.network_page, self.node_page, self.link_page):
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.stack.adjustSize()
