"""Panels layer: RunDialog (what to run with real fastr) and ``install_run_ui`` (the Run menu and docks).

The dialog asks, for the network shown, the data of every source (a table of sample id → value:
values, paths or URLs; two rows with the same sample id make one sample with two values), a
template per sink (fastr's ``{sample_id}``, ``{cardinality}`` and ``{ext}`` fields), the Python
that has fastr (found in the background, checked with ``import fastr``), the execution plugin and
the run directory (kept per network so running again resumes). It remembers all of it per network
(:class:`~editor.model.runmodel.RunSettings`) and refuses to start while something is missing.

:class:`RunController` starts runs in a :class:`~editor.model.runmodel.RunSession` (never in the
editor's process), feeds the run panel, the canvas overlay and the inspection view.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QDockWidget, QFileDialog,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMenu, QMessageBox, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from editor.core.network import Network
from editor.core.runner import fastr_version, find_fastr_pythons
from editor.model.runmodel import (RunRequest, RunSession, RunSettings, counts_from_result, default_tmpdir, sink_url,
                                   source_data_from_rows)
from editor.panels.runinspect import RunInspectPanel
from editor.panels.runlog import RunPanel

__all__ = ["RunDialog", "SourceTable", "RunController", "install_run_ui"]

PLUGINS = ("LinearExecution", "ProcessPoolExecution", "DRMAAExecution", "SlurmExecution")
SINK_HELP = ("A sink template is a URL (file://, vfs://, …) or a folder path; fastr fills in "
             "<b>{sample_id}</b> (the sample), <b>{cardinality}</b> (the value's index within the "
             "sample) and <b>{ext}</b> (the datatype's extension, with its dot). "
             "Example: <tt>vfs://tmp/results/{sample_id}_{cardinality}{ext}</tt>")
SOURCE_HELP = ("One row per value: a value, a path or a URL (file://, vfs://, http://, xnat://, …). "
               "Rows with the same sample id form one sample with several values; an empty sample id "
               "gets id_0, id_1, …")


def _stem(path: str) -> str:
    name = os.path.basename(path)
    for suffix in (".nii.gz", ".tar.gz"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return os.path.splitext(name)[0]


class SourceTable(QWidget):
    """The samples of one source: a table of (sample id, value) with Add, Remove and Files…."""

    changed = Signal()

    def __init__(self, source_id: str, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_id = source_id
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"source_table_{source_id}")
        self.table.setHorizontalHeaderLabels(["Sample id", "Value, path or URL"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        add, remove, files = QPushButton("Add"), QPushButton("Remove"), QPushButton("Files…")
        files.setToolTip("Choose files: one sample per file, named after the file")
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_selected)
        files.clicked.connect(self.browse_files)
        buttons = QHBoxLayout()
        for button in (add, remove, files):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for sample, value in rows or [("", "")]:
            self.add_row(sample, value)

    def add_row(self, sample: str = "", value: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(sample))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                self.table.removeRow(row)
        self.changed.emit()

    def add_files(self, paths: list[str]) -> None:
        if self.table.rowCount() == 1 and not any(self.rows()[0]):
            self.table.removeRow(0)                   # replace the empty starting row
        taken = {s for s, _ in self.rows()}
        for path in paths:
            sample = _stem(path) or "id"
            base, n = sample, 1
            while sample in taken:
                sample, n = f"{base}_{n}", n + 1
            taken.add(sample)
            self.add_row(sample, "file://" + os.path.abspath(path))

    def browse_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, f"Data for source {self.source_id}")
        if paths:
            self.add_files(paths)

    def rows(self) -> list[tuple[str, str]]:
        result = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            result.append(tuple(c.text() if c is not None else "" for c in cells))
        return result  # type: ignore[return-value]


class _Worker(QObject):
    """Runs a slow call (finding or checking fastr Pythons) in a thread; ``done`` in the GUI thread."""

    done = Signal(str, object)

    def run(self, key: str, call: Callable[[], Any]) -> None:
        def work() -> None:
            try:
                value = call()
            except Exception:  # noqa: BLE001 - a failed check is a negative answer
                value = None
            try:
                self.done.emit(key, value)
            except RuntimeError:
                pass
        threading.Thread(target=work, name=f"run-dialog-{key}", daemon=True).start()


class RunDialog(QDialog):
    """See the module docstring. ``find_pythons`` and ``check_python`` can be replaced (tests)."""

    def __init__(self, network: Network, file_path: str | None = None, settings: RunSettings | None = None,
                 parent: QWidget | None = None, *, find_pythons: Callable[[], list[str]] | None = None,
                 check_python: Callable[[str], str | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_dialog")
        self.setWindowTitle(f"Run {network.id} with fastr")
        self.network, self.file_path = network, file_path
        self.settings = settings if settings is not None else RunSettings()
        self._check_python = check_python or fastr_version
        self.python_checks: dict[str, str | None] = {}      # python -> fastr version (None: no fastr)
        self._accept_pending = False
        self.sources = [n.id for n in network.nodes.values() if n.cls == "SourceNode"]
        self.sinks = [n.id for n in network.nodes.values() if n.cls == "SinkNode"]
        saved = self.settings.load(file_path, network.id)
        self._worker = _Worker(self)
        self._worker.done.connect(self._on_worker)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(400)
        self._check_timer.timeout.connect(self.check_python)

        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_sources(saved.get("sources") or {}))
        splitter.addWidget(self._build_sinks(saved.get("sinks") or {}))
        layout.addWidget(splitter, 1)
        layout.addWidget(self._build_fastr(saved))
        self.errors = QLabel()
        self.errors.setObjectName("run_errors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.errors)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton("Run", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(820, 680)
        self._refresh_source_marks()
        self._worker.run("find", find_pythons or find_fastr_pythons)
        self._check_timer.start(0)

    # -- building ---------------------------------------------------------------------------------
    def _build_sources(self, saved: dict[str, Any]) -> QWidget:
        box = QGroupBox("Sources")
        self.source_list = QListWidget()
        self.source_list.setObjectName("source_list")
        self.source_stack = QStackedWidget()
        self.source_tables: dict[str, SourceTable] = {}
        for source_id in self.sources:
            rows = [tuple(r) for r in saved.get(source_id, []) if isinstance(r, list) and len(r) == 2]
            table = SourceTable(source_id, rows)  # type: ignore[arg-type]
            table.changed.connect(self._refresh_source_marks)
            self.source_tables[source_id] = table
            self.source_stack.addWidget(table)
            item = QListWidgetItem(source_id)
            item.setToolTip(f"{source_id}: {self._datatype(source_id)}")
            self.source_list.addItem(item)
        self.source_list.currentRowChanged.connect(self.source_stack.setCurrentIndex)
        self.source_list.setCurrentRow(0)
        self.source_list.setMaximumWidth(240)
        row = QHBoxLayout()
        row.addWidget(self.source_list)
        row.addWidget(self.source_stack, 1)
        help_label = QLabel(SOURCE_HELP if self.sources else "This network has no sources.")
        help_label.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addLayout(row, 1)
        layout.addWidget(help_label)
        return box

    def _datatype(self, node_id: str) -> str:
        node = self.network.nodes[node_id]
        port = next(iter(node.outputs.values()), None) or next(iter(node.inputs.values()), None)
        return str(getattr(port, "datatype", "") or "")

    def _build_sinks(self, saved: dict[str, Any]) -> QWidget:
        box = QGroupBox("Sinks")
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        self.sink_edits: dict[str, QLineEdit] = {}
        for row, sink_id in enumerate(self.sinks):
            edit = QLineEdit(str(saved.get(sink_id) or self._default_sink(sink_id)))
            edit.setObjectName(f"sink_{sink_id}")
            edit.setToolTip(SINK_HELP)
            folder = QPushButton("Folder…")
            folder.clicked.connect(lambda _=False, s=sink_id: self._choose_sink_folder(s))
            grid.addWidget(QLabel(f"{sink_id} ({self._datatype(sink_id)})"), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(folder, row, 2)
            self.sink_edits[sink_id] = edit
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        help_label = QLabel(SINK_HELP)
        help_label.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(scroll, 1)
        layout.addWidget(help_label)
        return box

    def _default_sink(self, sink_id: str) -> str:
        if self.file_path:
            folder = os.path.join(os.path.dirname(os.path.abspath(self.file_path)), f"{_stem(self.file_path)}_results")
            return f"file://{folder}/{sink_id}_{{sample_id}}_{{cardinality}}{{ext}}"
        return f"vfs://tmp/results/{self.network.id}/{sink_id}_{{sample_id}}_{{cardinality}}{{ext}}"

    def _choose_sink_folder(self, sink_id: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, f"Folder for sink {sink_id}")
        if folder:
            self.sink_edits[sink_id].setText(f"file://{folder}/{sink_id}_{{sample_id}}_{{cardinality}}{{ext}}")

    def _build_fastr(self, saved: dict[str, Any]) -> QWidget:
        box = QGroupBox("fastr")
        form = QFormLayout(box)
        self.python_combo = QComboBox()
        self.python_combo.setObjectName("python_combo")
        self.python_combo.setEditable(True)
        self.python_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.python_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        python = str(saved.get("python") or self.settings.last_python())
        if python:
            self.python_combo.addItem(python)
        self.python_combo.setEditText(python)
        self.python_combo.setToolTip("A Python (3.11 at most) with fastr 3.4.0 installed; "
                                     "$FASTR_EDITOR_PYTHON is looked at first")
        self.python_combo.editTextChanged.connect(self._python_edited)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_python)
        self.python_status = QLabel("Looking for Pythons with fastr…")
        self.python_status.setObjectName("python_status")
        row = QHBoxLayout()
        row.addWidget(self.python_combo, 1)
        row.addWidget(browse)
        form.addRow("fastr Python", row)
        form.addRow("", self.python_status)

        self.plugin_combo = QComboBox()
        self.plugin_combo.setEditable(True)
        self.plugin_combo.addItems(PLUGINS)
        self.plugin_combo.setEditText(str(saved.get("execution_plugin") or PLUGINS[0]))
        form.addRow("Execution plugin", self.plugin_combo)

        self.tmpdir_edit = QLineEdit(str(saved.get("tmpdir") or default_tmpdir(self.file_path, self.network.id)))
        self.tmpdir_edit.setObjectName("tmpdir_edit")
        self.tmpdir_edit.setToolTip("fastr's temporary directory for this run. Run again with the same "
                                    "folder to resume: finished jobs are reused.")
        pick = QPushButton("Browse…")
        pick.clicked.connect(self._browse_tmpdir)
        beside = QPushButton("Next to the file")
        beside.setEnabled(bool(self.file_path))
        beside.clicked.connect(lambda: self.tmpdir_edit.setText(default_tmpdir(self.file_path, self.network.id, True)))
        cache = QPushButton("In the cache")
        cache.clicked.connect(lambda: self.tmpdir_edit.setText(default_tmpdir(self.file_path, self.network.id)))
        row = QHBoxLayout()
        row.addWidget(self.tmpdir_edit, 1)
        for button in (pick, beside, cache):
            row.addWidget(button)
        form.addRow("Run directory", row)
        return box

    # -- fastr Python -----------------------------------------------------------------------------
    @property
    def python(self) -> str:
        return self.python_combo.currentText().strip()

    def _browse_python(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The Python with fastr", os.path.dirname(self.python) or "/usr/bin")
        if path:
            self.python_combo.setEditText(path)

    def _browse_tmpdir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Run directory", self.tmpdir_edit.text())
        if path:
            self.tmpdir_edit.setText(path)

    def _python_edited(self, _text: str) -> None:
        self._show_python_status()
        self._check_timer.start()

    def check_python(self) -> None:
        """Check the chosen Python (``import fastr``, in a thread) unless that was done already."""
        python = self.python
        if python and python not in self.python_checks and os.path.isfile(python):
            self.python_status.setText(f"Checking {python}…")
            self._worker.run(f"check:{python}", lambda: self._check_python(python))
        else:
            self._show_python_status()

    def _on_worker(self, key: str, value: Any) -> None:
        if key == "find":
            known = {self.python_combo.itemText(i) for i in range(self.python_combo.count())}
            for python in value or []:
                self.python_checks.setdefault(python, "found")
                if python not in known:
                    self.python_combo.addItem(python)
            if not self.python and value:
                self.python_combo.setEditText(value[0])
            if not value and not self.python:
                self.python_status.setText("No Python with fastr found: install fastr 3.4.0 in a Python 3.11 "
                                           "and choose its python with Browse….")
            else:
                self._show_python_status()
            return
        python = key.partition(":")[2]
        self.python_checks[python] = value if value else None
        if python == self.python:
            self._show_python_status()
            if self._accept_pending:
                self._accept_pending = False
                self.accept()

    def _show_python_status(self) -> None:
        python = self.python
        if not python:
            self.python_status.setText("Choose the Python that has fastr.")
        elif python not in self.python_checks:
            self.python_status.setText("Not checked yet." if os.path.isfile(python) else "No such file.")
        elif self.python_checks[python] is None:
            self.python_status.setText(f"✗ {python} cannot import fastr.")
        else:
            version = self.python_checks[python]
            self.python_status.setText("✓ fastr " + (version if version != "found" else "found"))

    # -- values -----------------------------------------------------------------------------------
    def _refresh_source_marks(self) -> None:
        for i, source_id in enumerate(self.sources):
            item = self.source_list.item(i)
            has_data = bool(source_data_from_rows(self.source_tables[source_id].rows()))
            item.setText(source_id if has_data else f"{source_id}  (no data)")
            item.setForeground(self.palette().text() if has_data else QBrush(QColor("#c0392b")))

    def values(self) -> dict[str, Any]:
        """What the dialog remembers for this network."""
        return {"sources": {s: [list(r) for r in t.rows() if any(r)] for s, t in self.source_tables.items()},
                "sinks": {s: e.text().strip() for s, e in self.sink_edits.items()},
                "python": self.python, "tmpdir": self.tmpdir_edit.text().strip(),
                "execution_plugin": self.plugin_combo.currentText().strip() or PLUGINS[0]}

    def validate(self) -> list[str]:
        """What keeps the run from starting (empty: ready)."""
        problems = []
        for source_id, table in self.source_tables.items():
            rows = table.rows()
            if not source_data_from_rows(rows):
                problems.append(f"Source {source_id} has no data: give at least one value.")
            bad = sorted({s.strip() for s, v in rows if "/" in s or "\\" in s})
            if bad:
                problems.append(f"Source {source_id}: a sample id cannot contain a slash ({', '.join(bad)}).")
        for sink_id, edit in self.sink_edits.items():
            if not edit.text().strip():
                problems.append(f"Sink {sink_id} has no template: say where its results go.")
        python = self.python
        if not python:
            problems.append("Choose the Python that has fastr.")
        elif not (os.path.isfile(python) and os.access(python, os.X_OK)):
            problems.append(f"{python} is not an executable Python.")
        elif python in self.python_checks and self.python_checks[python] is None:
            problems.append(f"{python} cannot import fastr: choose the Python where fastr 3.4.0 is installed.")
        tmpdir = self.tmpdir_edit.text().strip()
        if not tmpdir:
            problems.append("Choose a run directory.")
        elif os.path.exists(tmpdir) and not os.path.isdir(tmpdir):
            problems.append(f"{tmpdir} is a file, not a folder.")
        return problems

    def request(self, env: dict[str, str] | None = None) -> RunRequest:
        """The run the dialog describes (call after it was accepted)."""
        values = self.values()
        return RunRequest(python=values["python"],
                          source_data={s: source_data_from_rows(t.rows()) for s, t in self.source_tables.items()},
                          sink_data={s: sink_url(t) for s, t in values["sinks"].items()},
                          tmpdir=os.path.abspath(os.path.expanduser(values["tmpdir"])),
                          execution_plugin=values["execution_plugin"], env=dict(env or {}))

    def accept(self) -> None:
        problems = self.validate()
        self.errors.setText("\n".join(problems))
        if problems:
            for i, source_id in enumerate(self.sources):
                if not source_data_from_rows(self.source_tables[source_id].rows()):
                    self.source_list.setCurrentRow(i)
                    break
            return
        if self.python not in self.python_checks:           # check first, then accept
            self._accept_pending = True
            self.errors.setText("Checking that this Python has fastr…")
            self._check_timer.stop()
            self.check_python()
            return
        self.settings.save(self.file_path, self.network.id, self.values())
        super().accept()


# -- wiring: the controller and the Run menu -----------------------------------------------------
class RunController(QObject):
    """Starts runs (from the dialog, or again to resume) in a RunSession and ties it to the run
    panel, the canvas overlay (made by ``overlay_factory(scene)``) and the inspection view."""

    def __init__(self, window: QWidget, document: Any, view: Any = None, settings: RunSettings | None = None,
                 overlay_factory: Callable[[Any], Any] | None = None, env: dict[str, str] | None = None) -> None:
        super().__init__(window)
        self.window, self.document, self.view = window, document, view
        self.settings = settings if settings is not None else RunSettings()
        self.env = dict(env or {})
        self.dialog_options: dict[str, Any] = {}       # find_pythons / check_python for RunDialog
        self.session = RunSession(self)
        self.panel = RunPanel(self.session)
        self.inspect = RunInspectPanel(document)
        self.overlay: Any = None
        self._overlay_factory = overlay_factory
        self.run_dock: QDockWidget | None = None
        self.inspect_dock: QDockWidget | None = None
        self.session.finished.connect(self._on_finished)
        self.session.states_changed.connect(self._update_actions)
        self.panel.rerun_requested.connect(self.rerun)
        self.panel.inspect_requested.connect(self.inspect_run)
        self.inspect.result_loaded.connect(self._on_result)
        self.inspect.locate_requested.connect(self.locate)
        reset = getattr(document, "reset", None)
        if reset is not None:
            reset.connect(self._on_document_reset)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.session.kill)
        self.actions: dict[str, QAction] = {}

    # -- running ----------------------------------------------------------------------------------
    def show_run_dialog(self) -> None:
        if self.session.running:
            QMessageBox.information(self.window, "A run is going", "Cancel the current run first.")
            return
        dialog = RunDialog(self.document.root, self.document.file_path, self.settings, self.window,
                           **self.dialog_options)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(dialog.request(self.env))

    def start(self, request: RunRequest) -> bool:
        network = self.document.root
        overlay = self._ensure_overlay()
        if overlay is not None:
            overlay.attach(self.session)
        self.panel.run_starting(network.id)
        self._show(self.run_dock)
        try:
            self.session.start(network, request)
        except (OSError, ValueError, RuntimeError) as error:
            self.panel.status.setText(f"Cannot start the run: {error}")
            self.panel._update_buttons()
            QMessageBox.warning(self.window, "Cannot start the run", str(error))
            return False
        self._update_actions()
        return True

    def rerun(self) -> None:
        """Run again in the same run directory: fastr reuses the jobs that finished."""
        if self.session.request is not None and not self.session.running:
            self.start(self.session.request)

    def cancel(self) -> None:
        self.session.cancel()

    # -- inspecting -------------------------------------------------------------------------------
    def open_run_directory(self) -> None:
        self._show(self.inspect_dock)
        self.inspect.choose_directory()

    def inspect_run(self, tmpdir: str) -> None:
        self.inspect.load(tmpdir)
        self._show(self.inspect_dock)

    def _on_finished(self, _ok: bool) -> None:
        self._update_actions()
        if self.session.tmpdir and os.path.isdir(self.session.tmpdir):
            self.inspect_run(self.session.tmpdir)

    def _on_result(self, result: Any) -> None:
        overlay = self._ensure_overlay()
        if overlay is not None and not self.session.running and result.network_id in (None, self.document.root.id):
            overlay.show_counts(counts_from_result(result))

    def locate(self, node_path: str) -> None:
        """Show a node of the run on the canvas (entering the macros it is in)."""
        *macros, node_id = node_path.split("/")
        network = self.document.root
        for macro in macros:
            node = network.nodes.get(macro)
            if node is None or node.subnetwork is None:
                return
            network = node.subnetwork
        if node_id not in network.nodes:
            return
        if list(self.document.path) != macros:
            self.document.set_path(macros)
        self.document.selection.set([node_id])
        center = getattr(self.view, "center_on_node", None)
        if center is not None:
            center(node_id)

    # -- helpers ----------------------------------------------------------------------------------
    def _ensure_overlay(self) -> Any:
        scene = self.view.scene() if self.view is not None and hasattr(self.view, "scene") else None
        if scene is None or self._overlay_factory is None or not hasattr(scene, "node_items"):
            return None
        if self.overlay is None or getattr(self.overlay, "scene", None) is not scene:
            self.overlay = self._overlay_factory(scene)
        return self.overlay

    def _on_document_reset(self) -> None:
        if self.overlay is not None and not self.session.running:
            self.overlay.clear()

    def _show(self, dock: QDockWidget | None) -> None:
        if dock is not None:
            dock.show()
            dock.raise_()

    def _update_actions(self, *_args: Any) -> None:
        running = self.session.running
        for key, enabled in (("run", not running), ("cancel", running),
                             ("rerun", not running and self.session.request is not None)):
            if key in self.actions:
                self.actions[key].setEnabled(enabled)


def _default_overlay_factory() -> Callable[[Any], Any] | None:
    """The canvas overlay, looked up at run time: panels do not import the canvas (layering); the
    app layer should pass ``overlay_factory=RunOverlay`` to :func:`install_run_ui` instead."""
    try:
        module = importlib.import_module("editor.canvas.run_overlay")
    except ImportError:
        return None
    return getattr(module, "RunOverlay", None)


def install_run_ui(main_window: Any, overlay_factory: Callable[[Any], Any] | None = None) -> None:
    """Add the Run menu (Run…, Run again, Cancel, Open run directory…) and the Run and Run
    inspection docks to ``main_window`` (a QMainWindow with ``.document`` and ``.view``). The
    controller is kept as ``main_window.run_controller``."""
    document = getattr(main_window, "document", None)
    if document is None or getattr(main_window, "run_controller", None) is not None:
        return
    qsettings = getattr(getattr(main_window, "settings", None), "qsettings", None)
    controller = RunController(main_window, document, getattr(main_window, "view", None),
                               RunSettings(qsettings if isinstance(qsettings, QSettings) else None),
                               overlay_factory or _default_overlay_factory())
    main_window.run_controller = controller

    docks = []
    for name, title, widget in (("run_dock", "Run", controller.panel),
                                ("run_inspect_dock", "Run inspection", controller.inspect)):
        dock = QDockWidget(title, main_window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        main_window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        docks.append(dock)
    controller.run_dock, controller.inspect_dock = docks
    main_window.tabifyDockWidget(*docks)

    menu = QMenu("&Run", main_window)
    menu.setObjectName("run_menu")
    for key, text, slot, keys, tip in (
            ("run", "&Run…", controller.show_run_dialog, "F5", "Run the network with real fastr"),
            ("rerun", "Run &Again (Resume)", controller.rerun, "Ctrl+F5",
             "Run again in the same run directory: finished jobs are reused"),
            ("cancel", "&Cancel Run", controller.cancel, "Shift+F5", "Stop fastr and the tools it started"),
            ("open", "&Open Run Directory…", controller.open_run_directory, "",
             "Inspect a folder made by a fastr run: jobs, commands, stdout and stderr")):
        action = QAction(text, main_window)
        action.setObjectName(f"action_run_{key}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        controller.actions[key] = action
    menu.addSeparator()
    for dock in docks:
        menu.addAction(dock.toggleViewAction())
    bar = main_window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "").lower() == "help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    docks_menu = getattr(getattr(main_window, "menu_actions", None), "docks_menu", None)
    if docks_menu is not None:
        for dock in docks:
            docks_menu.addAction(dock.toggleViewAction())
    controller._update_actions()
