"""Core layer (no Qt): value types and port geometry shared by the graph layout modules.

Ports are assumed to be spread evenly down a node's side: port ``i`` of ``n`` sits at
``height * (i + 1) / (n + 1)`` from the node's top (so a single port is at the middle).
Inputs are on the left side, outputs on the right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Size = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LayoutNode:
    """A box to lay out. ``inputs``/``outputs`` are port counts; 0 means "infer from the edges"."""

    id: str
    width: float
    height: float
    inputs: int = 0
    outputs: int = 0


@dataclass(frozen=True, slots=True)
class LayoutEdge:
    """A link from output port ``source_port`` of ``source`` to input port ``target_port`` of ``target``."""

    source: str
    target: str
    source_port: int = 0
    target_port: int = 0


def port_fraction(index: int, count: int) -> float:
    """Where port ``index`` of ``count`` sits down a node's side, as a fraction of its height."""
    index = max(index, 0)
    count = max(count, index + 1)
    return (index + 1) / (count + 1)


def port_counts(
    edges: Sequence[LayoutEdge], nodes: Sequence[LayoutNode] = ()
) -> tuple[dict[str, int], dict[str, int]]:
    """Input and output port counts per node id: the declared count or the highest used index + 1."""
    n_in: dict[str, int] = {}
    n_out: dict[str, int] = {}
    for node in nodes:
        if node.inputs > 0:
            n_in[node.id] = node.inputs
        if node.outputs > 0:
            n_out[node.id] = node.outputs
    for edge in edges:
        sp = max(edge.source_port, 0) + 1
        tp = max(edge.target_port, 0) + 1
        if n_out.get(edge.source, 0) < sp:
            n_out[edge.source] = sp
        if n_in.get(edge.target, 0) < tp:
            n_in[edge.target] = tp
    return n_in, n_out


def edge_anchors(
    edge: LayoutEdge,
    positions: Mapping[str, Point],
    sizes: Mapping[str, Size],
    n_in: Mapping[str, int],
    n_out: Mapping[str, int],
) -> tuple[Point, Point] | None:
    """The straight segment of ``edge``: source output port (right side) to target input port (left)."""
    sp = positions.get(edge.source)
    tp = positions.get(edge.target)
    if sp is None or tp is None:
        return None
    sw, sh = sizes.get(edge.source, (0.0, 0.0))
    _tw, th = sizes.get(edge.target, (0.0, 0.0))
    a = (sp[0] + sw, sp[1] + sh * port_fraction(edge.source_port, n_out.get(edge.source, 1)))
    b = (tp[0], tp[1] + th * port_fraction(edge.target_port, n_in.get(edge.target, 1)))
    return a, b
