"""App layer: File > Open Script… — the network a fastr script builds, opened in the window.

The script is the user's own code and is run on purpose: the dialog says so once, names the fastr
Python it runs in (the one the Run dialog uses: ``$FASTR_EDITOR_PYTHON``, the Preferences, or one
confirmed before) and takes its arguments and a timeout. It runs in a background thread through
:func:`editor.core.run.capture.capture_script` (a subprocess in a temporary folder; fastr's
``execute`` runs nothing), its output streams into the Script Output panel, which has a Cancel
button, and a failure is one clear message with the script's traceback under Details. Several
networks: the user picks one.

The network opens untitled with the script as its origin. Reload Script runs it again, keeps the
positions of the nodes that stayed, and shows what changed with Compare
(:class:`editor.app.compare.CompareUI`), the previous capture being the other side.
"""

from __future__ import annotations

import os
import shlex
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDockWidget, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from editor.core.run.capture import DEFAULT_TIMEOUT, CaptureError, CaptureResult, capture_script, network_from_capture
from editor.core.run.find_fastr import chosen_python

if TYPE_CHECKING:
    from editor.app.hosts import OpenScriptHost
    from editor.core.graph.network import Network


@dataclass(slots=True)
class ScriptRequest:
    script: str
    args: list[str]
    python: str
    timeout: float


