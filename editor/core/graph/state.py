"""Core layer: fastr state dicts <-> Network, losslessly.

``network_to_state`` writes fastr 3.4.0's exact state (key order, URLs, sub-inputs, sub-outputs,
nested macro networks). ``network_from_state`` reads everything fastr 3.4.0 writes, including what
fastr itself cannot reload, keeps unknown keys, and reports the first problem as a StateError whose
``path`` says where (``nodelist[3].inputs[0].datatype``). Editor-only data lives under one extra
top-level key, ``__editor__``, which fastr's loader ignores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editor.core.errors import StateError
from editor.core.graph.coords import read_position
from editor.core.gcpause import collector_paused
from editor.core.graph.ids import is_valid_id
from editor.core.graph.link import Link
from editor.core.graph.node import NODE_CLASSES, Node, check_merge_dimensions
from editor.core.graph.notes import NOTES_KEY, notes_state, read_notes
from editor.core.graph.ports import Input, Output
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.text.yamlsafe import MAX_NESTING
from editor.core.graph.urls import (
    UrlError,
    index_problem,
    input_url,
    output_url,
    parse_input_url,
    parse_output_url,
)

if TYPE_CHECKING:
    from editor.core.graph.network import Network
    from editor.core.tools.datatypes import DataTypeRegistry
    from editor.core.tools.library import ToolLibrary

EDITOR_KEY = "__editor__"
FILE_KEYS = ("__class__", "__fastr_version__")
MAX_MACRO_DEPTH = 64
MAX_COUNTER = 2**63 - 1

_NETWORK_KEYS = ("id", "version", "filename", "description", "link_number", "node_number",
                 "nodelist", "linklist", "preferred_types", "stepids", "namespace")
_NODE_KEYS = ("id", "nodegroup", "class", "inputs", "outputs", "tool", "resources",
              "merge_dimensions", "url", "data", "network")
_INPUT_KEYS = ("id", "datatype", "input_group")
_OUTPUT_KEYS = ("id", "datatype", "suboutputs", "preferred_types")
_LINK_KEYS = ("id", "source", "target", "collapse", "expand")


def _ordered(state: dict[str, Any], key_order: tuple[str, ...] | None) -> dict[str, Any]:
    if not key_order:
        return state
    result = {k: state[k] for k in key_order if k in state}
    if len(result) != len(state):
        result.update((k, v) for k, v in state.items() if k not in result)
    return result


# -- writing ------------------------------------------------------------------------------------
@collector_paused()          # thousands of dicts that live on: see gcpause
def network_to_state(network: Network, *, editor_data: bool = True) -> dict[str, Any]:
    """The state dict of ``network`` as fastr's ``Network.__getstate__`` writes it."""
    base = network.fullid
    state: dict[str, Any] = {
        "id": network.id,
        "version": network.version,
        "filename": network.filename,
        "description": network.description,
        "link_number": network.link_number,
        "node_number": network.node_number,
        "nodelist": [_node_to_state(node, editor_data) for node in network.nodes.values()],
        "linklist": [_link_to_state(link, base) for link in network.links.values()],
        "preferred_types": list(network.preferred_types),
        "stepids": {k: list(v) for k, v in network.stepids.items()},
        "namespace": network.namespace,
    }
    state.update(network.extra)
    if editor_data:
        positions = {n.id: [n.position[0], n.position[1]] for n in network.nodes.values()
                     if n.position is not None}
        if positions or network.editor or network.notes:
            editor = dict(network.editor)
            if positions:
                editor["positions"] = positions
            if network.notes:
                editor[NOTES_KEY] = notes_state(network.notes)
            state[EDITOR_KEY] = editor
    return _ordered(state, network.key_order)


