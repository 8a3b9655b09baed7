"""Panels layer: RunPanel, a run as it goes: status, jobs counted by state, fastr's log streaming
in, Cancel and "Run again (resume)".

The panel only shows a :class:`~editor.model.runmodel.RunSession`; what the buttons start is up to
whoever listens to ``rerun_requested`` and ``inspect_requested``. Log lines and counts are batched
(one update every ``UPDATE_MS``), and the log keeps at most ``max_lines`` lines, so a chatty run of
a big network cannot freeze the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from editor.model.runmodel import STATE_COLORS, STATE_SYMBOLS, STATES, RunSession

UPDATE_MS = 100
MAX_LINES = 5000


class RunPanel(QWidget):
    """See the module docstring."""

    rerun_requested = Signal()
    inspect_requested = Signal(str)          # the run directory

    def __init__(self, session: RunSession, parent: QWidget | None = None, max_lines: int = MAX_LINES) -> None:
        super().__init__(parent)
        self.setObjectName("run_panel")
        self.session = session
        self._pending: list[str] = []
        self._counts_dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_MS)
        self._timer.timeout.connect(self.flush)

        self.status = QLabel("No run yet: Run ▸ Run… starts one.")
        self.status.setObjectName("run_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_labels: dict[str, QLabel] = {}
        counts = QHBoxLayout()
        for state in STATES:
            label = QLabel()
            label.setObjectName(f"run_count_{state}")
            label.setToolTip(f"jobs {state}")
            self.count_labels[state] = label
            counts.addWidget(label)
        counts.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop fastr and every tool it started")
        self.cancel_button.clicked.connect(session.cancel)
        self.rerun_button = QPushButton("Run again (resume)")
        self.rerun_button.setToolTip("Run the network again in the same run directory: fastr reuses the "
                                     "jobs that finished and runs the rest")
        self.rerun_button.clicked.connect(self.rerun_requested)
        self.inspect_button = QPushButton("Inspect run")
        self.inspect_button.setToolTip("Show the jobs of the run, their commands, stdout and stderr")
        self.inspect_button.clicked.connect(self._inspect)
        for button in (self.cancel_button, self.rerun_button, self.inspect_button):
            counts.addWidget(button)

        self.log = QPlainTextEdit()
        self.log.setObjectName("run_log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(max_lines)
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log.setUndoRedoEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(counts)
        layout.addWidget(self.log, 1)

        session.log_line.connect(self._on_log_line)
        session.states_changed.connect(self._on_states_changed)
        session.started.connect(self._on_started)
        session.finished.connect(self._on_finished)
        self._update_counts()
        self._update_buttons()

    # -- session signals --------------------------------------------------------------------------
    def run_starting(self, description: str) -> None:
        """Called by whoever starts the run, just before."""
        self.log.clear()
        self._pending = []
        self.status.setText(f"Starting {description}…")
        self._update_buttons(running=True)

    def _on_log_line(self, line: str) -> None:
        self._pending.append(line)
        if not self._timer.isActive():
            self._timer.start()

    def _on_states_changed(self) -> None:
        self._counts_dirty = True
        if not self._timer.isActive():
            self._timer.start()
        self._update_buttons()

    def _on_started(self, tmpdir: str) -> None:
        self.status.setText(f"Running in {tmpdir}")

    def _on_finished(self, ok: bool) -> None:
        self.flush()
        session = self.session
        if session.cancelled:
            text = "Cancelled."
        elif ok:
            text = "Finished: every sink sample is valid."
        elif session.messages:
            text = "fastr did not run the network: " + "; ".join(session.messages[:3])
        else:
            text = "Finished with failures: see the inspection view." if session.exit_code is not None \
                else "fastr stopped."
        self.status.setText(text + (f"\nRun directory: {session.tmpdir}" if session.tmpdir else ""))
        self._update_buttons()

    # -- updating ---------------------------------------------------------------------------------
    def flush(self) -> None:
        """Show the pending log lines and counts now."""
        self._timer.stop()
        if self._pending:
            lines, self._pending = self._pending, []
            maximum = self.log.maximumBlockCount()
            if maximum > 0 and len(lines) > maximum:
                lines = lines[-maximum:]
            self.log.appendPlainText("\n".join(lines))
        if self._counts_dirty:
            self._counts_dirty = False
            self._update_counts()

    def _update_counts(self) -> None:
        totals = self.session.totals()
        for state, label in self.count_labels.items():
            label.setText(f"<span style='color:{STATE_COLORS[state]}'>{STATE_SYMBOLS[state]}</span> "
                          f"{state} {totals[state]}")
            label.setProperty("count", totals[state])

    def _update_buttons(self, running: bool | None = None) -> None:
        running = self.session.running if running is None else running
        self.cancel_button.setEnabled(running)
        self.rerun_button.setEnabled(not running and self.session.request is not None)
        self.inspect_button.setEnabled(not running and bool(self.session.tmpdir))

    def counts(self) -> dict[str, int]:
        """The counts shown (for tests and the status bar)."""
        return {state: int(label.property("count") or 0) for state, label in self.count_labels.items()}

    def log_text(self) -> str:
        self.flush()
        return self.log.toPlainText()

    def _inspect(self) -> None:
        if self.session.tmpdir:
            self.inspect_requested.emit(self.session.tmpdir)