class ScriptDialog(QDialog):
    """Script, arguments and timeout; says that the script (the user's code) will be run."""

    def __init__(self, script: str, python: str | None, args: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_dialog")
        self.setWindowTitle("Open Script")
        self.python = python
        self.script_edit = QLineEdit(script)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.script_edit, 1)
        row.addWidget(browse)
        self.args_edit = QLineEdit(shlex.join(args or []))
        self.args_edit.setPlaceholderText("arguments, as on a command line")
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(1.0, 24 * 3600.0)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(DEFAULT_TIMEOUT)
        where = python or "no fastr Python chosen: set one in Preferences or $FASTR_EDITOR_PYTHON"
        self.note = QLabel(f"This runs your script, your own code, in {where}, in a temporary folder. "
                           "Every network it builds is handed back when it would call execute (or when "
                           "it ends); fastr runs nothing.")
        self.note.setObjectName("script_note")
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("script_error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Script", row)
        form.addRow("Arguments", self.args_edit)
        form.addRow("Timeout", self.timeout_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = buttons.addButton("Run Script", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setEnabled(python is not None)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Script", os.path.dirname(self.script_edit.text()),
                                              "Python scripts (*.py);;All files (*)")
        if path:
            self.script_edit.setText(path)

    def accept(self) -> None:
        try:
            shlex.split(self.args_edit.text())
        except ValueError as exc:
            self.error.setText(f"Arguments: {exc}")
            return
        if not os.path.isfile(self.script_edit.text()):
            self.error.setText(f"{self.script_edit.text() or 'No script'}: no such file")
            return
        super().accept()

    def request(self) -> ScriptRequest:
        assert self.python is not None
        return ScriptRequest(os.path.abspath(self.script_edit.text()), shlex.split(self.args_edit.text()),
                             self.python, self.timeout_spin.value())


class _Signals(QObject):
    output = Signal(str)
    finished = Signal(object, object)     # CaptureResult | None, CaptureError | None


class ScriptCapture:
    """Open Script…, Reload Script and the Script Output panel of one main window."""

    def __init__(self, window: OpenScriptHost) -> None:
        self.window = window
        self.origin: ScriptRequest | None = None       # the script the open network came from
        self.running: ScriptRequest | None = None
        self._reload = False
        self._cancel: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self.signals = _Signals()
        self.signals.output.connect(self._append, Qt.ConnectionType.QueuedConnection)
        self.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.output = QPlainTextEdit()
        self.output.setObjectName("script_output")
        self.output.setReadOnly(True)
        self.output.setMaximumBlockCount(20_000)
        self.status = QLabel("No script")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        panel = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.output, 1)
        self.dock = QDockWidget("Script Output", window.window())
        self.dock.setObjectName("dock_script_output")
        self.dock.setWidget(panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.open_action = QAction("Open &Script…", window.window())
        self.open_action.setObjectName("action_open_script")
        self.open_action.triggered.connect(lambda: self.ask())
        self.reload_action = QAction("&Reload Script", window.window())
        self.reload_action.setObjectName("action_reload_script")
        self.reload_action.triggered.connect(self.reload)
        self.reload_action.setEnabled(False)
        # A document opened from elsewhere is no longer the script's network.
        window.document.file_changed.connect(self._document_replaced)

    def actions(self) -> list[QAction]:
        return [self.open_action, self.reload_action]

    def python(self) -> str | None:
        choice = chosen_python(preferred=self.window.settings.fastr_python() or None)
        return choice.python if choice is not None else None

    # -- starting ---------------------------------------------------------------------------------
    def ask(self, script: str = "", ask_save: bool = True) -> bool:
        """The Open Script dialog (on ``script``); whether a script was started."""
        if self.running is not None or (ask_save and not self.window.maybe_save()):
            return False
        origin = self.origin
        dialog = ScriptDialog(script or (origin.script if origin else ""), self.python(),
                              origin.args if origin else None, self.window.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.start(dialog.request())
        return True

    def start(self, request: ScriptRequest, reload: bool = False) -> None:
        """Run ``request`` in the background; the network opens when it is captured."""
        if self.running is not None:
            return
        self.running, self._reload = request, reload
        self._cancel = threading.Event()
        self.output.clear()
        self.status.setText(f"Running {os.path.basename(request.script)} in {request.python}…")
        self.cancel_button.setEnabled(True)
        self.open_action.setEnabled(False)
        self.reload_action.setEnabled(False)
        self.dock.show()
        self.dock.raise_()
        signals, cancel = self.signals, self._cancel

        def work() -> None:
            try:
                result = capture_script(request.script, request.args, python=request.python,
                                        timeout=request.timeout, cancel=cancel, on_output=signals.output.emit)
            except CaptureError as exc:
                signals.finished.emit(None, exc)
            except Exception as exc:  # noqa: BLE001 - shown as a message, never lost in a thread
                signals.finished.emit(None, CaptureError(f"{os.path.basename(request.script)}: "
                                                         f"{type(exc).__name__}: {exc}"))
            else:
                signals.finished.emit(result, None)
        self._thread = threading.Thread(target=work, name="script-capture", daemon=True)
        self._thread.start()

    def reload(self) -> None:
        if self.origin is not None:
            self.start(self.origin, reload=True)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.status.setText("Cancelling…")

    def wait(self, timeout: float | None = None) -> None:
        """Until the script's thread has ended (tests; its result still arrives as an event)."""
        if self._thread is not None:
            self._thread.join(timeout)

    # -- results ----------------------------------------------------------------------------------
    def _append(self, line: str) -> None:
        self.output.appendPlainText(line)

    def _finished(self, result: CaptureResult | None, error: CaptureError | None) -> None:
        request, reload = self.running, self._reload
        self.running = None
        self.cancel_button.setEnabled(False)
        self.open_action.setEnabled(True)
        self.reload_action.setEnabled(self.origin is not None)
        assert request is not None
        name = os.path.basename(request.script)
        if error is not None or result is None:
            self.status.setText(str(error))
            self._show_error(error)
            return
        network = self._choose(result, name)
        if network is None:
            self.status.setText(f"{name}: no network chosen")
            return
        self.status.setText(f"{name}: network {network.id} ({len(network.nodes)} nodes, "
                            f"{len(network.links)} links), captured at {result.moment}")
        self._open(network, request, reload)

    def _show_error(self, error: CaptureError | None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Open Script", str(error), QMessageBox.StandardButton.Ok,
                          self.window.window())
        box.setObjectName("script_error_box")
        if error is not None and error.traceback:
            box.setDetailedText(error.traceback)
        self.error_box = box
        box.open()

    def _choose(self, result: CaptureResult, name: str) -> Network | None:
        candidates = result.candidates
        chosen = candidates[0]
        if len(candidates) > 1:
            labels = [c.id + (" (executed)" if c.executed else "") for c in candidates]
            label, ok = self.pick(labels, name)
            if not ok:
                return None
            chosen = candidates[labels.index(label)]
        try:
            service = self.window.library_service
            return network_from_capture(chosen, library=service.library, types=service.types, script=name)
        except CaptureError as exc:
            self._show_error(exc)
            return None

    def pick(self, labels: list[str], name: str) -> tuple[str, bool]:
        """Which of several networks to open (a dialog; tests replace it)."""
        return QInputDialog.getItem(self.window.window(), "Open Script", f"{name} built {len(labels)} networks: "
                                    "which one to open?", labels, 0, False)

    def _open(self, network: Network, request: ScriptRequest, reload: bool) -> None:
        document = self.window.document
        previous = document.root if reload else None
        if previous is not None:                       # the user's positions for nodes that stayed
            for node_id, node in network.nodes.items():
                old = previous.nodes.get(node_id)
                if old is not None and old.position is not None:
                    node.position = old.position
        self.origin = None                             # replace() tells _document_replaced
        document.replace(network, None)
        self.origin = request
        self.reload_action.setEnabled(True)
        self.window.setWindowTitle(f"{network.id} (from {os.path.basename(request.script)})[*] — fastr editor")
        if previous is not None:
            self.window.compare.compare_with_network(previous, None, "the previous run of the script")

    def _document_replaced(self, *_args: Any) -> None:
        if self.running is None:
            self.origin = None
            self.reload_action.setEnabled(False)
