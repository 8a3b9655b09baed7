"""Canvas layer: NoteItem, a text annotation on the canvas (``Network.notes``; editor-only data).

A sticky-note box behind the nodes with its multi-line text. Drag it to move it, drag its bottom
right corner to resize it, double-click it to edit the text (Escape or a click elsewhere ends the
editing), Delete removes the selected notes. The item only shows and reports: the scene
(``scene_notes``) turns a finished gesture into one undo command.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPainterPath, QPen, QTextOption
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsSceneMouseEvent, QGraphicsTextItem, QStyle,
                               QStyleOptionGraphicsItem, QWidget)

from editor.canvas import geometry as geo
from editor.canvas.theme import LIGHT, Theme
from editor.core.graph.notes import MIN_NOTE_SIZE, Note

if TYPE_CHECKING:
    from editor.canvas.scene_notes import SceneNotes

PADDING = 8.0
GRIP = 14.0                 # the resize corner, in scene units
FOLD = 12.0                 # the folded top-right corner
NOTE_Z = -10.0              # above step boxes (-20), below links (-5) and nodes
#: Fill, border, text per theme: a pale yellow sticky note, a dark amber one.
NOTE_COLOURS = {"light": ("#fff6bf", "#c9b458", "#3b3515"), "dark": ("#4a4220", "#9c8a3c", "#f1e8c2")}
PLACEHOLDER = "Double-click to write a note"
NOTE_PX = 12


@lru_cache(maxsize=None)
def note_font() -> QFont:
    """The notes' text: a little larger than port names, the same at every zoom."""
    font = QFont(geo.font("port"))
    font.setPixelSize(NOTE_PX)
    return font


def note_colours(theme: Theme) -> tuple[QColor, QColor, QColor]:
    fill, border, text = NOTE_COLOURS["dark" if theme.is_dark else "light"]
    return QColor(fill), QColor(border), QColor(text)


class NoteText(QGraphicsTextItem):
    """The note's text; editable while the note is being edited."""

    def __init__(self, note: NoteItem) -> None:
        super().__init__(note)
        self.note = note
        self.setPos(PADDING, PADDING)
        self.document().setDocumentMargin(0)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setFont(note_font())
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)     # the note takes the clicks until editing

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        option.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)   # no dashed box
        super().paint(painter, option, widget)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:    # (the text's context menu)
            self.note.finish_editing()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.note.finish_editing()
            event.accept()
            return
        super().keyPressEvent(event)


