"""Canvas layer: node and link geometry as plain functions (no painting, testable on their own).

``node_spec(node)`` reads what a node shows from the core; ``node_geometry(spec)`` turns it into a
size, header lines and port rows; ``link_controls`` gives a link's cubic curve. A node's position
(``Node.position``) is its top-left corner; inputs sit on the left edge, outputs on the right.
Fonts use pixel sizes, so sizes do not depend on the screen (the export looks the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QPainterPath

from editor.core.graph.constants import samples
from editor.core.layout.route import plain_controls

if TYPE_CHECKING:
    from editor.core.graph.node import Node

Point = tuple[float, float]

# -- metrics (scene units) --------------------------------------------------------------------
PAD = 10.0               # inner horizontal padding
HEADER_TOP = 6.0
HEADER_BOTTOM = 6.0
ID_LINE = 18.0
SUB_LINE = 14.0
ROW = 20.0               # one port row
PORTS_TOP = 4.0
PORTS_BOTTOM = 6.0
PORT_RADIUS = 5.0
MIDDLE_GAP = 24.0        # between the input and the output column
MIN_WIDTH = 130.0
MAX_WIDTH = 440.0
CORNER = 6.0
FAN_SPACING = 16.0       # lanes of links fanning into one input
FAN_STUB = 22.0          # length of the straight stub from a lane to the port
LOD_DETAIL = 0.4         # below this scale text and ports are not drawn

ID_PX, SUB_PX, PORT_PX, TYPE_PX, DIMS_PX, LABEL_PX = 13, 10, 11, 10, 10, 10


@lru_cache(maxsize=None)
def font(role: str) -> QFont:
    """The font of a text role: 'id', 'sub', 'port', 'type', 'dims', 'label', 'cluster', 'badge'."""
    f = QFont()
    sizes = {"id": ID_PX, "sub": SUB_PX, "port": PORT_PX, "type": TYPE_PX, "dims": DIMS_PX,
             "label": LABEL_PX, "cluster": 13, "badge": 11}
    f.setPixelSize(sizes[role])
    if role in ("id", "cluster", "badge"):
        f.setBold(True)
    if role == "type":
        f.setItalic(True)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)   # same widths at every zoom
    return f


@lru_cache(maxsize=None)
def _metrics(role: str) -> QFontMetricsF:
    return QFontMetricsF(font(role))


@lru_cache(maxsize=65536)
def text_width(role: str, text: str) -> float:
    return _metrics(role).horizontalAdvance(text) if text else 0.0


def elide(role: str, text: str, width: float) -> str:
    if text_width(role, text) <= width:
        return text
    from PySide6.QtCore import Qt
    return _metrics(role).elidedText(text, Qt.TextElideMode.ElideMiddle, width)


# -- what a node shows ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PortSpec:
    id: str
    datatype: str
    required: bool = False        # required and without a default: needs a link
    dims: str = ""                # '[NxM]' when dimensions are shown


@dataclass(frozen=True, slots=True)
class NodeSpec:
    id: str
    kind: str                     # 'node', 'flow', 'source', 'constant', 'sink', 'macro'
    lines: tuple[str, ...]        # smaller header lines under the id
    inputs: tuple[PortSpec, ...]
    outputs: tuple[PortSpec, ...]
    unknown_tool: bool = False


def constant_summary(data: list | None, limit: int = 34) -> str:
    """A constant's values in brief: ``10`` or ``1, 2, 3 …`` (samples joined)."""
    values = []
    for _sample, vals in samples(data):
        values.append(vals[0] if len(vals) == 1 else "(" + ", ".join(vals) + ")")
    if not values:
        return "= (no values)"
    text = ", ".join(values)
    if len(text) > limit:
        text = text[:limit - 1].rstrip(", ") + " …"
    return "= " + text


def node_lines(node: Node) -> tuple[tuple[str, ...], bool]:
    """The smaller header lines of a node and whether its tool is unknown."""
    kind = node.kind
    if kind == "macro":
        inner = node.subnetwork
        text = f"macro: {inner.id} v{inner.version}" if inner is not None else "macro (no network)"
        return (text,), False
    if kind in ("source", "sink"):
        return (f"{kind} · {node.datatype or '?'}",), False
    if kind == "constant":
        return (f"constant · {node.datatype or '?'}", constant_summary(node.data)), False
    if node.tool is None:
        return ("(no tool)",), True
    ns_id, version = node.tool
    unknown = node.definition is None
    text = f"{ns_id}  v{version}"
    return ((text + "  (unknown tool)",) if unknown else (text,)), unknown


