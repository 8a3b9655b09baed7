"""Canvas layer: the quick-add popup (Tab or double-click on empty canvas): a fuzzy search over the
tool library plus Source, Sink and Constant; the chosen entry is placed where the pointer was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.model.edits import SINK_KEY, SOURCE_KEY

if TYPE_CHECKING:
    from editor.core.tools.library import ToolLibrary
    from editor.core.tools.definitions import ToolDefinition

_BOUNDARY = "/_:.- "
MAX_ROWS = 60


@dataclass(frozen=True)
class Entry:
    kind: str                         # 'tool', 'source', 'sink' or 'constant'
    label: str
    detail: str
    tool: ToolDefinition | None = None


SPECIALS = (
    Entry("source", "Source", "a source node: data comes in here"),
    Entry("sink", "Sink", "a sink node: results go out here"),
    Entry("constant", "Constant", "a constant node: fixed values"),
)


def fuzzy_score(needle: str, text: str) -> float | None:
    """Lower is better; None when the letters of ``needle`` are not in ``text`` in order.
    A substring wins; otherwise letters on word starts and close together score well."""
    n, h = needle.lower().replace(" ", ""), text.lower()
    if not n:
        return 0.0
    at = h.find(n)
    if at >= 0:
        return 0.01 * at + (0.0 if at == 0 or h[at - 1] in _BOUNDARY else 0.5)
    score, pos, prev = 10.0, -1, -2
    for ch in n:
        i = h.find(ch, pos + 1)
        if i < 0:
            return None
        if i != prev + 1:
            score += 1.0 + 0.1 * min(i - prev - 1, 10)
        if i == 0 or h[i - 1] in _BOUNDARY or (text[i].isupper() and not text[i - 1].isupper()):
            score -= 0.6
        pos = prev = i
    return score


def entry_score(needle: str, entry: Entry) -> float | None:
    scores = [fuzzy_score(needle, entry.label)]
    if entry.tool is not None:
        scores += [_plus(fuzzy_score(needle, entry.tool.ns_id), 0.5), _plus(fuzzy_score(needle, entry.tool.name), 1.0)]
    found = [s for s in scores if s is not None]
    return min(found) if found else None


def _plus(value: float | None, extra: float) -> float | None:
    return None if value is None else value + extra


def all_entries(library: ToolLibrary) -> list[Entry]:
    entries = list(SPECIALS)
    for tool in library:
        if tool.key in (SOURCE_KEY, SINK_KEY):
            continue
        entries.append(Entry("tool", tool.id, f"{tool.ns_id} v{tool.version}", tool))
    return entries


def search(entries: list[Entry], needle: str) -> list[Entry]:
    """Entries matching ``needle``, best first (all, in order, for an empty needle)."""
    if not needle.strip():
        return list(entries)
    scored = [(s, n, e) for n, e in enumerate(entries) if (s := entry_score(needle, e)) is not None]
    scored.sort(key=lambda x: (x[0], x[1]))
    return [e for _s, _n, e in scored]


class QuickAddPopup(QFrame):
    """A small popup: a search field over a list. ``chosen(Entry)`` when the user picks one."""

    chosen = Signal(object)

    def __init__(self, library: ToolLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._entries = all_entries(library)
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText("Add a node: type to search tools…")
        self.search_field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search_field)
        layout.addWidget(self.list)
        self.resize(380, 320)
        self.search_field.textChanged.connect(self._refill)
        self.search_field.returnPressed.connect(self.choose_current)
        self.list.itemActivated.connect(lambda _item: self.choose_current())
        self.list.itemClicked.connect(lambda _item: self.choose_current())
        self._refill("")

    def _refill(self, text: str) -> None:
        self.list.clear()
        for entry in search(self._entries, text)[:MAX_ROWS]:
            item = QListWidgetItem(f"{entry.label}    —  {entry.detail}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if entry.tool is not None and entry.tool.description:
                item.setToolTip(entry.tool.description)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def current_entry(self) -> Entry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.close()
            self.chosen.emit(entry)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[event.key()]
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def popup_at(self, global_pos: QPoint) -> None:
        self.move(global_pos)
        self.show()
        self.search_field.setFocus()