def _node_to_state(node: Node, editor_data: bool) -> dict[str, Any]:
    state: dict[str, Any] = {"id": node.id}
    if node.nodegroup:
        state["nodegroup"] = node.nodegroup
    state["class"] = node.cls
    if node.cls == "MacroNode":
        state["inputs"], state["outputs"] = [], []
    else:
        state["inputs"] = [_ordered({"id": p.id, "datatype": p.datatype, "input_group": p.input_group,
                                     **p.extra}, p.key_order) for p in node.inputs.values()]
        state["outputs"] = [_ordered({"id": p.id, "datatype": p.datatype,
                                      "suboutputs": [dict(s) for s in p.suboutputs],
                                      "preferred_types": None if p.preferred_types is None
                                      else list(p.preferred_types), **p.extra}, p.key_order)
                            for p in node.outputs.values()]
    if node.tool is not None:
        state["tool"] = {"id": node.tool[0], "version": node.tool[1]}
    state["resources"] = node.resources.__getstate__() if node.resources is not None else None
    state["merge_dimensions"] = (list(node.merge_dimensions) if isinstance(node.merge_dimensions, list)
                                 else node.merge_dimensions)
    if node.cls == "SinkNode":
        state["url"] = node.url
    if node.cls == "ConstantNode":
        state["data"] = node.data
    if node.cls == "MacroNode" and node.subnetwork is not None:
        state["network"] = network_to_state(node.subnetwork, editor_data=editor_data)
    state.update(node.extra)
    return _ordered(state, node.key_order)


def _link_to_state(link: Link, base: str) -> dict[str, Any]:
    state = {"id": link.id, "source": output_url(base, link.source),
             "target": input_url(base, link.target), "collapse": list(link.collapse),
             "expand": link.expand, **link.extra}
    return _ordered(state, link.key_order)


# -- reading ------------------------------------------------------------------------------------
def _need(value: Any, kinds: type | tuple[type, ...], path: str, what: str) -> Any:
    t = type(value)    # the common case first: exactly one of the kinds (a bool is no int here)
    if t is kinds or (isinstance(kinds, tuple) and t in kinds):
        return value
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in
                                        (kinds if isinstance(kinds, tuple) else (kinds,))):
        names = " or ".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
        names = names.replace("NoneType", "null").replace("str", "a string").replace("dict", "a mapping")
        names = names.replace("list", "a list").replace("int", "a whole number").replace("bool", "true/false")
        raise StateError(path, f"{what} must be {names}, not {_describe(value)}")
    return value


class NestingError(StateError):
    """A state nested deeper than MAX_NESTING (a file's reader looks for the line)."""


def _bounded(value: Any, level: int, path: str) -> Any:
    """``value``, kept as it came, at nesting ``level`` of the document (the top mapping is 1):
    refused when it nests deeper than MAX_NESTING, beyond which a network could not be saved
    again (the writers recurse). A walk without recursion."""
    if not isinstance(value, (dict, list)):
        return value
    stack = [(value, level)]
    while stack:
        item, at = stack.pop()
        if at > MAX_NESTING:
            raise NestingError(path, f"nested more than {MAX_NESTING} levels deep (a network file never is, "
                                     "and such a network could not be saved again)")
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, at + 1) for child in children if isinstance(child, (dict, list)))
    return value


def _kept(extra: dict[str, Any], level: int, prefix: str) -> dict[str, Any]:
    """Unknown keys kept as they came (their values at ``level``), each within MAX_NESTING."""
    for key, value in extra.items():
        if isinstance(value, (dict, list)):
            _bounded(value, level, f"{prefix}{key}")
    return extra


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _id(value: Any, path: str, what: str) -> str:
    _need(value, str, path, what)
    if not is_valid_id(value):
        raise StateError(path, f"{what} {_describe(value)} is not a valid fastr id "
                               "(letters, digits and underscores only)")
    return value


def _counter(value: Any, path: str, what: str) -> int:
    """link_number / node_number: ids are made from them, so they must stay printable numbers."""
    _need(value, int, path, what)
    if abs(value) > MAX_COUNTER:
        raise StateError(path, f"{what} {_describe(value)} is too large (at most {MAX_COUNTER})")
    return value