#: A port's spec by its fields: a big network's ports share a few hundred (a frozen dataclass is
#: dear to make: 20,000 nodes have some 56,000 ports).
_port_spec = lru_cache(maxsize=4096)(PortSpec)


def node_spec(node: Node, dims: dict[tuple[str, str], str] | None = None) -> NodeSpec:
    """What ``node`` shows. ``dims`` maps ('in'|'out', port id) to a label such as '[NxM]'."""
    dims = dims or {}
    definition = node.definition
    inputs = []
    port_spec = _port_spec
    for port in node.inputs.values():
        pdef = definition.input(port.id) if definition is not None else None
        if pdef is not None:
            required = bool(pdef.required) and pdef.default is None
        else:
            required = node.kind in ("sink", "macro")
        inputs.append(port_spec(port.id, port.datatype, required, dims.get(("in", port.id), "")))
    outputs = tuple(port_spec(port.id, port.datatype, False, dims.get(("out", port.id), ""))
                    for port in node.outputs.values())
    lines, unknown = node_lines(node)
    return NodeSpec(node.id, node.kind, lines, tuple(inputs), outputs, unknown)


# -- where things go --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NodeGeometry:
    width: float
    height: float
    header_height: float
    input_y: tuple[float, ...]     # centre y of each input row, in spec order
    output_y: tuple[float, ...]

    def input_anchor(self, index: int) -> Point:
        return (0.0, self.input_y[index])

    def output_anchor(self, index: int) -> Point:
        return (self.width, self.output_y[index])


def port_label_width(port: PortSpec) -> float:
    """Width of a port's label: dims, id (+ '*' when required), datatype, with gaps."""
    width = text_width("port", port.id) + text_width("type", port.datatype) + 6.0
    if port.required:
        width += text_width("port", "*")
    if port.dims:
        width += text_width("dims", port.dims) + 5.0
    return width


def header_width(spec: NodeSpec) -> float:
    widths = [text_width("id", spec.id)] + [text_width("sub", line) for line in spec.lines]
    return max(widths) + 2 * PAD + 10.0    # room for a problem badge


def node_geometry(spec: NodeSpec) -> NodeGeometry:
    # Nodes of one tool differ only in their id: the geometry is kept per id width, header lines
    # and ports (a network of 10,000 nodes has a few hundred shapes).
    return _geometry(text_width("id", spec.id), spec.lines, spec.inputs, spec.outputs)


@lru_cache(maxsize=4096)
def _geometry(id_width: float, lines: tuple[str, ...], inputs: tuple[PortSpec, ...],
              outputs: tuple[PortSpec, ...]) -> NodeGeometry:
    header = HEADER_TOP + ID_LINE + SUB_LINE * len(lines) + HEADER_BOTTOM
    in_w = max((port_label_width(p) for p in inputs), default=0.0)
    out_w = max((port_label_width(p) for p in outputs), default=0.0)
    ports_w = in_w + out_w + 2 * PAD + (MIDDLE_GAP if inputs and outputs else 0.0)
    head_w = max([id_width] + [text_width("sub", line) for line in lines]) + 2 * PAD + 10.0
    width = min(MAX_WIDTH, max(MIN_WIDTH, head_w, ports_w))
    width = float(round(width / 2.0) * 2)      # even widths keep the port dots on whole pixels
    rows = max(len(inputs), len(outputs))
    top = header + PORTS_TOP
    input_y = tuple(top + ROW * (i + 0.5) for i in range(len(inputs)))
    output_y = tuple(top + ROW * (i + 0.5) for i in range(len(outputs)))
    height = header + (PORTS_TOP + ROW * rows + PORTS_BOTTOM if rows else 0.0)
    return NodeGeometry(width, height, header, input_y, output_y)


def node_size(node: Node) -> tuple[float, float]:
    geometry = node_geometry(node_spec(node))
    return geometry.width, geometry.height


# -- links ------------------------------------------------------------------------------------
def fan_offset(index: int, count: int) -> float:
    """The lane (vertical offset) of link ``index`` of ``count`` links into one input."""
    if count <= 1:
        return 0.0
    return (index - (count - 1) / 2.0) * FAN_SPACING


