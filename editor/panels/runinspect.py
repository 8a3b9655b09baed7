"""Panels layer: RunInspectPanel, what a fastr run directory says, node by node and job by job.

A tree of nodes (failed ones first, red) with their jobs (one per sample; a sink has one per
value) coloured by state; choosing a job shows the exact command, the tool's stdout and stderr,
fastr's errors and fastr's log of the job in read-only text views. "Open run directory…" reads any
folder fastr made (``network.execute(tmpdir=…)``), also runs started outside the editor. Reading
happens in a worker thread (big runs have thousands of job folders). Double-clicking a node asks
to show it on the canvas (``locate_requested(node path)``); selecting a node on the canvas selects
it here.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPixmap, QPainter
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QSplitter, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from editor.core.run.rundir import RunDirError, RunJob, RunResult, read_run_dir
from editor.model.runmodel import STATE_COLORS, aggregate_state, counts_from_result, format_counts, state_of

if TYPE_CHECKING:
    from editor.model.document import Document

MAX_SHOWN_CHARS = 400_000           # of one stdout or stderr; the tail is what matters
JobRole = Qt.ItemDataRole.UserRole + 1
NodeRole = Qt.ItemDataRole.UserRole + 2


def job_state(job: RunJob) -> str:
    return "failed" if job.failed and job.status != "cancelled" else state_of(job.status)


def _icon(state: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATE_COLORS.get(state or "", "#bdbdbd")))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _tail(text: str | None, empty: str) -> str:
    if not text:
        return empty
    if len(text) > MAX_SHOWN_CHARS:
        return f"[… {len(text) - MAX_SHOWN_CHARS} characters left out …]\n" + text[-MAX_SHOWN_CHARS:]
    return text


class _Reader(QObject):
    """Reads a run directory in a thread and reports back in the GUI thread."""

    done = Signal(int, object, str)          # generation, RunResult or None, error

    def read(self, generation: int, path: str) -> None:
        def work() -> None:
            try:
                result, error = read_run_dir(path), ""
            except (RunDirError, OSError) as exc:
                result, error = None, str(exc)
            except Exception as exc:  # noqa: BLE001 - a broken folder must not kill the thread silently
                result, error = None, f"{type(exc).__name__}: {exc}"
            try:
                self.done.emit(generation, result, error)
            except RuntimeError:               # the panel is gone
                pass
        threading.Thread(target=work, name="read-run-dir", daemon=True).start()


class RunInspectPanel(QWidget):
    """See the module docstring."""

    locate_requested = Signal(str)           # node path (``macro/inner`` inside macros)
    result_loaded = Signal(object)           # RunResult
    load_failed = Signal(str)

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_inspect_panel")
        self.document = document
        self.result: RunResult | None = None
        self.path: str | None = None
        self.loading = False
        self._generation = 0
        self._reader = _Reader(self)
        self._reader.done.connect(self._on_read)
        self._build()
        if document is not None:
            document.selection.changed.connect(self._on_document_selection)
            document.reset.connect(self.clear)           # another network: not its run

    def _build(self) -> None:
        self.open_button = QPushButton("Open run directory…")
        self.open_button.clicked.connect(self.choose_directory)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setEnabled(False)
        self.reload_button.clicked.connect(self.reload)
        self.only_failed = QCheckBox("Only failed")
        self.only_failed.toggled.connect(self._populate)
        self.summary = QLabel("No run directory opened.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.reload_button)
        top.addWidget(self.only_failed)
        top.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("run_tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Node / sample", "State", "Jobs"])
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemActivated.connect(self._on_activated)

        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.views: dict[str, QPlainTextEdit] = {}
        self.tabs = QTabWidget()
        for key, title in (("command", "Command"), ("stdout", "stdout"), ("stderr", "stderr"),
                           ("errors", "Errors"), ("log", "fastr log")):
            view = QPlainTextEdit()
            view.setObjectName(f"run_{key}")
            view.setReadOnly(True)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth if key in ("command", "errors")
                                 else QPlainTextEdit.LineWrapMode.NoWrap)
            view.setFont(fixed)
            self.views[key] = view
            self.tabs.addTab(view, title)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    # -- loading ----------------------------------------------------------------------------------
    def choose_directory(self) -> None:
        start = self.path or (os.path.dirname(self.document.file_path) if self.document is not None
                              and self.document.file_path else os.getcwd())
        path = QFileDialog.getExistingDirectory(self, "Open a fastr run directory", start)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        """Read ``path`` (in a thread); ``result_loaded`` or ``load_failed`` follows."""
        self._generation += 1
        self.path = os.path.abspath(path)
        self.loading = True
        self.reload_button.setEnabled(True)
        self.summary.setText(f"Reading {self.path}…")
        self._reader.read(self._generation, self.path)

    def clear(self) -> None:
        """Show no run (a read under way is dropped when it ends)."""
        self._generation += 1
        self.loading = False
        self.result = None
        self.path = None
        self.tree.clear()
        self._clear_details()
        self.reload_button.setEnabled(False)
        self.summary.setText("No run directory opened.")

    def reload(self) -> None:
        if self.path:
            self.load(self.path)

    def show_result(self, result: RunResult) -> None:
        """Show an already read run directory."""
        self._generation += 1
        self.loading = False
        self._set_result(result)

    def _on_read(self, generation: int, result: RunResult | None, error: str) -> None:
        if generation != self._generation:
            return                              # an older read finished after a newer one started
        self.loading = False
        if result is None:
            self.result = None
            self.tree.clear()
            self._clear_details()
            self.summary.setText(f"Cannot read the run directory: {error}")
            self.load_failed.emit(error)
            return
        self._set_result(result)

    def _set_result(self, result: RunResult) -> None:
        self.result = result
        self.path = result.tmpdir
        self.reload_button.setEnabled(True)
        self.summary.setText(self._summary_text(result))
        self._populate()
        self.result_loaded.emit(result)

    def _summary_text(self, result: RunResult) -> str:
        failed = sum(1 for j in result.jobs if job_state(j) == "failed")
        valid = sum(1 for s in result.sinks if s.ok)
        parts = [result.tmpdir, f"{len(result.jobs)} jobs"]
        if failed:
            parts.append(f"{failed} failed")
        if result.finished:
            parts.append(f"{valid} of {len(result.sinks)} sink samples valid")
        else:
            parts.append("the run did not finish (no __sink_data__.json)")
        return " — ".join(parts)

    # -- the tree ---------------------------------------------------------------------------------
    def _populate(self) -> None:
        self.tree.clear()
        self._clear_details()
        result = self.result
        if result is None:
            return
        by_node: dict[str, list[RunJob]] = {}
        for job in result.jobs:
            by_node.setdefault(job.node, []).append(job)
        counts = counts_from_result(result)
        order = sorted(by_node, key=lambda n: (not counts[n].get("failed"), n))
        items = []
        for node in order:
            jobs = by_node[node]
            if self.only_failed.isChecked() and not counts[node].get("failed"):
                continue
            state = aggregate_state(counts[node])
            top = QTreeWidgetItem([node, state or "", format_counts(counts[node])])
            top.setIcon(0, _icon(state))
            top.setData(0, NodeRole, node)
            for job in jobs:
                js = job_state(job)
                if self.only_failed.isChecked() and js != "failed":
                    continue
                name = job.sample if os.path.basename(job.path) == job.sample else \
                    f"{job.sample} ({os.path.basename(job.path)})"
                child = QTreeWidgetItem([name, job.status, ""])
                child.setIcon(0, _icon(js))
                child.setData(0, JobRole, job)
                child.setData(0, NodeRole, node)
                if js == "failed":
                    child.setForeground(1, QColor(STATE_COLORS["failed"]))
                top.addChild(child)
            if state == "failed":
                top.setForeground(1, QColor(STATE_COLORS["failed"]))
            items.append(top)
        self.tree.addTopLevelItems(items)
        for item in items:
            if item.data(0, NodeRole) and counts[item.data(0, NodeRole)].get("failed"):
                item.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def node_item(self, node_path: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, NodeRole) == node_path:
                return item
        return None

    def job_item(self, node_path: str, sample: str) -> QTreeWidgetItem | None:
        top = self.node_item(node_path)
        if top is None:
            return None
        for i in range(top.childCount()):
            child = top.child(i)
            job = child.data(0, JobRole) if child is not None else None
            if job is not None and (job.sample == sample or os.path.basename(job.path) == sample):
                return child
        return None

    def select_node(self, node_path: str) -> bool:
        item = self.node_item(node_path)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        return item is not None

    def select_job(self, node_path: str, sample: str) -> bool:
        item = self.job_item(node_path, sample)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        return item is not None

    def _on_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            self._clear_details()
            return
        job = current.data(0, JobRole)
        if job is None and self.result is not None:        # a node: its first failed job, or its first
            jobs = self.result.jobs_of(current.data(0, NodeRole))
            job = next((j for j in jobs if job_state(j) == "failed"), jobs[0] if jobs else None)
        if job is not None:
            self.show_job(job)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        node = item.data(0, NodeRole)
        if node:
            self.locate_requested.emit(node)

    # -- details ----------------------------------------------------------------------------------
    def show_job(self, job: RunJob) -> None:
        inside = "(no command: this job ran inside fastr: a source, constant or sink)"
        command = job.command_line if job.command else inside
        if job.command and job.return_code is not None:
            command += f"\n\n# return code: {job.return_code}"
        command += f"\n# job folder: {job.path}"
        self.views["command"].setPlainText(command)
        self.views["stdout"].setPlainText(_tail(job.stdout, "(no stdout)"))
        self.views["stderr"].setPlainText(_tail(job.stderr, "(no stderr)"))
        errors = list(job.errors)
        if self.result is not None:
            for sink in self.result.sinks:
                if sink.sink == job.node and sink.sample == job.sample and not sink.ok:
                    errors += [" ".join(e) for e in sink.errors] or [f"sink sample {sink.sample_status}"]
        self.views["errors"].setPlainText("\n\n".join(errors) if errors else "(no errors)")
        self.views["log"].setPlainText(_tail(job.log, "(no fastr log for this job)"))
        if job_state(job) == "failed":
            self.tabs.setCurrentWidget(self.views["stderr"] if job.stderr else self.views["errors"])

    def _clear_details(self) -> None:
        for view in self.views.values():
            view.clear()

    # -- canvas selection -------------------------------------------------------------------------
    def _on_document_selection(self) -> None:
        document = self.document
        if document is None or self.result is None or len(document.selection.nodes) != 1:
            return
        path = "/".join([*document.path, document.selection.nodes[0]])
        current = self.tree.currentItem()
        if current is not None and current.data(0, NodeRole) == path:
            return
        if not self.select_node(path):
            inner = next((j.node for j in self.result.jobs if j.node.startswith(path + "/")), None)
            if inner is not None:                           # a macro: its first job inside
                self.select_node(inner)