@collector_paused()
def read_network(state: Any, network_class: type[Network], *, library: ToolLibrary | None = None,
                 types: DataTypeRegistry | None = None, path: str = "",
                 depth: int = 0, _outer: tuple[int, ...] = ()) -> Network:
    """Build a ``network_class`` from a fastr state dict. ``state`` is never mutated.

    The class is passed in so that this module needs no import of ``network`` (which imports it);
    :func:`editor.core.graph.network.network_from_state` is the entry point."""
    prefix = f"{path}." if path else ""
    if id(state) in _outer:
        raise StateError(path, "this macro network is the same object as a network that contains "
                               "it (a network cannot contain itself)")
    if depth > MAX_MACRO_DEPTH:
        raise StateError(path, f"macro networks are nested more than {MAX_MACRO_DEPTH} deep")
    _need(state, dict, path or "network", "a network state")
    for key in ("id", "nodelist", "linklist"):
        if key not in state:
            raise StateError(path or "network", f"missing required key '{key}'")
    net = network_class(_id(state["id"], f"{prefix}id", "the network id"), library=library, types=types)
    version = state.get("version", "0.0")
    if isinstance(version, bool) or not isinstance(version, (str, int, float)):
        raise StateError(f"{prefix}version", f"the version must be a string, not {_describe(version)}")
    net.version = str(version)
    level = 3 * depth + 1                          # of this network's mapping in the document
    net.filename = _bounded(state.get("filename"), level + 1, f"{prefix}filename")
    net.description = _need(state.get("description", ""), (str, type(None)), f"{prefix}description",
                            "the description") or ""
    net.link_number = _counter(state.get("link_number", 0), f"{prefix}link_number", "link_number")
    net.node_number = _counter(state.get("node_number", 0), f"{prefix}node_number", "node_number")
    net.namespace = _bounded(state.get("namespace"), level + 1, f"{prefix}namespace")
    net.preferred_types = [_need(x, str, f"{prefix}preferred_types[{n}]", "a preferred type")
                           for n, x in enumerate(_need(state.get("preferred_types") or [], list,
                                                       f"{prefix}preferred_types", "preferred_types"))]
    known = set(_NETWORK_KEYS) | {EDITOR_KEY, "nodegroups", *FILE_KEYS}
    net.extra = _kept({k: v for k, v in state.items() if k not in known}, level + 1, prefix)
    net.key_order = tuple(k for k in state if k not in FILE_KEYS)

    positions: dict[str, Any] = {}
    editor = _bounded(state.get(EDITOR_KEY), level + 1, f"{prefix}{EDITOR_KEY}")
    if isinstance(editor, dict):
        net.editor = {k: v for k, v in editor.items() if k not in ("positions", NOTES_KEY)}
        if isinstance(editor.get("positions"), dict):
            positions = editor["positions"]
        net.notes, note_warnings = read_notes(editor.get(NOTES_KEY), f"{prefix}{EDITOR_KEY}.{NOTES_KEY}")
        net.load_warnings.extend(note_warnings)

    nodelist = _need(state["nodelist"], list, f"{prefix}nodelist", "nodelist")
    for n, node_state in enumerate(nodelist):
        node = _node_from_state(net, node_state, f"{prefix}nodelist[{n}]", depth, (*_outer, id(state)))
        if node.id in net.nodes:
            raise StateError(f"{prefix}nodelist[{n}].id", f"duplicate node id '{node.id}'")
        node.position, note = read_position(positions.get(node.id))
        if note is not None:
            net.load_warnings.append(f"the position of node '{node.id}' {note} "
                                     f"(at {prefix}{EDITOR_KEY}.positions.{node.id})")
        if node.subnetwork is not None:
            net.load_warnings.extend(node.subnetwork.load_warnings)
        net.insert_node(node)

    groups = state.get("nodegroups")
    if groups is not None:
        for group, members in _need(groups, dict, f"{prefix}nodegroups", "nodegroups").items():
            _need(group, str, f"{prefix}nodegroups", "a node group name")
            for member in _need(members, list, f"{prefix}nodegroups.{group}", "a node group"):
                _need(member, str, f"{prefix}nodegroups.{group}", "a node id")
                if member not in net.nodes:
                    raise StateError(f"{prefix}nodegroups.{group}", f"unknown node '{member}'")
                net.nodes[member].nodegroup = group

    linklist = _need(state["linklist"], list, f"{prefix}linklist", "linklist")
    for n, link_state in enumerate(linklist):
        link = _link_from_state(net, link_state, f"{prefix}linklist[{n}]", level + 2)
        if link.id in net.links or link.id in net.nodes:
            raise StateError(f"{prefix}linklist[{n}].id", f"duplicate id '{link.id}' (links and nodes share ids)")
        net.add_link(link)

    steps = state.get("stepids") or {}
    for step, members in _need(steps, dict, f"{prefix}stepids", "stepids").items():
        where = f"{prefix}stepids.{step}"
        _need(step, str, where, "a step id")
        net.stepids[step] = [_need(m, str, where, "a node id") for m in _need(members, list, where, "a step")]
        for member in net.stepids[step]:
            if member not in net.nodes:
                raise StateError(where, f"step '{step}' names a node that does not exist: '{member}'")
    return net


