"""App layer: the start page, a card in the middle of an empty canvas.

It says what to do first (drag a tool from the Tools panel, press Tab to search one, open a file),
lists the recent files and fastr's examples as buttons, and goes away as soon as the network
shown has a node or a note (it comes back when the canvas is empty again). It is a child of the
canvas's viewport that accepts no drops, so a tool dragged over it still lands on the canvas,
and its buttons take no keyboard focus (Tab stays the canvas's quick add).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout

from editor.app.examples import ABOUT, examples, open_example

if TYPE_CHECKING:
    from editor.app.mainwindow import MainWindow

MAX_RECENT_SHOWN = 6
EXAMPLE_COLUMNS = 3

_STYLE = """
QFrame#start_page { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QFrame#start_page QLabel { background: transparent; }
QLabel#start_title { font-size: 15pt; font-weight: 600; }
QLabel#start_heading { font-weight: 600; margin-top: 8px; }
QPushButton[link="true"] { border: none; background: transparent; text-align: left;
                           color: palette(link); padding: 2px 2px 4px 2px; min-height: 18px; }
QPushButton[link="true"]:hover { text-decoration: underline; }
"""


def _link(text: str, tip: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setProperty("link", True)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolTip(tip)
    return button


class StartPage(QFrame):
    """The card over the empty canvas of ``window``."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        viewport = window.view.viewport()
        super().__init__(viewport)
        self.setObjectName("start_page")
        self.setStyleSheet(_STYLE)
        self.setAcceptDrops(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(4)
        title = QLabel("Start a network")
        title.setObjectName("start_title")
        layout.addWidget(title)
        steps = QLabel(
            "<ul style='margin-left:-24px'>"
            "<li><b>Drag a tool</b> from the Tools panel onto the canvas</li>"
            "<li>Press <b>Tab</b> (or double-click the canvas) to search a tool and place it</li>"
            "<li>Drag from an output port to an input port to link them</li>"
            "<li><b>Ctrl+Alt+N</b> adds a note; <b>Ctrl+O</b> opens a network file</li></ul>")
        steps.setObjectName("start_steps")
        steps.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(steps)
        self.open_button = _link("Open a network file…", "Open a fastr network (YAML or JSON)", "start_open")
        self.open_button.clicked.connect(window.open_network)
        layout.addWidget(self.open_button)

        self.recent_heading = QLabel("Recent files")
        self.recent_heading.setObjectName("start_heading")
        layout.addWidget(self.recent_heading)
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(0)
        layout.addLayout(self.recent_box)
        self.recent_buttons: list[QPushButton] = []

        heading = QLabel("Examples (Help > Examples): fastr's own networks")
        heading.setObjectName("start_heading")
        layout.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        self.example_buttons: dict[str, QPushButton] = {}
        for n, (name, path) in enumerate(examples()):
            button = _link(name, ABOUT.get(name, name), f"start_example_{name}")
            button.clicked.connect(lambda _=False, p=path: open_example(window, p))
            grid.addWidget(button, n // EXAMPLE_COLUMNS, n % EXAMPLE_COLUMNS)
            self.example_buttons[name] = button
        layout.addLayout(grid)

        viewport.installEventFilter(self)
        doc = window.document
        doc.reset.connect(self.refresh)
        doc.current_changed.connect(self.refresh)
        doc.undo_stack.indexChanged.connect(self.refresh)
        self.refresh()

    # -- content ------------------------------------------------------------------------------
    def wanted(self) -> bool:
        """Shown while the network on the canvas is empty: no node and no note."""
        network = self._window.document.current_network
        return not network.nodes and not network.notes

    def refresh(self, *_args: object) -> None:
        show = self.wanted()
        if show:
            self._fill_recent()
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self._place()
        self.setVisible(show)
        if show:
            self.raise_()

    def _fill_recent(self) -> None:
        for button in self.recent_buttons:
            self.recent_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.recent_buttons = []
        files = self._window.settings.recent_files()[:MAX_RECENT_SHOWN]
        for path in files:
            folder = os.path.dirname(path)
            home = os.path.expanduser("~")
            shown = "~" + folder[len(home):] if folder.startswith(home + os.sep) else folder
            button = _link(f"{os.path.basename(path)}    {shown}", path, "start_recent")
            button.clicked.connect(lambda _=False, p=path: self._open_recent(p))
            self.recent_box.addWidget(button)
            self.recent_buttons.append(button)
        if not files:
            empty = QPushButton("No recent files yet")
            empty.setEnabled(False)
            empty.setFlat(True)
            empty.setProperty("link", True)
            empty.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.recent_box.addWidget(empty)
            self.recent_buttons.append(empty)

    def _open_recent(self, path: str) -> None:
        self._window.open_path(path, ask=True)

    # -- placement ----------------------------------------------------------------------------
    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        hint = self.sizeHint()
        width = min(hint.width(), max(200, parent.width() - 40))
        height = min(hint.height(), max(120, parent.height() - 40))
        self.resize(width, height)
        self.move(max(0, (parent.width() - width) // 2), max(0, (parent.height() - height) // 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self.isHidden():
            self._place()
        return False


def install_start_page(window: MainWindow) -> StartPage:
    page = StartPage(window)
    page.raise_()
    return page