class NoteItem(QGraphicsItem):
    """One note. ``note_id`` names it in ``Network.notes``."""

    def __init__(self, note: Note, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.note_id = note.id
        self._theme = theme
        self._size = note.size
        self._press: tuple[QPointF, tuple[float, float], tuple[float, float]] | None = None
        self._resizing = False
        self.editing = False
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
                      | QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
        self.setZValue(NOTE_Z)
        self.setAcceptHoverEvents(True)
        self.text_item = NoteText(self)
        self.set_note(note)
        self.set_theme(theme)

    # -- content ------------------------------------------------------------------------------
    def set_note(self, note: Note) -> None:
        """Show ``note`` (its text, position and size), unless the user is typing in it."""
        if (self.pos().x(), self.pos().y()) != note.position:
            self.setPos(*note.position)
        if note.size != self._size:
            self.prepareGeometryChange()
            self._size = note.size
        if not self.editing and self.text_item.toPlainText() != note.text:
            self.text_item.setPlainText(note.text)
        self._layout_text()
        self.setToolTip("" if note.text else PLACEHOLDER)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.text_item.setDefaultTextColor(note_colours(theme)[2])
        self.update()

    def text(self) -> str:
        return self.text_item.toPlainText()

    @property
    def size(self) -> tuple[float, float]:
        return self._size

    def _layout_text(self) -> None:
        self.text_item.setTextWidth(max(10.0, self._size[0] - 2 * PADDING))

    # -- drawing ------------------------------------------------------------------------------
    def rect(self) -> QRectF:
        return QRectF(0.0, 0.0, *self._size)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.rect().adjusted(-2.0, -2.0, 2.0, 2.0)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect())
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        fill, border, text = note_colours(self._theme)
        rect = self.rect()
        outline = QPainterPath()
        outline.moveTo(rect.topLeft())
        outline.lineTo(rect.right() - FOLD, rect.top())
        outline.lineTo(rect.right(), rect.top() + FOLD)
        outline.lineTo(rect.bottomRight())
        outline.lineTo(rect.bottomLeft())
        outline.closeSubpath()
        selected = self.isSelected() or self.editing
        pen = QPen(self._theme.color("node_selected") if selected else border, 2.0 if selected else 1.0)
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawPath(outline)
        fold = QPainterPath()
        fold.moveTo(rect.right() - FOLD, rect.top())
        fold.lineTo(rect.right() - FOLD, rect.top() + FOLD)
        fold.lineTo(rect.right(), rect.top() + FOLD)
        painter.setPen(QPen(border, 1.0))
        painter.setBrush(fill.darker(112))
        painter.drawPath(fold)
        grip = QPen(border, 1.0)
        painter.setPen(grip)
        for k in (4.0, 8.0, 12.0):           # the resize corner's three strokes
            painter.drawLine(QPointF(rect.right() - k, rect.bottom() - 2.0),
                             QPointF(rect.right() - 2.0, rect.bottom() - k))
        if not self.text_item.toPlainText() and not self.editing:
            muted = QColor(text)
            muted.setAlphaF(0.55)
            painter.setPen(muted)
            painter.setFont(note_font())
            painter.drawText(rect.adjusted(PADDING, PADDING, -PADDING, -PADDING),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                             PLACEHOLDER)

    # -- gestures -----------------------------------------------------------------------------
    def in_grip(self, pos: QPointF) -> bool:
        """Whether ``pos`` (item coordinates) is on the resize corner."""
        rect = self.rect()
        return pos.x() >= rect.right() - GRIP and pos.y() >= rect.bottom() - GRIP

    def hoverMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setCursor(Qt.CursorShape.SizeFDiagCursor if self.in_grip(event.pos())
                       else Qt.CursorShape.IBeamCursor if self.editing else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.scenePos(), (self.pos().x(), self.pos().y()), self._size)
            self._resizing = self.in_grip(event.pos())
            if self._resizing:
                if not self.isSelected():
                    scene = self.scene()
                    if scene is not None and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                        scene.clearSelection()
                    self.setSelected(True)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._resizing and self._press is not None:
            start, _pos, (w, h) = self._press
            delta = event.scenePos() - start
            self.prepareGeometryChange()
            self._size = (max(MIN_NOTE_SIZE, round(w + delta.x())), max(MIN_NOTE_SIZE, round(h + delta.y())))
            self._layout_text()
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        resizing, self._resizing, self._press = self._resizing, False, None
        if not resizing:
            super().mouseReleaseEvent(event)
        scene = self._notes_scene()
        if scene is not None:
            scene.note_gesture_finished(self, resized=resizing)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and not self.in_grip(event.pos()):
            self.start_editing(self.text_item.mapFromParent(event.pos()))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        scene = self._notes_scene()
        if scene is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            scene.delete_selected_notes()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.start_editing()
            event.accept()
            return
        super().keyPressEvent(event)

    def _notes_scene(self) -> SceneNotes | None:
        scene = self.scene()
        return scene if hasattr(scene, "note_gesture_finished") else None     # type: ignore[return-value]

    # -- editing ------------------------------------------------------------------------------
    def start_editing(self, at: QPointF | None = None) -> None:
        """Let the user type in the note; the caret at ``at`` (text coordinates) or at the end."""
        if self.editing:
            return
        self.editing = True
        self.setSelected(True)
        text = self.text_item
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        text.setAcceptedMouseButtons(Qt.MouseButton.AllButtons)
        text.setFocus(Qt.FocusReason.MouseFocusReason)
        cursor = text.textCursor()
        position = text.document().documentLayout().hitTest(at, Qt.HitTestAccuracy.FuzzyHit) if at is not None else -1
        cursor.setPosition(position if position >= 0 else len(text.toPlainText()))
        text.setTextCursor(cursor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
        self.update()
        scene = self._notes_scene()
        if scene is not None:
            scene.typing_started()

    def finish_editing(self) -> None:
        """End the typing; the scene turns a changed text into one undo step."""
        if not self.editing:
            return
        self.editing = False
        text = self.text_item
        text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        text.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        cursor = text.textCursor()
        cursor.clearSelection()
        text.setTextCursor(cursor)
        text.clearFocus()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.update()
        scene = self._notes_scene()
        if scene is not None:
            scene.note_text_finished(self)