def _node_from_state(net: Network, state: Any, path: str, depth: int, outer: tuple[int, ...] = ()) -> Node:
    _need(state, dict, path, "a node")
    level = 3 * depth + 3                          # of the node's mapping in the document
    if "id" not in state:
        raise StateError(path, "missing required key 'id'")
    node_id = _id(state["id"], f"{path}.id", "the node id")
    cls = state.get("class", "Node")
    if cls not in NODE_CLASSES:
        raise StateError(f"{path}.class", f"unknown node class {_describe(cls)} "
                                          f"(fastr knows {', '.join(NODE_CLASSES)})")
    tool = None
    if "tool" in state and cls != "MacroNode":
        raw = state["tool"]
        if isinstance(raw, list):
            raise StateError(f"{path}.tool", "a fastr 2 tool reference (a list): this is a fastr 2 "
                             "network, which fastr 3.4.0 cannot load either; convert it with fastr 2's tools first")
        _need(raw, dict, f"{path}.tool", "the tool")
        tool_id = _need(raw.get("id"), str, f"{path}.tool.id", "the tool id")
        tool_version = raw.get("version")
        if isinstance(tool_version, bool) or not isinstance(tool_version, (str, int, float)):
            raise StateError(f"{path}.tool.version",
                             f"the tool version must be a string, not {_describe(tool_version)}")
        tool = (tool_id, str(tool_version))
    elif cls != "MacroNode":
        raise StateError(path, f"a {cls} needs a 'tool' key")
    node = Node(net, node_id, cls, tool)
    group = state.get("nodegroup")
    node.nodegroup = _need(group, (str, type(None)), f"{path}.nodegroup", "the node group")
    resources = state.get("resources")
    if resources is None:
        node.resources = None
    else:
        _need(resources, dict, f"{path}.resources", "resources")
        try:
            node.resources = ResourceLimit.from_state(resources)
        except (TypeError, ValueError) as exc:
            raise StateError(f"{path}.resources", str(exc)) from None
    try:
        node.merge_dimensions = check_merge_dimensions(state.get("merge_dimensions", "none"))
    except ValueError as exc:
        raise StateError(f"{path}.merge_dimensions", str(exc)) from None
    for n, port_state in enumerate(_need(state.get("inputs", []), list, f"{path}.inputs", "inputs")):
        where = f"{path}.inputs[{n}]"
        _need(port_state, dict, where, "an input")
        port = Input(node, _need(port_state.get("id"), str, f"{where}.id", "the input id"),
                     _need(port_state.get("datatype"), str, f"{where}.datatype", "the datatype"),
                     _need(port_state.get("input_group", "default"), str, f"{where}.input_group", "the input group"))
        port.extra = _kept({k: v for k, v in port_state.items() if k not in _INPUT_KEYS}, level + 3, f"{where}.")
        port.key_order = tuple(port_state)
        if port.id in node.inputs:
            raise StateError(f"{where}.id", f"duplicate input id '{port.id}'")
        node.inputs[port.id] = port
    for n, port_state in enumerate(_need(state.get("outputs", []), list, f"{path}.outputs", "outputs")):
        where = f"{path}.outputs[{n}]"
        _need(port_state, dict, where, "an output")
        out = Output(node, _need(port_state.get("id"), str, f"{where}.id", "the output id"),
                     _need(port_state.get("datatype"), str, f"{where}.datatype", "the datatype"))
        subs = _need(port_state.get("suboutputs", []), list, f"{where}.suboutputs", "suboutputs")
        out.suboutputs = [_bounded(_need(s, dict, f"{where}.suboutputs[{k}]", "a sub-output"), level + 4,
                                   f"{where}.suboutputs[{k}]") for k, s in enumerate(subs)]
        for k, sub in enumerate(out.suboutputs):
            problem = index_problem(sub["index"]) if "index" in sub else None
            if problem is not None:         # the export would fail on it, far from the file
                raise StateError(f"{where}.suboutputs[{k}].index", problem)
        pref = port_state.get("preferred_types", [])
        out.preferred_types = None if pref is None else [
            _need(x, str, f"{where}.preferred_types", "a type id")
            for x in _need(pref, list, f"{where}.preferred_types", "preferred_types")]
        out.extra = _kept({k: v for k, v in port_state.items() if k not in _OUTPUT_KEYS}, level + 3, f"{where}.")
        out.key_order = tuple(port_state)
        if out.id in node.outputs:
            raise StateError(f"{where}.id", f"duplicate output id '{out.id}'")
        node.outputs[out.id] = out
    if cls == "SinkNode":
        node.url = _bounded(state.get("url"), level + 1, f"{path}.url")
    if cls == "ConstantNode":
        node.data = _bounded(_check_data(state.get("data"), f"{path}.data"), level + 1, f"{path}.data")
    if cls == "MacroNode":
        if "network" not in state:
            raise StateError(path, "a MacroNode needs a 'network' key")
        inner = read_network(state["network"], type(net), library=net._library, types=net._types,
                                   path=f"{path}.network", depth=depth + 1, _outer=outer)
        net.attach_subnetwork(node, inner)
    node.extra = _kept({k: v for k, v in state.items() if k not in _NODE_KEYS}, level + 1, f"{path}.")
    node.key_order = tuple(state)
    return node


