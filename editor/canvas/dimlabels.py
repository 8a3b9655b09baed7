"""Canvas layer: sample dimension labels (``[N]``, ``[NxM]`` or names) for ports and links, from the
core's dimension analysis (``editor.core.analysis.dimensions``), as fastr's draw writes them.

Letters are given per dimension name in first-seen order (node order, inputs before outputs, then
the links), as fastr's draw gives them (``dimension_letters``: N M O P ... Z A ... L, then two
letters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from editor.core.analysis.dimensions import dimension_letters

if TYPE_CHECKING:
    from editor.core.analysis.dimensions import NetworkDimensions
    from editor.core.graph.network import Network


@dataclass
class DimensionLabels:
    ports: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)   # node -> port -> label
    links: dict[str, str] = field(default_factory=dict)


def dimension_labels(network: Network, mode: str, dims: NetworkDimensions | None,
                     links: bool = True) -> DimensionLabels | None:
    """Labels for every port and link from the network's dimensions (its model keeps them: see
    ``NetworkModel.dimensions``), or None when they could not be computed. Without ``links``, the
    ports' only (what a card's size depends on). Letters are given in the same order either way."""
    if dims is None:
        return None
    port_names: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
    order: dict[str, None] = {}            # every dimension name, first seen first
    for node in network.nodes.values():
        node_id = node.id
        entry: dict[tuple[str, str], tuple[str, ...]] = {}
        for port_id in node.inputs:
            names = entry[("in", port_id)] = dims.input(node_id, port_id)
            order.update(dict.fromkeys(names))
        for port_id in node.outputs:
            names = entry[("out", port_id)] = dims.output(node_id, port_id)
            order.update(dict.fromkeys(names))
        port_names[node_id] = entry
    link_names: dict[str, tuple[str, ...]] = {}
    for link_id in network.links if links else ():
        names = link_names[link_id] = dims.link(link_id)
        order.update(dict.fromkeys(names))
    letters = dimension_letters(order) if mode == "letters" else {}

    made: dict[tuple[str, ...], str] = {}      # a big network has a few distinct labels

    def fmt(names: tuple[str, ...]) -> str:
        text = made.get(names)
        if text is None:
            if not names:
                text = ""
            elif mode == "letters":
                text = "[" + "x".join(letters[n] for n in names) + "]"
            else:
                text = "[" + " × ".join(names) + "]"
            made[names] = text
        return text

    return DimensionLabels(
        ports={node: {key: fmt(v) for key, v in entry.items()} for node, entry in port_names.items()},
        links={link: fmt(v) for link, v in link_names.items()},
    )
