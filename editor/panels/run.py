"""Panels layer: RunDialog, what to run with real fastr.

The dialog asks, for the network shown, the data of every source (a table of sample id → value:
values, paths or URLs; two rows with the same sample id make one sample with two values), a
template per sink (fastr's ``{sample_id}``, ``{cardinality}`` and ``{ext}`` fields), the Python
that has fastr (found in the background, checked with ``import fastr``), the execution plugin and
the run directory (kept per network so running again resumes). It remembers all of it per network
(:class:`~editor.model.runmodel.RunSettings`) and refuses to start while something is missing.

A Python is only run when the user chose it: the ones found automatically are found by looking
(:mod:`editor.core.run.find_fastr`), and before the first run of one that was neither set in the
Preferences or ``$FASTR_EDITOR_PYTHON`` nor confirmed before, the dialog asks (``confirm``).
The execution plugin defaults to the one fastr's configuration sets ("from your fastr
configuration: SlurmExecution"); ``vfs://`` values are checked against fastr's mounts when fastr
was asked for them.

The Run menu and its controller are in :mod:`editor.panels.runcontrol`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QMessageBox,
                               QListWidgetItem, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from editor.core.run.find_fastr import confirm_python, fastr_beside, is_confirmed
from editor.core.setup.library import run_plugin, unknown_mounts
from editor.core.graph.network import Network
from editor.core.run.runner import fastr_version, find_fastr_pythons
from editor.model.runmodel import (RunRequest, RunSettings, default_tmpdir, sink_url,
                                   source_data_from_rows)

__all__ = ["RunDialog", "SourceTable"]

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


def ask_first_run(parent: QWidget | None, python: str) -> bool:
    """Ask before the editor runs ``python`` for the first time."""
    beside = fastr_beside(python)
    found = f"fastr {beside[1] or ''} is installed next to it. ".replace("  ", " ") if beside else ""
    answer = QMessageBox.question(
        parent, "Run this Python?",
        f"The editor has not run {python} before. {found}Running a network runs this program "
        "with your rights. Run it now and from now on?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class RunDialog(QDialog):
    """See the module docstring. ``find_pythons``, ``check_python`` and ``confirm`` can be
    replaced (tests); ``fastr`` is the FastrSettings in use; ``preferred_python`` the one set in
    the Preferences."""

    def __init__(self, network: Network, file_path: str | None = None, settings: RunSettings | None = None,
                 parent: QWidget | None = None, *, find_pythons: Callable[[], list[str]] | None = None,
                 check_python: Callable[[str], str | None] | None = None,
                 confirm: Callable[[str], bool] | None = None, fastr: Any = None,
                 preferred_python: str | None = None) -> None:
        super().__init__(parent)
        self.fastr = fastr
        self.preferred_python = preferred_python
        self._confirm = confirm or (lambda python: ask_first_run(self, python))
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
            table = SourceTable(source_id, rows)
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
        python = str(saved.get("python") or self.settings.last_python() or self.preferred_python or "")
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
        self.plugin_combo.setObjectName("plugin_combo")
        self.plugin_combo.setEditable(True)
        self.plugin_combo.addItems(PLUGINS)
        self.plugin_default, why = run_plugin(None, self.fastr)
        self.plugin_combo.setEditText(str(saved.get("execution_plugin") or self.plugin_default))
        self.plugin_source = QLabel(f"{why}: {self.plugin_default}" if why.startswith("from") else
                                    f"{self.plugin_default}: {why}")
        self.plugin_source.setObjectName("plugin_source")
        self.plugin_source.setProperty("role", "hint")
        self.plugin_combo.editTextChanged.connect(self._show_plugin_source)
        form.addRow("Execution plugin", self.plugin_combo)
        form.addRow("", self.plugin_source)
        self._show_plugin_source()

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

    def _show_plugin_source(self, *_args: object) -> None:
        self.plugin_source.setVisible(self.plugin_combo.currentText().strip() == self.plugin_default)

    # -- fastr Python -----------------------------------------------------------------------------
    @property
    def python(self) -> str:
        return self.python_combo.currentText().strip()

    def trusted(self, python: str) -> bool:
        """Whether ``python`` may be run without asking (chosen or confirmed before)."""
        return is_confirmed(python, preferred=self.preferred_python)

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
        if python and python not in self.python_checks and os.path.isfile(python) and not self.trusted(python):
            beside = fastr_beside(python)      # looked at, not run
            self.python_checks[python] = f"{beside[1] or 'found'} (not run yet)" if beside else None
            self._show_python_status()
        elif python and python not in self.python_checks and os.path.isfile(python):
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
            version = str(self.python_checks[python])
            self.python_status.setText("✓ fastr " + (version if version != "found" else "found")
                                       + ("" if self.trusted(python) else
                                          " next to it; you are asked before it is run the first time"))

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
                # empty: follow fastr's configuration (or the editor's default) as it changes
                "execution_plugin": "" if self._plugin_text() == self.plugin_default else self._plugin_text()}

    def _plugin_text(self) -> str:
        return self.plugin_combo.currentText().strip() or self.plugin_default

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
        mounts = getattr(self.fastr, "mounts", None)
        values: dict[str, Any] = {f"Source {s}": [v for _, v in t.rows()] for s, t in self.source_tables.items()}
        values |= {f"Sink {s}": e.text().strip() for s, e in self.sink_edits.items()}
        problems += unknown_mounts(values, mounts)
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
                          execution_plugin=self._plugin_text(), env=dict(env or {}))

    def accept(self) -> None:
        problems = self.validate()
        self.errors.setText("\n".join(problems))
        if problems:
            for i, source_id in enumerate(self.sources):
                if not source_data_from_rows(self.source_tables[source_id].rows()):
                    self.source_list.setCurrentRow(i)
                    break
            return
        if not self.trusted(self.python):                  # never run a Python nobody chose
            if not self._confirm(self.python):
                self.errors.setText(f"{self.python} was not run: choose a Python you trust.")
                return
            confirm_python(self.python)
            self.python_checks.pop(self.python, None)      # now it may be checked for real
        if self.python not in self.python_checks or str(self.python_checks[self.python]).endswith("(not run yet)"):
            self.python_checks.pop(self.python, None)      # check first, then accept
            self._accept_pending = True
            self.errors.setText("Checking that this Python has fastr…")
            self._check_timer.stop()
            self.check_python()
            return
        self.settings.save(self.file_path, self.network.id, self.values())
        super().accept()
