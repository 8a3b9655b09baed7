"""Panels layer: ProblemsPanel, a dock listing what is wrong with the network shown.

A table over :class:`editor.model.problemsmodel.ProblemsModel` (severity icon, node or link, message)
with a count line. Clicking a problem selects its node or link in the document's selection (going
into the macro first when the problem is inside one) and asks the view to centre it through
``locate_requested(kind, id)``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from editor.model.document import Document
from editor.model.problemsmodel import ProblemsModel, problem_location


MIN_ROWS = 5


class ProblemsPanel(QDockWidget):
    """Dock with the problems table. ``locate_requested(kind, id)``: kind is 'node' or 'link'."""

    locate_requested = Signal(str, str)
    zoom_requested = Signal(str, str)        # a double click: show it at a readable zoom

    def __init__(self, document: Document, parent: QWidget | None = None,
                 model: ProblemsModel | None = None) -> None:
        super().__init__("Problems", parent)
        self.setObjectName("ProblemsPanel")
        self._document = document
        self.model = model or ProblemsModel(document, self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(body)
        self.summary.setObjectName("problems_summary")
        self.view = QTableView(body)
        self.view.setObjectName("problems_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        # Rows as tall as a line of text (the style's default is ~30 px: two and a half rows
        # showed), and room for MIN_ROWS of them; the tooltip holds the whole text.
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height()
                                   + MIN_ROWS * rows.defaultSectionSize() + 2 * self.view.frameWidth())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.setWidget(body)
        self.view.clicked.connect(self._locate)
        self.view.activated.connect(self._locate)
        self.view.doubleClicked.connect(self._zoom)
        self.model.problems_changed.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self) -> None:
        errors, warnings = self.model.counts()
        if not errors and not warnings:
            text = "No problems"
        else:
            text = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        self.summary.setText(text)
        self.setWindowTitle("Problems" if not (errors or warnings) else f"Problems ({errors + warnings})")

    def locate_row(self, row: int) -> None:
        """Select and centre what problem ``row`` is about (what a click does)."""
        problem = self.model.problem(row)
        where = problem_location(problem)
        if problem.network_path:
            self._document.set_path(self._document.path + list(problem.network_path))
        if where is None:
            return
        kind, item_id = where
        if kind == "node":
            self._document.selection.set([item_id], [])
        else:
            self._document.selection.set([], [item_id])
        self.locate_requested.emit(kind, item_id)

    def _locate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.locate_row(index.row())

    def _zoom(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.locate_row(index.row())
        where = problem_location(self.model.problem(index.row()))
        if where is not None:
            self.zoom_requested.emit(*where)
