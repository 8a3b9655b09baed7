"""App layer: the Preferences dialog: extra tool and datatype folders, and which folders are active.

The editor's own folders come first, then those of fastr's configuration (``~/.fastr/config.py``
and ``config.d``, read statically), then the built-in library.  The lower half shows the resulting
search order with the origin of each folder and whether it exists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from editor.app.library import active_folders
from editor.app.settings import THEMES, AppSettings
from editor.core.tools.library import ORIGIN_BUILTIN, ORIGIN_FASTR_CONFIG, ORIGIN_SETTINGS

ORIGIN_LABELS = {ORIGIN_SETTINGS: "editor settings", ORIGIN_FASTR_CONFIG: "fastr config",
                 ORIGIN_BUILTIN: "built-in"}
THEME_LABELS = {"system": "Follow the desktop", "light": "Light", "dark": "Dark"}


class FolderList(QWidget):
    """An ordered list of folders with Add, Remove, Up and Down."""

    def __init__(self, title: str, folders: list[str], on_change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._on_change = on_change
        self.list = QListWidget()
        self.list.addItems(folders)
        self.list.setMinimumHeight(70)
        buttons = QVBoxLayout()
        for text, slot in (("Add…", self._add), ("Remove", self._remove), ("Up", lambda: self._move(-1)),
                           ("Down", lambda: self._move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def folders(self) -> list[str]:
        return [self.list.item(n).text() for n in range(self.list.count())]

    def add_folder(self, folder: str) -> None:
        if folder and folder not in self.folders():
            self.list.addItem(folder)
            self._on_change()

    def _add(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self._title)
        self.add_folder(folder)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._on_change()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._on_change()


class PreferencesDialog(QDialog):
    """Edits the settings; ``accept()`` writes them (the caller reloads the library)."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, fastr: object = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.fastr = fastr                   # FastrSettings in use (where the config came from)
        self.fastr_python = QLineEdit(settings.fastr_python())
        self.fastr_python.setObjectName("fastr_python")
        self.fastr_python.setPlaceholderText("the python of the environment where fastr is installed")
        self.fastr_python.setToolTip("The editor runs this Python to read fastr's own configuration "
                                     "and to run networks. It never runs a Python you did not choose.")
        self.tools = FolderList("Add a tool folder", settings.tool_folders(), self.refresh)
        self.types = FolderList("Add a datatype folder", settings.type_folders(), self.refresh)
        self.use_fastr = QCheckBox("Also use the folders of fastr's configuration (~/.fastr)")
        self.use_fastr.setChecked(settings.use_fastr_config())
        self.use_fastr.toggled.connect(self.refresh)
        self.theme = QComboBox()
        for key in THEMES:
            self.theme.addItem(THEME_LABELS[key], key)
        self.theme.setCurrentIndex(THEMES.index(settings.theme()))

        folders = QGroupBox("Extra folders (searched first)")
        form = QFormLayout(folders)
        form.addRow("Tools:", self.tools)
        form.addRow("Datatypes:", self.types)
        form.addRow(self.use_fastr)
        form.addRow("fastr Python:", self.fastr_python)

        self.active = QTreeWidget()
        self.active.setObjectName("active_folders")
        self.active.setHeaderLabels(["Folder", "Origin"])
        self.active.setRootIsDecorated(True)
        self.active.setMinimumHeight(160)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        active_box = QGroupBox("Active folders (tools: the first folder wins; datatypes: a later "
                               "folder wins, as in fastr)")
        active_layout = QVBoxLayout(active_box)
        active_layout.addWidget(self.active)
        active_layout.addWidget(self.notes)

        appearance = QFormLayout()
        appearance.addRow("Theme:", self.theme)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(folders)
        layout.addWidget(active_box, 1)
        layout.addLayout(appearance)
        layout.addWidget(buttons)
        self.resize(680, 560)
        self.refresh()

    def refresh(self) -> None:
        tools, types, notes = active_folders(self.tools.folders(), self.types.folders(),
                                             self.use_fastr.isChecked(), self.fastr)  # type: ignore[arg-type]
        self.active.clear()
        for title, entries in (("Tool folders", tools), ("Datatype folders", types)):
            group = QTreeWidgetItem(self.active, [title, ""])
            group.setFirstColumnSpanned(True)
            for entry in entries:
                origin = ORIGIN_LABELS.get(entry.origin, entry.origin)
                item = QTreeWidgetItem(group, [entry.path, origin if entry.exists else f"{origin} (missing)"])
                item.setToolTip(0, entry.path)
        self.active.expandAll()
        self.active.resizeColumnToContents(0)
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def active_text(self) -> str:
        lines = []
        for n in range(self.active.topLevelItemCount()):
            group = self.active.topLevelItem(n)
            assert group is not None                      # n < topLevelItemCount()
            lines.append(group.text(0))
            for m in range(group.childCount()):
                child = group.child(m)
                assert child is not None                  # m < childCount()
                lines.append(f"  {child.text(0)} ({child.text(1)})")
        return "\n".join(lines)

    def accept(self) -> None:
        self.settings.set_tool_folders(self.tools.folders())
        self.settings.set_type_folders(self.types.folders())
        self.settings.set_use_fastr_config(self.use_fastr.isChecked())
        self.settings.set_fastr_python(self.fastr_python.text())
        self.settings.set_theme(self.theme.currentData())
        self.settings.sync()
        super().accept()
