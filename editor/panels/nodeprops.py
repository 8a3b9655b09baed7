"""Panels layer: NodePage, the properties of the selected node(s) inside the PropertiesPanel.

One node: id (rename; links follow), kind, tool and version with the tool's description and help,
step, node group, merge dimensions (offered from the computed dimensions of its inputs), each
input's input group, the datatype of a source/constant/sink, a constant's data and the resource
limits. Several nodes: step, node group and resource limits, applied to all in one undo step.
Every edit pushes a command; model changes refresh the widgets with their signals blocked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, SignalInstance
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)

from editor.core.graph.ids import check_id
from editor.core.graph.node import Node
from editor.model.commands import RenameNodeCommand, SetInputGroupCommand, SetNodePropertyCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.panels._common import MIXED, ErrorLabel, blocked, dimension_names, type_ids
from editor.panels.constant import ConstantEditor
from editor.panels.limits import ResourceLimitEditor

MERGE_CHOICES = ("none", "all", "chosen dimensions")
# rows of the form (error rows are left out: their labels hide themselves when empty)
ROW_ID, ROW_KIND, ROW_TOOL, ROW_VERSION, ROW_INFO, ROW_DATATYPE = 0, 2, 3, 4, 5, 6
ROW_MERGE, ROW_MERGE_LIST, ROW_INPUTS = 9, 10, 11
SINGLE_ROWS = (ROW_ID, ROW_KIND, ROW_TOOL, ROW_VERSION, ROW_INFO, ROW_DATATYPE, ROW_MERGE, ROW_MERGE_LIST,
               ROW_INPUTS)



def _line(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (always there: the panel makes them editable)."""
    line = combo.lineEdit()
    assert line is not None
    return line

