"""Core layer: a semantic diff of two networks (no Qt).

:func:`diff_networks` compares two :class:`~editor.core.graph.network.Network` objects the way a person
reads them, not line by line: nodes added, removed, renamed (same class, tool and links under a new
id) and changed (class, tool, tool version, resources, step, node group, constant data, input values,
sink URL, merge dimensions, port datatypes, unknown keys); links added, removed and changed
(collapse, expand), matched by what they connect rather than by their ids (fastr renumbers
``link_N``); and the network's own properties. Macro networks are compared inside their macro node
(``path`` says where). Positions are ignored unless ``positions=True``; so are node and link
order, the ``link_number``/``node_number`` counters and ``filename`` (where the state was written).

Each difference is one :class:`Change`; :class:`NetworkDiff` holds them in a stable order
(network, nodes, links, then inside macros). :mod:`editor.core.compare.report` prints them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from editor.core.graph.constants import samples

if TYPE_CHECKING:
    from editor.core.graph.link import Link
    from editor.core.graph.network import Network
    from editor.core.graph.node import Node

__all__ = ["Change", "NetworkDiff", "diff_networks", "link_label"]

#: Kinds of change, and what changed.
ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"
NODE, LINK, NETWORK = "node", "link", "network"

_KIND_ORDER = {NETWORK: 0, NODE: 1, LINK: 2}


@dataclass(slots=True)
class Change:
    """One difference. ``a_id``/``b_id`` are the node (or link, or network) ids on each side (None
    where it does not exist); ``fields`` maps a property to its ``(a value, b value)``."""

    kind: str
    what: str
    path: tuple[str, ...]
    a_id: str | None
    b_id: str | None
    label: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The id to show: B's where it exists (the newer side), else A's."""
        return self.b_id if self.b_id is not None else str(self.a_id)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "what": self.what, "path": list(self.path), "a": self.a_id,
                "b": self.b_id, "label": self.label,
                "fields": {k: {"a": a, "b": b} for k, (a, b) in self.fields.items()}}


@dataclass(slots=True)
class NetworkDiff:
    """All differences between network A and network B."""

    changes: list[Change] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.changes

    def __bool__(self) -> bool:          # truthy when there are differences, like a diff's output
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def of(self, kind: str | None = None, what: str | None = None,
           path: tuple[str, ...] | None = None) -> list[Change]:
        return [c for c in self.changes if (kind is None or c.kind == kind)
                and (what is None or c.what == what) and (path is None or c.path == path)]

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        for change in self.changes:
            counts[f"{change.what}s {change.kind}"] += 1
        return {"same": self.same, "summary": dict(sorted(counts.items())),
                "changes": [c.as_dict() for c in self.changes]}


# -- what is compared ---------------------------------------------------------------------------
def _input_value(node: Node) -> tuple[str, str] | None:
    """(node, input) that an automatic constant (``const__node__input``...) feeds, else None."""
    if node.cls != "ConstantNode" or not node.id.startswith("const__"):
        return None
    links = node.network.node_links(node.id)
    if len(links) != 1 or links[0].source_node != node.id:
        return None
    target = links[0].target
    return target.node, target.input + (f"[{target.name!r}]" if target.name is not None else "")


def _readable_data(data: Any) -> Any:
    try:
        rows = samples(data)
    except (TypeError, IndexError, KeyError, AttributeError):
        return data
    return {name: values for name, values in rows} if len({n for n, _ in rows}) == len(rows) else data


def _node_fields(node: Node, positions: bool, steps: dict[str, str]) -> dict[str, Any]:
    """The comparable properties of a node, flat: ``resources.memory``, ``input x datatype``..."""
    out: dict[str, Any] = {"class": node.cls}
    if node.tool is not None:
        out["tool"] = node.tool[0]
        out["tool version"] = node.tool[1]
    else:
        out["tool"] = out["tool version"] = None
    out["resources"] = node.resources.__getstate__() if node.resources is not None else None
    out["step"] = steps.get(node.id)
    out["node group"] = node.nodegroup
    out["merge dimensions"] = node.merge_dimensions
    if node.cls == "SinkNode":
        out["url"] = node.url
    if node.cls == "ConstantNode":
        feeds = _input_value(node)
        name = f"input value of {feeds[0]}.{feeds[1]}" if feeds else "data"
        out[name] = _readable_data(node.data)
    if node.cls != "MacroNode":
        for port in node.inputs.values():
            out[f"input {port.id} datatype"] = port.datatype
            if port.input_group != "default":
                out[f"input {port.id} input group"] = port.input_group
            for key, value in port.extra.items():
                out[f"input {port.id} {key}"] = value
        for output in node.outputs.values():
            out[f"output {output.id} datatype"] = output.datatype
            if output.preferred_types:
                out[f"output {output.id} preferred types"] = list(output.preferred_types)
            for key, value in output.extra.items():
                out[f"output {output.id} {key}"] = value
    for key, value in node.extra.items():
        out[key] = value
    if positions:
        out["position"] = list(node.position) if node.position is not None else None
    return out


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is not type(new) or old != new
    return old != new or (type(old) is not type(new) and not {type(old), type(new)} <= {int, float})


