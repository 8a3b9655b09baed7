"""Canvas layer: what the parts of NetworkScene share, declared once.

``NetworkScene`` is put together from parts by what they handle: step boxes (``scene_clusters``),
display settings (``scene_display``), mouse, key and drop handlers (``scene_input``) and notes
(``scene_notes``). Each part is a base class of the scene and reads the scene's state; this class
declares that state, so a part says what it relies on and a type checker sees it. It holds no
code: the attributes are set by ``NetworkScene.__init__`` and the methods named under
``TYPE_CHECKING`` are the scene's own (or ``QGraphicsScene``'s) -- defining them here would hide
Qt's methods behind this class in the method order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QPointF, QRectF, SignalInstance
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

    from editor.canvas import geometry as geo
    from editor.canvas.badges import ProblemIndex
    from editor.canvas.cluster_item import ClusterItem
    from editor.canvas.dimlabels import DimensionLabels
    from editor.canvas.interactions import Gesture
    from editor.canvas.link_item import LinkItem
    from editor.canvas.node_item import NodeItem
    from editor.canvas.note_item import NoteItem
    from editor.canvas.overview_item import LinkOverviewItem
    from editor.canvas.selection_sync import SelectionSync
    from editor.canvas.theme import Theme
    from editor.core.graph.network import Network
    from editor.model.document import Document
    from editor.model.networkmodel import NetworkModel


class SceneState:
    """The scene's state its parts read and write (set up by ``NetworkScene.__init__``)."""

    document: Document
    theme: Theme
    interactive: bool
    node_items: dict[str, NodeItem]
    link_items: dict[str, LinkItem]
    cluster_items: dict[str, ClusterItem]
    note_items: dict[str, NoteItem]
    gesture: Gesture | None
    selection_sync: SelectionSync
    _model: NetworkModel | None
    _step_of: dict[str, str]
    _overview: LinkOverviewItem
    _overview_on: bool
    _overview_selected: set[str]
    _dim_mode: str | None
    _dims: DimensionLabels | None
    _link_dims_pending: bool
    _problems: ProblemIndex

    if TYPE_CHECKING:
        # the scene's signals
        status_message: SignalInstance
        macro_open_requested: SignalInstance
        quick_add_requested: SignalInstance
        quick_link_requested: SignalInstance
        context_menu_requested: SignalInstance

        # NetworkScene's own
        @property
        def model(self) -> NetworkModel: ...

        @property
        def network(self) -> Network: ...

        def item_at(self, pos: QPointF) -> QGraphicsItem | None: ...

        def make_ports_near(self, rect: QRectF) -> None: ...

        def _spec(self, node_id: str) -> tuple[geo.NodeSpec, geo.NodeGeometry]: ...

        def _update_link(self, link_id: str, fan: tuple[int, int] | None = None) -> None: ...

        def _refresh(self, *what: str) -> None: ...

        def finish_link_dims(self) -> None: ...

        # QGraphicsScene's, which the parts call
        def addItem(self, item: QGraphicsItem) -> None: ...   # noqa: N802

        def removeItem(self, item: QGraphicsItem) -> None: ...   # noqa: N802

        def items(self, *args: object) -> list[QGraphicsItem]: ...

        def selectedItems(self) -> list[QGraphicsItem]: ...   # noqa: N802

        def clearSelection(self) -> None: ...   # noqa: N802

        def views(self) -> list[QGraphicsView]: ...

        def setBackgroundBrush(self, brush: QBrush | QColor) -> None: ...   # noqa: N802