def _check_data(data: Any, path: str) -> list[Any]:
    _need(data, list, path, "constant data")
    for n, entry in enumerate(data):
        where = f"{path}[{n}]"
        if not isinstance(entry, list) or len(entry) != 2:
            raise StateError(where, "a constant sample must be [sample id parts, values]")
        _need(entry[0], list, f"{where}[0]", "a sample id")
        _need(entry[1], list, f"{where}[1]", "the values of a sample")
        for k, value in enumerate(entry[1]):
            _need(value, dict, f"{where}[1][{k}]", "a constant value")
    return data


def _link_from_state(net: Network, state: Any, path: str, level: int = 3) -> Link:
    """A link from its state; ``level``: the nesting level of the link's mapping in the document."""
    _need(state, dict, path, "a link")
    for key in ("id", "source", "target"):
        if key not in state:
            raise StateError(path, f"missing required key '{key}'")
    link_id = _id(state["id"], f"{path}.id", "the link id")
    try:
        src_net, src_ver, source = parse_output_url(state["source"])
    except UrlError as exc:
        raise StateError(f"{path}.source", str(exc)) from None
    try:
        tgt_net, tgt_ver, target = parse_input_url(state["target"])
    except UrlError as exc:
        raise StateError(f"{path}.target", str(exc)) from None
    for side, n, v in (("source", src_net, src_ver), ("target", tgt_net, tgt_ver)):
        if n != net.id or v != net.version:
            raise StateError(f"{path}.{side}", f"the URL names network '{n}' version '{v}', but this network is "
                                               f"'{net.id}' version '{net.version}'")
    collapse = _need(state.get("collapse", []), (list, type(None)), f"{path}.collapse", "collapse") or []
    for k, item in enumerate(collapse):
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise StateError(f"{path}.collapse[{k}]",
                             f"a collapse entry is a dimension index or name, not {_describe(item)}")
    expand = _need(state.get("expand", False), bool, f"{path}.expand", "expand")
    link = Link(net, link_id, source, target, tuple(collapse), expand)
    link.extra = _kept({k: v for k, v in state.items() if k not in _LINK_KEYS}, level + 1, f"{path}.")
    link.key_order = tuple(state)
    return link
