"""Model layer: ProblemsModel, a table of what is wrong with the network shown, kept up to date.

It re-validates the current network (``editor.core.analysis.validation.problems``, macros included) a few
milliseconds after the model last said it changed (every edit, undo and redo does; one single-shot
timer, so a burst of signals gives one validation), and when the document switches network.
Moves are not edits here: validation follows ``NetworkModel.content_changed`` (positions are not
checked). Not on the undo stack's ``indexChanged``: the stack emits it while the document is
destroyed. Columns: severity, node or link, message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap

from editor.core.graph.network import Network
from editor.core.analysis.validation import ERROR, WARNING, Problem, problems
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel

Validator = Callable[[Network], list[Problem]]
ProblemRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Severity", "Where", "Message")
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1}


def problem_location(problem: Problem) -> tuple[str, str] | None:
    """``('node', id)`` or ``('link', id)`` for a problem that names one, else None."""
    if problem.link:
        return "link", problem.link
    if problem.node:
        return "node", problem.node
    return None


def problem_where(problem: Problem) -> str:
    """Readable place: ``macro/inner_node.port`` or ``link_3``."""
    prefix = "".join(f"{m}/" for m in problem.network_path)
    if problem.link:
        return prefix + problem.link
    if problem.node:
        return prefix + problem.node + (f".{problem.port}" if problem.port else "")
    return prefix or "network"


class ProblemsModel(QAbstractTableModel):
    """The problems of ``document.current_network``; re-validated after edits (debounced)."""

    problems_changed = Signal()

    def __init__(self, document: Document, parent: QObject | None = None, *,
                 validator: Validator | None = None, delay_ms: int = 30) -> None:
        """``validator``: network -> problems; by default ``editor.core.analysis.validation.problems``
        with the dimensions the network's model keeps (shared with the canvas and panels)."""
        super().__init__(parent)
        self._document = document
        self._validator = validator or self._validate
        self._problems: list[Problem] = []
        self._model: NetworkModel | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, min(50, delay_ms)))
        self._timer.timeout.connect(self.revalidate)
        self._held = False
        self._wanted = False                # asked for while held
        document.current_changed.connect(self._follow_current)
        document.reset.connect(self._follow_current)
        self._follow_current()
        self.revalidate()

    # -- keeping up to date -------------------------------------------------------------------
    def _follow_current(self) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    self._model.content_changed.disconnect(self.schedule)
                except (RuntimeError, TypeError):
                    pass            # the old model is gone already
            self._model = model
            model.content_changed.connect(self.schedule)
        self.schedule()

    def schedule(self) -> None:
        """Validate again soon (restarting the timer, so bursts of edits validate once)."""
        if self._held:
            self._wanted = True
            return
        self._timer.start()

    def hold(self) -> None:
        """Validate nothing until :meth:`release` (a request meanwhile is kept for then): the
        window holds validation back while a newly opened network is first painted."""
        self._held = True
        self._wanted = self._wanted or self._timer.isActive()
        self._timer.stop()

    def release(self) -> None:
        self._held = False
        if self._wanted:
            self._wanted = False
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._wanted

    def _validate(self, network: Network) -> list[Problem]:
        model = self._document.current_model
        return problems(network, model.dimensions() if model.network is network else None)

    def revalidate(self) -> None:
        """Validate now and replace the rows."""
        self._timer.stop()
        self._wanted = False
        found = list(self._validator(self._document.current_network))
        found.sort(key=lambda p: _SEVERITY_ORDER.get(p.severity, 2))   # stable: keeps network order
        if found == self._problems:
            return
        self.beginResetModel()
        self._problems = found
        self.endResetModel()
        self.problems_changed.emit()

    # -- queries ------------------------------------------------------------------------------
    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def counts(self) -> tuple[int, int]:
        """(errors, warnings)."""
        errors = sum(1 for p in self._problems if p.severity == ERROR)
        return errors, len(self._problems) - errors

    # -- Qt item model ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._problems):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == ProblemRole:
            return problem
        if role == Qt.ItemDataRole.DisplayRole:
            return (problem.severity, problem_where(problem), problem.message)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            code = f" [{problem.code}]" if problem.code else ""
            where = problem_where(problem)
            return f"{problem.severity}{code}{f' at {where}' if where else ''}: {problem.message}"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return _severity_icon(problem.severity)
        return None


#: Severity -> (fill, mark colour); the fills are the light theme's badge_error and badge_warning.
_ICON_COLOURS = {ERROR: ("#d32f2f", "#ffffff"), WARNING: ("#f9a825", "#3a2a00")}
_icons: dict[str, QIcon] = {}


def _severity_icon(severity: str) -> QIcon | None:
    """A round badge with "!" (drawn here: this layer does not use QtWidgets' style icons)."""
    if QGuiApplication.instance() is None:
        return None
    icon = _icons.get(severity)
    if icon is None:
        fill, mark = _ICON_COLOURS.get(severity, ("#1976d2", "#ffffff"))
        icon = QIcon()
        for size in (16, 32):
            pixmap = QPixmap(size, size)
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawEllipse(1, 1, size - 2, size - 2)
            font = QFont()
            font.setBold(True)
            font.setPixelSize(round(size * 0.7))
            painter.setFont(font)
            painter.setPen(QColor(mark))
            painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "!")
            painter.end()
            icon.addPixmap(pixmap)
        _icons[severity] = icon
    return icon
