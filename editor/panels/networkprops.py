"""Panels layer: NetworkPage, the properties of the network shown when nothing is selected:
id, version, description and preferred types, plus a count of nodes and links."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from editor.core.graph.ids import check_id
from editor.model.commands import SetNetworkPropertyCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.panels._common import CommitTextEdit, ErrorLabel, blocked


class NetworkPage(QWidget):
    """Shows and edits ``document.current_network`` (call :meth:`follow` after the network changed)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self.id_edit = QLineEdit(self)
        self.version_edit = QLineEdit(self)
        self.description_edit = CommitTextEdit(self)
        self.description_edit.setMaximumHeight(100)
        self.types_edit = QLineEdit(self)
        self.types_edit.setPlaceholderText("datatype ids, comma separated")
        self.summary = QLabel(self)
        self.error = ErrorLabel(self)
        for name in ("id_edit", "version_edit", "description_edit", "types_edit", "summary"):
            getattr(self, name).setObjectName(f"network_{name}")
        self.error.setObjectName("network_error")
        form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addStretch(1)
        form.addRow("Network id", self.id_edit)
        form.addRow("Version", self.version_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Preferred types", self.types_edit)
        form.addRow("", self.summary)
        form.addRow("", self.error)
        self.id_edit.editingFinished.connect(self._set_id)
        self.version_edit.editingFinished.connect(self._set_version)
        self.description_edit.editing_finished.connect(self._set_description)
        self.types_edit.editingFinished.connect(self._set_types)

    def follow(self) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    self._model.network_changed.disconnect(self.refresh)
                    self._model.reset.disconnect(self.refresh)
                    self._model.changed.disconnect(self._update_summary)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            model.network_changed.connect(self.refresh)
            model.reset.connect(self.refresh)
            model.changed.connect(self._update_summary)
        self.error.clear_error()
        self.refresh()

    def refresh(self) -> None:
        if self._model is None:
            return
        network = self._model.network
        with blocked(self.id_edit, self.version_edit, self.description_edit, self.types_edit):
            self.id_edit.setText(network.id)
            self.version_edit.setText(network.version)
            if self.description_edit.toPlainText() != network.description:
                self.description_edit.setPlainText(network.description)
            self.types_edit.setText(", ".join(network.preferred_types))
        self._update_summary()

    def _update_summary(self) -> None:
        if self._model is not None:
            network = self._model.network
            self.summary.setText(f"{len(network.nodes)} nodes, {len(network.links)} links, "
                                 f"{len(network.stepids)} steps")

    def _push(self, name: str, value: object) -> None:
        if self._model is None:
            return
        self.error.clear_error()
        if getattr(self._model.network, name) != value:
            self._document.push(SetNetworkPropertyCommand(self._model, name, value))

    def _set_id(self) -> None:
        try:
            value = check_id(self.id_edit.text().strip(), "the network id")
        except ValueError as error:
            self.error.show_error(str(error))
            return
        self._push("id", value)

    def _set_version(self) -> None:
        value = self.version_edit.text().strip()
        if not value:
            self.error.show_error("the version cannot be empty (fastr's default is 0.0)")
            return
        self._push("version", value)

    def _set_description(self) -> None:
        self._push("description", self.description_edit.toPlainText())

    def _set_types(self) -> None:
        if self._model is None:
            return
        names = [t.strip() for t in self.types_edit.text().split(",") if t.strip()]
        unknown = [t for t in names if t not in self._model.network.types]
        if unknown:
            self.error.show_error(f"unknown datatype{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
            return
        self._push("preferred_types", names)
