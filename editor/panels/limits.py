"""Panels layer: ResourceLimitEditor, the cores / memory / time / GPUs of the selected node(s).

Cores and GPUs are spin boxes, memory is a whole number with a unit (M, G, T), time is
``HH:MM:SS`` (or seconds). Each field has a "no limit" box for None. A value fastr would refuse
(``1.5G``) is never stored: the reason appears next to the field, and a limit changed by the
typing so far is put back. Every edit is one undo step, and typing in one field merges into one
step (``SetResourceLimitCommand(field=...)``) until editing of that field finishes. With several
nodes the edit applies to all of them in one step, and a field whose values differ shows "mixed"
until it is edited.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from editor.core.graph.resourcelimit import ResourceLimit, parse_memory, parse_time
from editor.model.commands import SetResourceLimitCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.model.nodetablemodel import DEFAULT_LIMIT, format_limit, with_limit
from editor.panels._common import MIXED, ErrorLabel, blocked

FIELDS = ("cores", "memory", "time", "gpus")
UNITS = {"M": 1, "G": 1024, "T": 1024 * 1024}
_UNIT_SUFFIX = ("m", "g", "t", "p", "mb", "gb", "tb", "pb")


def split_memory(megabytes: int) -> tuple[int, str]:
    """The largest unit that divides ``megabytes`` evenly: 8192 -> (8, 'G')."""
    for unit in ("T", "G"):
        if megabytes % UNITS[unit] == 0:
            return megabytes // UNITS[unit], unit
    return megabytes, "M"


class _TypingCommand(SetResourceLimitCommand):
    """A resource edit made by typing: when later keystrokes merge it back to where it started
    (a refused value puts the limit back), it marks itself obsolete and the stack drops it."""

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not super().mergeWith(other):
            return False
        if all(old == new for old, new in self._changes.values()):
            self.setObsolete(True)
        return True


class _Field:
    """One limit: its value widget(s), the 'no limit' box and the error label."""

    def __init__(self, name: str, editor: QWidget, unlimited: QCheckBox, error: ErrorLabel) -> None:
        self.name = name
        self.editor = editor
        self.unlimited = unlimited
        self.error = error

    def widgets(self) -> list[QWidget]:
        return [self.editor, self.unlimited]


class ResourceLimitEditor(QWidget):
    """Edits the resource limits of the nodes given to :meth:`set_nodes`."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self._nodes: list[str] = []
        self._session = 0                 # typing in one field in one session merges into one step
        self._starts: dict[str, dict[str, ResourceLimit | None]] = {}

        self.cores_spin = QSpinBox(self)
        self.cores_spin.setRange(1, 4096)
        self.gpus_spin = QSpinBox(self)
        self.gpus_spin.setRange(0, 256)
        self.memory_edit = QLineEdit(self)
        self.memory_edit.setPlaceholderText("e.g. 8")
        self.memory_unit = QComboBox(self)
        self.memory_unit.addItems(list(UNITS))
        self.time_edit = QLineEdit(self)
        self.time_edit.setPlaceholderText("HH:MM:SS")
        self.fields: dict[str, _Field] = {}
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        labels = {"cores": "Cores", "memory": "Memory", "time": "Time", "gpus": "GPUs"}
        editors = {"cores": self.cores_spin, "memory": self.memory_edit, "time": self.time_edit,
                   "gpus": self.gpus_spin}
        for name in FIELDS:
            editor = editors[name]
            editor.setObjectName(f"{name}_editor")
            unlimited = QCheckBox("no limit", self)
            unlimited.setObjectName(f"{name}_unlimited")
            error = ErrorLabel(self)
            error.setObjectName(f"{name}_error")
            self.fields[name] = _Field(name, editor, unlimited, error)
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            if name == "memory":
                self.memory_unit.setObjectName("memory_unit")
                row.addWidget(self.memory_unit)
            row.addWidget(unlimited)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addLayout(row)
            box.addWidget(error)
            form.addRow(labels[name], box)
        self.setLayout(form)

        self.cores_spin.valueChanged.connect(lambda v: self._spin_changed("cores", v))
        self.gpus_spin.valueChanged.connect(lambda v: self._spin_changed("gpus", v))
        self.memory_edit.textEdited.connect(lambda _t: self._memory_typed())
        self.memory_unit.activated.connect(lambda _i: self._memory_typed())
        self.time_edit.textEdited.connect(self._time_typed)
        for name, field in self.fields.items():
            field.unlimited.clicked.connect(lambda _c=False, n=name: self._unlimited_clicked(n))
            if isinstance(field.editor, (QLineEdit, QSpinBox)):
                field.editor.editingFinished.connect(lambda n=name: self._finished(n))
        document.current_changed.connect(lambda: self.set_nodes([]))
        self.set_nodes([])

    # -- what is shown ------------------------------------------------------------------------
    def set_nodes(self, node_ids: list[str]) -> None:
        """Show (and edit) the limits of these nodes of the current network."""
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    self._model.node_changed.disconnect(self._node_changed)
                    self._model.reset.disconnect(self.refresh)
                    self._model.node_renamed.disconnect(self._node_renamed)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            model.node_changed.connect(self._node_changed)
            model.reset.connect(self.refresh)
            model.node_renamed.connect(self._node_renamed)
        self._nodes = list(node_ids)
        self._session += 1
        self._starts.clear()
        self.refresh(force=True)

    @property
    def node_ids(self) -> list[str]:
        return list(self._nodes)

    def _node_changed(self, node_id: str) -> None:
        if node_id in self._nodes:
            self.refresh()

    def _node_renamed(self, old: str, new: str) -> None:
        self._nodes = [new if n == old else n for n in self._nodes]

    def _present(self) -> list[str]:
        nodes = self._model.network.nodes if self._model is not None else {}
        return [n for n in self._nodes if n in nodes]

    def values(self, name: str) -> list[int | None]:
        """The value of ``name`` for each node shown (default limits for ``resources: null``)."""
        assert self._model is not None
        network = self._model.network
        return [getattr(network.nodes[n].resources or DEFAULT_LIMIT, name) for n in self._present()]

    def refresh(self, force: bool = False) -> None:
        """Show the model's values. A field whose text already means the model's value is left as
        typed (so typing ``1024`` in M is not rewritten to ``1`` G), and so is a field showing why
        its text is refused, unless ``force``."""
        self.setEnabled(bool(self._present()))
        for name in FIELDS:
            self._refresh_field(name, force)

    def _refresh_field(self, name: str, force: bool) -> None:
        field = self.fields[name]
        values = self.values(name) if self._present() else []
        with blocked(field.editor, field.unlimited, self.memory_unit):
            self._show(field, values, force)

    def _show(self, field: _Field, values: list[int | None], force: bool) -> None:
        distinct = set(values)
        nones = None in distinct
        numbers = sorted(v for v in distinct if v is not None)
        field.unlimited.setTristate(nones and bool(numbers))
        field.unlimited.setCheckState(Qt.CheckState.PartiallyChecked if nones and numbers else
                                      Qt.CheckState.Checked if nones else Qt.CheckState.Unchecked)
        field.editor.setEnabled(bool(numbers) or not values)
        mixed = len(numbers) > 1 or (nones and bool(numbers))
        value = numbers[0] if len(numbers) == 1 and not mixed else None
        if not force and (field.error.message or (not mixed and value is not None
                                                   and self._typed_value(field.name) == value)):
            return                      # leave what the user is typing (and why it is refused)
        field.error.clear_error()
        editor = field.editor
        if isinstance(editor, QSpinBox):
            normal = 1 if field.name == "cores" else 0
            editor.setSpecialValueText(MIXED if mixed else "")
            editor.setMinimum(normal - 1 if mixed else normal)
            editor.setValue(editor.minimum() if mixed or value is None else value)
        elif isinstance(editor, QLineEdit):
            editor.setPlaceholderText(MIXED if mixed else ("HH:MM:SS" if field.name == "time" else "e.g. 8"))
            if field.name == "memory":
                number, unit = split_memory(value) if value is not None else (None, self.memory_unit.currentText())
                editor.setText("" if number is None else str(number))
                self.memory_unit.setCurrentText(unit)
            else:
                editor.setText(format_limit("time", value))

    def _typed_value(self, name: str) -> int | None:
        """What the field's widgets say now, or None if empty or not valid."""
        try:
            if name == "memory":
                return self._parse_memory()
            if name == "time":
                return parse_time(self.time_edit.text())
        except (ValueError, TypeError):
            return None
        spin = self.cores_spin if name == "cores" else self.gpus_spin
        return spin.value() if spin.specialValueText() == "" or spin.value() != spin.minimum() else None

    def error_text(self, name: str) -> str:
        return self.fields[name].error.message

    # -- edits --------------------------------------------------------------------------------
    def _commit(self, name: str, value: int | None, merge: bool) -> None:
        if self._model is None:
            return
        network = self._model.network
        changes = {}
        for node_id in self._present():
            old = network.nodes[node_id].resources
            new = with_limit(old, name, value)
            if new != old:
                changes[node_id] = (old, new)
        self.fields[name].error.clear_error()
        if not changes:
            return
        if merge:
            token = f"{name}#{self._session}"
            self._starts.setdefault(token, {n: old for n, (old, _new) in changes.items()})
            self._document.push(_TypingCommand(self._model, changes, field=token))
        else:
            self._document.push(SetResourceLimitCommand(self._model, changes))

    def _revert_typing(self, name: str) -> None:
        """Put back what the limits were before this typing began (the text is not a value)."""
        starts = self._starts.get(f"{name}#{self._session}")
        if not starts or self._model is None:
            return
        nodes = self._model.network.nodes
        changes = {n: (nodes[n].resources, start) for n, start in starts.items()
                   if n in nodes and nodes[n].resources != start}
        if changes:
            self._document.push(_TypingCommand(self._model, changes, field=f"{name}#{self._session}"))

    def _spin_changed(self, name: str, value: int) -> None:
        spin = self.fields[name].editor
        assert isinstance(spin, QSpinBox)
        if spin.specialValueText() and value == spin.minimum():
            return                      # still "mixed"
        self._commit(name, value, merge=True)

    def _parse_memory(self) -> int | None:
        text = self.memory_edit.text().strip()
        if text.lower().endswith(_UNIT_SUFFIX) and not text.isdigit():
            return parse_memory(text)                       # typed with a unit: '8G', '1.5G'
        return parse_memory(f"{text}{self.memory_unit.currentText()}")

    def _refuse(self, name: str, error: Exception) -> None:
        self.fields[name].error.show_error(str(error))
        self._revert_typing(name)       # the error shown keeps the refresh from rewriting the text

    def _memory_typed(self) -> None:
        if not self.memory_edit.text().strip():
            self.fields["memory"].error.clear_error()
            self._revert_typing("memory")
            return
        try:
            value = self._parse_memory()
        except (ValueError, TypeError) as error:
            self._refuse("memory", error)
            return
        self._commit("memory", value, merge=True)

    def _time_typed(self, text: str) -> None:
        if not text.strip():
            self.fields["time"].error.clear_error()
            self._revert_typing("time")
            return
        try:
            value = parse_time(text)
        except (ValueError, TypeError) as error:
            self._refuse("time", error)
            return
        self._commit("time", value, merge=True)

    def _unlimited_clicked(self, name: str) -> None:
        field = self.fields[name]
        state = field.unlimited.checkState()
        if state == Qt.CheckState.Checked:
            self._commit(name, None, merge=False)
            return
        if state == Qt.CheckState.PartiallyChecked:       # cycling through "mixed": no edit
            return
        value = self._typed_value(name)
        if value is None:
            value = getattr(DEFAULT_LIMIT, name)
            if value is None:
                value = {"cores": 1, "gpus": 0, "memory": 2048, "time": 3600}[name]
        self._commit(name, value, merge=False)

    def _finished(self, name: str) -> None:
        """Editing of one field ended: the next typing is a new undo step; tidy a valid text."""
        self._session += 1
        self._starts.clear()
        if not self.fields[name].error.message:
            self._refresh_field(name, force=True)