def link_controls(p0: Point, p1: Point, fan: float = 0.0) -> tuple[Point, Point, Point, Point]:
    """Cubic Bézier points of a link from an output anchor ``p0`` towards an input anchor ``p1``.

    The curve leaves and arrives horizontally; a backward link loops out further so that it does
    not run through its nodes. With a ``fan`` offset (several links into one input) the curve ends
    on its own lane, ``fan`` above or below the port and ``FAN_STUB`` before it; a short straight
    stub (see ``link_path``) joins the lane to the port, so the links fan in at the port."""
    return plain_controls(p0, link_lane_end(p1, fan))     # the curve the router tests too


def link_lane_end(p1: Point, fan: float = 0.0) -> Point:
    """Where a link's curve ends: the input port, or its fan-in lane ``FAN_STUB`` before it."""
    return (p1[0] - FAN_STUB, p1[1] + fan) if fan else p1


def link_path(p0: Point, p1: Point, fan: float = 0.0, bends: tuple[Point, ...] = ()) -> QPainterPath:
    """A link's drawn line: one cubic (``link_controls``), or with ``bends`` (bend points routed
    around cards, ``editor.core.layout.route``) one cubic per piece, each leaving and arriving
    horizontally; then the fan-in stub to the port."""
    if not bends:
        a, b, c, d = link_controls(p0, p1, fan)
        path = QPainterPath(QPointF(*a))
        path.cubicTo(QPointF(*b), QPointF(*c), QPointF(*d))
    else:
        d = link_lane_end(p1, fan)
        points = [p0, *bends, d]
        path = QPainterPath(QPointF(*p0))
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            half = (bx - ax) / 2.0
            if abs(by - ay) < 1e-9:
                path.lineTo(QPointF(bx, by))
            else:
                path.cubicTo(QPointF(ax + half, ay), QPointF(bx - half, by), QPointF(bx, by))
    if d != p1:
        path.lineTo(QPointF(*p1))
    return path


def bezier_point(controls: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    u = 1.0 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def split_cubic(controls: tuple[Point, Point, Point, Point], t0: float, t1: float
                ) -> tuple[Point, Point, Point, Point]:
    """The piece of a cubic between parameters ``t0`` < ``t1`` (de Casteljau), as a cubic."""
    def split(c, t):      # the part after t
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = c
        ax, ay = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        bx, by = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        cx, cy = x2 + (x3 - x2) * t, y2 + (y3 - y2) * t
        dx, dy = ax + (bx - ax) * t, ay + (by - ay) * t
        ex, ey = bx + (cx - bx) * t, by + (cy - by) * t
        fx, fy = dx + (ex - dx) * t, dy + (ey - dy) * t
        return ((x0, y0), (ax, ay), (dx, dy), (fx, fy)), ((fx, fy), (ex, ey), (cx, cy), (x3, y3))

    after = split(controls, t0)[1] if t0 > 0.0 else controls
    if t1 >= 1.0:
        return after
    return split(after, (t1 - t0) / (1.0 - t0))[0]


def visible_span(controls: tuple[Point, Point, Point, Point], left: float, right: float,
                 steps: int = 14) -> tuple[float, float] | None:
    """Parameters (t0, t1) of the part of an x-monotone cubic with ``left <= x <= right``, or None
    when no part is; found by bisection. Long links are stroked only where they can be seen."""
    xs = [c[0] for c in controls]
    if not (xs[0] <= xs[1] <= xs[2] <= xs[3]):
        return (0.0, 1.0)                   # not monotone (a backward link): draw it whole
    if xs[3] < left or xs[0] > right:
        return None

    def x_at(t: float) -> float:
        u = 1.0 - t
        return u * u * u * xs[0] + 3 * u * u * t * xs[1] + 3 * u * t * t * xs[2] + t * t * t * xs[3]

    def first_at_least(x: float) -> float:
        lo, hi = 0.0, 1.0
        for _ in range(steps):
            mid = (lo + hi) / 2
            if x_at(mid) < x:
                lo = mid
            else:
                hi = mid
        return lo

    t0 = 0.0 if xs[0] >= left else first_at_least(left)
    t1 = 1.0 if xs[3] <= right else min(1.0, first_at_least(right) + 1.0 / (1 << steps))
    return (t0, t1)
