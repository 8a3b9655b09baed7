"""Canvas layer: the quick-add popup (Tab or double-click on empty canvas): a fuzzy search over the
tool library plus Source, Sink and Constant; the chosen entry is placed where the pointer was.

A link dropped on empty canvas opens it for that port (:class:`PendingLink`): only the entries with
a port the link fits (the link rule's datatype check) are offered, the dragged link stays drawn
while the popup is open, and the chosen one is added and linked in one undo step; Escape leaves
everything as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPen
from PySide6.QtWidgets import (QFrame, QGraphicsPathItem, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from editor.canvas import geometry as geo
from editor.model.edits import (SINK_KEY, SOURCE_KEY, LinkedNodeCommand, add_linked_node, add_node_into_link,
                                linkable_port, tool_insertion_ports)

if TYPE_CHECKING:
    from collections.abc import Callable

    from editor.canvas.scene import NetworkScene
    from editor.core.graph.network import Network
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
    """A small popup: a search field over a list. ``chosen(Entry)`` when the user picks one,
    ``closed`` when it goes (chosen or not). ``fits(entry)`` keeps only some entries; ``title``
    is a line above the field."""

    chosen = Signal(object)
    closed = Signal()

    def __init__(self, library: ToolLibrary, parent: QWidget | None = None, *,
                 fits: Callable[[Entry], bool] | None = None, title: str = "") -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._entries = [e for e in all_entries(library) if fits is None or fits(e)]
        self.title = QLabel(title, self)
        self.title.setVisible(bool(title))
        self.title.setWordWrap(True)
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText("Add a node: type to search tools…")
        self.search_field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.search_field)
        layout.addWidget(self.list)
        self.resize(380, 320)
        self.search_field.textChanged.connect(self._refill)
        self.search_field.returnPressed.connect(self.choose_current)
        self.list.itemActivated.connect(lambda _item: self.choose_current())
        self.list.itemClicked.connect(lambda _item: self.choose_current())
        self._refill("")

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.closed.emit()

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
        else:                                   # say so rather than show an empty list
            empty = QListWidgetItem("Nothing fits here." if not self._entries else "No tool matches.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)

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
        """Show with the top-left at ``global_pos``, kept on the screen."""
        screen = QGuiApplication.screenAt(global_pos) or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            global_pos = QPoint(max(area.left(), min(global_pos.x(), area.right() - self.width())),
                                max(area.top(), min(global_pos.y(), area.bottom() - self.height())))
        self.move(global_pos)
        self.show()
        self.search_field.setFocus()


class PendingLink:
    """A link dropped on empty canvas at ``scene_pos`` from port ``node_id.port_id``: draws it
    (dashed) until :meth:`finish`, says which entries fit, and makes the node-and-link command."""

    def __init__(self, scene: NetworkScene, scene_pos: QPointF, node_id: str, port_id: str, is_input: bool) -> None:
        self.scene = scene
        self.pos = QPointF(scene_pos)
        self.node_id, self.port_id, self.is_input = node_id, port_id, is_input
        self.item: QGraphicsPathItem | None = QGraphicsPathItem()
        self.item.setPen(QPen(scene.theme.color("link_neutral"), 1.5, Qt.PenStyle.DashLine))
        self.item.setZValue(100)
        node = scene.node_items.get(node_id)
        port = node.port_items.get(("in" if is_input else "out", port_id)) if node is not None else None
        start = port.scenePos() if port is not None else self.pos
        a, b = (self.pos, start) if is_input else (start, self.pos)
        self.item.setPath(geo.link_path((a.x(), a.y()), (b.x(), b.y())))
        scene.addItem(self.item)

    @property
    def network(self) -> Network:
        return self.scene.network

    @property
    def title(self) -> str:
        side = "input" if self.is_input else "output"
        return f"A node to link to {side} {self.node_id}.{self.port_id}:"

    def fits(self, entry: Entry) -> bool:
        return linkable_port(self.network, entry.kind, entry.tool, self.node_id, self.port_id,
                             self.is_input) is not None

    def command(self, entry: Entry, position: tuple[float, float]) -> LinkedNodeCommand | None:
        return add_linked_node(self.scene.model, entry.kind, entry.tool, position, self.node_id, self.port_id,
                               self.is_input)

    def position(self, entry: Entry) -> tuple[float, float]:
        """Where the new node goes: its linked port about at the drop point (a node feeding an
        input sits left of it)."""
        port = linkable_port(self.network, entry.kind, entry.tool, self.node_id, self.port_id, self.is_input)
        ports = () if entry.tool is None else (entry.tool.outputs if self.is_input else entry.tool.inputs)
        row = next((n for n, p in enumerate(ports) if p.id == port), 0)
        header = geo.HEADER_TOP + geo.ID_LINE + geo.SUB_LINE + geo.HEADER_BOTTOM
        y = self.pos.y() - header - geo.PORTS_TOP - geo.ROW * (row + 0.5)
        x = self.pos.x() - (_estimated_width(entry) if self.is_input else 0.0)
        return (float(round(x)), float(round(y)))

    @property
    def done_message(self) -> str:
        return f"linked to {self.node_id}.{self.port_id}"

    def finish(self) -> None:
        if self.item is not None:
            if self.item.scene() is not None:
                self.item.scene().removeItem(self.item)
            self.item = None


class PendingInsert:
    """A new node asked for to go into link ``link_id`` (its context menu): the tools that fit
    and the command that adds one there."""

    def __init__(self, scene: NetworkScene, scene_pos: QPointF, link_id: str) -> None:
        self.scene = scene
        self.pos = QPointF(scene_pos)
        self.link_id = link_id
        link = scene.network.links.get(link_id)
        self.title = (f"A node to insert into the link {link.source.node}.{link.source.output} -> "
                      f"{link.target.node}.{link.target.input}:" if link is not None else "")

    def fits(self, entry: Entry) -> bool:
        return entry.tool is not None and entry.kind == "tool" and \
            tool_insertion_ports(self.scene.network, entry.tool, self.link_id) is not None

    def position(self, entry: Entry) -> tuple[float, float]:
        x = self.pos.x() - _estimated_width(entry) / 2
        y = self.pos.y() - geo.HEADER_TOP - geo.ID_LINE - geo.SUB_LINE - geo.HEADER_BOTTOM - geo.PORTS_TOP - geo.ROW / 2
        return (float(round(x)), float(round(y)))

    def command(self, entry: Entry, position: tuple[float, float]) -> LinkedNodeCommand | None:
        if entry.tool is None:
            return None
        return add_node_into_link(self.scene.model, entry.tool, position, self.link_id)

    @property
    def done_message(self) -> str:
        return "into the link"

    def finish(self) -> None:
        pass


def _estimated_width(entry: Entry) -> float:
    """About the width the node of ``entry`` will be drawn with (see ``geometry.node_geometry``)."""
    tool = entry.tool
    if tool is None:
        return geo.MIN_WIDTH
    def ports(defs) -> float:
        return max((geo.text_width("port", p.id) + geo.text_width("type", p.datatype) + 12.0 for p in defs),
                   default=0.0)
    header = max(geo.text_width("id", tool.id.lower()), geo.text_width("sub", f"{tool.ns_id}  v{tool.version}"))
    body = ports(tool.inputs) + ports(tool.outputs) + geo.MIDDLE_GAP
    return min(geo.MAX_WIDTH, max(geo.MIN_WIDTH, header + 2 * geo.PAD + 10.0, body + 2 * geo.PAD))