def _compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The properties that differ; two resource dicts are compared key by key."""
    result: dict[str, tuple[Any, Any]] = {}
    for key in list(a) + [k for k in b if k not in a]:
        old, new = a.get(key), b.get(key)
        if key == "resources" and isinstance(old, dict) and isinstance(new, dict):
            for sub in list(old) + [k for k in new if k not in old]:
                if _differs(old.get(sub), new.get(sub)):
                    result[f"resources.{sub}"] = (old.get(sub), new.get(sub))
        elif _differs(old, new):
            result[key] = (old, new)
    return result


def _network_fields(net: Network) -> dict[str, Any]:
    out: dict[str, Any] = {"id": net.id, "version": net.version, "description": net.description,
                           "preferred types": list(net.preferred_types), "namespace": net.namespace}
    for key, value in net.extra.items():
        out[key] = value
    return out


# -- links --------------------------------------------------------------------------------------
def _source_text(node: str, output: str, index: Any) -> str:
    return f"{node}.{output}" + ("" if index is None else f"[{index}]")


def _link_key(link: Link, rename: dict[str, str]) -> tuple[Any, ...]:
    s, t = link.source, link.target
    return (rename.get(s.node, s.node), s.output, _hashable(s.index),
            rename.get(t.node, t.node), t.input, t.name, t.key)


def _hashable(value: Any) -> Any:
    if isinstance(value, slice):
        return ("slice", value.start, value.stop, value.step)
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def link_label(link: Link, rename: dict[str, str] | None = None) -> str:
    """``source.output[index] -> target.input['name'][key]``, with node ids mapped by ``rename``."""
    rename = rename or {}
    s, t = link.source, link.target
    index = s.index
    if isinstance(index, slice):
        index = ":".join("" if x is None else str(x) for x in (index.start, index.stop)) + (
            f":{index.step}" if index.step is not None else "")
    target = f"{rename.get(t.node, t.node)}.{t.input}"
    if t.name is not None:
        target += f"[{t.name!r}]"
    if t.key:
        target += f"[{t.key}]"
    return f"{_source_text(rename.get(s.node, s.node), s.output, index)} -> {target}"


def _link_fields(link: Link) -> dict[str, Any]:
    out: dict[str, Any] = {"collapse": list(link.collapse), "expand": link.expand}
    out.update(link.extra)
    return out


# -- renames ------------------------------------------------------------------------------------
def _signature(node: Node) -> tuple[Any, ...]:
    ports = tuple((p.id, p.datatype) for p in node.inputs.values()) + tuple(
        ("->", p.id, p.datatype) for p in node.outputs.values())
    return (node.cls, node.tool, ports)


def _fingerprint(net: Network, node_id: str, resolve: Any) -> tuple[Any, ...] | None:
    """The links of a node with the node itself left out and the other ends named by ``resolve``
    (None: an end that cannot be named yet, so no decision now)."""
    marks: list[tuple[Any, ...]] = []
    for link in net.node_links(node_id):
        s, t = link.source, link.target
        if s.node == node_id and t.node == node_id:
            marks.append(("self", s.output, _hashable(s.index), t.input, t.name, t.key))
            continue
        if s.node == node_id:
            other = resolve(t.node)
            if other is None:
                return None
            marks.append(("out", s.output, _hashable(s.index), other, t.input, t.name, t.key))
        else:
            other = resolve(s.node)
            if other is None:
                return None
            marks.append(("in", t.input, t.name, t.key, other, s.output, _hashable(s.index)))
    return tuple(sorted(marks, key=repr))


def _find_renames(a: Network, b: Network, removed: list[str], added: list[str]) -> dict[str, str]:
    rename: dict[str, str] = {}
    wildcard = "\0?"

    def pass_once(loose: bool) -> bool:
        left = [r for r in removed if r not in rename]
        right = [x for x in added if x not in rename.values()]
        open_a, open_b = set(left), set(right)

        def res_a(other: str) -> str | None:
            if other in rename:
                return rename[other]
            if other in open_a:
                return wildcard if loose else None
            return other

        def res_b(other: str) -> str | None:
            if other in open_b:
                return wildcard if loose else None
            return other

        prints_b: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for x in right:
            fp = _fingerprint(b, x, res_b)
            if fp:
                prints_b[(_signature(b.nodes[x]), fp)].append(x)
        prints_a: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for r in left:
            fp = _fingerprint(a, r, res_a)
            if fp:
                prints_a[(_signature(a.nodes[r]), fp)].append(r)
        found = False
        for key, olds in prints_a.items():
            news = prints_b.get(key, [])
            if len(olds) == 1 and len(news) == 1:
                rename[olds[0]] = news[0]
                found = True
        return found

    while pass_once(False) or pass_once(True):
        pass
    return rename


# -- the diff -----------------------------------------------------------------------------------
def diff_networks(a: Network, b: Network, *, positions: bool = False, renames: bool = True) -> NetworkDiff:
    """The semantic differences from network ``a`` to network ``b``."""
    result = NetworkDiff()
    _diff_into(result.changes, a, b, (), positions, renames)
    return result


def _diff_into(out: list[Change], a: Network, b: Network, path: tuple[str, ...], positions: bool,
               renames: bool) -> None:
    props = _compare(_network_fields(a), _network_fields(b))
    if props:
        out.append(Change(CHANGED, NETWORK, path, a.id, b.id, f"network {b.id}", props))
    steps_a, steps_b = a.steps_by_node(), b.steps_by_node()
    removed = [n for n in a.nodes if n not in b.nodes]
    added = [n for n in b.nodes if n not in a.nodes]
    rename = _find_renames(a, b, removed, added) if renames and removed and added else {}
    renamed_to = set(rename.values())
    inner: list[tuple[Node, Node, str]] = []
    for node_id, node in a.nodes.items():
        if node_id in rename:
            other = b.nodes[rename[node_id]]
            fields = _compare(_node_fields(node, positions, steps_a), _node_fields(other, positions, steps_b))
            out.append(Change(RENAMED, NODE, path, node_id, other.id, f"node {node_id} -> {other.id}", fields))
        elif node_id not in b.nodes:
            out.append(Change(REMOVED, NODE, path, node_id, None, f"node {node_id} ({_what(node)})"))
            continue
        else:
            other = b.nodes[node_id]
            fields = _compare(_node_fields(node, positions, steps_a), _node_fields(other, positions, steps_b))
            if fields:
                out.append(Change(CHANGED, NODE, path, node_id, node_id, f"node {node_id}", fields))
        if node.subnetwork is not None and other.subnetwork is not None:
            inner.append((node, other, other.id))
    for node_id, node in b.nodes.items():
        if node_id not in a.nodes and node_id not in renamed_to:
            out.append(Change(ADDED, NODE, path, None, node_id, f"node {node_id} ({_what(node)})"))
    _diff_links(out, a, b, path, rename)
    for node, other, name in inner:
        assert node.subnetwork is not None and other.subnetwork is not None
        _diff_into(out, node.subnetwork, other.subnetwork, (*path, name), positions, renames)


def _what(node: Node) -> str:
    if node.tool is not None and node.cls not in ("SourceNode", "SinkNode", "ConstantNode"):
        return f"{node.tool[0]} {node.tool[1]}"
    if node.cls in ("SourceNode", "SinkNode", "ConstantNode"):
        return f"{node.cls} {node.datatype}"
    return node.cls


def _diff_links(out: list[Change], a: Network, b: Network, path: tuple[str, ...], rename: dict[str, str]) -> None:
    by_key_b: dict[tuple[Any, ...], list[Link]] = defaultdict(list)
    for link in b.links.values():
        by_key_b[_link_key(link, {})].append(link)
    matched: set[str] = set()
    removed: list[Change] = []
    changed: list[Change] = []
    for link in a.links.values():
        key = _link_key(link, rename)
        candidates = by_key_b.get(key)
        if not candidates:
            removed.append(Change(REMOVED, LINK, path, link.id, None, f"link {link_label(link)}"))
            continue
        # prefer the one with the same id, else the first in order
        pick = next((c for c in candidates if c.id == link.id), candidates[0])
        candidates.remove(pick)
        matched.add(pick.id)
        fields = _compare(_link_fields(link), _link_fields(pick))
        if fields:
            changed.append(Change(CHANGED, LINK, path, link.id, pick.id, f"link {link_label(pick)}", fields))
    added = [Change(ADDED, LINK, path, None, link.id, f"link {link_label(link)}")
             for link in b.links.values() if link.id not in matched]
    out.extend(removed + added + changed)


def changed_ids(diff: NetworkDiff, path: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """For one network level: ``{"added"|"removed"|"changed"|"renamed": node ids}`` on the side the
    id belongs to (added, renamed, changed: B; removed: A). Macro nodes holding changes count as
    changed."""
    result: dict[str, set[str]] = {ADDED: set(), REMOVED: set(), CHANGED: set(), RENAMED: set()}
    for change in diff.changes:
        if change.what != NODE:
            if change.path[:len(path)] == path and len(change.path) > len(path):
                result[CHANGED].add(change.path[len(path)])
            continue
        if change.path == path:
            result[change.kind].add(str(change.b_id) if change.kind != REMOVED else str(change.a_id))
        elif change.path[:len(path)] == path and len(change.path) > len(path):
            result[CHANGED].add(change.path[len(path)])
    return result
