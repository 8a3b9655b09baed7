"""Panels layer: LinkPage, the properties of the selected link inside the PropertiesPanel.

Source and target (read-only), the dimensions the source gives and the link passes on, collapse as
a checkable list of the source's dimensions (``index: name``; a new tick refers to the dimension by
name when the name is unique, else by index; entries that match no dimension are listed so they
can be removed) and expand. Without computed dimensions collapse is typed (``0, train``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from editor.core.graph.link import Link
from editor.model.commands import SetLinkPropertyCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.core.analysis.dimensions import NetworkDimensions
from editor.panels._common import ErrorLabel, blocked, dimension_names

Entry = int | str


def source_text(link: Link) -> str:
    index = "" if link.source.index is None else f"[{link.source.index}]"
    return f"{link.source.node}.{link.source.output}{index}"


def target_text(link: Link) -> str:
    name = "" if link.target.name is None else f"[{link.target.name!r}]"
    return f"{link.target.node}.{link.target.input}{name}[{link.target.key}]"


def parse_collapse(text: str) -> tuple[Entry, ...]:
    """``'0, train, -1'`` -> ``(0, 'train', -1)``."""
    entries: list[Entry] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        entries.append(int(part) if part.lstrip("-").isdigit() else part)
    return tuple(entries)


def _matches(entry: Entry, index: int, name: str, count: int) -> bool:
    if isinstance(entry, int):
        return entry == index or entry + count == index
    return entry == name


class LinkPage(QWidget):
    """Shows and edits the link given to :meth:`show_link`."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self._link: str | None = None
        self.id_label = QLabel(self)
        self.source_label = QLabel(self)
        self.target_label = QLabel(self)
        self.dims_label = QLabel(self)
        self.dims_label.setWordWrap(True)
        self.collapse_list = QListWidget(self)
        self.collapse_list.setMaximumHeight(120)
        self.collapse_edit = QLineEdit(self)
        self.collapse_edit.setPlaceholderText("dimension indices or names, e.g. 0, train")
        self.expand_check = QCheckBox("expand cardinality into a new dimension", self)
        self.error = ErrorLabel(self)
        for name in ("id_label", "source_label", "target_label", "dims_label", "collapse_list", "collapse_edit",
                     "expand_check"):
            getattr(self, name).setObjectName(name)
        self.error.setObjectName("link_error")
        form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addStretch(1)
        form.addRow("Link", self.id_label)
        form.addRow("Source", self.source_label)
        form.addRow("Target", self.target_label)
        form.addRow("Dimensions", self.dims_label)
        form.addRow("Collapse", self.collapse_list)
        form.addRow("", self.collapse_edit)
        form.addRow("Expand", self.expand_check)
        form.addRow("", self.error)
        self.collapse_list.itemChanged.connect(lambda _item: self._set_collapse_from_list())
        self.collapse_edit.editingFinished.connect(self._set_collapse_from_text)
        self.expand_check.clicked.connect(self._set_expand)

    # -- following the model ------------------------------------------------------------------
    def show_link(self, link_id: str | None) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    self._model.link_changed.disconnect(self._link_changed)
                    self._model.reset.disconnect(self.refresh)
                    self._model.node_changed.disconnect(self._node_changed)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            model.link_changed.connect(self._link_changed)
            model.reset.connect(self.refresh)
            model.node_changed.connect(self._node_changed)
        self._link = link_id
        self.error.clear_error()
        self.refresh()

    def _link_changed(self, link_id: str) -> None:
        if link_id == self._link:
            self.refresh()

    def _node_changed(self, node_id: str) -> None:
        link = self.link
        if link is not None and node_id in (link.source.node, link.target.node):
            self.refresh()

    @property
    def link_id(self) -> str | None:
        return self._link

    @property
    def link(self) -> Link | None:
        if self._model is None or self._link is None:
            return None
        return self._model.network.links.get(self._link)

    def source_dimensions(self, dims: NetworkDimensions | None = None) -> list[str] | None:
        link = self.link
        if link is None or self._model is None:
            return None
        dims = dims or self._model.dimensions()
        if link.source.index is not None:           # a sub-output reads the node's dimensions
            return dimension_names(dims, "node", link.source.node)
        return dimension_names(dims, "output", link.source.node, link.source.output)

    def refresh(self) -> None:
        link = self.link
        self.setEnabled(link is not None)
        if link is None or self._model is None:
            return
        dims = self._model.dimensions()
        names = self.source_dimensions(dims)
        passed = dimension_names(dims, "link", link.id)
        with blocked(self.collapse_list, self.collapse_edit, self.expand_check):
            self.id_label.setText(link.id)
            self.source_label.setText(source_text(link))
            self.target_label.setText(target_text(link))
            shown = "unknown" if names is None else f"[{', '.join(names)}]"
            after = "" if passed is None else f" -> [{', '.join(passed)}]"
            self.dims_label.setText(f"{shown}{after}")
            self.collapse_list.setVisible(names is not None)
            self.collapse_edit.setVisible(names is None)
            self.collapse_edit.setText(", ".join(str(x) for x in link.collapse))
            self.collapse_list.clear()
            used: set[int] = set()
            for index, name in enumerate(names or []):
                hits = [n for n, e in enumerate(link.collapse) if _matches(e, index, name, len(names or []))]
                used.update(hits)
                self._add_item(f"{index}: {name}", (index, name, link.collapse[hits[0]] if hits else None),
                               bool(hits))
            for n, entry in enumerate(link.collapse):
                if n not in used and names is not None:
                    self._add_item(f"{entry} (not a dimension of the source)", (None, None, entry), True)
            self.expand_check.setChecked(link.expand)

    def _add_item(self, text: str, data: tuple[int | None, str | None, Entry | None], checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.collapse_list.addItem(item)

    # -- edits --------------------------------------------------------------------------------
    def _push(self, name: str, value: object) -> None:
        link = self.link
        if link is None or self._model is None:
            return
        current = link.collapse if name == "collapse" else link.expand
        if value != current:
            self._document.push(SetLinkPropertyCommand(self._model, link.id, name, value))

    def _set_collapse_from_list(self) -> None:
        names = self.source_dimensions() or []
        entries: list[Entry] = []
        for row in range(self.collapse_list.count()):
            item = self.collapse_list.item(row)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            index, name, existing = item.data(Qt.ItemDataRole.UserRole)
            if existing is not None:
                entries.append(existing)                    # keep how it was written
            elif name is not None and names.count(name) == 1:
                entries.append(name)
            elif index is not None:
                entries.append(index)
        self.error.clear_error()
        self._push("collapse", tuple(entries))

    def _set_collapse_from_text(self) -> None:
        self.error.clear_error()
        self._push("collapse", parse_collapse(self.collapse_edit.text()))

    def _set_expand(self) -> None:
        self._push("expand", self.expand_check.isChecked())
