"""Canvas layer: sample dimension labels (``[N]``, ``[NxM]`` or names) for ports and links, from the
core's dimension analysis (``editor.core.analysis.dimensions``), as fastr's draw writes them.

Letters are given per dimension name in first-seen order (node order, inputs before outputs),
from the sequence fastr uses: N M O P ... Z A ... L, then two letters.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from editor.core.analysis.dimensions import NetworkDimensions
    from editor.core.graph.network import Network


@dataclass
class DimensionLabels:
    ports: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)   # node -> port -> label
    links: dict[str, str] = field(default_factory=dict)


def _letter_sequence() -> Iterator[str]:
    base = string.ascii_uppercase[13:] + string.ascii_uppercase[:13]     # N..Z A..M
    for level in itertools.count(1):
        for name in itertools.product(base, repeat=level):
            yield "".join(name)


def _names(value: Any) -> list[str] | None:
    """Dimension names out of whatever the core returns (names, or objects with ``.name``)."""
    if value is None:
        return None
    if type(value) is tuple and all(type(v) is str for v in value):  # what the core returns
        return list(value)
    for attr in ("names", "dimnames"):
        if hasattr(value, attr) and not callable(getattr(value, attr)):
            value = getattr(value, attr)
            break
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        return None
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif hasattr(item, "name"):
            names.append(str(item.name))
        else:
            names.append(str(item))
    return names


def _letters(all_names: list[str]) -> dict[str, str]:
    try:
        from editor.core.analysis.dimensions import dimension_letters
        result = dimension_letters(all_names)
        if isinstance(result, dict):
            return {str(k): str(v) for k, v in result.items()}
        result = list(result)
        if len(result) == len(all_names):
            return dict(zip(all_names, map(str, result)))
    except Exception:  # noqa: BLE001 - the core module may be missing or differ; fall back
        pass
    seq = _letter_sequence()
    return {name: next(seq) for name in all_names}


def _safe(call: Any, *args: Any) -> list[str] | None:
    try:
        return _names(call(*args))
    except Exception:  # noqa: BLE001 - one bad port must not hide all labels
        return None


def dimension_labels(network: Network, mode: str, dims: NetworkDimensions | None,
                     links: bool = True) -> DimensionLabels | None:
    """Labels for every port and link from the network's dimensions (its model keeps them: see
    ``NetworkModel.dimensions``), or None when they could not be computed. Without ``links``, the
    ports' only (what a card's size depends on). Letters are given in the same order either way."""
    if dims is None:
        return None
    port_names: dict[str, dict[tuple[str, str], list[str]]] = {}
    order: dict[str, None] = {}
    for node in network.nodes.values():
        entry: dict[tuple[str, str], list[str]] = {}
        for side, ports, call in (("in", node.inputs, dims.input), ("out", node.outputs, dims.output)):
            for port_id in ports:
                names = _safe(call, node.id, port_id)
                if names is None:
                    names = _safe(call, node, port_id)     # in case the core takes Node objects
                if names is not None:
                    entry[(side, port_id)] = names
                    for name in names:
                        if name not in order:
                            order[name] = None
        port_names[node.id] = entry
    link_names = {}
    for link_id in network.links if links else ():
        names = _safe(dims.link, link_id)
        if names is not None:
            link_names[link_id] = names
            for name in names:
                if name not in order:
                    order[name] = None
    letters = _letters(list(order)) if mode == "letters" else {}

    made: dict[tuple[str, ...], str] = {}      # a big network has a few distinct labels

    def fmt(names: list[str]) -> str:
        key = tuple(names)
        text = made.get(key)
        if text is None:
            if not names:
                text = ""
            elif mode == "letters":
                text = "[" + "x".join(letters.get(n, "?") for n in names) + "]"
            else:
                text = "[" + " × ".join(names) + "]"
            made[key] = text
        return text

    return DimensionLabels(
        ports={node: {key: fmt(v) for key, v in entry.items()} for node, entry in port_names.items()},
        links={link: fmt(v) for link, v in link_names.items()},
    )