class NodePage(QWidget):
    """Shows and edits the nodes given to :meth:`show_nodes`."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self._stale = False          # a batch changed steps or links: refresh at its end
        self._nodes: list[str] = []
        self.title = QLabel(self)
        self.title.setObjectName("node_title")
        self.id_edit = QLineEdit(self)
        self.id_error = ErrorLabel(self)
        self.kind_label = QLabel(self)
        self.tool_label = QLabel(self)
        self.tool_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.version_label = QLabel(self)
        self.tool_info = QTextBrowser(self)
        self.tool_info.setMaximumHeight(120)
        self.step_combo = QComboBox(self)
        self.step_combo.setEditable(True)
        self.group_edit = QLineEdit(self)
        self.field_error = ErrorLabel(self)
        self.merge_combo = QComboBox(self)
        self.merge_combo.addItems(list(MERGE_CHOICES))
        self.merge_list = QListWidget(self)
        self.merge_list.setMaximumHeight(100)
        self.inputs_box = QWidget(self)
        self.inputs_form = QFormLayout(self.inputs_box)
        self.inputs_form.setContentsMargins(0, 0, 0, 0)
        self.input_edits: dict[str, QLineEdit] = {}
        self.datatype_combo = QComboBox(self)
        self.datatype_combo.setEditable(True)
        self.constant_editor = ConstantEditor(document, self)
        self.resources = ResourceLimitEditor(document, self)
        self._merge_timer = QTimer(self)
        self._merge_timer.setSingleShot(True)
        self._merge_timer.setInterval(0)
        self._merge_timer.timeout.connect(self._refresh_merge)
        for name in ("id_edit", "id_error", "kind_label", "tool_label", "version_label", "tool_info",
                     "step_combo", "group_edit", "field_error", "merge_combo", "merge_list", "inputs_box",
                     "datatype_combo"):
            getattr(self, name).setObjectName(name)

        self.form = QFormLayout()
        self.form.addRow("Id", self.id_edit)
        self.form.addRow("", self.id_error)
        self.form.addRow("Kind", self.kind_label)
        self.form.addRow("Tool", self.tool_label)
        self.form.addRow("Version", self.version_label)
        self.form.addRow(self.tool_info)
        self.form.addRow("Datatype", self.datatype_combo)
        self.form.addRow("Step", self.step_combo)
        self.form.addRow("Node group", self.group_edit)
        self.form.addRow("Merge dimensions", self.merge_combo)
        self.form.addRow("", self.merge_list)
        self.form.addRow("Input groups", self.inputs_box)
        self.form.addRow("", self.field_error)
        layout = QVBoxLayout(self)              # the style's margins, as the network and link pages
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.constant_editor)
        layout.addWidget(self.resources)
        layout.addStretch(1)

        self.id_edit.editingFinished.connect(self._rename)
        _line(self.step_combo).editingFinished.connect(self._set_step)
        self.step_combo.activated.connect(lambda _i: self._set_step())
        self.group_edit.editingFinished.connect(self._set_group)
        self.merge_combo.activated.connect(lambda _i: self._set_merge())
        self.merge_list.itemChanged.connect(lambda _item: self._set_merge())
        _line(self.datatype_combo).editingFinished.connect(self._set_datatype)
        self.datatype_combo.activated.connect(lambda _i: self._set_datatype())

    # -- following the model ------------------------------------------------------------------
    def show_nodes(self, node_ids: list[str]) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    for signal, slot in self._connections(self._model):
                        signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            for signal, slot in self._connections(model):
                signal.connect(slot)
        self._nodes = list(node_ids)
        self.id_error.clear_error()
        self.field_error.clear_error()
        self.resources.set_nodes(self._nodes)
        self.constant_editor.set_node(self._nodes[0] if len(self._nodes) == 1 else None)
        self._refresh_soon()

    def _connections(self, model: NetworkModel) -> list[tuple[SignalInstance, Callable[..., Any]]]:
        return [(model.node_changed, self._node_changed), (model.node_renamed, self._node_renamed),
                (model.steps_changed, self._steps_changed), (model.reset, self.refresh),
                (model.link_added, self._links_changed), (model.link_removed, self._links_changed),
                (model.link_changed, self._links_changed), (model.batch_finished, self._batch_finished)]

    def _steps_changed(self) -> None:
        self._refresh_soon()

    def _refresh_soon(self) -> None:
        """Refresh now, or once when the model's batch of edits ends (an edit mid-way through a
        command is not finished: its dimensions, for one, are not known yet)."""
        if self._model is not None and self._model.in_batch:
            self._stale = True
        else:
            self.refresh()

    def _batch_finished(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def _node_changed(self, node_id: str) -> None:
        if node_id in self._nodes:
            self._refresh_soon()

    def _node_renamed(self, old: str, new: str) -> None:
        if old in self._nodes:
            self._nodes = [new if n == old else n for n in self._nodes]
            self._refresh_soon()

    def _links_changed(self, _link_id: str) -> None:
        if len(self._nodes) == 1:
            self._merge_timer.start()      # the dimensions on offer may have changed (once per burst)

    @property
    def node_ids(self) -> list[str]:
        return list(self._nodes)

    def _present(self) -> list[Node]:
        if self._model is None:
            return []
        nodes = self._model.network.nodes
        return [nodes[n] for n in self._nodes if n in nodes]

    @property
    def node(self) -> Node | None:
        present = self._present()
        return present[0] if len(present) == 1 else None

    def refresh(self) -> None:
        present = self._present()
        single = self.node
        widgets = [self.id_edit, self.step_combo, self.group_edit, self.merge_combo, self.merge_list,
                   self.datatype_combo]
        with blocked(*widgets):
            self.title.setText(f"{len(present)} nodes selected" if len(present) > 1 else "")
            self.title.setVisible(len(present) > 1)
            for row in SINGLE_ROWS:
                self.form.setRowVisible(row, single is not None)
            self.constant_editor.setVisible(single is not None and single.cls == "ConstantNode")
            self._refresh_shared(present)
            if single is not None:
                self._refresh_single(single)
        if single is not None:
            self._refresh_merge()
            self._refresh_inputs(single)

    def _refresh_shared(self, present: list[Node]) -> None:
        assert self._model is not None
        network = self._model.network
        steps = {network.step_of(n.id) for n in present}
        groups = {n.nodegroup for n in present}
        self.step_combo.clear()
        self.step_combo.addItems([""] + list(network.stepids))
        self.step_combo.setEditText(next(iter(steps)) or "" if len(steps) == 1 else "")
        _line(self.step_combo).setPlaceholderText(MIXED if len(steps) > 1 else "no step")
        self.group_edit.setText(next(iter(groups)) or "" if len(groups) == 1 else "")
        self.group_edit.setPlaceholderText(MIXED if len(groups) > 1 else "no node group")

    def _refresh_single(self, node: Node) -> None:
        self.id_edit.setText(node.id)
        self.id_edit.setCursorPosition(0)          # a long id shows from its start
        self.kind_label.setText(f"{node.kind} ({node.cls})")
        definition = node.definition
        if node.cls == "MacroNode":
            inner = node.subnetwork
            self.tool_label.setText(f"macro network {inner.id if inner else '?'}")
            self.version_label.setText(inner.version if inner else "")
        else:
            self.tool_label.setText(node.tool[0] if node.tool else "")
            self.version_label.setText(node.tool[1] if node.tool else "")
        if node.tool is not None and definition is None:
            self.tool_label.setText(f"{node.tool[0]} (not in the tool library)")
        info = [definition.name, definition.description, definition.help] if definition else []
        paragraphs = list(dict.fromkeys(x.strip() for x in info if x and x.strip()))   # each text once
        self.tool_info.setPlainText("\n\n".join(paragraphs))
        self.form.setRowVisible(ROW_INFO, bool(self.tool_info.toPlainText()))
        has_type = node.cls in ("SourceNode", "ConstantNode", "SinkNode")
        self.form.setRowVisible(ROW_DATATYPE, has_type)
        if has_type:
            assert self._model is not None
            self.datatype_combo.clear()
            self.datatype_combo.addItems(type_ids(self._model.network))
            self.datatype_combo.setEditText(node.datatype or "")
        for row in (ROW_MERGE, ROW_MERGE_LIST, ROW_INPUTS):
            self.form.setRowVisible(row, bool(node.inputs))

    def dimension_choices(self) -> list[str]:
        """Dimension names of the node's inputs (in input order), for merge_dimensions."""
        node = self.node
        if node is None or self._model is None:
            return []
        names: list[str] = []
        dims = self._model.dimensions()
        for input_id in node.inputs:
            for name in dimension_names(dims, "input", node.id, input_id) or []:
                if name not in names:
                    names.append(name)
        return names

    def _refresh_merge(self) -> None:
        node = self.node
        if node is None:
            return
        value = node.merge_dimensions
        chosen = list(value) if isinstance(value, list) else []
        names = self.dimension_choices()
        with blocked(self.merge_combo, self.merge_list):
            self.merge_combo.setCurrentIndex(2 if isinstance(value, list) else MERGE_CHOICES.index(value))
            self.merge_list.clear()
            for name in names + [n for n in chosen if n not in names]:
                item = QListWidgetItem(name if name in names else f"{name} (not a dimension here)")
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
                self.merge_list.addItem(item)
            self.form.setRowVisible(ROW_MERGE_LIST, bool(node.inputs) and self.merge_combo.currentIndex() == 2)

    def _refresh_inputs(self, node: Node) -> None:
        if list(self.input_edits) != list(node.inputs):
            while self.inputs_form.rowCount():
                self.inputs_form.removeRow(0)
            self.input_edits = {}
            for input_id in node.inputs:
                edit = QLineEdit(self.inputs_box)
                edit.setObjectName(f"input_group_{input_id}")
                edit.editingFinished.connect(lambda i=input_id: self._set_input_group(i))
                self.inputs_form.addRow(input_id, edit)
                self.input_edits[input_id] = edit
        for input_id, edit in self.input_edits.items():
            with blocked(edit):
                edit.setText(node.inputs[input_id].input_group)

    # -- edits --------------------------------------------------------------------------------
    def _push_property(self, name: str, value: object) -> None:
        assert self._model is not None
        ids = [n.id for n in self._present() if self._model.node_property(n.id, name) != value]
        if ids:
            self._document.push(SetNodePropertyCommand(self._model, ids, name, value))

    def _rename(self) -> None:
        node = self.node
        if node is None or self._model is None:
            return
        new = self.id_edit.text().strip()
        if new == node.id:
            self.id_error.clear_error()
            return
        network = self._model.network
        try:
            check_id(new, "the node id")
        except ValueError as error:
            self.id_error.show_error(str(error))
            return
        if new in network.nodes or new in network.links:
            self.id_error.show_error(f"the id {new} is already in use in this network (nodes and links share ids)")
            return
        self.id_error.clear_error()
        self._document.push(RenameNodeCommand(self._model, node.id, new))

    def _optional_id(self, text: str, what: str) -> tuple[bool, str | None]:
        text = text.strip()
        if not text:
            return True, None
        try:
            return True, check_id(text, what)
        except ValueError as error:
            self.field_error.show_error(str(error))
            return False, None

    def _set_step(self) -> None:
        text = self.step_combo.currentText()
        if not text.strip() and _line(self.step_combo).placeholderText() == MIXED:
            return                                  # left "mixed" alone
        ok, value = self._optional_id(text, "the step id")
        if ok:
            self.field_error.clear_error()
            self._push_property("step_id", value)

    def _set_group(self) -> None:
        text = self.group_edit.text()
        if not text.strip() and self.group_edit.placeholderText() == MIXED:
            return
        ok, value = self._optional_id(text, "the node group")
        if ok:
            self.field_error.clear_error()
            self._push_property("nodegroup", value)

    def _set_merge(self) -> None:
        choice = self.merge_combo.currentIndex()
        self.form.setRowVisible(ROW_MERGE_LIST, choice == 2)
        if choice < 2:
            self._push_property("merge_dimensions", MERGE_CHOICES[choice])
            return
        names = [str(self.merge_list.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.merge_list.count())
                 if self.merge_list.item(r).checkState() == Qt.CheckState.Checked]
        if names:
            self._push_property("merge_dimensions", names)
        elif self.node is not None and isinstance(self.node.merge_dimensions, list):
            self._push_property("merge_dimensions", "none")

    def _set_input_group(self, input_id: str) -> None:
        node = self.node
        edit = self.input_edits.get(input_id)
        if node is None or edit is None or self._model is None or input_id not in node.inputs:
            return
        text = edit.text().strip()
        try:
            check_id(text, "an input group")
        except ValueError as error:
            self.field_error.show_error(str(error))
            return
        self.field_error.clear_error()
        if text != node.inputs[input_id].input_group:
            self._document.push(SetInputGroupCommand(self._model, node.id, input_id, text))

    def _set_datatype(self) -> None:
        node = self.node
        if node is None or self._model is None or node.datatype is None:
            return
        text = self.datatype_combo.currentText().strip()
        if text == node.datatype:
            return
        if text not in self._model.network.types:
            self.field_error.show_error(f"{text!r} is not a known datatype")
            return
        self.field_error.clear_error()
        self._push_property("datatype", text)
